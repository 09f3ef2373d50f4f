"""Extracts with refused rows, loaded for real, so the quarantine holds raw personal data."""

from __future__ import annotations

import csv
from pathlib import Path

from touchpoint.graph_model.store.db import Graph
from touchpoint.loaders.load import Loader
from touchpoint.loaders.mapping import MAPPINGS_DIR, Mapping, load_mapping

#: Raw rows of a health agency (GP) and of another agency (housing): names, dates, identifiers.
GP_NAME = "Quentin Quarantine"
HOUSING_NAME = "Hester Homeless"


def write_bad_extract(mapping: Mapping, folder: Path, name: str, formula: str = "") -> Path:
    """The mapping's own columns, every date impossible (so each row is refused), ``name`` in
    the name columns and ``formula`` in the others, as a hostile extract might."""
    path = folder / Path(mapping.reader.path).name
    path.parent.mkdir(parents=True, exist_ok=True)
    columns = list(mapping.columns)
    row = {}
    for column in columns:
        lowered = column.lower()
        if "name" in lowered:
            row[column] = name.split()[0] if "given" in lowered or "fore" in lowered else name
        elif "date" in lowered or "dob" in lowered or lowered.endswith("_from"):
            row[column] = "31/02/2011"
        else:
            row[column] = formula or f"{column}-1"
    with path.open("w", newline="", encoding="utf-8") as out:
        writer = csv.DictWriter(out, fieldnames=columns)
        writer.writeheader()
        writer.writerow(row)
    return path


def quarantine_health_and_housing(graph: Graph, folder: Path, formula: str = "") -> None:
    """Load one refused GP row and one refused housing row, as a scheduled load would."""
    loader = Loader(graph, folder / "quarantine")
    for mapping_name, person in (("gp_registrations", GP_NAME),
                                 ("housing_tenancies", HOUSING_NAME)):  # fmt: skip
        mapping = load_mapping(MAPPINGS_DIR / f"{mapping_name}.yml")
        path = write_bad_extract(mapping, folder / mapping_name, person, formula)
        result = loader.load_file(mapping, path)
        assert result.rows_quarantined >= 1, result
