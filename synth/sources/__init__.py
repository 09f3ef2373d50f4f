"""One module per agency; each renders a household's true facts into that agency's extract."""

from __future__ import annotations

from pathlib import Path

from touchpoint.synth.background import World
from touchpoint.synth.noise import Noise, View
from touchpoint.synth.population import Household, Person
from touchpoint.synth.writers import CsvSink, Sink


class Source:
    """Base: holds the noise model and the ground-truth label sink shared by all agencies."""

    def __init__(self, root: Path, world: World, noise: Noise, labels: CsvSink) -> None:
        self.root, self.world, self.noise, self._labels = root, world, noise, labels
        self.sinks: list[Sink] = self.open()

    def open(self) -> list[Sink]:  # pragma: no cover - overridden
        """Create this agency's sinks (files / tables); called once from __init__."""
        raise NotImplementedError

    def label(self, source: str, key: str, person: Person) -> None:
        """Record which true person a written row is about (labels/records.csv)."""
        self._labels.add((source, key, person.pid))

    def local_id(
        self,
        agency: str,
        p: Person,
        prefix: str,
        width: int = 7,
        preferred: bool = False,
        dup: bool = True,
    ) -> list[tuple[str, View]]:
        """The agency's own person id(s) for `p`, with the view each record holds."""
        views = self.noise.records(agency, p, preferred=preferred, dup=dup)
        for v in views:
            if not v.local_id:
                v.local_id = f"{prefix}{self.world.next_id(agency):0{width}d}"
        return [(v.local_id, v) for v in views]

    def emit(self, hh: Household) -> None:  # pragma: no cover - overridden
        raise NotImplementedError

    def close(self) -> dict[str, int]:
        """Close every sink; returns rows written per file (per table for SQLite)."""
        counts: dict[str, int] = {}
        for s in self.sinks:
            s.close()
            for part in getattr(s, "tables", None) or [s]:
                counts[part.name] = part.rows
        return counts


def all_sources(root: Path, world: World, noise: Noise, labels: CsvSink) -> list[Source]:
    """Every agency, in a fixed order (the order matters for determinism)."""
    from touchpoint.synth.sources.ae import AeSource
    from touchpoint.synth.sources.benefits import BenefitsSource
    from touchpoint.synth.sources.community_health import CommunityHealthSource
    from touchpoint.synth.sources.gp import GpSource
    from touchpoint.synth.sources.housing import HousingSource
    from touchpoint.synth.sources.immigration import ImmigrationSource
    from touchpoint.synth.sources.police import PoliceSource
    from touchpoint.synth.sources.schools import SchoolsSource
    from touchpoint.synth.sources.social_care import SocialCareSource

    kinds = (
        PoliceSource,
        GpSource,
        AeSource,
        SchoolsSource,
        SocialCareSource,
        BenefitsSource,
        ImmigrationSource,
        HousingSource,
        CommunityHealthSource,
    )
    return [k(root, world, noise, labels) for k in kinds]
