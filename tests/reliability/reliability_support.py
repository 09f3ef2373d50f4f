"""Hostile-file helpers shared by the fault tests: police incident rows and the accounting
checks every load must pass (rows in = loaded + quarantined, every physical line owned)."""

from __future__ import annotations

from pathlib import Path

from touchpoint.graph_model.store.db import Graph
from touchpoint.loaders.load import Loader, LoadResult
from touchpoint.loaders.mapping import Mapping, shipped_mappings

HEADER = ("IncidentRef,PersonSeq,NominalId,IncidentType,ReportedDateTime,IncidentLocation,Role,"
          "Surname,Forenames,DOB,Sex,HomeAddress,Postcode,FoundDateTime")  # fmt: skip


def police_row(n: int, surname: str = "SMITH", location: str = "Market Street") -> str:
    return (f"WY-{n:05d},1,,ASSAULT,01/02/2024 10:00,{location},VICTIM,{surname},Alex,"
            f"01/01/1990,F,,,")  # fmt: skip


def police_mapping() -> Mapping:
    (mapping,) = [m for m in shipped_mappings() if m.source == "police.incidents"]
    return mapping


def write_police(tmp_path: Path, lines: list[str], raw: bytes | None = None) -> Path:
    """``<tmp>/in/police/incidents.csv`` holding the header and ``lines`` (or ``raw`` bytes)."""
    folder = tmp_path / "in" / "police"
    folder.mkdir(parents=True, exist_ok=True)
    data = raw if raw is not None else ("\n".join([HEADER, *lines]) + "\n").encode("utf-8")
    (folder / "incidents.csv").write_bytes(data)
    return tmp_path / "in"


def load_police(
    graph: Graph, tmp_path: Path, directory: Path, force: bool = False, **kwargs: object
) -> LoadResult:
    loader = Loader(graph, tmp_path / "quarantine", **kwargs)  # type: ignore[arg-type]
    return loader.load_file(police_mapping(), directory, force=force)


def person_count(graph: Graph) -> int:
    return graph.read_one("admin/count_label", label="PersonRecord")["count"]  # type: ignore[index]
