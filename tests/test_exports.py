"""The catalog as data: the site's /api/v1/ files, `export --format json|csv` and `lookup` agree with the catalog."""
from __future__ import annotations

import csv
import io
import json
import re
import subprocess
import sys
from pathlib import Path

import jsonschema
import pytest

from generator.model import LANGS

ROOT = Path(__file__).resolve().parent.parent
TEXTS = ("title", "description", "action", "reply")


def run_cli(*args):
    return subprocess.run([sys.executable, "-m", "generator", *args], capture_output=True, text=True, cwd=ROOT)


@pytest.fixture(scope="module")
def api(built_site):
    return built_site / "api" / "v1"


@pytest.fixture(scope="module")
def published(api):
    return json.loads((api / "codes.json").read_text(encoding="utf-8"))


def test_codes_json_matches_the_catalog(published, catalog):
    assert published["schema_version"] == 1
    assert [c["key"] for c in published["categories"]] == [c.key for c in catalog.categories]
    assert [r["code"] for r in published["codes"]] == [e.code for e in catalog.entries]
    by_code = {r["code"]: r for r in published["codes"]}
    for e in catalog.entries:
        record = by_code[e.code]
        assert (record["origin"], record["category"], record["retry"], record["http_status"]) == (
            e.origin, e.category, e.retry, e.http_status)
        for field in TEXTS:
            assert set(record[field]) == {"id", "en"} and all(record[field].values())
            assert "{provider}" not in json.dumps(record[field]) and "{helpdesk}" not in json.dumps(record[field])
        assert record["urls"] == {"id": f"id/codes/{e.code}/", "en": f"en/codes/{e.code}/", "ticket": f"codes/{e.code}/"}
        for other in record["related"]:
            assert e.code in by_code[other]["related"]
    assert "130429" in by_code["116002"]["related"] and "116002" in by_code["130429"]["related"]


def test_every_url_in_the_export_is_a_page(published, built_site):
    for record in published["codes"]:
        for url in record["urls"].values():
            assert (built_site / url / "index.html").is_file(), url


def test_exports_validate_against_the_published_schema(api, published):
    schema = json.loads((api / "codes.schema.json").read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator.check_schema(schema)
    jsonschema.validate(published, schema)
    entry = {"$ref": "#/$defs/entry", "$defs": schema["$defs"]}
    for path in sorted((api / "codes").glob("*.json"))[:40]:
        jsonschema.validate(json.loads(path.read_text(encoding="utf-8")), entry)
    assert json.loads((api / "catalog.schema.json").read_text())["$id"] == "codes.schema.json"


def test_one_file_per_code_and_per_range_member(api, published, catalog):
    by_code = {r["code"]: r for r in published["codes"]}
    for e in catalog.entries:
        assert json.loads((api / "codes" / f"{e.code}.json").read_text(encoding="utf-8")) == {"schema_version": 1, **by_code[e.code]}
    for member, e in catalog.range_members():
        assert json.loads((api / "codes" / f"{member}.json").read_text(encoding="utf-8"))["code"] == e.code
    assert json.loads((api / "codes" / "115003.json").read_text())["code"] == "115001-115005"


def test_csv_has_a_row_per_entry_and_a_column_per_field_and_language(api, published):
    text = (api / "codes.csv").read_bytes().decode("utf-8")
    rows = list(csv.DictReader(io.StringIO(text, newline="")))
    assert [r["code"] for r in rows] == [r["code"] for r in published["codes"]]
    assert {f"{f}_{lang}" for f in TEXTS + ("notes",) for lang in LANGS} <= set(rows[0])
    by_code = {r["code"]: r for r in published["codes"]}
    for row in rows:
        record = by_code[row["code"]]
        for field in TEXTS:
            for lang in LANGS:
                assert row[f"{field}_{lang}"] == record[field][lang]
        assert row["related"].split() == record["related"]
        assert row["url_ticket"] == record["urls"]["ticket"]


@pytest.mark.parametrize("fmt,name", [("json", "codes.json"), ("csv", "codes.csv")])
def test_export_command_writes_what_the_site_publishes(api, fmt, name):
    run = subprocess.run([sys.executable, "-m", "generator", "export", "--format", fmt], capture_output=True, cwd=ROOT)
    assert run.returncode == 0, run.stderr
    assert run.stdout == (api / name).read_bytes()


def test_every_code_and_range_member_has_a_ticket_link(built_site, catalog):
    for code in [e.code for e in catalog.entries] + [m for m, _ in catalog.range_members()]:
        html = (built_site / "codes" / code / "index.html").read_text(encoding="utf-8")
        assert 'url=../../id/codes/' in html and 'href="/' not in html


def test_lookup_prints_an_entry(catalog):
    run = run_cli("lookup", "131049")
    assert run.returncode == 0, run.stderr
    first = run.stdout.splitlines()[0]
    assert first == f"131049: {catalog.by_code()['131049'].title.id}"
    assert "Balasan untuk pelanggan" in run.stdout and "id/codes/131049/" in run.stdout


def test_lookup_resolves_a_range_member_in_english():
    run = run_cli("lookup", "115003", "--lang", "en")
    assert run.returncode == 0, run.stderr
    assert run.stdout.startswith("115003 → 115001-115005: ")
    assert "Reply for the customer" in run.stdout and "en/codes/115001-115005/" in run.stdout


def test_lookup_json_is_the_published_record(api):
    run = run_cli("lookup", "#131049", "--json")
    assert run.returncode == 0, run.stderr
    assert json.loads(run.stdout) == json.loads((api / "codes" / "131049.json").read_text(encoding="utf-8"))


def test_lookup_of_an_unknown_code_exits_1_and_names_the_nearest():
    run = run_cli("lookup", "131099", "--lang", "en")
    assert run.returncode == 1 and run.stdout == ""
    assert run.stderr.startswith("Code 131099 is not in the catalog. Nearest known codes: ")
    nearest = re.findall(r"(?:: |\), )(\d+) \(", run.stderr)
    # one typo away first (131059, 131049, 131009), then the numerically closest
    assert nearest == ["131059", "131049", "131009", "131064", "131063"]


def test_lookup_of_text_that_is_not_a_code_says_so():
    run = run_cli("lookup", "abc")
    assert run.returncode == 2 and "angka" in run.stderr


def test_lookup_sees_a_catalog_edit_at_once(mini):
    before = run_cli("lookup", "130429", "--catalog", str(mini), "--lang", "en")
    assert before.returncode == 0, before.stderr
    codes = mini / "codes" / "rate-limit.yml"
    codes.write_text(codes.read_text(encoding="utf-8").replace("130429", "130499"), encoding="utf-8")
    after = run_cli("lookup", "130429", "--catalog", str(mini), "--lang", "en")
    assert after.returncode == 1 and "130499" in after.stderr
