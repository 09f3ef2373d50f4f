"""The multi-agency chronology: every agency's events in date order, each line cited (agency,
record id, load run), significant events marked, silences shown as gaps, notes where the
agreement grants them and what it withheld stated; read once and audited once; exported as PDF
(rendered to an image here and looked at) and DOCX with the marking, case, author and date."""

from __future__ import annotations

import io

import pypdfium2 as pdfium
from access_support import clear_access_data, context
from docx import Document
from small_world import World, days_ago, years_ago

from touchpoint.graph_model.access.audit import AuditLog
from touchpoint.graph_model.access.viewer import ViewerGraph
from touchpoint.graph_model.store.db import Graph
from touchpoint.services.reads.chronology import Gap, build_chronology, filtered
from touchpoint.services.reads.chronology_documents import export_chronology

BURN = "burn to hand, delayed presentation"
DA_NOTE = "child present, distressed; mother declined refuge"


def _family(graph: Graph) -> None:
    clear_access_data(graph)
    w = World()
    w.person("kai", years_ago(1.5))
    w.person("kai_hv", years_ago(1.5))  # the health-visiting half, waiting in the review queue
    w.person("mum", years_ago(29))
    for pid in ("kai", "mum"):
        w.lives(pid, "home-1", agency="housing", start=years_ago(2))
    run = {"load_run_id": "run-police-1"}
    w.event([("mum", "victim"), ("kai", "child_present")], "police", "police_incident",
            "domestic_abuse", days_ago(400), notes=DA_NOTE, **run)  # fmt: skip
    w.event("kai", "hospital", "ae_attendance", "injury", days_ago(200), notes=BURN,
            description="Burn - hand", load_run_id="run-ae-7")  # fmt: skip
    w.event("kai", "social_care", "cs_referral", "referral", days_ago(190), load_run_id="run-sc-2")
    w.event("kai", "immigration", "immigration_status", "other", days_ago(150))
    w.event("mum", "benefits", "benefit_sanction", "sanction", days_ago(100))
    w.event("kai_hv", "community_health", "health_visiting", "contact", days_ago(50),
            notes="bruise to left cheek")  # fmt: skip
    w.pending_pair("kai", "police", "kai_hv", "community_health")
    w.flush(graph)


def _viewer(graph: Graph, role: str = "hub_staff") -> ViewerGraph:
    return ViewerGraph(graph, context(role), audit=AuditLog(graph))


def _actions(graph: Graph) -> list[str]:
    return [e["action"] for e in AuditLog(graph).entries()]


def test_every_agencys_events_in_order_cited_marked_and_with_gaps(graph: Graph) -> None:
    _family(graph)
    c = build_chronology(_viewer(graph), "kai")
    assert _actions(graph) == ["chronology_view"]  # read once, audited once
    assert [e.agency for e in c.entries] == ["police", "hospital", "social_care", "immigration"]
    assert [e.date for e in c.entries] == sorted(e.date for e in c.entries)
    police, hospital, referral, _ = c.entries
    assert police.citation == "Police record POLICE-EV-1, load run-police-1"
    assert police.notes == DA_NOTE  # hub staff have police notes
    assert hospital.notes == "health detail withheld under this agreement"  # not health notes
    assert "safeguarding concern" in police.significant
    assert "referral to children's social care" in referral.significant
    gaps = [x for x in c.lines() if isinstance(x, Gap)]
    assert [g.days for g in gaps] == [200]  # 400 -> 200 days ago; the rest are within 90 days
    assert any("notes withheld on 1 Hospital" in s for s in c.withheld_statements())
    assert "pending match pair" in (c.pairs.sentence() or "")


def test_what_the_agreement_withholds_is_stated_not_shown(graph: Graph) -> None:
    _family(graph)
    c = build_chronology(_viewer(graph, "analyst"), "kai")
    assert "immigration" not in {e.agency for e in c.entries}
    assert (
        "1 event recorded by Immigration withheld under agreement mash_isa"
        in c.withheld_statements()
    )


def test_household_and_possible_matches_make_one_story(graph: Graph) -> None:
    _family(graph)
    viewer = _viewer(graph)
    whole = build_chronology(viewer, "kai", household=True, include_possible_matches=True)
    agencies = [e.agency for e in whole.entries]
    assert "benefits" in agencies and "community_health" in agencies
    (hv,) = [e for e in whole.entries if e.agency == "community_health"]
    assert hv.possible_match == "from a possible match (pending pair pair-kai-kai_hv)"
    assert {p["person_id"] for p in whole.people} == {"kai", "mum", "kai_hv"}
    only = filtered(whole, agencies=["police", "hospital"], significant_only=True)
    assert [e.agency for e in only.entries] == ["police", "hospital"]
    assert only.filters == {"agencies": ["police", "hospital"], "significant only": True}


def test_pdf_export_renders_with_marking_case_author_and_notes(graph: Graph) -> None:
    _family(graph)
    viewer = _viewer(graph)
    data, name = export_chronology(viewer, "kai", "pdf", {"household": True})
    assert name.endswith(".pdf") and data.startswith(b"%PDF")
    assert _actions(graph) == ["chronology_view", "export"]
    doc = pdfium.PdfDocument(data)
    page = doc[0]
    text = page.get_textpage().get_text_range()
    for expected in ("OFFICIAL-SENSITIVE", "MASH-2026-0142", "tester", DA_NOTE, "run-police-1",
                     "No contact recorded by any agency for 200 days"):  # fmt: skip
        assert expected in " ".join(text.split()), expected
    image = page.render(scale=1).to_pil().convert("L")
    assert image.size[0] > image.size[1]  # landscape
    top = image.crop((0, 0, image.size[0], 40))
    assert min(top.getdata()) < 100  # the marking is drawn in the header, not a blank band
    ink = sum(1 for v in image.getdata() if v < 128) / (image.size[0] * image.size[1])
    assert 0.005 < ink < 0.5, ink  # a page of text and table rules, neither blank nor black


def test_docx_export_carries_the_marking_and_the_table(graph: Graph) -> None:
    _family(graph)
    data, name = export_chronology(_viewer(graph), "kai", "docx")
    assert name.endswith(".docx")
    doc = Document(io.BytesIO(data))
    assert "OFFICIAL-SENSITIVE" in doc.sections[0].header.paragraphs[0].text
    assert "OFFICIAL-SENSITIVE" in doc.sections[0].footer.paragraphs[0].text
    facts = {row.cells[0].text: row.cells[1].text for row in doc.tables[0].rows}
    assert facts["Case reference"] == "MASH-2026-0142" and facts["Prepared by"] == "tester"
    cells = [cell.text for row in doc.tables[1].rows for cell in row.cells]
    assert any(DA_NOTE in text for text in cells)
    assert not any(BURN in text for text in cells)  # hub staff have no health notes


def test_chronology_from_the_command_line(graph: Graph, tmp_path) -> None:
    from cli_support import invoke

    _family(graph)
    shown = invoke(graph, "chronology", "kai", "--household", role="hub_staff")
    assert shown.exit_code == 0, shown.output
    assert "gap" in shown.output and "200" in shown.output  # the 200-day silence
    out = tmp_path / "kai.pdf"
    wrote = invoke(
        graph, "chronology", "kai", "--format", "pdf", "--out", str(out), role="hub_staff"
    )
    assert wrote.exit_code == 0, wrote.output
    assert out.read_bytes().startswith(b"%PDF")
    refused = invoke(graph, "chronology", "kai")
    assert refused.exit_code != 0 and "--as USER" in " ".join(refused.output.split())
