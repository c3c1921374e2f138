"""The change log (catalog/changes.yml): each mistake in it is reported with file and line; a fact
changed since the last release without a change-log line fails `generator check`; the built site
has a "what changed" page per language, each code page its history, and feeds that a feed parser
reads, whose items match the change log and hold no absolute URL unless the site's address is given.
"""
from __future__ import annotations

import datetime
import json
import re
import subprocess
import sys
from pathlib import Path

import feedparser
import pytest

from conftest import SUBPATH_SITE_URL
from generator import changelog
from generator.load import load

ROOT = Path(__file__).resolve().parent.parent
CHANGES = "catalog/changes.yml"
TODAY = datetime.date.today().isoformat()
LOG = """\
releases:
  - date: "2026-01-20"
    title:
      id: Kuota diperjelas
      en: Quota made clearer
    changes:
      - kind: advice
        codes: ["115001-115005"]
        why:
          id: Saran kirim ulang disesuaikan.
          en: Resend advice corrected.
  - date: "2026-01-10"
    title:
      id: Rilis pertama
      en: First release
    changes:
      - kind: added
        codes: ["130429", "116002", "115001-115005"]
        why:
          id: Kode pertama katalog.
          en: The catalog's first codes.
"""


@pytest.fixture
def logged(mini):
    (mini / "changes.yml").write_text(LOG, encoding="utf-8")
    return mini


def edit(root: Path, name: str, old: str, new: str) -> None:
    file = root / name
    text = file.read_text(encoding="utf-8")
    assert old in text, f"fixture changed: {old!r}"
    file.write_text(text.replace(old, new, 1), encoding="utf-8")


CASES = [
    ("unknown kind", "kind: advice", "kind: advise",
     [f"{CHANGES}:7: -: unknown kind `advise` (did you mean `advice`?); use one of added, retitled, meaning, advice, moved, retired, removed"]),
    ("unknown code", '["115001-115005"]', '["131049"]',
     [f"{CHANGES}:8: 131049: code 131049 has no entry in catalog/codes/; a change names codes of the catalog (or, with kind removed, codes it no longer has)"]),
    ("out of order", '"2026-01-20"', '"2026-01-05"',
     [f"{CHANGES}:12: -: release 2026-01-10 must come after (below) the newer release 2026-01-05: releases are listed newest first, one per day"]),
    ("in the future", '"2026-01-20"', '"2999-01-01"',
     [f"{CHANGES}:2: -: release date 2999-01-01 is in the future; date a release the day it is published"]),
    ("no reason", "        why:\n          id: Saran kirim ulang disesuaikan.\n          en: Resend advice corrected.\n", "",
     [f"{CHANGES}:7: -: a change needs `why:` (id and en): one line each saying why it changed"]),
    ("a reason in one language", "          en: Resend advice corrected.\n", "",
     [f"{CHANGES}:10: -: missing English text `why.en`; add `en:` under `why`"]),
    ("codes not quoted", 'codes: ["115001-115005"]', "codes: 115001",
     [f'{CHANGES}:8: -: a change needs `codes:`, a list of codes in quotes, like codes: ["131049"]']),
]


@pytest.mark.parametrize("name,old,new,expected", CASES, ids=[c[0] for c in CASES])
def test_change_log_fault_is_reported_exactly(logged, name, old, new, expected):
    edit(logged, "changes.yml", old, new)
    catalog, problems = load(logged)
    assert catalog is None
    assert [str(p) for p in problems] == expected


def test_the_change_log_loads_newest_first_with_each_codes_history(logged):
    catalog, problems = load(logged)
    assert problems == []
    assert [r.date for r in catalog.releases] == ["2026-01-20", "2026-01-10"]
    assert [(r.date, c.kind) for r, c in catalog.history["115001-115005"]] == [("2026-01-20", "advice"), ("2026-01-10", "added")]
    assert catalog.changed("115001-115005") == "2026-01-20" and catalog.changed("130429") == "2026-01-10"


def _run(root: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "generator", *args, "--catalog", "catalog"],
                          capture_output=True, text=True, cwd=root.parent, env={"PYTHONPATH": str(ROOT)})


def test_a_fact_changed_without_a_change_log_line_fails_check_until_one_is_added(logged):
    baseline = _run(logged, "baseline")
    assert (baseline.returncode, baseline.stdout) == (0, "baseline of release 2026-01-20: 3 entries\n")
    assert json.loads((logged / "baseline.json").read_text(encoding="utf-8"))["release"] == "2026-01-20"
    assert changelog.unlogged(load(logged)[0], logged) == []

    edit(logged, "codes/rate-limit.yml", "      en: Rate limit hit", "      en: Rate limit reached")
    run = _run(logged, "check")
    assert run.returncode == 1
    assert run.stderr.splitlines()[0] == (
        'catalog/codes/rate-limit.yml:2: 130429: api_title changed since the release of 2026-01-20 ("Rate limit hit" → '
        '"Rate limit reached"); add a line for 130429 to catalog/changes.yml under a newer release: kind: retitled, with why (id, en)')

    # A line of another kind does not account for it; one of the right kind in a newer release does.
    newer = f'''releases:
  - date: "{TODAY}"
    title:
      id: Judul diperbarui
      en: Title updated
    changes:
      - kind: KIND
        codes: ["130429"]
        why:
          id: Judul disamakan dengan judul yang dikirim API.
          en: Title matched to the one the API sends.
'''
    (logged / "changes.yml").write_text(newer.replace("KIND", "advice") + LOG.removeprefix("releases:\n"), encoding="utf-8")
    assert [d.code for d in changelog.unlogged(load(logged)[0], logged)] == ["130429"]
    (logged / "changes.yml").write_text(newer.replace("KIND", "retitled") + LOG.removeprefix("releases:\n"), encoding="utf-8")
    assert changelog.unlogged(load(logged)[0], logged) == []


def test_a_new_or_removed_code_needs_its_line(logged):
    assert _run(logged, "baseline").returncode == 0
    catalog, _ = load(logged)
    before = json.loads((logged / "baseline.json").read_text(encoding="utf-8"))
    before["facts"]["131049"] = before["facts"].pop("116002")
    (logged / "baseline.json").write_text(json.dumps(before), encoding="utf-8")
    found = [str(d) for d in changelog.unlogged(catalog, logged)]
    assert [line.split(": ", 2)[1:] for line in found] == [
        ["116002", "code 116002 is new since the release of 2026-01-20; add it to catalog/changes.yml under a newer release: kind: added, with why (id, en)"],
        ["131049", "code 131049 was in the release of 2026-01-20 and has no entry now; if it was removed on purpose, say so in catalog/changes.yml: kind: removed, with why (id, en)"],
    ]


def test_a_baseline_of_an_unlisted_release_or_unreadable_is_reported(logged):
    catalog, _ = load(logged)
    (logged / "baseline.json").write_text('{"release": "2025-12-31", "facts": {}}', encoding="utf-8")
    assert [d.message for d in changelog.unlogged(catalog, logged)] == [
        "the baseline is of release 2025-12-31, which catalog/changes.yml does not list; "
        "write it again with `python -m generator baseline` after the release is listed"]
    (logged / "baseline.json").write_text("{not json", encoding="utf-8")
    assert [d.message for d in changelog.unlogged(catalog, logged)] == [
        "the baseline cannot be read; write it again with `python -m generator baseline` (never by hand)"]


def test_the_real_catalogs_baseline_is_its_newest_release(catalog):
    """The repository's baseline is of the newest release, and nothing changed since without a line."""
    data = json.loads((ROOT / "catalog" / "baseline.json").read_text(encoding="utf-8"))
    assert data["release"] == catalog.releases[0].date
    assert changelog.unlogged(catalog, ROOT / "catalog") == []


def _feed(path: Path, url: str):
    parsed = feedparser.parse(path.read_bytes(), response_headers={"content-type": "application/atom+xml", "content-location": url})
    assert not parsed.bozo, parsed.get("bozo_exception")
    assert parsed.version == "atom10"
    return parsed


def _expected(catalog, category=None):
    """(release date, kind, codes) of every change line, as the feeds must carry them, newest first."""
    of = {e.code: e.category for e in catalog.entries}
    found = []
    for release in catalog.releases:
        for change in release.changes:
            codes = [c for c in change.codes if category is None or of.get(c) == category]
            if codes:
                found.append((release.date, change.kind, codes))
    return found


@pytest.mark.parametrize("lang", ["id", "en"])
def test_feeds_parse_and_match_the_change_log(built_site, catalog, lang):
    base = f"https://help.example.com/desk/{lang}/"
    feeds = [(built_site / lang / "feed.xml", base + "feed.xml", None)] + [
        (built_site / lang / "feeds" / f"{c.key}.xml", base + f"feeds/{c.key}.xml", c.key) for c in catalog.categories]
    ids = set()
    for path, url, category in feeds:
        parsed = _feed(path, url)
        expected = _expected(catalog, category)
        assert len(parsed.entries) == len(expected), path
        for entry, (date, kind, codes) in zip(parsed.entries, expected):
            assert entry.updated.startswith(date) and entry.id.startswith("urn:uuid:")
            assert entry.title.startswith(catalog_kind_label(lang, kind))
            # Relative links resolve against the feed's own address, into this language's folder.
            assert entry.link == base + f"changes/#{date}"
            linked = re.findall(r'href="([^"]+)"', entry.content[0].value)
            assert linked == [base + f"codes/{c}/" for c in codes]
            for code in codes:
                assert (built_site / lang / "codes" / code / "index.html").exists()
        ids |= {e.id for e in parsed.entries}
    assert len(ids) == sum(len(_expected(catalog, c)) for _, _, c in feeds)  # no id twice, across every feed
    data = json.loads((built_site / lang / "feed.json").read_text(encoding="utf-8"))
    assert data["version"] == "https://jsonfeed.org/version/1.1" and data["language"] == lang
    assert [(i["date_published"][:10], i["url"]) for i in data["items"]] == [(d, f"changes/#{d}") for d, _, _ in _expected(catalog)]
    assert len({i["id"] for i in data["items"]}) == len(data["items"])


def catalog_kind_label(lang: str, kind: str) -> str:
    from generator.strings import ui_strings

    return ui_strings(lang)["changes"]["kinds"][kind]


def test_feed_ids_stay_the_same_across_builds_and_addresses(built_site, site_built_at):
    other = site_built_at(SUBPATH_SITE_URL)
    for lang in ("id", "en"):
        ids = lambda site: re.findall(r"<id>([^<]+)</id>", (site / lang / "feed.xml").read_text(encoding="utf-8"))
        assert ids(built_site) == ids(other)


def test_no_absolute_url_in_the_feeds_without_the_sites_address_and_under_it_with_it(built_site, site_built_at):
    for lang in ("id", "en"):
        for path in [built_site / lang / "feed.xml", built_site / lang / "feed.json", *(built_site / lang / "feeds").glob("*.xml")]:
            text = path.read_text(encoding="utf-8")
            assert not re.search(r'(?:href|xml:base)="[a-z]+:|"(?:url|home_page_url|feed_url)": "[a-z]+:', text), path
    with_url = site_built_at(SUBPATH_SITE_URL)
    text = (with_url / "en" / "feed.xml").read_text(encoding="utf-8")
    assert f'xml:base="{SUBPATH_SITE_URL}en/"' in text
    data = json.loads((with_url / "en" / "feed.json").read_text(encoding="utf-8"))
    assert data["feed_url"] == f"{SUBPATH_SITE_URL}en/feed.json"
    assert all(i["url"].startswith(f"{SUBPATH_SITE_URL}en/changes/#") for i in data["items"])


@pytest.mark.parametrize("lang", ["id", "en"])
def test_what_changed_page_and_each_code_pages_history(built_site, catalog, lang):
    page = (built_site / lang / "changes" / "index.html").read_text(encoding="utf-8")
    for release in catalog.releases:
        assert f'id="{release.date}"' in page
        assert release.title.get(lang).replace("'", "&#39;") in page
    assert 'href="../feed.xml"' in page and 'href="../feed.json"' in page
    for c in catalog.categories:
        assert f'href="../feeds/{c.key}.xml"' in page
    for entry in catalog.entries[::37]:
        html = (built_site / lang / "codes" / entry.code / "index.html").read_text(encoding="utf-8")
        lines = catalog.history.get(entry.code, ())
        assert ('id="history"' in html) == bool(lines), entry.code
        for release, change in lines:
            assert f'href="../../changes/#{release.date}"' in html
        # Every page's footer links the change log and its feed, relative to the page.
        assert re.search(r'<a href="../../changes/">[^<]+</a>.*?<a href="../../feed.xml" type="application/atom\+xml">Atom</a>', html, re.S)
    home = (built_site / lang / "index.html").read_text(encoding="utf-8")
    assert 'href="changes/"' in home and 'href="feed.xml"' in home


@pytest.mark.parametrize("lang", ["id", "en"])
def test_the_markdown_twins_carry_the_change_log_and_each_codes_history(built_site, catalog, lang):
    from generator.strings import ui_strings

    ui = ui_strings(lang)["changes"]
    twin = (built_site / lang / "changes" / "index.md").read_text(encoding="utf-8")
    assert [line.split(":")[0] for line in twin.splitlines() if line.startswith("## ")] == [f"## {r.date}" for r in catalog.releases]
    lines = [line for line in twin.splitlines() if line.startswith("- **")]
    assert len(lines) == sum(len(r.changes) for r in catalog.releases)
    for entry in catalog.entries[::41]:
        code_twin = (built_site / lang / "codes" / entry.code / "index.md").read_text(encoding="utf-8")
        history = catalog.history.get(entry.code, ())
        assert (f"## {ui['history']}" in code_twin) == bool(history), entry.code
        for release, change in history:
            assert f"- {release.date}: **{ui['kinds'][change.kind]}**. {change.why.get(lang)}" in code_twin
    llms = (built_site / lang / "llms.txt").read_text(encoding="utf-8")
    assert "(changes/index.md)" in llms and "(feed.xml)" in llms


def test_an_unknown_key_in_a_release_or_a_change_is_named(logged):
    edit(logged, "changes.yml", "    changes:\n      - kind: advice", "    change:\n      - kind: advice")
    edit(logged, "changes.yml", "      - kind: added", "      - kind: added\n        code: x")
    _, problems = load(logged)
    assert [str(p) for p in problems] == [
        f"{CHANGES}:2: -: a release needs `changes:`, a list of lines each with kind, codes and why",
        f"{CHANGES}:6: -: unknown key `change` in a release (did you mean `changes`?); the keys are date, title and changes",
        f"{CHANGES}:18: -: unknown key `code` in a change (did you mean `codes`?); the keys are kind, codes and why",
    ]
