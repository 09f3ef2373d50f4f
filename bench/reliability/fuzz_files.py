"""Load a seeded corpus of hostile extracts and check every verdict against the file's truth.

    .venv/bin/python bench/reliability/fuzz_files.py [--seeds 1,2,3] [--rows 2000]

For each seed, ``touchpoint.synth.hostile.corpus`` writes 29 files (encodings, BOMs, binary,
gzip/bzip2/ZIP, stray, swallowing and unterminated quotes, NULs, a 1 MiB field, wrong
delimiter, header-only, empty, duplicate keys, impossible dates, injection, JSON Lines …) and
``fuzz_check.check_file`` loads each one into the bench graph: a refused file must fail whole
with its reason and leave nothing; any other must account for every record and every physical
line (rows in = loaded + quarantined, against the lines the generator wrote). Prints one line
per file, the totals, and keeps them in bench/reliability/results/fuzz_files.json.
"""

from __future__ import annotations

import argparse
import tempfile
import time
from pathlib import Path

from common import bench_settings, save, start_server
from fuzz_check import check_file

from touchpoint.graph_model.store.admin import wipe
from touchpoint.synth.hostile import corpus


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seeds", default="1,2,3")
    parser.add_argument("--rows", type=int, default=2000)
    args = parser.parse_args()
    graph = start_server(bench_settings())
    wipe(graph)
    outcomes = []
    started = time.monotonic()
    with tempfile.TemporaryDirectory(prefix="touchpoint-fuzz-") as workdir:
        for seed in (int(s) for s in args.seeds.split(",")):
            for hostile in corpus(seed=seed, rows=args.rows):
                outcome = check_file(graph, hostile, Path(workdir) / f"seed{seed}")
                outcome["seed"] = seed
                outcomes.append(outcome)
                verdict = "ok" if not outcome["problems"] else "; ".join(outcome["problems"])
                print(f"seed {seed} {hostile.name:18} {outcome['bytes']:>10,} B "
                      f"{outcome['status']:9} read {outcome['read']:>6,} loaded "
                      f"{outcome['loaded']:>6,} quarantined {outcome['quarantined']:>5,} "
                      f"lines {outcome['physical'] or 0:>6,}: {verdict}")  # fmt: skip
    bad = [o for o in outcomes if o["problems"]]
    totals = {
        "files": len(outcomes),
        "refused": sum(o["status"] == "failed" for o in outcomes),
        "rows_read": sum(o["read"] for o in outcomes),
        "rows_loaded": sum(o["loaded"] for o in outcomes),
        "rows_quarantined": sum(o["quarantined"] for o in outcomes),
        "physical_lines": sum(o["physical"] or 0 for o in outcomes),
        "files_with_problems": len(bad),
        "seconds": round(time.monotonic() - started, 1),
    }
    print(f"{totals['files']} files ({totals['refused']} refused whole), "
          f"{totals['rows_read']:,} rows read = {totals['rows_loaded']:,} loaded + "
          f"{totals['rows_quarantined']:,} quarantined over {totals['physical_lines']:,} "
          f"physical lines; {totals['files_with_problems']} file(s) with problems; "
          f"{totals['seconds']} s")  # fmt: skip
    print(f"figures: {save('fuzz_files', {'totals': totals, 'files': outcomes})}")
    if bad:
        raise SystemExit(1)


if __name__ == "__main__":
    main()
