"""Growth: build time, site size and peak memory for synthetic catalogs of 1×, 10× and 50×.

Each build (load the catalog + `build_into`) runs in a fresh child process
(`python -m bench.growth CATALOG TARGET`) that reports its own wall time, from
before the load to the end of the build (imports excluded), and its peak memory
(VmHWM of the child; see `peak_rss_kb`). Site bytes are the sum of the built files' sizes.
If cost grows linearly, time and bytes per entry stay flat: the 50×/1× ratios
should be ≤ 1.1. Per-entry figures at 1× carry the fixed part (theme assets,
hand-written pages), so the details also give the marginal cost per added entry.
"""
from __future__ import annotations

import json
import resource
import shutil
import subprocess
import sys
import time
from pathlib import Path

from bench.common import PYTHON, Result, Row, Workspace, child_env, log, median, product, spread, tree_bytes

TARGET = 1.10


def child(catalog_root: Path, target: Path) -> dict:
    """In the child process: load and build, report seconds and peak RSS."""
    from generator.load import load
    from generator.site import build_into

    start = time.perf_counter()
    catalog, problems = load(catalog_root)
    assert not problems, problems
    build_into(target, catalog)
    seconds = time.perf_counter() - start
    return {"seconds": seconds, "entries": len(catalog.entries), "maxrss_kb": peak_rss_kb()}


def peak_rss_kb() -> int:
    """This process's peak resident set (VmHWM), in KB.

    Not `ru_maxrss`: Linux carries the parent's peak across fork and exec into
    the child's (and so into RUSAGE_CHILDREN), which would report the runner's
    own memory for every build. VmHWM belongs to the memory map that exec made.
    """
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1])
    except (OSError, ValueError, IndexError):
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss


def _build(root: Path, target: Path) -> dict:
    out = subprocess.run([str(PYTHON), "-m", "bench.growth", str(root), str(target)], cwd=product(),
                         env=child_env(), capture_output=True, text=True)
    if out.returncode:
        raise RuntimeError(f"build of {root} failed:\n{out.stderr[-3000:]}")
    report = json.loads(out.stdout.strip().splitlines()[-1])
    report["bytes"] = tree_bytes(target)
    report["parts"] = {part.name: tree_bytes(part) if part.is_dir() else part.stat().st_size
                       for part in sorted(target.iterdir())}
    return report


def run(ws: Workspace, quick: bool) -> Result:
    plan = {1: 1, 10: 1} if quick else {1: 5, 10: 3, 50: 2}
    roots = {scale: ws.catalog_root(scale) for scale in plan}
    reports: dict[int, list[dict]] = {scale: [] for scale in plan}
    for i in range(max(plan.values())):
        for scale, runs in plan.items():
            if i >= runs:
                continue
            log(f"growth: {scale}x build, run {i + 1} of {runs}")
            target = ws.path(f"growth-{scale}x")
            reports[scale].append(_build(roots[scale], target))
            # one 10x site stays for the search benchmark; the rest go
            if not (scale == 10 and ws.keep_site("10x", target)):
                shutil.rmtree(target.parent)

    figures = {}
    for scale, found in reports.items():
        entries = found[0]["entries"]
        seconds = median(r["seconds"] for r in found)
        figures[scale] = {
            "entries": entries, "runs": len(found), "seconds": seconds, "all": [r["seconds"] for r in found],
            "bytes": found[0]["bytes"], "parts": found[0]["parts"],
            "rss": max(r["maxrss_kb"] for r in found) / 1024,
            "s_per": seconds / entries * 1000, "b_per": found[0]["bytes"] / entries,
        }
    small, big = min(figures), max(figures)
    t_ratio = figures[big]["s_per"] / figures[small]["s_per"]
    b_ratio = figures[big]["b_per"] / figures[small]["b_per"]

    result = Result("Growth")
    for scale, f in figures.items():
        result.rows.append(Row("2 growth", f"{scale}× ({f['entries']} entries, {f['runs']} runs): build / entry",
                               f"{f['s_per']:.1f} ms"))
        result.rows.append(Row("2 growth", f"{scale}×: site bytes / entry; peak RSS",
                               f"{f['b_per'] / 1024:.1f} KB; {f['rss']:.0f} MB"))
    result.rows.append(Row("2 growth", f"build time per entry {big}×/{small}×", f"{t_ratio:.2f}", f"≤ {TARGET:.1f}", t_ratio <= TARGET))
    result.rows.append(Row("2 growth", f"site bytes per entry {big}×/{small}×", f"{b_ratio:.2f}", f"≤ {TARGET:.1f}", b_ratio <= TARGET))

    parts = sorted({p for f in figures.values() for p in f["parts"]})
    result.details = [
        "Synthetic catalogs (see `bench/synthetic.py`); each build in a fresh child process; "
        "time = load + `build_into`, median of the runs; peak RSS = largest VmHWM of the runs.",
        "",
        "| size | entries | runs | build s (median; range) | ms / entry | site MB | KB / entry | peak RSS MB |",
        "| --- | ---: | ---: | --- | ---: | ---: | ---: | ---: |",
        *[f"| {s}× | {f['entries']} | {f['runs']} | {f['seconds']:.1f} ({spread(f['all'])}) | {f['s_per']:.1f} | "
          f"{f['bytes'] / 2**20:.1f} | {f['b_per'] / 1024:.1f} | {f['rss']:.0f} |" for s, f in figures.items()],
        "",
        "Marginal cost per added entry between consecutive sizes (fixed costs cancel out):",
        "",
        "| from → to | ms / added entry | KB / added entry |",
        "| --- | ---: | ---: |",
    ]
    scales = sorted(figures)
    for a, b in zip(scales, scales[1:]):
        fa, fb = figures[a], figures[b]
        added = fb["entries"] - fa["entries"]
        result.details.append(f"| {a}× → {b}× | {(fb['seconds'] - fa['seconds']) / added * 1000:.1f} | "
                              f"{(fb['bytes'] - fa['bytes']) / added / 1024:.1f} |")
    result.details += [
        "",
        "Site bytes by top-level folder (MB):",
        "",
        "| folder | " + " | ".join(f"{s}×" for s in scales) + " |",
        "| --- |" + " ---: |" * len(scales),
        *[f"| `{p}` | " + " | ".join(f"{figures[s]['parts'].get(p, 0) / 2**20:.2f}" for s in scales) + " |" for p in parts],
    ]
    return result


if __name__ == "__main__":
    print(json.dumps(child(Path(sys.argv[1]), Path(sys.argv[2]))))
