"""The true person behind every loaded PersonRecord of a synthetic population.

``synth`` labels each *extract row* (``labels/records.csv``: source, record_key, person_id);
the loaders turn rows into PersonRecords whose ids are hashes of mapping-specific keys (a
police nominal per incident row, one GP registration for many consultations, one Home Office
reference for many status events). Rather than re-implementing those keys, each labelled row
is run through the loader's own ``RowTransformer`` and the PersonRecord ids it writes as the
row's own record (not a mere reference such as a claim's lead) take the row's label. A record
whose rows disagree about the person is reported apart and left out of the evaluation.
"""

from __future__ import annotations

import csv
from pathlib import Path

import pandas as pd

from touchpoint.loaders.mapping import Mapping, shipped_mappings
from touchpoint.loaders.sources import SourceFile
from touchpoint.loaders.transform import RowRejected, RowTransformer

OWN_RECORD_QUERY = "load/person_record"


def _labels(root: Path) -> dict[str, dict[str, str]]:
    """source -> record_key -> person_id, from labels/records.csv."""
    labels: dict[str, dict[str, str]] = {}
    with (root / "labels" / "records.csv").open(newline="", encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            labels.setdefault(row["source"], {})[row["record_key"]] = row["person_id"]
    return labels


def _record_labels(root: Path, mapping: Mapping, labels: dict[str, str]) -> list[tuple[str, str]]:
    transformer = RowTransformer(mapping)
    pairs = []
    for row in SourceFile(mapping.reader, root).rows():
        try:
            writes = transformer.transform(row)
        except RowRejected:
            continue
        person = labels.get(writes.record_key)
        if person is None:
            continue
        for (query, _agency), node in writes.nodes:
            if query == OWN_RECORD_QUERY:
                pairs.append((node["id"], person))
    return pairs


def record_truth(root: Path | str) -> tuple[pd.Series, int]:
    """(record_id -> true person id, number of records left out because rows disagree)."""
    root = Path(root)
    labels = _labels(root)
    pairs: list[tuple[str, str]] = []
    for mapping in shipped_mappings():
        if mapping.source in labels and (root / mapping.reader.path).is_file():
            pairs.extend(_record_labels(root, mapping, labels[mapping.source]))
    frame = pd.DataFrame(pairs, columns=["record_id", "person"]).drop_duplicates()
    people_per_record = frame.groupby("record_id")["person"].nunique()
    ambiguous = people_per_record[people_per_record > 1].index
    frame = frame[~frame["record_id"].isin(ambiguous)]
    return frame.set_index("record_id")["person"], len(ambiguous)
