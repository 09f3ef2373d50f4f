"""The administrator's journey: add a source with its schedule, run it now, watch the run in
the history with its steps, find the refused row in the quarantine, check health.

The run is the real pipeline (pick up → load → resolve → patterns → flags) over a tiny
synthetic police extract, so it takes a while on a busy machine; the waits are generous."""

from __future__ import annotations

from pathlib import Path

import pytest
from browser_helpers import PURPOSE, click, fill_form, text_of, type_into, until, wait_for_text

from touchpoint.app import ids
from touchpoint.app.state import EXTENSION

RUN_TIMEOUT = 420
HEADER = (
    "IncidentRef,PersonSeq,NominalId,IncidentType,ReportedDateTime,IncidentLocation,Role,"
    "Surname,Forenames,DOB,Sex,HomeAddress,Postcode,FoundDateTime"
)
ROWS = [
    "WY-1,1,NOM-1,DOMESTIC ABUSE,01/02/2024 10:00,12 High St,VICTIM,SMITH,Alice,03/04/1990,F,"
    "12 High St,LS1 1AA,",
    "WY-1,2,NOM-2,DOMESTIC ABUSE,01/02/2024 10:00,12 High St,SUSPECT,SMITH,Robert,05/06/1988,M,"
    "12 High St,LS1 1AA,",
    "WY-2,1,NOM-1,ASSAULT,03/03/2024 22:10,Park,VICTIM,SMITH,Alice,03/04/1990,F,12 High St,"
    "LS1 1AA,",
    "WY-3,1,,NOT A TYPE,03/03/2024 22:10,Park,VICTIM,JONES,Al,,M,,,",
]  # Alice twice: resolution's training needs at least one candidate pair


@pytest.fixture
def drop_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, workbench) -> Path:
    """An agency drop folder with one extract, and an empty registry of our own (the
    workbench's settings name it, as ``TOUCHPOINT_SOURCES`` would)."""
    registry = tmp_path / "sources.yml"
    registry.write_text(
        f"scheduler:\n  jobstore_url: sqlite:///{tmp_path / 'jobs.sqlite'}\nsources: []\n",
        encoding="utf-8",
    )
    folder = tmp_path / "drop"
    folder.mkdir()
    # the drop folder is one of the extract folders this workbench may read (confined paths).
    # The session's workbench is patched, never a second app created: dash gives the page
    # callbacks to the first app that serves a request, and a second would leave the
    # session's app without them for every later test.
    holder = workbench.server.extensions[EXTENSION]
    update = {"sources": registry, "source_roots": [folder]}
    monkeypatch.setattr(holder, "settings", holder.settings.model_copy(update=update))
    (folder / "incidents-2026-11-27.csv").write_text(
        "\n".join([HEADER, *ROWS]) + "\n", encoding="utf-8"
    )
    return folder


def test_an_admin_adds_a_schedule_runs_it_now_and_sees_the_run_in_the_history(
    dash_duo, signed_in, workbench, graph, drop_folder
):
    signed_in(workbench, role="admin")
    dash_duo.wait_for_page(f"{dash_duo.server_url}/admin/sources")
    wait_for_text(dash_duo, f"#{ids.ADMIN_SOURCE_TABLE}", "No sources yet")

    type_into(dash_duo, f"#{ids.ADMIN_ADD_NAME}", "police-nightly", submit=False)
    type_into(dash_duo, f"#{ids.ADMIN_ADD_MAPPING}", "police_incidents", submit=False)
    type_into(dash_duo, f"#{ids.ADMIN_ADD_PATH}", str(drop_folder), submit=False)
    type_into(dash_duo, f"#{ids.ADMIN_ADD_SCHEDULE}", "6h", submit=False)
    click(dash_duo, f"#{ids.ADMIN_ADD_BUTTON}")
    wait_for_text(dash_duo, f"#{ids.ADMIN_SOURCE_MESSAGE}", "Added police-nightly: every 6h")
    wait_for_text(dash_duo, f"#{ids.ADMIN_SOURCE_TABLE}", "police-nightly")
    listed = text_of(dash_duo, f"#{ids.ADMIN_SOURCE_TABLE}")
    assert "enabled" in listed and "every 6h" in listed and "police_incidents" in listed

    # pause, then resume: the state column follows
    _select_first_row(dash_duo, f"#{ids.ADMIN_SOURCE_TABLE}")
    click(dash_duo, f"#{ids.ADMIN_SOURCE_PAUSE}")
    wait_for_text(dash_duo, f"#{ids.ADMIN_SOURCE_MESSAGE}", "Paused police-nightly")
    wait_for_text(dash_duo, f"#{ids.ADMIN_SOURCE_TABLE}", "paused")
    _select_first_row(dash_duo, f"#{ids.ADMIN_SOURCE_TABLE}")
    click(dash_duo, f"#{ids.ADMIN_SOURCE_RESUME}")
    wait_for_text(dash_duo, f"#{ids.ADMIN_SOURCE_MESSAGE}", "Resumed police-nightly")
    wait_for_text(dash_duo, f"#{ids.ADMIN_SOURCE_TABLE}", "enabled")

    # change its schedule: same name, "replace" ticked
    type_into(dash_duo, f"#{ids.ADMIN_ADD_SCHEDULE}", "12h", submit=False)
    click(dash_duo, f"#{ids.ADMIN_ADD_REPLACE} input[type=checkbox]")
    click(dash_duo, f"#{ids.ADMIN_ADD_BUTTON}")
    wait_for_text(dash_duo, f"#{ids.ADMIN_SOURCE_MESSAGE}", "Saved police-nightly: every 12h")
    wait_for_text(dash_duo, f"#{ids.ADMIN_SOURCE_TABLE}", "every 12h")

    _select_first_row(dash_duo, f"#{ids.ADMIN_SOURCE_TABLE}")
    click(dash_duo, f"#{ids.ADMIN_SOURCE_RUN_NOW}")
    wait_for_text(dash_duo, f"#{ids.ADMIN_SOURCE_MESSAGE}", "Started a run of police-nightly")

    click(dash_duo, f"#{ids.ADMIN_NAV} a[href='/admin/runs']")
    wait_for_text(dash_duo, f"#{ids.ADMIN_RUN_TABLE}", "police-nightly")
    runs = _wait_for_outcome(dash_duo, f"#{ids.ADMIN_RUN_TABLE}")
    assert "succeeded" in runs, runs
    assert "manual" in runs

    _select_first_row(dash_duo, f"#{ids.ADMIN_RUN_TABLE}")
    wait_for_text(dash_duo, f"#{ids.ADMIN_RUN_DETAIL}", "rows_quarantined 1")
    detail = text_of(dash_duo, f"#{ids.ADMIN_RUN_DETAIL}")
    for expected in ("pick_up", "load", "resolve", "patterns", "flags", "rows_loaded 3"):
        assert expected in detail
    assert "incidents-2026-11-27.csv" in detail  # the LoadRun the run included

    click(dash_duo, f"#{ids.ADMIN_RUN_DETAIL} a[href^='/admin/quarantine']")
    dash_duo.wait_for_element("#purpose-submit", timeout=15)  # raw rows: a purpose first
    fill_form(dash_duo, dict(PURPOSE, purpose="data_quality"), "purpose-submit")
    wait_for_text(dash_duo, f"#{ids.ADMIN_QUARANTINE_TABLE}", "NOT A TYPE", timeout=20)
    assert "1 bad row" in text_of(dash_duo, "body")

    click(dash_duo, f"#{ids.ADMIN_NAV} a[href='/admin/health']")
    wait_for_text(dash_duo, f"#{ids.ADMIN_HEALTH}-neo4j", "reachable")
    assert dash_duo.get_logs() == []


def _select_first_row(dash_duo, table_selector: str) -> None:
    """Tick the first row's radio button (DataTable ``row_selectable='single'``)."""
    click(dash_duo, f"{table_selector} input[type=radio]")


def _wait_for_outcome(dash_duo, selector: str) -> str:
    """The table's text once the run has finished (either way), so a failure fails fast."""

    def finished() -> str | None:
        text = text_of(dash_duo, selector)
        return text if "succeeded" in text or "failed" in text else None

    return until(dash_duo, finished, RUN_TIMEOUT, f"the run did not finish in {RUN_TIMEOUT}s")
