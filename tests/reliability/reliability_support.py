"""Hostile-file helpers shared by the fault tests: police incident rows and the accounting
checks every load must pass (rows in = loaded + quarantined, every physical line owned)."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

from touchpoint.graph_model.model.settings import Settings
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


HOLDER = """
import sys, time
from pathlib import Path
from touchpoint.graph_model.model.settings import load_settings
from touchpoint.graph_model.store.db import Graph
from touchpoint.loaders.load import Loader
from touchpoint.loaders.mapping import shipped_mappings

ready, go, directory = Path(sys.argv[1]), Path(sys.argv[2]), Path(sys.argv[3])

def hold(batch):
    if batch == 1:
        ready.touch()
        deadline = time.monotonic() + 60
        while not go.exists() and time.monotonic() < deadline:
            time.sleep(0.05)

graph = Graph.connect(load_settings())
mapping = [m for m in shipped_mappings() if m.source == "police.incidents"]
Loader(graph, directory / "q", batch_size=5, after_batch=hold).load_directory(directory, mapping)
"""


class HeldLoad:
    """A police load in another process, held open after its first chunk until ``release``."""

    def __init__(self, settings: Settings, directory: Path, tmp_path: Path) -> None:
        self.ready, self.go = tmp_path / "held.ready", tmp_path / "held.go"
        env = {**os.environ, "TOUCHPOINT_DATA_DIR": str(settings.data_dir),
               "TOUCHPOINT_BOLT_PORT": str(settings.bolt_port)}  # fmt: skip
        args = [sys.executable, "-c", HOLDER, str(self.ready), str(self.go), str(directory)]
        self.process = subprocess.Popen(args, env=env, stderr=subprocess.PIPE)
        deadline = time.monotonic() + 60
        while not self.ready.exists():
            if self.process.poll() is not None or time.monotonic() > deadline:
                raise AssertionError(self.process.communicate()[1].decode()[-2000:])
            time.sleep(0.05)

    def release(self) -> int:
        self.go.touch()
        _, err = self.process.communicate(timeout=120)
        assert self.process.returncode == 0, err.decode()[-2000:]
        return self.process.returncode
