"""The chronology as documents a conference or review can file: PDF (fpdf2), DOCX (python-docx)
and CSV, each carrying the protective marking, the case reference, the author, the date, the
agreement it was read under, the filters applied and what was withheld.

``export_chronology`` is the one way out: it builds the chronology under the viewer's agreement
(audited as ``chronology_view``), renders it and audits the export itself (``export``: who,
which people, what format) - the browser's copy is never trusted.
"""

from __future__ import annotations

import csv
import io
from datetime import date
from pathlib import Path
from typing import Any

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.shared import Cm, Pt
from fpdf import FPDF

from touchpoint.graph_model.access.viewer import ViewerGraph
from touchpoint.graph_model.model.csv_safe import provenance_block, safe_cell
from touchpoint.graph_model.model.provenance import Provenance
from touchpoint.services.reads.chronology import (
    PROTECTIVE_MARKING,
    Chronology,
    Entry,
    Gap,
    build_chronology,
    filtered,
)

FORMATS = ("pdf", "docx", "csv")
FONT_DIR = Path("/usr/share/fonts/truetype/dejavu")
COLUMNS = ("Date", "Agency", "What", "Who (role)", "Detail and notes", "Source", "Significant")
WIDTHS = (20, 26, 36, 40, 90, 38, 27)  # mm, landscape A4 less margins


def export_chronology(
    viewer: ViewerGraph, key: str, fmt: str, options: dict[str, Any] | None = None
) -> tuple[bytes, str] | None:
    """The chronology of ``key`` as ``fmt`` (pdf, docx, csv) with its file name, or None when
    nothing visible answers to ``key``. ``options``: household, include_possible_matches,
    agencies, date_from, date_to, significant_only. Audited as a view and as an export."""
    if fmt not in FORMATS:
        raise ValueError(f"Unknown format {fmt!r}; use one of {', '.join(FORMATS)}")
    opts = dict(options or {})
    whole = build_chronology(
        viewer,
        key,
        household=bool(opts.get("household")),
        include_possible_matches=bool(opts.get("include_possible_matches")),
    )
    if whole is None:
        return None
    chronology = filtered(
        whole,
        agencies=opts.get("agencies") or None,
        date_from=opts.get("date_from") or None,
        date_to=opts.get("date_to") or None,
        significant_only=bool(opts.get("significant_only")),
    )
    render = {"pdf": to_pdf, "docx": to_docx, "csv": to_csv}[fmt]
    data = render(chronology)
    viewer.record(
        "export",
        subjects=[p["person_id"] for p in chronology.people],
        terms={"what": f"chronology_{fmt}", "scope": chronology.scope, **chronology.filters},
        result_count=len(chronology.entries),
    )
    return data, f"chronology-{chronology.subject}-{date.today().isoformat()}.{fmt}"


def header_lines(c: Chronology) -> list[tuple[str, str]]:
    """The facts every export starts with (label, value)."""
    lines = [
        ("Case reference", c.case_reference or "(none recorded)"),
        ("Prepared by", c.author),
        ("Date", c.generated_at.strftime("%Y-%m-%d %H:%M UTC")),
        ("Purpose", c.purpose or "(none recorded)"),
        ("Agreement", c.agreement),
        ("People", "; ".join(f"{p.get('name') or p['person_id']} ({p['link']})" for p in c.people)),
        ("Events", f"{len(c.entries)} shown, gaps of over {c.gap_days} days marked"),
    ]
    if c.filters:
        lines.append(("Filters", "; ".join(f"{k}: {_value(v)}" for k, v in c.filters.items())))
    return lines


def _value(v: Any) -> str:
    return ", ".join(map(str, v)) if isinstance(v, list | tuple) else str(v)


def entry_cells(e: Entry) -> tuple[str, ...]:
    detail = e.detail
    if e.notes:
        detail = f"{detail}\nNotes: {e.notes}" if detail else f"Notes: {e.notes}"
    if e.possible_match:
        detail = f"[{e.possible_match}] {detail}"
    when = e.date or "undated"
    if e.end_date and e.end_date != e.date:
        when += f" to {e.end_date}"
    where = f"\nat {e.place}" if e.place else ""
    return (
        when,
        e.agency_name,
        e.what + where,
        e.who,
        detail or "-",
        f"record {e.source_record_id or '(no id)'}\nload {e.load_run_id or '(unknown)'}",
        e.significant or "",
    )


def gap_text(g: Gap) -> str:
    return f"No contact recorded by any agency for {g.days} days ({g.start} to {g.end})"


# ---- PDF ---------------------------------------------------------------------------------
class _Pdf(FPDF):
    marking = PROTECTIVE_MARKING
    title_text = ""

    def header(self) -> None:
        self.set_font(self.family_name, "B", 9)
        self.cell(0, 5, self.marking, align="C", new_x="LMARGIN", new_y="NEXT")
        self.set_font(self.family_name, "", 8)
        self.cell(0, 4, self.title_text, align="C", new_x="LMARGIN", new_y="NEXT")
        self.ln(2)

    def footer(self) -> None:
        self.set_y(-12)
        self.set_font(self.family_name, "", 8)
        self.cell(0, 5, f"{self.marking} - page {self.page_no()} of {{nb}}", align="C")

    @property
    def family_name(self) -> str:
        return "DejaVu" if "dejavu" in self.fonts else "Helvetica"


def to_pdf(c: Chronology) -> bytes:
    """Landscape A4: marking in every header and footer, the facts, the table, what was
    withheld."""
    pdf = _Pdf(orientation="L", unit="mm", format="A4")
    unicode_font = _add_fonts(pdf)
    clean = (lambda s: s) if unicode_font else _latin1
    pdf.title_text = clean(f"{c.title} - case {c.case_reference or '(none)'}")
    pdf.set_title(clean(c.title))
    pdf.set_author(clean(c.author))
    pdf.set_auto_page_break(True, margin=15)
    pdf.add_page()
    family = pdf.family_name
    pdf.set_font(family, "B", 14)
    pdf.multi_cell(0, 7, clean(c.title), new_x="LMARGIN", new_y="NEXT")
    pdf.set_font(family, "", 9)
    for label, value in header_lines(c):
        pdf.multi_cell(0, 5, clean(f"{label}: {value}"), new_x="LMARGIN", new_y="NEXT")
    _pdf_statements(pdf, c, clean)
    pdf.ln(2)
    pdf.set_font(family, "", 7.5)
    with pdf.table(col_widths=WIDTHS, text_align="LEFT", line_height=3.6) as table:
        table.row([clean(x) for x in COLUMNS])
        for line in c.lines():
            row = table.row()
            if isinstance(line, Gap):
                row.cell(clean(f"--- {gap_text(line)} ---"), colspan=len(COLUMNS))
                continue
            for cell in entry_cells(line):
                row.cell(clean(cell))
    return bytes(pdf.output())


def _pdf_statements(pdf: _Pdf, c: Chronology, clean: Any) -> None:
    said = c.withheld_statements()
    pdf.set_font(pdf.family_name, "B", 9)
    pdf.multi_cell(0, 5, "Withheld under the sharing agreement:", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font(pdf.family_name, "", 9)
    for text in said or ["nothing"]:
        pdf.multi_cell(0, 5, clean(f"- {text}"), new_x="LMARGIN", new_y="NEXT")
    if c.pairs and c.pairs.pairs:
        note = c.pairs.sentence() or ""
        pdf.multi_cell(0, 5, clean(f"Identity: {note}."), new_x="LMARGIN", new_y="NEXT")


def _add_fonts(pdf: FPDF) -> bool:
    regular, bold = FONT_DIR / "DejaVuSans.ttf", FONT_DIR / "DejaVuSans-Bold.ttf"
    if not (regular.exists() and bold.exists()):
        return False
    pdf.add_font("DejaVu", "", str(regular))
    pdf.add_font("DejaVu", "B", str(bold))
    return True


def _latin1(text: str) -> str:
    """Without a Unicode font the core fonts take Latin-1 only: replace the rest visibly."""
    return text.replace("—", "-").encode("latin-1", "replace").decode("latin-1")


# ---- DOCX --------------------------------------------------------------------------------
def to_docx(c: Chronology) -> bytes:
    """A Word document with the marking in every page's header and footer."""
    doc = Document()
    section = doc.sections[0]
    section.orientation = WD_ORIENT.LANDSCAPE
    section.page_width, section.page_height = section.page_height, section.page_width
    for margin in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
        setattr(section, margin, Cm(1.5))
    section.header.paragraphs[0].text = f"{PROTECTIVE_MARKING} - {c.title}"
    section.footer.paragraphs[0].text = PROTECTIVE_MARKING
    doc.add_heading(c.title, level=1)
    facts = doc.add_table(rows=0, cols=2)
    for label, value in header_lines(c):
        cells = facts.add_row().cells
        cells[0].text, cells[1].text = label, value
    doc.add_paragraph("Withheld under the sharing agreement:", style="Heading 3")
    for text in c.withheld_statements() or ["nothing"]:
        doc.add_paragraph(text, style="List Bullet")
    if c.pairs and c.pairs.pairs:
        doc.add_paragraph(f"Identity: {c.pairs.sentence()}.")
    table = doc.add_table(rows=1, cols=len(COLUMNS))
    table.style = "Table Grid"
    for cell, text in zip(table.rows[0].cells, COLUMNS, strict=True):
        cell.text = text
    for line in c.lines():
        cells = table.add_row().cells
        if isinstance(line, Gap):
            merged = cells[0].merge(cells[-1])
            merged.text = f"--- {gap_text(line)} ---"
            continue
        for cell, text in zip(cells, entry_cells(line), strict=True):
            cell.text = text
    for row in table.rows:
        for cell in row.cells:
            for paragraph in cell.paragraphs:
                for run in paragraph.runs:
                    run.font.size = Pt(8)
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


# ---- CSV ---------------------------------------------------------------------------------
def to_csv(c: Chronology) -> bytes:
    """One line per event or gap after the provenance block every export starts with (marking,
    case, purpose, user, time, agreement, filters; then the people, the events and what was
    withheld); cells a spreadsheet would run as a formula get a leading apostrophe."""
    out = io.StringIO()
    out.write(provenance_block(chronology_provenance(c)))
    writer = csv.writer(out)
    writer.writerow(["kind", *COLUMNS, "event_id"])
    for line in c.lines():
        if isinstance(line, Gap):
            writer.writerow(["gap", line.start, "", "", "", gap_text(line), "", "", ""])
        else:
            writer.writerow(["event", *(_safe(x) for x in entry_cells(line)), line.event_id])
    return out.getvalue().encode("utf-8")


def chronology_provenance(c: Chronology) -> Provenance:
    """The chronology's facts in the shape every export's provenance takes."""
    facts = dict(header_lines(c))
    extra = [("people", facts["People"]), ("events", facts["Events"])]
    extra += [("withheld", text) for text in c.withheld_statements()]
    return Provenance(
        what=f"chronology ({c.scope})",
        user=c.author,
        role=c.role,
        agreement=c.agreement,
        case=c.case_reference,
        purpose=c.purpose.split(" / ")[0] if c.purpose else None,
        filters=c.filters,
        extra=extra,
        when=c.generated_at,
    )


def _safe(text: str) -> str:
    return safe_cell(text)  # the one formula-injection rule every export shares
