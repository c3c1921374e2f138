"""Generator overhead: the full build against MkDocs alone on the same pages.

Full build = `generator.load.load` + `generator.site.build_into`: load the
catalog, render both languages' pages, run MkDocs for both, write the root
files and the API exports (the second language's pages and the root files in
a second process while MkDocs builds the first language). MkDocs alone = `mkdocs.commands.build.build`
for both languages with the same configuration (`mkdocs.{lang}.yml`, the
generator's navigation, no hooks) on docs folders rendered once beforehand.
The runs alternate (full, alone, alone, full, ...) in this process after one
unmeasured warm-up of each; before each full build the generator's per-process
caches (templates, interface text) are cleared, so that each costs what a
one-shot `python -m generator build` pays; the compiled templates Jinja2 keeps
on disk stay, as they do between two `make site`. The ratio of the medians is the
generator's cost.
A few more full builds with timing wrappers around each step show where the
time goes (details).
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

TARGET = 1.10


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
                if callable(getattr(value, "cache_clear", None)):
                    value.cache_clear()


def _full(root, target) -> None:
    from generator.load import load
    from generator.site import build_into

    _fresh_caches()
    catalog, problems = load(root)
    assert not problems
    build_into(target, catalog)


def _profile(ws: Workspace, root) -> dict[str, float]:
    """One full build with timing wrappers around its steps: seconds spent in each step itself.

    Wraps, by module attribute (so it follows the product's code wherever it calls
    them), MkDocs' build as site.py calls it, `render.pages` (in this
    process), starting the second process of generator/background.py, taking
    its pages and waiting for it (what it costs the build beyond the time it
    overlaps with MkDocs) and Jinja2's compilation of the generator's own
    templates; a step the product no longer has is left out. A step's time
    excludes the wrapped steps inside it (the pages MkDocs asks the generator
    for are not MkDocs' time).
    """
    import jinja2

    from generator import background, render, site
    from generator.load import load

    templates = str(Path(render.__file__).resolve().parent / "templates")
    spent: dict[str, float] = defaultdict(float)
    stack: list[str] = []
    patches = []

    def wrap(owner, name: str, label: str, only=None) -> None:
        original = getattr(owner, name, None)
        if original is None:  # the product no longer has this step
            return

        def timed_call(*args, **kwargs):
            if only and not only(*args, **kwargs):
                return original(*args, **kwargs)
            stack.append(label)
            start = time.perf_counter()
            try:
                return original(*args, **kwargs)
            finally:
                took = time.perf_counter() - start
                stack.pop()
                spent[label] += took
                if stack:
                    spent[stack[-1]] -= took  # self time only

        patches.append((owner, name, original))
        setattr(owner, name, timed_call)

    def own_template(env, source, name=None, filename=None, *args, **kwargs) -> bool:
        return str(filename or "").startswith(templates)

    wrap(site, "mkdocs_build", "mkdocs")
    wrap(render, "pages", "pages")
    wrap(background.Background, "__init__", "background_start")
    wrap(background.Background, "pages", "background_pages")
    wrap(background.Background, "wait", "background_wait")
    wrap(jinja2.Environment, "compile", "compile", only=own_template)
    try:
        _fresh_caches()
        gc.collect()
        start = time.perf_counter()
        catalog, _ = load(root)
        spent["load"] = time.perf_counter() - start
        site.build_into(ws.path("profiled"), catalog)
        total = time.perf_counter() - start
    finally:
        for owner, name, original in reversed(patches):
            setattr(owner, name, original)
    steps = {
        "load catalog (`load`)": spent["load"],
        "render pages in this process (`render.pages`, compilation excluded)": spent["pages"],
        "compile the generator's Jinja templates": spent["compile"],
        "MkDocs itself, both languages (pages it asks the generator for excluded)": spent["mkdocs"],
        "start the second process (`background.Background`)": spent["background_start"],
        "take the pages it rendered (`Background.pages`)": spent["background_pages"],
        "wait for it to finish the root files and exports (`Background.wait`)": spent["background_wait"],
    }
    steps["rest of `build_into` (copies, temporary folders, logging set-up)"] = total - sum(steps.values())
    steps["total"] = total
    return steps


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
    ratio = median(s["full"]) / median(s["alone"])
    pairs = [f / a for f, a in zip(s["full"], s["alone"])]
    # With a second core the build renders and writes part of its output in a second process
    # meanwhile; on one core it does not, and the generator's work adds to MkDocs'.
    cores = sorted(os.sched_getaffinity(0))
    log(f"generator overhead on one core: {runs} runs each")
    os.sched_setaffinity(0, cores[:1])
    try:
        one = _series(ws, runs, root, docs, catalog)
    finally:
        os.sched_setaffinity(0, cores)
    one_ratio = median(one["full"]) / median(one["alone"])
    profiles = [_profile(ws, root) for _ in range(1 if quick else 3)]
    steps = {name: median(p[name] for p in profiles) for name in profiles[0]}

    result = Result("Generator overhead")
    result.rows = [
        Row("1 overhead", "full build (load+render+MkDocs+root files)", f"{median(s['full']):.2f} s"),
        Row("1 overhead", "MkDocs alone, same pages", f"{median(s['alone']):.2f} s"),
        Row("1 overhead", "full / MkDocs alone", f"{ratio:.3f}", f"≤ {TARGET:.2f}", ratio <= TARGET),
        Row("1 overhead", "the same on one core (informative)", f"{one_ratio:.3f}"),
    ]
    result.details = [
        f"Real catalog ({len(catalog.entries)} entries), both languages; median of {runs} runs each, "
        f"interleaved in one process after one warm-up each.",
        "",
        f"- full build: {median(s['full']):.2f} s (range {spread(s['full'])} s), "
        f"CPU {median(s['full_cpu']):.2f} s (this process and its children)",
        f"- MkDocs alone: {median(s['alone']):.2f} s (range {spread(s['alone'])} s), CPU {median(s['alone_cpu']):.2f} s",
        f"- full / MkDocs alone per interleaved pair: median {median(pairs):.3f} (range {spread(pairs)}); "
        f"CPU time full / alone {median(s['full_cpu']) / median(s['alone_cpu']):.3f}",
        f"- pinned to one core (`sched_setaffinity`; with one core the build does all its work in this "
        f"process, `background.start`): full {median(one['full']):.2f} s, alone {median(one['alone']):.2f} s, "
        f"ratio {one_ratio:.3f}",
        "",
        f"Where a full build's time goes: {len(profiles)} more full builds with timing wrappers around "
        "the steps, seconds spent in each step itself, median per step (so they need not add up to the "
        "total exactly):",
        "",
        "| step | seconds |",
        "| --- | ---: |",
        *[f"| {name} | {seconds:.2f} |" for name, seconds in steps.items()],
    ]
    return result
