"""The reply pack (generator/replypack.py): every ticket reply and customer message per language with a
stable short code, filters that refuse what names nothing, CSV and JSON as published under
/api/v1/replies/ and valid against their schema, and the data page's filter form downloading
the same bytes."""
from __future__ import annotations

import csv
import dataclasses
import io
import json
import re

import jsonschema
import pytest

from generator import export, replypack
from generator.load import DEFAULT_ROOT, load
from generator.model import LANGS
from generator.paths import SCHEMA
from generator.text import FORMULA_START, copied, plain


@pytest.fixture(scope="module")
def packs(catalog):
    return {lang: replypack.records(catalog, lang) for lang in LANGS}


@pytest.fixture(scope="module")
def api(built_site):
    return built_site / "api" / "v1"


@pytest.fixture(scope="module")
def schema():
    return json.loads((SCHEMA / "replies.schema.json").read_text(encoding="utf-8"))


def items(catalog):
    return [*catalog.entries, *catalog.problems]


def key(item) -> tuple:
    return ("problem", item.slug) if hasattr(item, "slug") else ("code", item.code)


# ---- Short codes ---------------------------------------------------------------------------


def test_short_codes_are_unique_and_named_by_code_or_slug(packs, catalog):
    for lang, records in packs.items():
        codes = [r["short_code"] for r in records]
        assert len(codes) == len(set(codes)), lang
        for r in records:
            assert re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", r["short_code"]) and len(r["short_code"]) <= replypack.MAX_SHORT_CODE
            suffix = "" if r["kind"] == "ticket_reply" else ("c" if r["code"] else "-c")
            base = f"wa{r['code']}" if r["code"] else f"wa-{r['slug']}"
            assert r["short_code"] == base + suffix
    by_code = {(r["short_code"]): r for r in packs["id"]}
    assert by_code["wa131049"]["code"] == "131049" and by_code["wa131049"]["kind"] == "ticket_reply"
    assert "wa131049c" not in by_code, "131049 offers no customer message"
    assert by_code["wa470c"]["kind"] == "customer_message" and by_code["wa470c"]["code"] == "470"
    assert by_code["wa115001-115005"]["code"] == "115001-115005"
    assert by_code["wa-stuck-at-sent"]["slug"] == "stuck-at-sent"
    # Both languages name the same texts by the same short codes.
    assert [(r["short_code"], r["kind"], r["code"], r["slug"]) for r in packs["id"]] == \
           [(r["short_code"], r["kind"], r["code"], r["slug"]) for r in packs["en"]]


def test_short_codes_are_the_same_in_a_second_build(catalog, api):
    again, problems = load(DEFAULT_ROOT)
    assert problems == []
    for lang in LANGS:
        first = [r["short_code"] for r in replypack.records(catalog, lang)]
        assert [r["short_code"] for r in replypack.records(again, lang)] == first
        published = json.loads((api / "replies" / f"{lang}.json").read_text(encoding="utf-8"))
        assert [r["short_code"] for r in published["replies"]] == first
    assert replypack.api_files(again) == replypack.api_files(catalog)


def test_a_short_code_made_twice_is_refused(catalog):
    # Problem `foo`'s customer message and problem `foo-c`'s ticket reply would both be wa-foo-c.
    with_message = next(p for p in catalog.problems if p.customer_message)
    twins = (dataclasses.replace(with_message, slug="foo"), dataclasses.replace(catalog.problems[0], slug="foo-c"))
    clashing = dataclasses.replace(catalog, problems=catalog.problems + twins)
    with pytest.raises(ValueError, match=r"'wa-foo-c' is made twice, by problem foo and problem foo-c"):
        replypack.records(clashing, "id")
    too_long = dataclasses.replace(catalog, problems=(dataclasses.replace(catalog.problems[0], slug="x" * 80),))
    with pytest.raises(ValueError, match="at most 80 characters"):
        replypack.records(too_long, "en")


# ---- What a pack holds ---------------------------------------------------------------------------


def test_every_ticket_reply_and_customer_message_is_in_the_pack(packs, catalog):
    values = catalog.placeholders
    names = {c.key: c for c in catalog.categories}
    for lang, records in packs.items():
        by_item = {}
        for r in records:
            by_item.setdefault(("problem", r["slug"]) if r["slug"] else ("code", r["code"]), []).append(r)
        assert list(by_item) == [key(i) for i in items(catalog)], "codes in catalog order, then the problems"
        for item in items(catalog):
            got = by_item[key(item)]
            expected = [("ticket_reply", item.ticket_reply)] + ([("customer_message", item.customer_message)] if item.customer_message else [])
            assert [r["kind"] for r in got] == [kind for kind, _ in expected]
            for r, (kind, text) in zip(got, expected):
                assert r["text"] == copied(text.get(lang), values)
                assert "{provider}" not in r["text"] and "{helpdesk}" not in r["text"]
                assert r["title"] == plain(item.heading(lang), values)
                assert r["verified"] == item.verified
                assert r["channel"] == (item.customer_channel if kind == "customer_message" else None)
                if hasattr(item, "slug"):
                    assert (r["category"], r["origin"], r["link"]) == ("problems", None, export.urls(item.slug, "problems")["ticket"])
                else:
                    assert (r["category"], r["origin"], r["link"]) == (item.category, item.origin, export.urls(item.code)["ticket"])
                    assert r["category_name"] == names[item.category].name.get(lang)
    assert len(packs["id"]) == len(items(catalog)) + sum(1 for i in items(catalog) if i.customer_message)


def test_links_are_absolute_under_a_site_url(catalog):
    records = replypack.records(catalog, "en", codes=["131049", "stuck-at-sent"], site_url="https://help.example.com/wa/")
    assert {r["link"] for r in records} == {"https://help.example.com/wa/codes/131049/", "https://help.example.com/wa/problems/stuck-at-sent/"}


# ---- Filters ---------------------------------------------------------------------------


def test_filters_choose_and_combine(packs, catalog):
    every = packs["en"]
    template = replypack.records(catalog, "en", categories=["template"])
    assert template == [r for r in every if r["category"] == "template"] and template
    assert replypack.records(catalog, "en", categories="template") == template  # one value as a string
    problems = replypack.records(catalog, "en", categories=["problems"])
    assert {r["slug"] for r in problems} == {p.slug for p in catalog.problems}
    onprem = replypack.records(catalog, "en", origins=["meta-onprem"])
    assert onprem == [r for r in every if r["origin"] == "meta-onprem"] and onprem
    assert replypack.records(catalog, "en", origins=["meta", "meta-onprem", "provider"]) == [r for r in every if r["slug"] is None]
    customer = replypack.records(catalog, "en", kinds=["customer_message"])
    assert customer == [r for r in every if r["kind"] == "customer_message"]
    both = replypack.records(catalog, "en", categories=["template", "media"], origins=["meta"], kinds=["ticket_reply"])
    assert both == [r for r in every if r["category"] in ("template", "media") and r["origin"] == "meta" and r["kind"] == "ticket_reply"]
    assert replypack.records(catalog, "en", categories=[], origins=None) == every


def test_codes_choose_entries_ranges_and_problems(packs, catalog):
    chosen = replypack.records(catalog, "id", codes=["131049", " 115003 ", "stuck-at-sent", "115001-115005"])
    assert [(r["code"] or r["slug"]) for r in chosen] == (
        ["115001-115005"] * (1 + bool(catalog.by_code()["115001-115005"].customer_message))
        + ["131049"] * (1 + bool(catalog.by_code()["131049"].customer_message))
        + ["stuck-at-sent"] * (1 + bool(next(p for p in catalog.problems if p.slug == "stuck-at-sent").customer_message)))
    # 200 has its own entry inside 200-299; 250 is a member of the range.
    assert {r["code"] for r in replypack.records(catalog, "id", codes=["200"])} == {"200"}
    assert {r["code"] for r in replypack.records(catalog, "id", codes=["250"])} == {"200-299"}


@pytest.mark.parametrize("options,named", [
    ({"categories": ["template", "templates"]}, ["'templates'", "template", "problems", "authorization"]),
    ({"origins": ["cloud"]}, ["'cloud'", "meta", "meta-onprem", "provider"]),
    ({"kinds": ["reply"]}, ["'reply'", "ticket_reply", "customer_message"]),
    ({"codes": ["131049", "9999999", "stuck-at-send"]}, ["'9999999'", "'stuck-at-send'", "stuck-at-sent"]),
])
def test_a_filter_value_that_names_nothing_is_refused(catalog, options, named):
    with pytest.raises(ValueError) as raised:
        replypack.records(catalog, "en", **options)
    for word in named:
        assert word in str(raised.value)
    assert "'131049'" not in str(raised.value)


def test_an_unknown_language_is_refused(catalog):
    with pytest.raises(ValueError, match="the languages are: id, en"):
        replypack.records(catalog, "fr")


# ---- CSV and JSON ---------------------------------------------------------------------------


def rows(text: str) -> list[dict]:
    return list(csv.DictReader(io.StringIO(text, newline="")))


def test_csv_has_a_row_per_record_and_a_column_per_field(packs):
    text = replypack.to_csv(packs["id"])
    assert text.endswith("\r\n")
    table = rows(text)
    assert list(table[0]) == list(replypack.FIELDS)
    assert [row["short_code"] for row in table] == [r["short_code"] for r in packs["id"]]
    for row, record in zip(table, packs["id"]):
        assert row == {k: "" if v is None else v for k, v in record.items()}


def test_csv_cells_never_start_a_formula(packs):
    record = dict(packs["en"][0])
    hostile = [dict(record, text=start + "1+1", title=start + "SUM(A1)", short_code="x") for start in FORMULA_START]
    table = rows(replypack.to_csv(hostile))
    assert [row["text"] for row in table] == ["'" + start + "1+1" for start in FORMULA_START]
    assert all(row["title"].startswith("'") for row in table)
    assert [c for row in rows(replypack.to_csv(packs["en"])) for c in row.values() if c.startswith(FORMULA_START)] == []


def test_json_has_the_schema_version_and_the_records(packs, schema):
    data = json.loads(replypack.to_json(packs["en"], "en"))
    assert data == {"schema_version": replypack.SCHEMA_VERSION, "lang": "en", "replies": packs["en"]}
    assert schema["properties"]["schema_version"]["const"] == replypack.SCHEMA_VERSION
    assert schema["$defs"]["reply"]["required"] == list(replypack.FIELDS)


# ---- Published under /api/v1/replies/ ---------------------------------------------------------------------------


def test_the_site_publishes_each_languages_pack_and_one_per_category(api, catalog, packs):
    for lang in LANGS:
        full = json.loads((api / "replies" / f"{lang}.json").read_text(encoding="utf-8"))
        assert full == {"schema_version": 1, "lang": lang, "replies": packs[lang]}
        assert (api / "replies" / f"{lang}.csv").read_bytes().decode("utf-8") == replypack.to_csv(packs[lang])
        keys = [c.key for c in catalog.categories] + ["problems"]
        assert {p.stem for p in (api / "replies" / lang).glob("*.json")} == set(keys)
        together = []
        for category in keys:
            one = json.loads((api / "replies" / lang / f"{category}.json").read_text(encoding="utf-8"))
            assert {r["category"] for r in one["replies"]} == {category}
            assert [r["short_code"] for r in rows((api / "replies" / lang / f"{category}.csv").read_text(encoding="utf-8"))] == \
                   [r["short_code"] for r in one["replies"]]
            together += one["replies"]
        assert sorted(r["short_code"] for r in together) == sorted(r["short_code"] for r in packs[lang])


def test_every_published_pack_is_valid_against_the_published_schema(api, schema):
    published = json.loads((api / "replies.schema.json").read_text(encoding="utf-8"))
    assert published == schema
    jsonschema.Draft202012Validator.check_schema(schema)
    validator = jsonschema.Draft202012Validator(schema)
    files = sorted((api / "replies").rglob("*.json"))
    assert len(files) > 2 * 10
    for path in files:
        errors = [e.message for e in validator.iter_errors(json.loads(path.read_text(encoding="utf-8")))]
        assert errors == [], f"{path}: {errors[:3]}"


@pytest.mark.parametrize("change,fault", [
    ({"short_code": "WA131049"}, "does not match"),
    ({"code": None}, "is not of type 'string'"),  # a code record turned problem without a slug
    ({"channel": "whatsapp"}, "was expected"),  # a ticket reply has no channel
    ({"verified": "7 Dec 2026"}, "does not match"),
])
def test_the_schema_refuses_a_broken_record(packs, schema, change, fault):
    record = dict(next(r for r in packs["id"] if r["code"] == "131049" and r["kind"] == "ticket_reply"), **change)
    errors = [e.message for e in jsonschema.Draft202012Validator(schema).iter_errors({"schema_version": 1, "lang": "id", "replies": [record]})]
    assert any(fault in e for e in errors), errors


@pytest.mark.parametrize("lang", LANGS)
def test_the_data_page_and_its_twin_link_the_packs(built_site, lang):
    page = (built_site / lang / "data" / "index.html").read_text(encoding="utf-8")
    for href in (f"../../api/v1/replies/{lang}.json", f"../../api/v1/replies/{lang}.csv", "../../api/v1/replies.schema.json",
                 f"../../api/v1/replies/{lang}/problems.json"):
        assert f'href="{href}"' in page, href
    assert 'id="replies"' in page and f'data-pack="../api/v1/replies/{lang}.json"' in page
    twin = (built_site / lang / "data" / "index.md").read_text(encoding="utf-8")
    assert f"(../../api/v1/replies/{lang}.csv)" in twin and "(../../api/v1/replies.schema.json)" in twin


# ---- The data page's filter form ---------------------------------------------------------------------------


def download(pg, fmt: str) -> tuple[str, str]:
    with pg.expect_download() as info:
        pg.click(f"[data-err-replies-download={fmt}]")
    return info.value.suggested_filename, open(info.value.path(), "rb").read().decode("utf-8")


from test_accessibility import axe_script, problems  # noqa: E402,F401  (axe_script: a fixture)


def test_the_filter_form_downloads_what_the_pack_module_writes(page, served_site, catalog, axe_script):
    page.goto(served_site + "id/data/#replies")
    form = page.locator("form[data-err-replies]")
    form.locator('input[name=category][value="template"]').check()  # the choices come from the pack
    assert form.locator("input[name=origin]").count() == 3
    assert problems(page, axe_script) == [], "the form with its choices is accessible"
    form.locator('input[name=kind][value="customer_message"]').check()
    message = form.locator("[data-err-replies-message]")
    expected = replypack.records(catalog, "id", categories=["template"], kinds=["customer_message"])
    assert expected
    assert message.text_content() == f"{len(expected)} balasan dipilih."
    name, text = download(page, "csv")
    assert name == "replies-id-selected.csv"
    assert text == replypack.to_csv(expected)

    form.locator('input[name=category][value="template"]').uncheck()
    form.locator('input[name=kind][value="customer_message"]').uncheck()
    form.locator("textarea").fill("115003, stuck-at-sent\n131049")
    name, text = download(page, "json")
    assert name == "replies-id-selected.json"
    assert text == replypack.to_json(replypack.records(catalog, "id", codes=["115003", "stuck-at-sent", "131049"]), "id")

    form.locator("textarea").fill("131049 9999999")
    page.click("[data-err-replies-download=csv]")
    assert message.text_content() == "Kode atau masalah ini tidak dikenal: 9999999. Perbaiki atau hapus, lalu unduh lagi."
