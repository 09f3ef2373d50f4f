"""Patterns and analytics benchmark: quality against planted scenarios, then speed at scale.

    # quality: recall/precision per pattern on a loaded + resolved synthetic graph
    python bench/patterns_bench.py quality --synth /tmp/synth30k
    # speed: time all patterns and ego networks, grow the graph by cloning, time again
    python bench/patterns_bench.py scale --copies 32 --ego-samples 300
    # staged: measure at 1x, then grow to 4x, 16x, 34x the loaded graph, measuring each time
    python bench/patterns_bench.py scale --grow-to 4 16 34 --json-out /tmp/scale.json

Run against a dev server (TOUCHPOINT_DATA_DIR / TOUCHPOINT_BOLT_PORT), never the test one:
``scale`` adds copies of the whole graph. Prints figures; docs/performance.md records them.
"""

from __future__ import annotations

import argparse
import csv
import json
import random
import statistics
import time
from collections import Counter, defaultdict
from datetime import date
from pathlib import Path

from touchpoint.graph_model.access.context import AccessContext, Purpose
from touchpoint.graph_model.access.viewer import ViewerGraph
from touchpoint.graph_model.model.settings import load_settings
from touchpoint.graph_model.patterns.library import list_patterns, run_pattern
from touchpoint.graph_model.store.admin import open_graph
from touchpoint.graph_model.store.db import Graph
from touchpoint.services.reads.analysis import ego_graph

SYNTH_AS_OF = date(2026, 11, 1)
# generator scenario -> the pattern meant to find it (the rest share the scenario's name)
SCENARIO_PATTERN = {
    "da_no_notification": "da_no_school_notification",
    "ae_injuries_under5": "ae_injuries_young_child",
    "repeated_missing_90": "repeated_missing",
}
NEAR_MISS = "nearmiss_"  # scenario nearmiss_<pattern>: planted one step away, must not match
# patterns with no scenario of their own, and the scenarios that imply them: a toxic-trio
# household has at least three distinct need types (domestic abuse, mental health, substance)
IMPLIED_BY = {"family_need_types": ("toxic_trio",)}
# the toxic-trio scenario plants its events up to three years back, so family_need_types is
# checked against it over the same span (its default 365-day lookback is the hub's current view)
QUALITY_PARAMS: dict[str, dict[str, object]] = {"family_need_types": {"lookback_days": 1095}}
NODE_KEYS = [
    ("Person", "person_id"),
    ("PersonRecord", "record_id"),
    ("Event", "event_id"),
    ("Address", "address_id"),
    ("Organisation", "org_id"),
]
REL_CLONES = [
    "clone_resolves_to_personrecord_person",
    "clone_involved_in_personrecord_event",
    "clone_lives_at_personrecord_address",
    "clone_enrolled_at_personrecord_organisation",
    "clone_registered_with_personrecord_organisation",
    "clone_related_to_personrecord_personrecord",
    "clone_occurred_at_event_address",
    "clone_occurred_at_event_organisation",
    "clone_recorded_by_personrecord",
    "clone_recorded_by_event",
]


# ---- quality ---------------------------------------------------------------------------
def truth_of_people(graph: Graph, synth: Path) -> dict[str, str]:
    """Resolved person_id -> the generator's person id most of its records belong to."""
    truth: dict[tuple[str, str], str] = {}
    with (synth / "labels" / "records.csv").open() as handle:
        for row in csv.DictReader(handle):
            truth[(row["source"], row["record_key"])] = row["person_id"]
    votes: dict[str, Counter[str]] = defaultdict(Counter)
    unmatched = 0
    for row in graph.read("bench/record_identities"):
        found = [truth.get((row["source"], key)) for key in row["record_keys"]]
        found = [true_id for true_id in found if true_id]
        if not found:
            unmatched += 1
        for true_id in found:
            votes[row["person_id"]][true_id] += 1
    if unmatched:
        print(f"  note: {unmatched} resolved records had no ground-truth label")
    return {pid: counts.most_common(1)[0][0] for pid, counts in votes.items()}


def planted_by_pattern(synth: Path, near_misses: bool = False) -> dict[str, set[str]]:
    """Pattern -> the true people planted for it (or, with ``near_misses``, planted one step
    away from it)."""
    planted: dict[str, set[str]] = defaultdict(set)
    with (synth / "labels" / "scenarios.csv").open() as handle:
        for row in csv.DictReader(handle):
            scenario = row["scenario"]
            if scenario.startswith(NEAR_MISS) != near_misses:
                continue
            scenario = scenario.removeprefix(NEAR_MISS)
            pattern = SCENARIO_PATTERN.get(scenario, scenario)
            planted[pattern].add(row["person_id"])
    if near_misses:
        return planted
    for pattern, scenarios in IMPLIED_BY.items():
        for scenario in scenarios:
            planted[pattern] |= planted.get(scenario, set())
    return planted


def quality(graph: Graph, synth: Path, as_of: date) -> None:
    people = truth_of_people(graph, synth)
    planted = planted_by_pattern(synth)
    near = planted_by_pattern(synth, near_misses=True)
    all_planted = set().union(*planted.values())
    print(f"\nQuality on {synth} (as_of {as_of}); {len(people):,} resolved people")
    head = f"{'pattern':<28}{'planted':>8}{'found':>7}{'recall':>8}{'flagged':>9}"
    print(
        head + f"{'non-planted':>12}{'precision':>10}{'other-planted':>14}{'near-miss':>10}{'s':>7}"
    )
    misses: dict[str, set[str]] = {}
    for pattern in list_patterns():
        began = time.perf_counter()
        extra = QUALITY_PARAMS.get(pattern.id, {})
        _, hits = run_pattern(graph, pattern, {"as_of": as_of, **extra})
        seconds = time.perf_counter() - began
        if extra:
            print(f"  ({pattern.id} run with {extra})")
        flagged = {people.get(h.person_id, f"?{h.person_id}") for h in hits}
        target = planted.get(pattern.id, set())
        found = target & flagged
        recall = f"{len(found) / len(target):.2f}" if target else "n/a"
        precision = f"{len(found) / len(flagged):.2f}" if target and flagged else "n/a"
        other = len((flagged - target) & all_planted)
        near_set = near.get(pattern.id, set())
        near_text = f"{len(flagged & near_set)}/{len(near_set)}" if near_set else "-"
        print(
            f"{pattern.id:<28}{len(target):>8}{len(found):>7}{recall:>8}{len(flagged):>9}"
            f"{len(flagged - target):>12}{precision:>10}{other:>14}{near_text:>10}"
            f"{seconds:>7.2f}"
        )
        if target - flagged:
            misses[pattern.id] = target - flagged
    for pattern_id, missed in misses.items():
        print(f"  missed by {pattern_id}: {sorted(missed)[:10]}")


# ---- compare -------------------------------------------------------------------------
def compare(
    graph: Graph, old_root: Path, new_root: Path | None, only: list[str], params: dict[str, object]
) -> int:
    """Run each pattern as in ``old_root`` and as shipped (or in ``new_root``); count differing.

    A rewrite for speed must not change what a pattern finds: the hits (person, score,
    summary, evidence) are compared whole, and the first differences are printed.
    """
    old = {p.id: p for p in list_patterns(old_root)}
    differing = 0
    for pattern in list_patterns(new_root):
        if (only and pattern.id not in only) or pattern.id not in old:
            continue
        given = {k: v for k, v in params.items() if any(q.name == k for q in pattern.params)}
        timed = []
        for version in (old[pattern.id], pattern):
            start = time.perf_counter()
            _, hits = run_pattern(graph, version, given)
            timed.append((time.perf_counter() - start, {json.dumps(h.as_dict()) for h in hits}))
        (old_s, old_hits), (new_s, new_hits) = timed
        verdict = "same" if old_hits == new_hits else "DIFFERENT"
        differing += old_hits != new_hits
        print(
            f"{pattern.id:<28}{len(old_hits):>7} hits {old_s:>7.2f}s -> {len(new_hits):>7} hits "
            f"{new_s:>7.2f}s  {verdict}",
            flush=True,
        )
        for label, extra in (("only old", old_hits - new_hits), ("only new", new_hits - old_hits)):
            for hit in sorted(extra)[:3]:
                print(f"    {label}: {hit[:400]}")
    return differing


# ---- speed -----------------------------------------------------------------------------
def time_patterns(
    graph: Graph, as_of: date, root: Path | None = None
) -> tuple[float, dict[str, tuple[float, int]]]:
    per: dict[str, tuple[float, int]] = {}
    graph.run_autocommit("bench/await_indexes")
    began = time.perf_counter()
    for pattern in list_patterns(root):
        start = time.perf_counter()
        _, hits = run_pattern(graph, pattern, {"as_of": as_of})
        per[pattern.id] = (time.perf_counter() - start, len(hits))
    return time.perf_counter() - began, per


def time_egos(graph: Graph, samples: int, depth: int, seed: int = 7) -> dict[str, float]:
    """NetworkX ego networks as ``touchpoint analyse ego`` reads them (hub_staff, unaudited)."""
    ids = sorted(row["person_id"] for row in graph.read("bench/person_ids"))
    chosen = random.Random(seed).sample(ids, min(samples, len(ids)))
    purpose = Purpose("s47_enquiry", "BENCH-1", "Benchmarking ego networks")
    viewer = ViewerGraph(graph, AccessContext("bench", "hub_staff", purpose=purpose))
    for pid in chosen[:20]:  # warm-up: page cache and query plans
        ego_graph(viewer, pid, depth)
    millis, nodes, edges = [], [], []
    for pid in chosen:
        start = time.perf_counter()
        g = ego_graph(viewer, pid, depth)
        millis.append((time.perf_counter() - start) * 1000)
        nodes.append(g.number_of_nodes())
        edges.append(g.number_of_edges())
    q = statistics.quantiles(millis, n=100)
    qn = statistics.quantiles(nodes, n=100)
    return {
        "p50_ms": statistics.median(millis),
        "p95_ms": q[94],
        "max_ms": max(millis),
        "nodes_p50": statistics.median(nodes),
        "nodes_p95": qn[94],
        "nodes_max": max(nodes),
        "edges_p50": statistics.median(edges),
    }


def measure(
    graph: Graph, as_of: date, samples: int, depth: int, root: Path | None = None
) -> dict[str, object]:
    counts = graph.read_one("bench/counts") or {}
    total, per = time_patterns(graph, as_of, root)
    return {"counts": counts, "total": total, "per": per, "ego": time_egos(graph, samples, depth)}


def clone(graph: Graph, copies: int, first: int = 1) -> float:
    """Add copies ``first``..``copies`` of the base graph (keys suffixed ``~k``)."""
    began = time.perf_counter()
    for label, key in NODE_KEYS:
        step = time.perf_counter()
        graph.run_autocommit("bench/clone_nodes", label=label, key=key, first=first, copies=copies)
        print(
            f"  cloned {label} {first}..{copies} in {time.perf_counter() - step:.0f}s", flush=True
        )
    for name in REL_CLONES:
        step = time.perf_counter()
        graph.run_autocommit(f"bench/{name}", first=first, copies=copies)
        print(f"  {name} in {time.perf_counter() - step:.0f}s", flush=True)
    return time.perf_counter() - began


def multiple(graph: Graph) -> int:
    """How many times the base (loaded) graph is present: 1 + the clones already made."""
    counts = graph.read_one("bench/counts") or {}
    return max(1, round(counts.get("persons", 0) / max(1, counts.get("base_persons", 1))))


def report(stages: list[dict]) -> None:
    """One column per measured size: counts, all-pattern time, each pattern, ego latency."""
    sizes = [f"{m['multiple']}x" for m in stages]
    print("\nSpeed by graph size (multiple of the loaded graph)")
    print(f"  {'':<34}" + "".join(f"{s:>13}" for s in sizes))
    for key in ("persons", "records", "events", "addresses"):
        print(f"  {key:<34}" + "".join(f"{m['counts'].get(key, 0):>13,}" for m in stages))
    print(f"  {'all patterns (s)':<34}" + "".join(f"{m['total']:>13.2f}" for m in stages))
    for pattern in stages[0]["per"]:
        cells = "".join(f"{m['per'][pattern][0]:>13.2f}" for m in stages)
        print(f"  {'  ' + pattern:<34}{cells}")
    for key in stages[0]["ego"]:
        print(f"  {'ego ' + key:<34}" + "".join(f"{m['ego'][key]:>13.1f}" for m in stages))
    last = stages[-1]
    print(
        "  hits at the largest size: " + ", ".join(f"{p}={n}" for p, (_, n) in last["per"].items())
    )


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    sub = parser.add_subparsers(dest="command", required=True)
    q = sub.add_parser("quality", help="Recall and precision per pattern against planted cases")
    q.add_argument("--synth", type=Path, required=True, help="touchpoint synth --out folder")
    q.add_argument("--as-of", type=date.fromisoformat, default=SYNTH_AS_OF)
    c = sub.add_parser("compare", help="Diff every pattern's hits against earlier versions")
    c.add_argument("--old", type=Path, required=True, help="Folder of the earlier .cypher files")
    c.add_argument("--new", type=Path, help="Folder of the new versions (default: shipped)")
    c.add_argument("--only", nargs="*", default=[], help="Pattern ids (default: all)")
    c.add_argument("--param", action="append", default=[], help="k=v for every pattern taking k")
    c.add_argument("--as-of", type=date.fromisoformat, default=SYNTH_AS_OF)
    s = sub.add_parser("scale", help="Time every pattern and ego networks, growing the graph")
    s.add_argument("--copies", type=int, default=0, help="Same as --grow-to COPIES+1")
    s.add_argument(
        "--grow-to",
        type=int,
        nargs="*",
        default=[],
        help="Multiples of the loaded graph to grow to (by cloning), measuring at each",
    )
    s.add_argument("--skip-first", action="store_true", help="Do not measure the current size")
    s.add_argument(
        "--grow-only", action="store_true", help="Grow to the targets without measuring (untimed)"
    )
    s.add_argument("--ego-samples", type=int, default=300)
    s.add_argument("--depth", type=int, default=2)
    s.add_argument("--as-of", type=date.fromisoformat, default=SYNTH_AS_OF)
    s.add_argument(
        "--patterns", type=Path, help="Time the .cypher files in this folder (default: shipped)"
    )
    s.add_argument("--json-out", type=Path, help="Append each stage's figures here (JSON lines)")
    args = parser.parse_args()
    with open_graph(load_settings()) as graph:
        if args.command == "quality":
            quality(graph, args.synth, args.as_of)
            return
        if args.command == "compare":
            given = dict(kv.split("=", 1) for kv in args.param)
            given["as_of"] = args.as_of
            raise SystemExit(compare(graph, args.old, args.new, args.only, given))
        targets = sorted(set(args.grow_to + ([args.copies + 1] if args.copies else [])))
        stages: list[dict] = []

        def stage() -> None:
            found = measure(graph, args.as_of, args.ego_samples, args.depth, args.patterns)
            found["multiple"] = multiple(graph)
            stages.append(found)
            print(
                f"  measured at {found['multiple']}x: all patterns {found['total']:.1f}s, "
                f"ego p95 {found['ego']['p95_ms']:.1f} ms",
                flush=True,
            )
            if args.json_out:
                with args.json_out.open("a") as out:
                    out.write(json.dumps(found) + "\n")

        if not (args.skip_first or args.grow_only):
            stage()
        for target in targets:
            now = multiple(graph)
            if target <= now:
                continue
            print(f"Growing {now}x -> {target}x …", flush=True)
            print(f"  done in {clone(graph, target - 1, first=now):.0f}s", flush=True)
            if not args.grow_only:
                stage()
        if stages:
            report(stages)


if __name__ == "__main__":
    main()
