"""Resolution quality on noisy records with named errors, side by side with plain Splink 5.

    # both variants at 10k and 100k records (two sources like FEBRL 4; one source like FEBRL 3)
    .venv/bin/python bench/resolution_quality.py --sizes 10000 100000 --variants link dedupe
    # the NHS-like number mapped into the NI field it does not fit (compared softly), or left out
    .venv/bin/python bench/resolution_quality.py --sizes 10000 --identifier-as ni

Records come from ``graph_model/resolution/noisy.py`` (seeded): every duplicate carries named
errors (identifier typo, transposed digits, swapped names, nickname, missing surname, invalid
date, day/month swap, moved address, name typo, dob typo) and some people are planted to be
confused (twins, a same-named parent and child at one address, very common names).
``touchpoint resolve`` runs its engine (``engine.link_records``: features, training, scoring,
guards, clustering: everything between its Neo4j read and write) with default settings; the
baseline is ``bench/splink_baseline.py``. Pairwise precision / recall / F1 count automatic
links only (a pair in the review queue is not a link). The ratio column is ours / baseline.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

import pandas as pd

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.splink_baseline import plain_splink  # noqa: E402
from touchpoint.graph_model.resolution.engine import link_records  # noqa: E402
from touchpoint.graph_model.resolution.metrics import quality_by_tag  # noqa: E402
from touchpoint.graph_model.resolution.noisy import make_benchmark  # noqa: E402
from touchpoint.graph_model.resolution.settings import load_resolution_settings  # noqa: E402


def identifier_mapped(records: pd.DataFrame, how: str) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(records for touchpoint, records for the baseline) with the NHS-like identifier mapped
    as a new user might: ``nhs`` as is; ``soft`` as a mapping's further identifier
    (``resolution: identifiers``); ``ni`` into the NI number field, whose format it fails
    (as the issue's held-out run mapped a social-security number); ``none`` left out."""
    ours, base = records.copy(), records.copy()
    if how == "soft":
        ours["soft_ids"] = ("ssn=" + ours["nhs_number"]).where(ours["nhs_number"].notna())
        ours["nhs_number"] = None
    elif how == "ni":
        ours["ni_number"], ours["nhs_number"] = ours["nhs_number"], None
    elif how == "none":
        ours["nhs_number"] = base["nhs_number"] = None
    return ours, base


def ours(records: pd.DataFrame) -> tuple[pd.Series, dict]:
    cfg = load_resolution_settings()
    started = time.perf_counter()
    result = link_records(records.drop(columns=["person", "scenario", "errors"]), cfg)
    seconds = time.perf_counter() - started
    extra = {
        "seconds": round(seconds, 1),
        "steps": result.seconds,
        "review_pairs": len(result.clusters.review),
        "review_reasons": {str(k): v for k, v in result.counts["review_reasons"].items()},
        "blocked_by_conflict": result.counts["blocked_by_conflict"],
        "candidate_pairs": result.candidate_pairs,
        "identifier_checks": result.counts["identifier_checks"],
    }
    return pd.Series(result.clusters.assignment), extra


def baseline(records: pd.DataFrame) -> tuple[pd.Series, dict]:
    started = time.perf_counter()
    clusters = plain_splink(records, threshold=load_resolution_settings().upper_threshold)
    return clusters, {"seconds": round(time.perf_counter() - started, 1)}


def run(size: int, variant: str, seed: int, with_baseline: bool, identifier: str) -> dict:
    bench = make_benchmark(size, seed=seed, variant=variant)
    records = bench.records
    mine, theirs = identifier_mapped(records, identifier)
    found, extra = ours(mine)
    result = {"variant": variant, "records": len(records), "seed": seed,
              "identifier": identifier, "ours": extra}  # fmt: skip
    result["ours"]["quality"] = quality_by_tag(records, found, bench.confusers)
    if with_baseline:
        base, base_extra = baseline(theirs)
        result["baseline"] = base_extra | {
            "quality": quality_by_tag(records, base, bench.confusers)
        }
    return result


def _row(name: str, mine: dict, base: dict | None) -> str:
    cells = f"{name:<20} {mine['pairs']:>8,} {mine['precision']:>8.4f} {mine['recall']:>7.4f} "
    cells += f"{mine['f1']:>7.4f}"
    if base:
        ratio = mine["f1"] / base["f1"] if base["f1"] else float("nan")
        cells += f" | {base['precision']:>8.4f} {base['recall']:>7.4f} {base['f1']:>7.4f} "
        cells += f"{ratio:>6.3f}"
    return cells


def table(result: dict) -> None:
    mine = result["ours"]["quality"]
    base = result.get("baseline", {}).get("quality")
    print(f"\n{result['variant']} - {result['records']:,} records (seed {result['seed']}, "
          f"identifier as {result['identifier']}): "
          f"ours {result['ours']['seconds']} s, baseline "
          f"{result.get('baseline', {}).get('seconds', '-')} s")  # fmt: skip
    print(f"{'error type':<20} {'pairs':>8} {'P':>8} {'R':>7} {'F1':>7} | "
          f"{'base P':>8} {'base R':>7} {'base F1':>7} {'ratio':>6}")  # fmt: skip
    print(_row("overall", mine["overall"], base and base["overall"]))
    for tag, figures in mine["by_tag"].items():
        print(_row(tag, figures, base and base["by_tag"].get(tag)))
    print(f"automatic confuser merges: ours {mine['confuser_merges']}"
          + (f", baseline {base['confuser_merges']}" if base else ""))  # fmt: skip
    print(f"review queue: {result['ours']['review_pairs']:,} pairs "
          f"{result['ours']['review_reasons']}; blocked by conflict "
          f"{result['ours']['blocked_by_conflict']}")  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000])
    parser.add_argument("--variants", nargs="+", default=["link", "dedupe"],
                        choices=["link", "dedupe"])  # fmt: skip
    parser.add_argument("--seed", type=int, default=42)
    parser.add_argument("--no-baseline", action="store_true")
    parser.add_argument(
        "--identifier-as",
        default="nhs",
        choices=["nhs", "soft", "ni", "none"],
        help="How the NHS-like identifier is mapped (see identifier_mapped).",
    )
    parser.add_argument("--json", type=Path, default=None, help="Also write results here.")
    args = parser.parse_args()
    results = []
    for size in args.sizes:
        for variant in args.variants:
            result = run(size, variant, args.seed, not args.no_baseline, args.identifier_as)
            table(result)
            results.append(result)
    if args.json:
        args.json.write_text(json.dumps(results, indent=2))


if __name__ == "__main__":
    main()
