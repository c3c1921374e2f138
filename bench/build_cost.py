"""Generator overhead: the full build against MkDocs alone on the same pages, in CPU time.

Full build = `generator.load.load` + `generator.site.build_into`: load the
catalog, render both languages' pages, the root files and the API exports, run
MkDocs for both languages (a second process writes the root files and exports
meanwhile). MkDocs alone = `mkdocs.commands.build.build` for both languages with
the same configuration (`mkdocs.{lang}.yml`, the generator's navigation, no
hooks) on docs folders rendered once beforehand.
The runs alternate (full, alone, alone, full, ...) in this process after one
unmeasured warm-up of each; before each full build the generator's per-process
caches (templates, interface text) are cleared, so that each costs what a
one-shot `python -m generator build` pays; the compiled templates Jinja2 keeps
on disk stay, as they do between two `make site`. The headline is the ratio of
the median CPU times (this process and its children, so the second process
counts): what the generator costs on top of MkDocs. Wall time is reported too;
with other work on a two-core machine it is mostly noise.
A few more full builds with timing wrappers around each step show where the
time goes, and what the pre-publish checks that `generator build` runs after
`build_into` cost (details; they are not part of the ratio).
"""
from __future__ import annotations

import gc
import os
import shutil
import sys
import time
from collections import defaultdict
from pathlib import Path

from bench.common import Result, Row, Workspace, log, median, spread, timed

TARGET = 1.25  # CPU time of the full build / CPU time of MkDocs alone


def _mkdocs_alone(docs, target, catalog) -> None:
    from mkdocs.commands.build import build as mkdocs_build
    from mkdocs.config import load_config

    from generator import render, site
    from generator.model import LANGS

    for lang in LANGS:
        config = load_config(str(site.ROOT / f"mkdocs.{lang}.yml"), docs_dir=str(docs / lang),
                             site_dir=str(target / lang), nav=render.nav(catalog, lang), hooks=[])
        mkdocs_build(config)


def write_docs(docs, catalog) -> None:
    """Each language's complete docs folder on disk: hand-written docs/{lang}/ plus the generated pages."""
    from generator import render
    from generator.model import LANGS

    for lang in LANGS:
        shutil.copytree(render.HAND_WRITTEN / lang, docs / lang)
        for rel, content in render.pages(catalog, lang).items():
            path = docs / lang / rel
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(content, encoding="utf-8")


def _fresh_caches() -> None:
    """Forget what the generator caches per process (compiled templates, interface text), so that
    every full build in this process costs what the first one in a fresh `python -m generator build` does."""
    for name, module in list(sys.modules.items()):
        if name == "generator" or name.startswith("generator."):
            for value in list(vars(module).values()):
                if callable(getattr(value, "cache_clear", None)) and not isinstance(value, type):
                    value.cache_clear()  # functools caches, and mkdocs_plugin.COMPILED


def _full(root, target) -> None:
    from generator.load import load
    from generator.site import build_into

    _fresh_caches()
    catalog, problems = load(root)
    assert not problems
    build_into(target, catalog)


def _profile(ws: Workspace, root) -> dict[str, tuple[float, float | None]]:
    """One full build with timing wrappers around its steps: CPU and wall seconds spent in each step itself.

    Wraps, by module attribute (so it follows the product's code wherever it calls
    them), MkDocs' build as site.py calls it, `render.pages`, `render.root_files`,
    `export.api_files`, starting the second process of generator/background.py,
    taking pages from it and waiting for it (what it costs the build beyond the time
    it overlaps with MkDocs) and Jinja2's compilation of the generator's own
    templates; a step the product does not have is left out. A step's time excludes
    the wrapped steps inside it (the pages MkDocs asks the generator for are not
    MkDocs' time). CPU time is this process's (all its threads); the child processes'
    is one line of its own. Then the pre-publish checks that `generator build` runs on
    the result (`verify.problems`), measured alone.
    """
    import jinja2

    from generator import background, export, render, site, verify
    from generator.load import load

    templates = str(Path(render.__file__).resolve().parent / "templates")
    spent: dict[str, list[float]] = defaultdict(lambda: [0.0, 0.0])  # label: [CPU, wall]
    stack: list[str] = []
    patches = []

    def wrap(owner, name: str, label: str, only=None) -> None:
        original = getattr(owner, name, None)
        if original is None:  # the product does not have this step
            return

        def timed_call(*args, **kwargs):
            if only and not only(*args, **kwargs):
                return original(*args, **kwargs)
            stack.append(label)
            cpu, wall = time.process_time(), time.perf_counter()
            try:
                return original(*args, **kwargs)
            finally:
                took = (time.process_time() - cpu, time.perf_counter() - wall)
                stack.pop()
                for i in (0, 1):
                    spent[label][i] += took[i]
                    if stack:
                        spent[stack[-1]][i] -= took[i]  # self time only

        patches.append((owner, name, original))
        spent[label]  # listed even if the build never calls it
        setattr(owner, name, timed_call)

    def own_template(env, source, name=None, filename=None, *args, **kwargs) -> bool:
        return str(filename or "").startswith(templates)

    wrap(site, "mkdocs_build", "MkDocs itself, both languages (pages it asks the generator for excluded)")
    wrap(render, "pages", "render both languages' pages (`render.pages`, compilation excluded)")
    wrap(render, "root_files", "render the root files (`render.root_files`)")
    wrap(export, "api_files", "make the API exports (`export.api_files`)")
    wrap(jinja2.Environment, "compile", "compile the generator's Jinja templates", only=own_template)
    wrap(background.Background, "__init__", "start the second process (`background.Background`)")
    wrap(background.Background, "pages", "take the pages it rendered (`Background.pages`)")
    wrap(background.Background, "wait", "wait for it to finish (`Background.wait`)")
    target = ws.path("profiled")
    try:
        _fresh_caches()
        gc.collect()
        children = _children_cpu()
        cpu, wall = time.process_time(), time.perf_counter()
        catalog, _ = load(root)
        spent["load catalog (`load`)"] = [time.process_time() - cpu, time.perf_counter() - wall]
        site.build_into(target, catalog)
        total = (time.process_time() - cpu, time.perf_counter() - wall)
        children = _children_cpu() - children
    finally:
        for owner, name, original in reversed(patches):
            setattr(owner, name, original)
    steps: dict[str, tuple[float, float | None]] = {"load catalog (`load`)": tuple(spent.pop("load catalog (`load`)"))}
    steps.update((label, tuple(times)) for label, times in spent.items())
    steps["rest of `build_into` (copies, temporary folders, logging set-up)"] = tuple(
        total[i] - sum(times[i] for times in steps.values()) for i in (0, 1))
    steps["total, this process"] = total
    steps["child processes (the second process; `git log` for the build date)"] = (children, None)
    cpu, wall = time.process_time(), time.perf_counter()
    verify.problems(target, verify.read_list(verify.list_path(root)))
    steps["pre-publish checks `generator build` runs next (`verify.problems`; not in the ratio)"] = (
        time.process_time() - cpu, time.perf_counter() - wall)
    shutil.rmtree(target.parent)
    return steps


def _children_cpu() -> float:
    t = os.times()
    return t.children_user + t.children_system


def _cpu_seconds() -> float:
    """User + system time of this process and of the children it has waited for."""
    t = os.times()
    return t.user + t.system + t.children_user + t.children_system


def _series(ws: Workspace, runs: int, root, docs, catalog) -> dict[str, list[float]]:
    """Full builds and MkDocs-alone builds, interleaved (alone, full, full, alone, ...) after a warm-up:
    wall seconds and CPU seconds (this process and its children) of each."""
    out: dict[str, list[float]] = {"full": [], "alone": [], "full_cpu": [], "alone_cpu": []}
    for i in range(runs + 1):
        order = ("full", "alone") if i % 2 else ("alone", "full")
        for kind in order:
            target = ws.path(kind)
            gc.collect()
            cpu = _cpu_seconds()
            seconds = timed(_full, root, target) if kind == "full" else timed(_mkdocs_alone, docs, target, catalog)
            cpu = _cpu_seconds() - cpu
            if i:  # run 0 is the warm-up
                out[kind].append(seconds)
                out[f"{kind}_cpu"].append(cpu)
            # the first full build serves page weight and search; the rest go
            if not (kind == "full" and ws.keep_site("real", target)):
                shutil.rmtree(target.parent)
    return out


def run(ws: Workspace, quick: bool) -> Result:
    from generator.load import load

    runs = 2 if quick else 7
    root = ws.catalog_root(None)
    catalog, problems = load(root)
    assert not problems
    docs = ws.path("docs")
    write_docs(docs, catalog)

    log(f"generator overhead: {runs} runs each, interleaved, after a warm-up")
    s = _series(ws, runs, root, docs, catalog)
    cpu_ratio = median(s["full_cpu"]) / median(s["alone_cpu"])
    ratio = median(s["full"]) / median(s["alone"])
    cpu_pairs = [f / a for f, a in zip(s["full_cpu"], s["alone_cpu"])]
    pairs = [f / a for f, a in zip(s["full"], s["alone"])]
    # With a second core the build writes part of its output in a second process
    # meanwhile; on one core it does not, and all of the generator's work adds to MkDocs'.
    cores = sorted(os.sched_getaffinity(0))
    log(f"generator overhead on one core: {runs} runs each")
    os.sched_setaffinity(0, cores[:1])
    try:
        one = _series(ws, runs, root, docs, catalog)
    finally:
        os.sched_setaffinity(0, cores)
    one_ratio = median(one["full"]) / median(one["alone"])
    one_cpu_ratio = median(one["full_cpu"]) / median(one["alone_cpu"])
    profiles = [_profile(ws, root) for _ in range(1 if quick else 3)]
    steps = {name: (median(p[name][0] for p in profiles), None if profiles[0][name][1] is None else median(p[name][1] for p in profiles))
             for name in profiles[0]}
    checks = next(cpu for name, (cpu, _) in steps.items() if name.startswith("pre-publish checks"))

    result = Result("Generator overhead")
    result.rows = [
        Row("1 overhead", "full build (load+render+MkDocs+root files), CPU", f"{median(s['full_cpu']):.2f} s"),
        Row("1 overhead", "MkDocs alone, same pages, CPU", f"{median(s['alone_cpu']):.2f} s"),
        Row("1 overhead", "CPU time: full / MkDocs alone", f"{cpu_ratio:.3f}", f"≤ {TARGET:.2f}", cpu_ratio <= TARGET),
        Row("1 overhead", "wall time: full / MkDocs alone (informative)", f"{ratio:.3f}"),
        Row("1 overhead", "wall time on one core (informative)", f"{one_ratio:.3f}"),
        Row("1 overhead", "pre-publish checks after the build, CPU (not in the ratio)", f"{checks:.2f} s"),
    ]
    result.details = [
        f"Real catalog ({len(catalog.entries)} entries), both languages; median of {runs} runs each, "
        f"interleaved in one process after one warm-up each. CPU time is this process's and its "
        f"children's (the second process included).",
        "",
        f"- full build: CPU {median(s['full_cpu']):.2f} s (range {spread(s['full_cpu'])} s), "
        f"wall {median(s['full']):.2f} s (range {spread(s['full'])} s)",
        f"- MkDocs alone: CPU {median(s['alone_cpu']):.2f} s (range {spread(s['alone_cpu'])} s), "
        f"wall {median(s['alone']):.2f} s (range {spread(s['alone'])} s)",
        f"- full / MkDocs alone per interleaved pair: CPU median {median(cpu_pairs):.3f} (range {spread(cpu_pairs)}), "
        f"wall median {median(pairs):.3f} (range {spread(pairs)})",
        f"- pinned to one core (`sched_setaffinity`; with one core the build does all its work in this "
        f"process, `background.start`): full {median(one['full']):.2f} s, alone {median(one['alone']):.2f} s, "
        f"wall ratio {one_ratio:.3f}, CPU ratio {one_cpu_ratio:.3f}",
        "",
        f"Where a full build's time goes: {len(profiles)} more full builds with timing wrappers around "
        "the steps, seconds spent in each step itself, median per step (so they need not add up to the "
        "total exactly). The last line is not part of the build measured above: `python -m generator build` "
        "runs these checks on the built site before publishing it.",
        "",
        "| step | CPU s | wall s |",
        "| --- | ---: | ---: |",
        *[f"| {name} | {cpu:.2f} | {'–' if wall is None else f'{wall:.2f}'} |" for name, (cpu, wall) in steps.items()],
    ]
    return result
