"""Run the benchmarks, print one table, write bench/RESULTS.md.

    .venv/bin/python bench/run.py            # everything, full repetitions (about 17 minutes on 2 cores)
    .venv/bin/python bench/run.py --quick    # smoke run: fewer repetitions, no 50× catalog
    .venv/bin/python bench/run.py --only cli page_weight
    .venv/bin/python bench/run.py --commit HEAD   # measure a commit, not the working tree

A full run of every benchmark writes bench/RESULTS.md; a --quick or --only run
writes only where --output says. Catalogs and sites are built into a temporary
folder (never site/ or .build/site/) that is removed at the end. By default the
working tree is measured, and the report says if it changed during the run;
--commit REV measures a `git archive` snapshot of REV instead, so that edits
made meanwhile (by you or anyone sharing the checkout) cannot leak in.
"""
from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bench import build_cost, cli, decoder, growth, page_weight, report, search_first, search_speed  # noqa: E402
from bench.common import (  # noqa: E402
    Result, Workspace, chromium_version, commit, log, machine, product, snapshot, tree_changes,
)

BENCHMARKS = {
    "build_cost": build_cost,  # first: its first full build is the real site the browser benchmarks use
    "growth": growth,  # keeps one 10× site for search_speed
    "page_weight": page_weight,
    "search_speed": search_speed,
    "search_first": search_first,
    "cli": cli,
    "decoder": decoder,
    "report": report,
}
RESULTS = ROOT / "bench" / "RESULTS.md"


def table(results: list[Result]) -> list[str]:
    rows = [("benchmark", "figure", "value", "target", "")] + [
        (r.benchmark, r.figure, r.value, r.target, r.status) for res in results for r in res.rows
    ]
    widths = [max(len(row[i]) for row in rows) for i in range(5)]
    lines = ["| " + " | ".join(cell.ljust(w) for cell, w in zip(row, widths)) + " |" for row in rows]
    lines.insert(1, "| " + " | ".join("-" * w for w in widths) + " |")
    return lines


def report(results: list[Result], info: list[tuple[str, str]], revision: str, seconds: float, quick: bool,
           loads: list[tuple[str, float, float, float]], changed: list[str], command: str) -> str:
    missed = [r for res in results for r in res.rows if r.ok is False]
    out = [
        "# Benchmarks",
        "",
        f"Written by `{command}` on "
        f"{time.strftime('%Y-%m-%d %H:%M %Z')}; the whole run took {seconds / 60:.1f} min. "
        "What each figure measures: `bench/README.md`.",
        "",
        "| machine | |",
        "| --- | --- |",
        *[f"| {k} | {v} |" for k, v in info],
        f"| commit | {revision} |",
        "",
        *([f"**The working tree changed during the run** ({len(changed)} path(s): "
           + ", ".join(f"`{c}`" for c in changed[:10]) + ("…" if len(changed) > 10 else "")
           + "); later figures may come from the changed files.", ""] if changed else []),
        "## Results",
        "",
        *table(results),
        "",
        f"Targets missed: {len(missed)}" + (": " + "; ".join(f"{r.figure} ({r.value}, target {r.target})" for r in missed) if missed else "."),
        "",
    ]
    for res in results:
        out += [f"## {res.name}", "", *res.details, ""]
    out += [
        "## Machine load during the run",
        "",
        "Other work on the machine slows every figure; ratios measured in the same run "
        "(interleaved) are less affected than absolute times. 1-minute load average "
        f"on {os.cpu_count()} cores:",
        "",
        "| benchmark | minutes | load before | load after |",
        "| --- | ---: | ---: | ---: |",
        *[f"| {name} | {took / 60:.1f} | {before:.2f} | {after:.2f} |" for name, before, after, took in loads],
        "",
    ]
    return "\n".join(out)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="bench/run.py", description=__doc__.split("\n")[0])
    parser.add_argument("--quick", action="store_true", help="fewer repetitions and no 50× catalog: a smoke run")
    parser.add_argument("--only", nargs="+", choices=list(BENCHMARKS), help="run only these benchmarks")
    parser.add_argument("--output", type=Path, help="where to write the report (default: bench/RESULTS.md for a full run)")
    parser.add_argument("--commit", metavar="REV", help="measure a git archive snapshot of REV instead of the working tree")
    args = parser.parse_args(argv)
    output = args.output or (None if args.quick or args.only else RESULTS)
    command = " ".join([".venv/bin/python bench/run.py", *(argv if argv is not None else sys.argv[1:])])

    start = time.perf_counter()
    ws = Workspace()
    if args.commit:
        assert "generator" not in sys.modules
        sys.path.insert(0, str(snapshot(args.commit, ws.dir / "tree")))
    log(f"measuring {product()}")
    revision = commit(args.commit)
    before = tree_changes()
    browser_version = chromium_version()
    results = []
    loads: list[tuple[str, float, float, float]] = []
    try:
        for name, module in BENCHMARKS.items():
            if args.only and name not in args.only:
                continue
            log(f"--- {name}")
            load_before = os.getloadavg()[0]
            began = time.perf_counter()
            result = module.run(ws, args.quick)
            loads.append((result.name, load_before, os.getloadavg()[0], time.perf_counter() - began))
            results.append(result)
    finally:
        ws.close()
    seconds = time.perf_counter() - start
    after = tree_changes()
    changed = [] if args.commit else sorted(p for p in before.keys() | after.keys() if before.get(p) != after.get(p))

    print("\n".join(table(results)))
    print(f"\n{len([r for res in results for r in res.rows if r.ok is False])} target(s) missed; run took {seconds / 60:.1f} min")
    if changed:
        print(f"the working tree changed during the run: {', '.join(changed)}")
    if output:
        output.write_text(report(results, machine(browser_version), revision, seconds, args.quick, loads, changed, command), encoding="utf-8")
        log(f"wrote {output}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
