"""The real catalog: complete, bilingual and consistent (exports: test_exports.py)."""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import jsonschema
import pytest
import yaml

from generator import yamlfile
from generator.load import DEFAULT_ROOT

FIXTURES = Path(__file__).parent / "fixtures"
ROOT = Path(__file__).resolve().parent.parent
SEED_CODES = [
    line.strip() for line in (FIXTURES / "seed_codes.txt").read_text().splitlines() if line.strip() and not line.startswith("#")
]
# Pairs the catalog must link (provider <-> Meta, legacy <-> Cloud API); the site shows them both ways.
REQUIRED_LINKS = [
    ("116002", "130429"), ("111009", "190"), ("112001", "33"), ("112003", "133010"), ("119004", "132000"),
    ("119003", "132001"), ("117002", "131026"), ("470", "131047"), ("471", "131048"), ("472", "130472"),
    ("1026", "131026"), ("2000", "132000"),
]
# Where public sources disagree, the entry says so.
REQUIRED_NOTES = ["131031", "131051", "132001", "131056", "130472"]


def test_seed_list_is_the_expected_size():
    assert len(SEED_CODES) == 115


@pytest.mark.parametrize("code", SEED_CODES)
def test_every_seed_code_has_an_entry(catalog, code):
    entry = catalog.resolve(code)
    assert entry is not None, f"{code} from the seed pages is missing"
    assert entry.code == code


def test_codes_inside_a_range_resolve_to_the_range(catalog):
    assert catalog.resolve("115003").code == "115001-115005"
    assert catalog.resolve("250").code == "200-299"
    assert catalog.resolve("999999999") is None


def test_a_code_with_its_own_entry_inside_a_range_resolves_to_it(catalog):
    # Meta gives 200 (no access token) a row of its own inside 200-299 (permission).
    assert catalog.resolve("200").code == "200"
    assert catalog.resolve("201").code == catalog.resolve("299").code == "200-299"
    members = {code for code, e in catalog.range_members() if e.code == "200-299"}
    assert "200" not in members and {"201", "250", "299"} <= members


def test_origins_follow_the_code_families(catalog):
    for e in catalog.entries:
        if 111001 <= e.low <= 121006 or e.code == "75":
            assert e.origin == "provider", e.code
        if e.category == "legacy":
            assert e.origin == "meta-onprem", e.code
        if e.origin == "meta-onprem":
            assert e.category == "legacy", e.code


def test_every_category_has_codes(catalog):
    for c in catalog.categories:
        assert catalog.in_category(c.key), f"category {c.key} is empty"


@pytest.mark.parametrize("a,b", REQUIRED_LINKS)
def test_required_links_exist_both_ways(catalog, a, b):
    assert b in catalog.links[a] and a in catalog.links[b]


def test_every_link_is_two_way_and_resolves(catalog):
    codes = set(catalog.by_code())
    for code, linked in catalog.links.items():
        for other in linked:
            assert other in codes
            assert code in catalog.links[other]


@pytest.mark.parametrize("code", REQUIRED_NOTES)
def test_known_disagreements_are_noted(catalog, code):
    notes = catalog.resolve(code).notes
    assert notes and notes.id.strip() and notes.en.strip()


def test_indonesian_and_english_texts_differ(catalog):
    # A text copied into the other language unchanged is a missing translation.
    for e in catalog.entries:
        for field in ("description", "action", "ticket_reply", "customer_message"):
            value = getattr(e, field)
            assert value is None or value.id != value.en, f"{e.code} {field} is the same in both languages"


def test_provider_is_named_only_in_configuration():
    for path in (DEFAULT_ROOT / "codes").glob("*.yml"):
        text = path.read_text(encoding="utf-8")
        assert "OCA" not in text, f"{path.name} names the provider by hand; write {{provider}} or {{helpdesk}}"


def test_code_files_reference_the_schema_and_validate_against_it():
    schema = json.loads((ROOT / "schema" / "codes.schema.json").read_text())
    for path in sorted((DEFAULT_ROOT / "codes").glob("*.yml")):
        text = path.read_text(encoding="utf-8")
        assert text.startswith("# yaml-language-server: $schema=../../schema/codes.schema.json\n"), path.name
        data, problems = yamlfile.read(path, path.name)  # our reader keeps `retry: no` a string, as editors do
        assert problems == []
        jsonschema.validate(data, schema)


@pytest.mark.parametrize("name", ["categories", "provider", "sources", "families", "glossary", "titles", "origins"])
def test_config_files_validate_against_their_schema(name):
    schema = json.loads((ROOT / "schema" / f"{name}.schema.json").read_text())
    text = (DEFAULT_ROOT / f"{name}.yml").read_text(encoding="utf-8")
    assert text.startswith(f"# yaml-language-server: $schema=../schema/{name}.schema.json\n")
    jsonschema.validate(yaml.safe_load(text), schema)


def test_schema_rejects_what_check_rejects():
    schema = json.loads((ROOT / "schema" / "codes.schema.json").read_text())
    good = yaml.safe_load((FIXTURES / "mini" / "codes" / "quota.yml").read_text())
    jsonschema.validate(good, schema)
    for broken in (
        {"code": 115001},
        {"retry": "soon"},
        {"origin": "facebook"},
        {"title": {"id": "x"}},
        {"colour": "red"},
        {"retry_after": "15 minutes"},
        {"verified": "29-11-2026"},
        {"acts": "developers"},
        {"charged": "maybe"},
        {"checks": {"id": ["satu langkah"], "en": ["one step"]}},
        {"titles_seen": "Insufficient Quota"},
        {"titles_seen": ["Quota ran out", "Quota ran out"]},
        {"cite": {"charged": "acme"}},
        {"cite": {"retry": ["acme"]}},
    ):
        entry = {**good["codes"][0], **broken}
        with pytest.raises(jsonschema.ValidationError):
            jsonschema.validate({"codes": [entry]}, schema)


def test_check_on_the_real_catalog_reports_nothing():
    run = subprocess.run([sys.executable, "-m", "generator", "check"], capture_output=True, text=True, cwd=ROOT)
    assert run.returncode == 0, run.stderr
    assert run.stderr == ""
    assert run.stdout.startswith("catalog OK: ")


def test_every_meta_entry_cites_a_meta_page(catalog):
    """A Meta code's facts come from Meta: each meta / meta-onprem entry cites at least one
    source that is a page on Meta's developer site (an OCA or blog page alone is not enough)."""
    def is_meta_page(key):
        url = catalog.sources[key].url or ""
        return url.startswith("https://developers.facebook.com/")

    without = [f"{e.code} ({e.file}:{e.line})" for e in catalog.entries
               if e.origin in ("meta", "meta-onprem") and not any(is_meta_page(k) for k in e.sources)]
    assert without == [], "cite the Meta page that carries each of these codes"


def test_every_stated_fact_cites_a_source_the_entry_lists(catalog):
    """charged, acts and a wait are said only where a source says so: each names, in `cite`, sources
    the entry lists; a Meta code's `acts` cites a Meta page, a provider code's the provider's own."""
    for e in catalog.entries:
        for fact in ("charged", "acts", "retry_after"):
            keys = e.cited(fact)
            assert bool(keys) == bool(getattr(e, fact)), f"{e.code}: {fact} and its cite"
            assert set(keys) <= set(e.sources), f"{e.code}: cite.{fact}"
        if e.acts and e.origin == "provider":
            assert all(k.startswith("oca-") for k in e.cited("acts")), e.code
        elif e.acts:
            assert all((catalog.sources[k].url or "").startswith("https://developers.facebook.com/") for k in e.cited("acts")), e.code


def test_every_entry_was_checked_and_not_in_the_future(catalog):
    import datetime

    days = {datetime.date.fromisoformat(e.verified) for e in catalog.entries}
    assert days and max(days) <= datetime.date.today()
