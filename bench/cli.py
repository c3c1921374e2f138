"""CLI cold start: `python -m generator lookup 131049` against `python -c pass`.

Both in fresh processes of the venv's Python, from the repository root, output
to /dev/null, timed from spawn to exit (wall clock). The lookup's cache
is warmed by one unmeasured run first, and one unmeasured
`python -c pass` warms the interpreter's files; then the two commands alternate.
`python -X importtime` of both commands shows which imports the difference is.
"""
from __future__ import annotations

import subprocess

from bench.common import PYTHON, Result, Row, Workspace, child_env, log, median, product, spread, timed

TARGET = 2.0
LOOKUP = [str(PYTHON), "-m", "generator", "lookup", "131049"]
BARE = [str(PYTHON), "-c", "pass"]


def _time(cmd: list[str]) -> float:
    """Seconds from spawning cmd to its exit, output discarded."""
    return timed(subprocess.run, cmd, cwd=product(), env=child_env(), stdout=subprocess.DEVNULL,
                 stderr=subprocess.DEVNULL, check=True)


def imports(cmd: list[str], runs: int) -> dict[str, float]:
    """Top-level imports of a command and their cumulative ms (`-X importtime`), median over runs."""
    seen: dict[str, list[float]] = {}
    for _ in range(runs):
        err = subprocess.run([cmd[0], "-X", "importtime", *cmd[1:]], cwd=product(), env=child_env(), stdout=subprocess.DEVNULL,
                             stderr=subprocess.PIPE, text=True).stderr
        for line in err.splitlines():
            if not line.startswith("import time:") or "|" not in line:
                continue
            _, cumulative, name = line.split("|")
            if name.startswith("  ") or not cumulative.strip().isdigit():
                continue  # nested import, or the header line
            seen.setdefault(name.strip(), []).append(int(cumulative) / 1000)
    return {name: median(ms) for name, ms in sorted(seen.items(), key=lambda kv: -median(kv[1]))}


def run(ws: Workspace, quick: bool) -> Result:
    runs = 3 if quick else 10
    log(f"CLI: {runs} runs each, interleaved")
    _time(LOOKUP)
    _time(BARE)
    lookup, bare = [], []
    for _ in range(runs):
        lookup.append(_time(LOOKUP))
        bare.append(_time(BARE))
    ratio = median(lookup) / median(bare)
    lookup_imports, bare_imports = imports(LOOKUP, runs), imports(BARE, runs)
    result = Result("CLI")
    result.rows = [
        Row("5 CLI", "`python -m generator lookup 131049`", f"{median(lookup) * 1000:.0f} ms"),
        Row("5 CLI", "`python -c pass`", f"{median(bare) * 1000:.0f} ms"),
        Row("5 CLI", "lookup / bare Python", f"{ratio:.2f}", f"≤ {TARGET:.0f}", ratio <= TARGET),
    ]
    result.details = [
        f"Median of {runs} runs each, interleaved, cache warm: lookup {median(lookup) * 1000:.1f} ms "
        f"(range {spread(x * 1000 for x in lookup)} ms), bare {median(bare) * 1000:.1f} ms "
        f"(range {spread(x * 1000 for x in bare)} ms).",
        "",
        f"Where the time goes: top-level imports by cumulative time (`-X importtime`, median of {runs} runs; "
        "nested imports are inside their parent's figure; the flag itself adds a little):",
        "",
        f"- `python -c pass`: {sum(bare_imports.values()):.1f} ms of imports in all "
        f"({', '.join(f'{n} {ms:.1f}' for n, ms in bare_imports.items())})",
        f"- lookup: {sum(lookup_imports.values()):.1f} ms of imports in all; the largest:",
        "",
        "| module | ms |",
        "| --- | ---: |",
        *[f"| `{name}` | {ms:.1f} |" for name, ms in list(lookup_imports.items())[:12]],
    ]
    return result
