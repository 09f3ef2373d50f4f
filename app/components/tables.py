"""The workbench's DataTable: one look for every list (queues, results, admin lists)."""

from __future__ import annotations

from typing import Any

from dash import dash_table

from touchpoint.app.components.palette import FONT_STACK

CELL = {
    "textAlign": "left",
    "padding": "8px",
    "fontFamily": FONT_STACK,
    "fontSize": 14,
    "whiteSpace": "normal",
    "height": "auto",
}
COMPACT_CELL = CELL | {"padding": "6px 8px", "fontSize": 13, "maxWidth": 420}
HEADER = {"backgroundColor": "#EEF2F6", "fontWeight": 600}


def data_table(
    table_id: str,
    rows: list[dict[str, Any]],
    columns: list[dict[str, Any]],
    compact: bool = False,
    **extra: Any,
) -> dash_table.DataTable:
    """A sortable, paged DataTable in the workbench's style (``compact``: the admin lists);
    ``extra`` passes DataTable options through (``row_selectable``, ``page_size``, …)."""
    options: dict[str, Any] = {"sort_action": "native", "page_size": 20} | extra
    return dash_table.DataTable(
        id=table_id,
        data=rows,
        columns=columns,
        style_cell=COMPACT_CELL if compact else CELL,
        style_header=HEADER,
        style_table={"overflowX": "auto"},
        **options,
    )
