"""The chronology page over HTTP as signed-in users: opens from the profile, filters through
the URL, exports PDF/DOCX/CSV (rebuilt on the server, audited), and shows each role only what
its agreement allows."""

from __future__ import annotations

import base64
import json

from access_support import clear_access_data
from auth_support import USER_OF_ROLE, add_people, signed_in_calls
from test_chronology import BURN, DA_NOTE, _family

from touchpoint.app import ids
from touchpoint.graph_model.access.audit import AuditLog
from touchpoint.graph_model.model.csv_safe import read_provenance
from touchpoint.graph_model.store.db import Graph


def _setup(graph: Graph) -> None:
    _family(graph)
    clear_access_data(graph)
    add_people(graph)


def _state(household: bool = False) -> dict:
    return {"key": "kai", "agencies": [], "from": None, "to": None, "household": household,
            "matches": False, "significant": False}  # fmt: skip


def test_the_profile_links_to_a_chronology_that_shows_notes_as_allowed(graph: Graph) -> None:
    _setup(graph)
    hub = signed_in_calls(graph, USER_OF_ROLE["hub_staff"], "s47_enquiry")
    profile = json.dumps(hub.page("/person/kai"))
    assert "/chronology/kai" in profile
    page = json.dumps(hub.page("/chronology/kai"), ensure_ascii=False)
    assert "OFFICIAL-SENSITIVE" in page and DA_NOTE in page and BURN not in page
    assert "No contact recorded by any agency for 200 days" in page
    assert "health detail withheld under this agreement" in page
    nurse = signed_in_calls(graph, USER_OF_ROLE["health_liaison"], "s47_enquiry")
    nurse_page = json.dumps(nurse.page("/chronology/kai"), ensure_ascii=False)
    assert BURN in nurse_page and DA_NOTE not in nurse_page
    views = [e for e in AuditLog(graph).entries() if e["action"] == "chronology_view"]
    assert len(views) == 2  # one per page view, whatever it shows


def test_filters_live_in_the_url(graph: Graph) -> None:
    _setup(graph)
    hub = signed_in_calls(graph, USER_OF_ROLE["hub_staff"], "s47_enquiry")
    moved = hub.call(
        f"{ids.CHRONO_LOCATION}.href",
        {
            f"{ids.CHRONO_APPLY}.n_clicks": 1,
            f"{ids.CHRONO_STATE}.data": _state(),
            f"{ids.CHRONO_AGENCIES}.value": ["police"],
            f"{ids.CHRONO_FROM}.value": "2020-01-01",
            f"{ids.CHRONO_TO}.value": None,
            f"{ids.CHRONO_OPTIONS}.value": ["household", "significant"],
        },
        [f"{ids.CHRONO_APPLY}.n_clicks"],
    )
    href = moved[ids.CHRONO_LOCATION]["href"]
    assert href.startswith("/chronology/kai?") and "agencies=police" in href
    page = json.dumps(hub.page("/chronology/kai", "?" + href.split("?")[1]), ensure_ascii=False)
    assert DA_NOTE in page and "Benefit sanction" not in page and "Burn - hand" not in page


def test_exports_are_rebuilt_on_the_server_and_audited(graph: Graph) -> None:
    _setup(graph)
    hub = signed_in_calls(graph, USER_OF_ROLE["hub_staff"], "s47_enquiry")
    for button, magic in ((ids.CHRONO_PDF, b"%PDF"), (ids.CHRONO_DOCX, b"PK")):
        sent = hub.call(
            f"{ids.CHRONO_DOWNLOAD}.data",
            {f"{button}.n_clicks": 1, f"{ids.CHRONO_STATE}.data": _state(household=True)},
            [f"{button}.n_clicks"],
        )[ids.CHRONO_DOWNLOAD]["data"]
        assert base64.b64decode(sent["content"]).startswith(magic)
    exports = [e for e in AuditLog(graph).entries() if e["action"] == "export"]
    assert [json.loads(e["terms"])["what"] for e in exports] == [
        "chronology_pdf",
        "chronology_docx",
    ]
    assert set(exports[0]["subjects"]) == {"kai", "mum"}


def test_the_csv_export_starts_with_the_provenance_every_export_carries(graph: Graph) -> None:
    _setup(graph)
    hub = signed_in_calls(graph, USER_OF_ROLE["hub_staff"], "s47_enquiry")
    state = _state(household=True) | {"agencies": ["police"], "significant": True}
    sent = hub.call(
        f"{ids.CHRONO_DOWNLOAD}.data",
        {f"{ids.CHRONO_CSV}.n_clicks": 1, f"{ids.CHRONO_STATE}.data": state},
        [f"{ids.CHRONO_CSV}.n_clicks"],
    )[ids.CHRONO_DOWNLOAD]["data"]
    text = base64.b64decode(sent["content"]).decode("utf-8")
    assert text.startswith("# OFFICIAL-SENSITIVE\r\n")
    block, rest = read_provenance(text)
    assert block["case"] == "MASH-2026-0142" and block["purpose"] == "s47_enquiry"
    assert block["user"] == "hub (hub_staff)" and block["agreement"] == "mash_isa"
    assert block["time"].endswith(" UTC") and block["export"] == "chronology (household)"
    assert "agencies=police" in block["filters"] and "significant only=yes" in block["filters"]
    assert "people" in block and "events" in block
    assert rest.startswith("kind,Date,Agency")
