"""`touchpoint mappings draft`: a first mapping for an extract never seen before, which
`mappings check` accepts, for the messy fixtures, every shipped synthetic extract and every
published-standard file; and what it recognises, it recognises for the right reason."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from click.testing import CliRunner

from touchpoint.cli.main import cli
from touchpoint.loaders.draft import draft
from touchpoint.loaders.draft_detect import Column, nhs_check, profile
from touchpoint.loaders.mapping import load_mapping
from touchpoint.synth import generate
from touchpoint.synth.catalog import SOURCES
from touchpoint.synth.standards import generate_standard
from touchpoint.synth.standards.specs import STANDARDS

MESSY = Path(__file__).resolve().parents[1] / "fixtures" / "messy"
MESSY_FILES = sorted(p for p in MESSY.glob("*/*") if p.parent.name != "mappings"
                     and p.suffix in (".csv", ".jsonl"))  # fmt: skip


def drafted_and_checked(tmp_path: Path, path: Path, table: str | None = None):
    result = draft(path, table=table)
    target = tmp_path / f"{result.mapping['source'].replace('.', '_')}.yml"
    target.write_text(result.text(str(path)), encoding="utf-8")
    return result, load_mapping(target)  # raises ConfigError listing problems if refused


@pytest.mark.parametrize("path", MESSY_FILES, ids=lambda p: p.name)
def test_a_draft_of_each_messy_extract_passes_mappings_check(tmp_path: Path, path: Path) -> None:
    result, mapping = drafted_and_checked(tmp_path, path)
    assert mapping.agency == path.parent.name  # the folder says which agency it is
    assert result.text(str(path)).startswith("# Drafted by `touchpoint mappings draft`")


@pytest.fixture(scope="module")
def synthetic(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("synth")
    generate(out, 1500, seed=3, scenario_rate=0.3)
    for standard in STANDARDS:
        generate_standard(standard, out, children=30, seed=5, as_of=date(2025, 6, 30))
    return out


@pytest.mark.parametrize("source", list(SOURCES))
def test_a_draft_of_each_shipped_synthetic_extract_passes_mappings_check(
    tmp_path: Path, synthetic: Path, source: str
) -> None:
    extract = SOURCES[source]
    _, mapping = drafted_and_checked(tmp_path, synthetic / extract.path, extract.table)
    assert mapping.agency == source.split(".")[0]


@pytest.mark.parametrize(
    ("standard", "table"), [(s, t) for s, tables in STANDARDS.items() for t in tables]
)
def test_a_draft_of_each_published_standard_file_passes_mappings_check(
    tmp_path: Path, synthetic: Path, standard: str, table: str
) -> None:
    drafted_and_checked(tmp_path, synthetic / standard / f"{table}.csv")


def test_the_draft_reads_what_a_messy_police_file_holds() -> None:
    result = draft(MESSY / "police" / "occurrences.csv")
    kinds = {c.name: c.kind for c in result.columns}
    assert kinds["Occ Date"] == "datetime" and kinds["DOB"] == "date"
    assert kinds["location"] == "address" and kinds["Name"] == "full_name"
    assert kinds["Officer notes"] == "notes"
    mapping = result.mapping
    assert mapping["reader"]["delimiter"] == ";"
    assert mapping["record_key"] == ["Occurrence No", "Person Ref"]
    dob = mapping["columns"]["DOB"]
    assert dob["formats"] == ["%d/%m/%Y"] and dob["on_error"] is None  # bad dates keep rows
    assert any(d["function"] == "address_line" for d in mapping["derive"])
    event = next(e for e in mapping["entities"] if e["label"] == "Event")
    assert event["key"] == ["occurrence_no"] and event["properties"]["notes"] == "officer_notes"
    types = mapping["columns"]["Class"][0]["value_map"]
    assert types["Knife possession - stop search"] == "weapons"
    assert types["Found missing person"] == "found_missing_person"
    roles = mapping["columns"]["Involvement"][0]["value_map"]
    assert roles["Victim"] == "victim" and roles["Suspect/offender"] == "suspect"


def test_lists_of_people_become_an_explode_and_encodings_are_sniffed() -> None:
    result = draft(MESSY / "housing" / "tenancy_changes.csv")
    assert result.mapping["reader"]["encoding"] == "cp1252"
    (item,) = result.mapping["explode"]
    assert item["from"] == "household" and "(?P<relation>" in item["parse"]
    assert any("Household" in note for note in result.notes)


def test_identifiers_are_recognised_by_check_digit_not_just_shape() -> None:
    assert nhs_check("9434765919") and not nhs_check("9434765918")
    good = profile(Column("ref", ["943 476 5919", "401 023 2137", "9434765870"]))
    bad = profile(Column("ref", ["9434765918", "4010232136", "9434765871"]))
    assert good.kind == "nhs_number" and bad.kind != "nhs_number"


def test_what_could_not_be_placed_is_said(tmp_path: Path) -> None:
    path = tmp_path / "housing" / "repairs.csv"
    path.parent.mkdir()
    path.write_text("Job No,Raised,Trade,Odd\nJ1,2024-01-02,Plumbing,x1\nJ2,2024-02-03,"
                    "Electrics,y2\nJ3,2024-03-04,Roofing,z3\n", encoding="utf-8")  # fmt: skip
    result, _ = drafted_and_checked(tmp_path, path)
    text = "\n".join(result.unplaced)
    assert "Odd: meaning not recognised" in text
    assert "# Could not place:" in result.text(str(path))


def test_the_cli_writes_a_draft_that_mappings_check_accepts(tmp_path: Path) -> None:
    out = tmp_path / "draft.yml"
    runner = CliRunner()
    made = runner.invoke(cli, ["mappings", "draft", str(MESSY / "gp" / "consultations_export.csv"),
                               "--out", str(out)])  # fmt: skip
    assert made.exit_code == 0, made.output
    assert "drafted gp.consultations_export" in made.output
    checked = runner.invoke(cli, ["mappings", "check", str(out)])
    assert checked.exit_code == 0 and "ok gp.consultations_export" in checked.output
    again = runner.invoke(cli, ["mappings", "draft", str(MESSY / "gp" / "consultations_export.csv"),
                                "--out", str(out)])  # fmt: skip
    assert again.exit_code != 0 and "--force" in again.output
