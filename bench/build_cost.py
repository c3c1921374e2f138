"""Generator overhead: the full build against MkDocs alone on the same pages.

Full build = `generator.load.load` + `generator.site.build_into`: load the
catalog, render both languages' pages, run MkDocs for both, write the root
files and the API exports. MkDocs alone = `mkdocs.commands.build.build`
for both languages with the same configuration (`mkdocs.{lang}.yml`, the
generator's navigation, no hooks) on docs folders rendered once beforehand.
The runs alternate (full, alone, alone, full, ...) in this process after one
unmeasured warm-up of each; before each full build the generator's per-process
caches (compiled templates, interface text) are cleared, so that each costs what
a one-shot `python -m generator build` pays. The ratio of the medians is the
generator's cost.
A few more full builds with timing wrappers around each step show where the
time goes (details).
"""
from __future__ import annotations

import gc
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
    them), MkDocs' build as site.py calls it, `render.pages`,
    `render.root_files`, `export.api_files`, `site._write` and Jinja2's
    compilation of the generator's own templates; a step the product no longer
    has is left out. A step's time excludes the wrapped steps inside it
    (the pages MkDocs asks the generator for are not MkDocs' time).
    """
    import jinja2

    from generator import export, render, site
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
    wrap(render, "root_files", "root_files")
    wrap(export, "api_files", "api_files")
    wrap(site, "_write", "write_files")
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
        "render pages, both languages (`render.pages`, compilation excluded)": spent["pages"],
        "compile the generator's Jinja templates": spent["compile"],
        "MkDocs itself, both languages (pages it asks the generator for excluded)": spent["mkdocs"],
        "root files (`render.root_files`)": spent["root_files"],
        "API exports (`export.api_files`)": spent["api_files"],
    }
    if "write_files" in spent:
        steps["write root and API files to the site (`site._write`)"] = spent["write_files"]
    steps["rest of `build_into` (copies, temporary folders, logging set-up)"] = total - sum(steps.values())
    steps["total"] = total
    return steps


def run(ws: Workspace, quick: bool) -> Result:
    from generator.load import load

    runs = 2 if quick else 7
    root = ws.catalog_root(None)
    catalog, problems = load(root)
    assert not problems
    docs = ws.path("docs")
    write_docs(docs, catalog)

    full, alone = [], []
    log(f"generator overhead: {runs} runs each, interleaved, after a warm-up")
    for i in range(runs + 1):
        order = ("full", "alone") if i % 2 else ("alone", "full")
        for kind in order:
            target = ws.path(kind)
            gc.collect()
            seconds = timed(_full, root, target) if kind == "full" else timed(_mkdocs_alone, docs, target, catalog)
            if i:  # run 0 is the warm-up
                (full if kind == "full" else alone).append(seconds)
            # the first full build serves page weight and search; the rest go
            if not (kind == "full" and ws.keep_site("real", target)):
                shutil.rmtree(target.parent)
    ratio = median(full) / median(alone)
    profiles = [_profile(ws, root) for _ in range(1 if quick else 3)]
    steps = {name: median(p[name] for p in profiles) for name in profiles[0]}

    result = Result("Generator overhead")
    result.rows = [
        Row("1 overhead", "full build (load+render+MkDocs+root files)", f"{median(full):.2f} s"),
        Row("1 overhead", "MkDocs alone, same pages", f"{median(alone):.2f} s"),
        Row("1 overhead", "full / MkDocs alone", f"{ratio:.3f}", f"≤ {TARGET:.2f}", ratio <= TARGET),
    ]
    result.details = [
        f"Real catalog ({len(catalog.entries)} entries), both languages; median of {runs} runs each, "
        f"interleaved in one process after one warm-up each.",
        "",
        f"- full build: {median(full):.2f} s (range {spread(full)} s)",
        f"- MkDocs alone: {median(alone):.2f} s (range {spread(alone)} s)",
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
