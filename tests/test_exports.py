"""The catalog as data: the site's /api/v1/ files, `export --format json|csv` and `lookup` agree with the catalog."""
from __future__ import annotations

import csv
import io
import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import jsonschema
import pytest

from generator.load import load
from generator.model import LANGS
from generator.site import build_into
from generator.text import FORMULA_START, filled, plain

ROOT = Path(__file__).resolve().parent.parent
TEXTS = ("title", "description", "action", "ticket_reply")


def run_cli(*args):
    return subprocess.run([sys.executable, "-m", "generator", *args], capture_output=True, text=True, cwd=ROOT)


@pytest.fixture(scope="module")
def api(built_site):
    return built_site / "api" / "v1"


@pytest.fixture(scope="module")
def published(api):
    return json.loads((api / "codes.json").read_text(encoding="utf-8"))


def test_codes_json_matches_the_catalog(published, catalog):
    assert published["schema_version"] == 3
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
        one = json.loads((api / "codes" / f"{e.code}.json").read_text(encoding="utf-8"))
        history = one.pop("history")
        assert one == {"schema_version": 3, **by_code[e.code]}
        # Its history is every change-log line naming it, newest first; `changed` is the newest one's day.
        assert history == [{"date": r["date"], "kind": c["kind"], "why": c["why"]}
                           for r in published["releases"] for c in r["changes"] if e.code in c["codes"]]
        assert one["changed"] == (history[0]["date"] if history else None)
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
    assert "Balasan tiket: dari OCA Helpdesk untuk bisnis" in run.stdout and "id/codes/131049/" in run.stdout
    entry = catalog.by_code()["131049"]
    assert " ".join(plain(entry.ticket_reply.id, catalog.placeholders).split()) in " ".join(run.stdout.split())


def test_lookup_resolves_a_range_member_in_english():
    run = run_cli("lookup", "115003", "--lang", "en")
    assert run.returncode == 0, run.stderr
    assert run.stdout.startswith("115003 → 115001-115005: ")
    assert "Ticket reply: from OCA Helpdesk to the business" in run.stdout and "en/codes/115001-115005/" in run.stdout
    assert "Customer message: from the business to the recipient" in run.stdout


def test_lookup_of_a_code_with_its_own_entry_inside_a_range(catalog, api):
    # 200 has an entry of its own inside 200-299; 250 is still a member of the range.
    own = run_cli("lookup", "200", "--lang", "en")
    assert own.returncode == 0, own.stderr
    assert own.stdout.splitlines()[0] == f"200: {catalog.by_code()['200'].plain_title}"
    assert "en/codes/200/" in own.stdout and "200-299" not in own.stdout.splitlines()[0]
    member = run_cli("lookup", "250", "--lang", "en")
    assert member.returncode == 0, member.stderr
    assert member.stdout.startswith(f"250 → 200-299: {catalog.by_code()['200-299'].plain_title}")
    assert "en/codes/200-299/" in member.stdout
    assert json.loads(run_cli("lookup", "200", "--json").stdout)["code"] == "200"
    assert json.loads((api / "codes" / "200.json").read_text(encoding="utf-8"))["code"] == "200"
    assert json.loads((api / "codes" / "250.json").read_text(encoding="utf-8"))["code"] == "200-299"


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
    assert run.returncode == 2 and run.stdout == ""
    assert run.stderr == "Masukkan kode, misalnya 131049, atau judul error dari API.\n"


def test_lookup_finds_a_code_by_any_of_its_titles(catalog):
    # The title the API sends now, one it sent before, in any case and punctuation.
    for title in ("Number of parameters does not match the expected number of params", "template PARAM count mismatch!"):
        run = run_cli("lookup", title, "--lang", "en")
        assert run.returncode == 0, run.stderr
    now = run_cli("lookup", "number of parameters does not match the expected number of params", "--lang", "en")
    assert now.stdout.splitlines()[0] == f"132000: {catalog.by_code()['132000'].plain_title}"
    assert "Title from the API: Number of parameters does not match the expected number of params" in now.stdout.splitlines()
    assert "Titles seen in API responses: Template Param Count Mismatch" in now.stdout
    # "Template Param Count Mismatch" is 2000's title as well (catalog/titles.yml): both are listed.
    shared = run_cli("lookup", "template PARAM count mismatch!", "--lang", "en")
    assert shared.stdout.splitlines() == ["This title is used by several codes:",
                                          f"  2000: {catalog.by_code()['2000'].plain_title}  ·  en/codes/2000/",
                                          f"  132000: {catalog.by_code()['132000'].plain_title}  ·  en/codes/132000/"]
    assert [r["code"] for r in json.loads(run_cli("lookup", "Template Param Count Mismatch", "--json").stdout)] == ["2000", "132000"]
    assert json.loads(run_cli("lookup", "Account has been locked", "--json").stdout)["code"] == "131031"


def test_exports_carry_titles_seen_and_cited_sources(published, api):
    by_code = {r["code"]: r for r in published["codes"]}
    assert by_code["132000"]["api_title"] == "Number of parameters does not match the expected number of params"
    assert by_code["132000"]["titles_seen"] == ["Template Param Count Mismatch"]
    assert by_code["132000"]["cite"] == {"charged": ["meta-pricing"], "acts": ["meta-error-codes"]}
    assert by_code["133016"]["cite"]["retry_after"] == ["meta-registration"]
    assert by_code["130429"]["titles_seen"] == [] and by_code["130429"]["cite"] == {"charged": ["meta-pricing"], "acts": ["meta-error-codes"]}
    rows = {r["code"]: r for r in csv.DictReader(io.StringIO((api / "codes.csv").read_text(encoding="utf-8"), newline=""))}
    assert rows["132000"]["titles_seen"] == "Template Param Count Mismatch"
    assert rows["132000"]["cite"] == "charged:meta-pricing acts:meta-error-codes"
    assert rows["130429"]["titles_seen"] == ""


def test_version_3_titles_are_the_plain_ones_and_api_title_is_what_the_api_sends(published, api, catalog):
    """Version 3: title.en is the plain English title the pages show; api_title is the catalog's
    title.en (what title.en held until version 2); titles_seen is unchanged; reply is gone."""
    values = catalog.placeholders
    by_code = {r["code"]: r for r in published["codes"]}
    rows = {r["code"]: r for r in csv.DictReader(io.StringIO((api / "codes.csv").read_text(encoding="utf-8"), newline=""))}
    for e in catalog.entries:
        record = by_code[e.code]
        assert record["api_title"] == filled(e.title.en, values), e.code
        assert record["title"] == {"id": filled(e.title.id, values), "en": e.plain_title}, e.code
        assert record["titles_seen"] == list(e.titles_seen) and "reply" not in record, e.code
        assert (rows[e.code]["title_en"], rows[e.code]["title_id"]) == (e.plain_title, record["title"]["id"]), e.code
        assert rows[e.code]["api_title"].removeprefix("'") == record["api_title"], e.code
    assert list(rows["131049"])[-2:] == ["api_title", "changed"] and "reply_en" not in rows["131049"]
    assert by_code["138001"]["title"]["en"] == "Number can't receive WhatsApp calls"
    assert by_code["138001"]["api_title"] == "Receiver Uncallable"


def test_lookup_finds_a_code_by_its_plain_title_and_shows_both_titles(catalog):
    entry = catalog.by_code()["138001"]
    run = run_cli("lookup", "number CAN'T receive whatsapp calls", "--lang", "en")
    assert run.returncode == 0, run.stderr
    assert run.stdout.splitlines()[:3] == [f"138001: {entry.plain_title}", "", "Title from the API: Receiver Uncallable"]
    indonesian = run_cli("lookup", "138001").stdout.splitlines()
    assert indonesian[:3] == [f"138001: {entry.title.id}", "", "Judul dari API: Receiver Uncallable"]
    # An On-Premises code and its successor may share a plain title: lookup lists both.
    shared = json.loads(run_cli("lookup", catalog.by_code()["2068"].plain_title, "--json").stdout)
    assert [r["code"] for r in shared] == ["2068", "132068"]


def test_lookup_sees_a_catalog_edit_at_once(mini):
    before = run_cli("lookup", "130429", "--catalog", str(mini), "--lang", "en")
    assert before.returncode == 0, before.stderr
    codes = mini / "codes" / "rate-limit.yml"
    codes.write_text(codes.read_text(encoding="utf-8").replace("130429", "130499"), encoding="utf-8")
    problems = mini / "problems" / "delivery.yml"
    problems.write_text(problems.read_text(encoding="utf-8").replace("130429", "130499"), encoding="utf-8")
    after = run_cli("lookup", "130429", "--catalog", str(mini), "--lang", "en")
    assert after.returncode == 1 and "130499" in after.stderr


# Values that spreadsheets would run as formulas: the catalog's own rule refuses such text,
# but a provider name, a helpdesk name or a source key can still start a CSV cell.
PROVIDER = '=HYPERLINK("http://x","y")'
HELPDESK = "+62 21 555 0100"
SOURCE_KEYS = {"130429": "@meta", "116002": "-acme", "115001-115005": "\tacme", "115010": "\racme"}


@pytest.fixture(scope="module")
def formulas(tmp_path_factory):
    """(catalog folder, built site) of the mini catalog with the values above."""
    root = tmp_path_factory.mktemp("formulas") / "catalog"
    shutil.copytree(ROOT / "tests" / "fixtures" / "mini", root)
    (root / "provider.yml").write_text(
        f"name: {json.dumps(PROVIDER)}\nhelpdesk:\n  name: {json.dumps(HELPDESK)}\n  url: https://help.example.com/\n",
        encoding="utf-8")
    (root / "sources.yml").write_text("sources:\n" + "".join(
        f"  {json.dumps(key)}:\n    title: Source {n}\n" for n, key in enumerate(sorted(set(SOURCE_KEYS.values())))),
        encoding="utf-8")
    (root / "titles.yml").write_text('titles:\n  - title: Insufficient Quota\n    codes: ["115001-115005", "115010"]\n', encoding="utf-8")
    quota = root / "codes" / "quota.yml"
    quota.write_text(quota.read_text(encoding="utf-8") + quota.read_text(encoding="utf-8").removeprefix("codes:\n")
                     .replace('"115001-115005"', '"115010"'), encoding="utf-8")
    problems = root / "problems" / "delivery.yml"
    problems.write_text(problems.read_text(encoding="utf-8").replace("sources: [meta]", 'sources: ["@meta"]'), encoding="utf-8")
    for path in (root / "codes").glob("*.yml"):
        content = path.read_text(encoding="utf-8")
        for old, new in [("en: We will resend your message shortly.", "en: \"{provider} will resend your message shortly.\""),
                         ("en: Resend gradually or contact {helpdesk}.", "en: \"{helpdesk} can help you resend.\"")]:
            content = content.replace(old, new)
        path.write_text(content, encoding="utf-8")
    # each entry's first source key starts its `sources` cell
    for path, codes in ((root / "codes" / "rate-limit.yml", ("130429", "116002")), (quota, ("115001-115005", "115010"))):
        parts = path.read_text(encoding="utf-8").split("  - code: ")
        for i, part in enumerate(parts[1:], 1):
            code = json.loads(part.split("\n")[0])
            parts[i] = re.sub(r"sources: \[[^]]*\]", lambda _: f"sources: [{json.dumps(SOURCE_KEYS[code])}]", part)
            parts[i] = re.sub(r"(cite: .*)", lambda m: m.group(1).replace("[acme]", f"[{json.dumps(SOURCE_KEYS[code])}]"), parts[i])
        path.write_text("  - code: ".join(parts), encoding="utf-8")
    catalog, problems = load(root)
    assert problems == [], problems
    site = root.parent / "site"
    build_into(site, catalog)
    return root, site


def test_no_csv_cell_starts_a_spreadsheet_formula(formulas):
    root, site = formulas
    published = (site / "api" / "v1" / "codes.csv").read_bytes()
    run = subprocess.run([sys.executable, "-m", "generator", "export", "--format", "csv", "--catalog", str(root)],
                         capture_output=True, cwd=ROOT)
    assert run.returncode == 0, run.stderr
    assert run.stdout == published
    rows = list(csv.DictReader(io.StringIO(published.decode("utf-8"), newline="")))
    by_code = {row["code"]: row for row in rows}
    assert set(by_code) == set(SOURCE_KEYS)
    assert by_code["130429"]["customer_message_en"] == "'" + PROVIDER + " will resend your message shortly."
    assert by_code["130429"]["action_en"] == "'" + HELPDESK + " can help you resend."
    for code, key in SOURCE_KEYS.items():
        assert by_code[code]["sources"] == "'" + key
    assert [cell for row in rows for cell in row.values() if cell.startswith(FORMULA_START)] == []


def test_json_keeps_formula_like_text_unchanged(formulas):
    _, site = formulas
    data = json.loads((site / "api" / "v1" / "codes.json").read_text(encoding="utf-8"))
    assert data["provider"]["name"] == PROVIDER and data["provider"]["helpdesk"]["name"] == HELPDESK
    by_code = {record["code"]: record for record in data["codes"]}
    assert by_code["130429"]["customer_message"]["en"] == PROVIDER + " will resend your message shortly."
    assert "reply" not in by_code["130429"]  # deprecated in version 2, removed in 3
    assert by_code["130429"]["action"]["en"] == HELPDESK + " can help you resend."
    assert {code: [s["key"] for s in record["sources"]] for code, record in by_code.items()} == {
        code: [key] for code, key in SOURCE_KEYS.items()}


def test_exports_carry_when_each_entry_was_checked(api, published, catalog):
    by_code = {r["code"]: r for r in published["codes"]}
    for e in catalog.entries:
        record = by_code[e.code]
        assert record["verified"] == e.verified
        assert record["acts"] == e.acts and record["charged"] == e.charged
    rows = list(csv.DictReader(io.StringIO((api / "codes.csv").read_text(encoding="utf-8"), newline="")))
    assert all(row["verified"] == by_code[row["code"]]["verified"] for row in rows)
    assert {"verified", "acts", "charged", "checks_id", "checks_en"} <= set(rows[0])


def test_an_unknown_code_in_a_documented_family_is_named_by_lookup(catalog):
    family = catalog.families[0]
    code = next(str(n) for n in range(family.low, family.high + 1) if catalog.resolve(str(n)) is None)
    run = run_cli("lookup", code, "--lang", "en")
    assert run.returncode == 1
    assert f"Code {code} is not documented here, but it belongs to the {family.name.en} family." in run.stderr
    assert f"en/{family.category}/" in run.stderr
    outside = run_cli("lookup", "999999999", "--lang", "en")
    assert outside.returncode == 1 and "family" not in outside.stderr


def test_families_are_published_as_data(api, published, catalog, built_site):
    assert [f["codes"] for f in published["families"]] == [f.codes for f in catalog.families]
    assert published["families"] and all(f["sources"] for f in published["families"])
    for lang in LANGS:
        assets = json.loads((built_site / lang / "assets" / "families.json").read_text(encoding="utf-8"))
        assert [(a["lo"], a["hi"], a["k"]) for a in assets] == [(f.low, f.high, f.category) for f in catalog.families]


def test_the_message_the_api_sends_besides_the_title_is_shown_and_exported(published, api, built_site, catalog):
    """An On-Premises code's `details` text is data (api_message), not a sentence in its description."""
    entry = catalog.by_code()["2005"]
    assert entry.api_message == "Translated text too long"
    assert "`Translated text too long`" not in entry.description.id + entry.description.en
    by_code = {r["code"]: r for r in published["codes"]}
    assert by_code["2005"]["api_message"] == "Translated text too long" and by_code["131049"]["api_message"] is None
    rows = {row["code"]: row for row in csv.DictReader(io.StringIO((api / "codes.csv").read_text(encoding="utf-8"), newline=""))}
    assert rows["2005"]["api_message"] == "Translated text too long"
    for lang, label in (("id", "Pesan error dari API"), ("en", "Error message from the API")):
        page = (built_site / lang / "codes" / "2005" / "index.html").read_text(encoding="utf-8")
        assert f'<dt>{label}</dt><dd><code lang="en">Translated text too long</code></dd>' in page
