"""Every export carries its provenance: the CSV comment block (one helper for all CSVs) and the
banner stamped on the explorer's PNG."""

from __future__ import annotations

import base64
import csv
import io
from datetime import UTC, datetime

import pytest
from PIL import Image

from touchpoint.app.components.explorer_parts import export_filters
from touchpoint.graph_model.model.csv_safe import (
    csv_lines,
    csv_text,
    provenance_block,
    read_provenance,
)
from touchpoint.graph_model.model.provenance import Provenance, filters_text
from touchpoint.services.reads.exports import ExportError, png_from_data_url, stamp_png

WHEN = datetime(2026, 12, 5, 9, 30, 15, tzinfo=UTC)


def stamp(**changes) -> Provenance:
    base = {
        "what": "explorer nodes (CSV)",
        "user": "ned",
        "role": "analyst",
        "agreement": "mash_isa",
        "case": "MASH-2026-0142",
        "purpose": "s47_enquiry",
        "filters": {"depth": 2, "agencies": ["police", "health"]},
        "when": WHEN,
    }
    return Provenance(**(base | changes))


def test_the_block_is_comment_lines_before_the_column_header() -> None:
    text = csv_text([{"name": "Alice"}], ["name"], stamp())
    lines = text.splitlines()
    assert lines[:8] == [
        "# OFFICIAL-SENSITIVE",
        "# case: MASH-2026-0142",
        "# purpose: s47_enquiry",
        "# user: ned (analyst)",
        "# time: 2026-12-05 09:30:15 UTC",
        "# agreement: mash_isa",
        "# export: explorer nodes (CSV)",
        "# filters: depth=2; agencies=police/health",
    ]
    assert lines[8:] == ["name", "Alice"]
    assert csv_lines([["Alice"]], ["name"], stamp()) == text  # one block for both writers


def test_without_provenance_the_csv_starts_with_its_header() -> None:
    assert csv_text([{"name": "Alice"}], ["name"]).splitlines()[0] == "name"


def test_a_missing_case_and_no_filters_are_said_plainly() -> None:
    block = provenance_block(stamp(case=None, purpose=None, filters={})).splitlines()
    assert "# case: (no case recorded)" in block and "# filters: none" in block


def test_hostile_values_stay_inside_one_comment_cell() -> None:
    hostile = 'X,=HYPERLINK("http://evil.example"),\r\n=cmd|calc'
    text = csv_text([], ["name"], stamp(case=hostile, extra=[("people", "@SUM(1)")]))
    rows = list(csv.reader(io.StringIO(text)))
    assert all(len(row) == 1 and row[0].startswith("# ") for row in rows[:-1])
    assert rows[-1] == ["name"]  # a line break in a value never starts a new row
    assert "# people: @SUM(1)" in text


def test_break_glass_is_stated_with_the_agreement() -> None:
    assert "# agreement: mash_isa (BREAK-GLASS active)" in provenance_block(stamp(break_glass=True))


def test_filters_read_as_one_comma_free_line() -> None:
    assert filters_text({"a": [1, 2], "b": None, "c": True, "d": "x"}) == "a=1/2; c=yes; d=x"


def test_explorer_filters_name_only_known_values() -> None:
    got = export_filters(2, ["RELATED_TO", "<script>"], ["police", "=evil"], [2019, 2024], ["n1"])
    assert got == {
        "depth": 2,
        "relationships": ["RELATED_TO"],
        "agencies": ["police"],
        "years": "2019-2024",
        "hidden nodes": 1,
    }
    assert export_filters("9", None, "x", "y", None) == {"depth": 2}


def _png(width: int = 300, height: int = 200) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (width, height), (40, 120, 200)).save(buffer, format="PNG")
    return buffer.getvalue()


def test_the_png_gets_a_visible_banner_and_the_provenance_as_metadata() -> None:
    out = Image.open(io.BytesIO(stamp_png(_png(), stamp())))
    assert out.format == "PNG" and out.width == 640 and out.height > 200 + 60
    banner = out.crop((0, 0, out.width, 40)).convert("RGB")
    colours = [c for _, c in banner.getcolors(maxcolors=1 << 20)]
    reds = [p for p in colours if p[0] > 120 and p[1] < 60 and p[2] < 60]
    assert reds  # the marking is drawn in red at the top, not a blank band
    assert out.info["Provenance"].splitlines()[:2] == ["OFFICIAL-SENSITIVE", "case: MASH-2026-0142"]
    picture = out.crop((170, 100, 470, 200)).convert("RGB")  # the picture sits below, centred
    assert picture.getcolors() == [(300 * 100, (40, 120, 200))]


def test_only_a_real_png_of_bounded_size_is_stamped() -> None:
    good = "data:image/png;base64," + base64.b64encode(_png()).decode()
    assert png_from_data_url(good) == _png()
    for bad in (None, 5, "data:image/jpeg;base64,AAAA", "data:image/png;base64,%%%"):
        with pytest.raises(ExportError):
            png_from_data_url(bad)
    with pytest.raises(ExportError):
        stamp_png(b"not a png", stamp())
    jpeg = io.BytesIO()
    Image.new("RGB", (10, 10)).save(jpeg, format="JPEG")
    with pytest.raises(ExportError):
        stamp_png(jpeg.getvalue(), stamp())


def test_the_block_reads_back() -> None:
    block, rest = read_provenance(csv_text([{"name": "Alice"}], ["name"], stamp(case="A, B")))
    assert block["marking"] == "OFFICIAL-SENSITIVE" and block["case"] == "A, B"
    assert block["user"] == "ned (analyst)" and block["agreement"] == "mash_isa"
    assert rest == "name\r\nAlice\r\n"
