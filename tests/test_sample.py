"""The blind-read sampler: the same seed draws the same entries, every field in both languages."""
from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

from generator import sample

ROOT = Path(__file__).resolve().parent.parent


def run(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "generator", "sample", *args], cwd=ROOT, capture_output=True, text=True)


def drawn(text: str) -> list[str]:
    """The code, or the problem's slug, of each drawn entry."""
    return [slug or code for code, slug in re.findall(r"^## \d+\. (?:problem without a code: (\S+)|(\S+) )", text, re.M)]


def key(entry) -> str:
    return getattr(entry, "slug", None) or entry.code


def test_a_seed_draws_the_same_entries_and_another_seed_others(catalog):
    first, again, other = (sample.draw(catalog, 30, seed) for seed in ("3a1317d", "3a1317d", "6786021"))
    assert [key(e) for e in first] == [key(e) for e in again]
    assert len({key(e) for e in first}) == 30
    assert {key(e) for e in first} != {key(e) for e in other}


def test_problems_without_a_code_are_drawn_too(catalog):
    """A large enough draw meets problems as well as codes, each printed with its own heading."""
    entries = sample.draw(catalog, 200, "problems")
    problems = [e for e in entries if hasattr(e, "slug")]
    assert problems and len(problems) < len(entries)
    text = sample.as_markdown(catalog, problems[:2], "problems")
    assert f"problem without a code: {problems[0].slug}" in text and "**checks** (" in text


def test_the_command_prints_every_field_in_both_languages(catalog):
    out = run("30", "--seed", "b53dc10")
    assert out.returncode == 0, out.stderr
    codes = drawn(out.stdout)
    assert codes == [key(e) for e in sample.draw(catalog, 30, "b53dc10")]
    for block in out.stdout.split("\n## ")[1:]:
        assert "### Bahasa Indonesia" in block and "### English" in block
        for field in ("title", "description", "action", "ticket_reply", "customer_message"):
            assert block.count(f"**{field}** (") == 2, (block[:40], field)
    assert "{provider}" not in out.stdout and "{helpdesk}" not in out.stdout


def test_one_language_and_bad_counts():
    out = run("3", "--seed", "x", "--lang", "id")
    assert out.returncode == 0 and "### English" not in out.stdout and len(drawn(out.stdout)) == 3
    for bad in ("0", "-3", "thirty"):
        out = run(bad, "--seed", "x")
        assert out.returncode == 2
        assert f"argument N: '{bad}' is not a number of entries; give a whole number such as 30" in out.stderr
    assert run("3").returncode == 2  # no seed: the writer must not pick one silently
