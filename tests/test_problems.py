"""Problems without a code (catalog/problems/): each mistake a maintainer can make is reported
with file, line, slug and how to fix it; a valid problem loads, is exported and published.

Fault cases break one thing in a copy of tests/fixtures/mini and assert the exact diagnostics.
"""
from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest
import yaml

from generator import export
from generator.load import load

PROBLEMS = "catalog/problems/delivery.yml"
ROOT = Path(__file__).resolve().parent.parent


def edit(root: Path, old: str, new: str) -> None:
    file = root / "problems" / "delivery.yml"
    content = file.read_text(encoding="utf-8")
    assert old in content, f"fixture changed: {old!r}"
    file.write_text(content.replace(old, new, 1), encoding="utf-8")


CASES = [
    ("slug not a slug", "slug: stuck-at-sent", "slug: Stuck At Sent",
     [f"{PROBLEMS}:3: -: slug `Stuck At Sent` is not a slug; write lowercase English words joined by hyphens, at most 60 characters, "
      "like slug: stuck-at-sent (it is the page's permanent address)"]),
    ("unknown key", "    no_customer_message: internal", "    no_customer_message: internal\n    retry: later",
     [f"{PROBLEMS}:23: stuck-at-sent: unknown key `retry`; a problem's keys are slug, title, keywords, description, checks, action, "
      "ticket_reply, sources, verified, customer_message, no_customer_message, customer_channel, acts, related, notes"]),
    ("missing checks", '    checks:\n      id: ["Lihat kapan pesan dikirim.", "Tanyakan apakah ponsel penerima sedang aktif."]\n'
                       '      en: ["See when the message was sent.", "Ask whether the recipient\'s phone is on."]\n', "",
     [f"{PROBLEMS}:3: stuck-at-sent: missing key `checks`; every problem needs slug, title, keywords, description, checks, action, "
      "ticket_reply, sources, verified"]),
    ("keywords in one language", "      en: [single tick, stuck on sent]\n", "",
     [f"{PROBLEMS}:4: stuck-at-sent: a problem is found by its words: list keywords in both languages, `id:` and `en:`"]),
    ("related code unknown", 'related: ["130429"]', 'related: ["131026"]',
     [f"{PROBLEMS}:23: stuck-at-sent: related code 131026 is not an entry of the catalog; fix the code or add an entry for it"]),
    ("related code inside a range", 'related: ["130429"]', 'related: ["115003"]',
     [f'{PROBLEMS}:23: stuck-at-sent: related code 115003 is not an entry of the catalog; use the range "115001-115005"']),
    ("unknown source", "sources: [meta]", "sources: [meta-statuses]",
     [f"{PROBLEMS}:24: stuck-at-sent: unknown source `meta-statuses`; use a key of catalog/sources.yml or add the source there"]),
    ("no customer message said", "    no_customer_message: internal\n", "",
     [f"{PROBLEMS}:3: stuck-at-sent: missing `customer_message`; write the message the business can send its customer, "
      "or say why there is none with no_customer_message: opted-out | blocked | not-on-whatsapp | marketing-limit | internal"]),
    ("title with a placeholder", "      id: Pesan tertahan di centang satu", "      id: Pesan {provider} tertahan",
     [f"{PROBLEMS}:8: stuck-at-sent: Indonesian text `title.id`: placeholder `{{provider}}` in a name; a name is plain text; "
      "write it as readers see it, without placeholders"]),
    ("a channel without a message", "    no_customer_message: internal", "    no_customer_message: internal\n    customer_channel: other",
     [f"{PROBLEMS}:23: stuck-at-sent: customer_channel only goes with a customer_message; remove it"]),
    ("verified in the future", 'verified: "2026-11-29"', 'verified: "2999-01-01"',
     [f"{PROBLEMS}:25: stuck-at-sent: verified 2999-01-01 is in the future; write the day the entry was last checked against its sources"]),
    ("one check step", '      id: ["Lihat kapan pesan dikirim.", "Tanyakan apakah ponsel penerima sedang aktif."]',
     '      id: ["Lihat kapan pesan dikirim."]',
     [f"{PROBLEMS}:13: stuck-at-sent: checks has 1 Indonesian and 2 English steps; write each step in both languages",
      f"{PROBLEMS}:14: stuck-at-sent: checks.id has 1 step; write 2 to 8"]),
]


@pytest.mark.parametrize("name,old,new,expected", CASES, ids=[c[0] for c in CASES])
def test_problem_fault_is_reported_exactly(mini, name, old, new, expected):
    edit(mini, old, new)
    catalog, problems = load(mini)
    assert catalog is None
    assert [str(p) for p in problems] == expected


def test_a_slug_used_twice_is_reported_with_the_first_place(mini):
    file = mini / "problems" / "more.yml"
    text = (mini / "problems" / "delivery.yml").read_text(encoding="utf-8")
    file.write_text(text, encoding="utf-8")
    _, problems = load(mini)
    assert [str(p) for p in problems] == [
        "catalog/problems/more.yml:3: stuck-at-sent: duplicate slug: already used at catalog/problems/delivery.yml:3; "
        "a slug is one page's address, so give this problem another"]


def test_a_problems_file_without_problems_is_reported(mini):
    (mini / "problems" / "empty.yml").write_text("problems:\n", encoding="utf-8")
    (mini / "problems" / "notes.txt").write_text("x", encoding="utf-8")
    _, problems = load(mini)
    assert [str(p) for p in problems] == [
        "catalog/problems/empty.yml:1: -: `problems:` must be a list of problems, each starting with `- slug:`",
        "catalog/problems/notes.txt:1: -: only .yml problem files belong in catalog/problems/, so this file is not read; "
        "move it out of the folder, or rename it to notes.yml if it holds entries"]


def test_a_catalog_without_problems_is_valid(mini):
    import shutil
    shutil.rmtree(mini / "problems")
    catalog, problems = load(mini)
    assert problems == [] and catalog.problems == ()


def test_a_valid_problem_loads_and_links_its_codes(mini):
    catalog, problems = load(mini)
    assert problems == []
    (problem,) = catalog.problems
    assert problem.slug == "stuck-at-sent" and problem.related == ("130429",)
    assert problem.keywords_in("id") == ("centang satu", "pesan tertahan")
    assert catalog.problems_of == {"130429": (problem,)}
    assert (PROBLEMS, 20) in [(f, line) for f, line, _, _ in catalog.texts]  # the spelling check reads it


def test_problem_files_validate_against_their_schema():
    schema = json.loads((ROOT / "schema" / "problems.schema.json").read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator.check_schema(schema)
    paths = sorted((ROOT / "catalog" / "problems").glob("*.yml")) + [ROOT / "tests/fixtures/mini/problems/delivery.yml"]
    assert len(paths) >= 2
    for path in paths:
        text = path.read_text(encoding="utf-8")
        assert text.startswith("# yaml-language-server: $schema="), path.name
        jsonschema.validate(yaml.safe_load(text), schema)
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate({"problems": [{"slug": "Not A Slug"}]}, schema)


def test_problems_are_exported_with_the_codes(mini):
    catalog, _ = load(mini)
    files = export.api_files(catalog)
    data = json.loads(files["api/v1/codes.json"])
    (record,) = data["problems"]
    assert record["slug"] == "stuck-at-sent"
    assert record["urls"] == {"id": "id/problems/stuck-at-sent/", "en": "en/problems/stuck-at-sent/", "ticket": "problems/stuck-at-sent/"}
    assert "ACME Helpdesk" in record["action"]["id"] and "{helpdesk}" not in record["action"]["id"]
    assert json.loads(files["api/v1/problems/stuck-at-sent.json"]) == {"schema_version": export.SCHEMA_VERSION, **record}
    schema = json.loads((ROOT / "schema" / "export.schema.json").read_text(encoding="utf-8"))
    jsonschema.validate(data, schema)
    jsonschema.validate(record, {"$ref": "#/$defs/problem", "$defs": schema["$defs"]})
