"""`push chatwoot-help-center`: every code and problem page as an article of a portal, both
languages linked, against a fake Chatwoot that keeps its help center's rules and checks every
request against Chatwoot's OpenAPI document or, for what the document leaves out, the request
shapes of Chatwoot's controllers (tests/push_fakes.py)."""
from __future__ import annotations

import pytest

from push_fakes import SITE, Chatwoot, codes_of, push, push_setup, serve  # noqa: F401

TOKEN = Chatwoot.TOKEN


@pytest.fixture
def chatwoot(serve, monkeypatch):
    monkeypatch.setenv("CHATWOOT_API_TOKEN", TOKEN)
    return serve(Chatwoot())


def run(server, *extra, codes=None, portal="help"):
    return push("chatwoot-help-center", "--url", server.url, "--account", "1", "--portal", portal, "--site-url", SITE,
                *(["--codes", ",".join(codes)] if codes else []), *extra)


def test_pages_become_linked_articles_in_categories_and_a_rerun_changes_nothing(chatwoot, catalog, capsys):
    problem = catalog.problems[0].slug
    codes = codes_of(catalog, 14) + [problem]
    assert run(chatwoot, codes=codes) == 0
    articles = {a["slug"]: a for a in chatwoot.fake.articles.values()}
    assert len(articles) == 2 * len(codes) > 25  # more than one page of the list
    code = codes[0]
    root, english = articles[f"wa-{code}-id"], articles[f"wa-{code}-en"]
    assert english["associated_article_id"] == root["id"] and root["locale"] == "id" and english["locale"] == "en"
    assert root["status"] == 1 and root["author_id"] == Chatwoot.AUTHOR and root["meta"] == {"tags": ["wa-error-reference"]}
    assert root["title"].startswith(f"{code}: ") and "## " in root["content"] and "index.md" not in root["content"]
    assert f"{SITE}codes/{code}/" in root["content"]
    categories = {(c["slug"], c["locale"]): c for c in chatwoot.fake.categories.values()}
    key = catalog.by_code()[code].category
    assert categories[(f"wa-{key}", "en")]["associated_category_id"] == categories[(f"wa-{key}", "id")]["id"]
    assert chatwoot.fake.categories[root["category_id"]]["slug"] == f"wa-{key}"
    assert articles[f"wa-p-{problem}-en"]["associated_article_id"] == articles[f"wa-p-{problem}-id"]["id"]
    capsys.readouterr()
    writes = len(chatwoot.writes())
    assert run(chatwoot, codes=codes) == 0
    assert "nothing to change" in capsys.readouterr().out and len(chatwoot.writes()) == writes
    assert any("page=2" in p for m, p, _, _ in chatwoot.requests)


def test_a_changed_page_is_updated_in_place_and_a_lost_link_restored(chatwoot, catalog, capsys):
    codes = codes_of(catalog, 2)
    assert run(chatwoot, codes=codes) == 0
    articles = {a["slug"]: a for a in chatwoot.fake.articles.values()}
    articles[f"wa-{codes[0]}-id"]["content"] = "old"
    articles[f"wa-{codes[1]}-en"]["associated_article_id"] = None
    count = len(chatwoot.fake.articles)
    assert run(chatwoot, codes=codes) == 0
    assert "2 updated" in capsys.readouterr().out and len(chatwoot.fake.articles) == count
    articles = {a["slug"]: a for a in chatwoot.fake.articles.values()}
    assert articles[f"wa-{codes[0]}-id"]["content"] != "old"
    assert articles[f"wa-{codes[1]}-en"]["associated_article_id"] == articles[f"wa-{codes[1]}-id"]["id"]


def test_faults_and_a_half_finished_run_leave_no_duplicate(chatwoot, catalog, push_setup):
    codes = codes_of(catalog, 4)
    chatwoot.fault(429, headers={"Retry-After": "1"})
    chatwoot.fault(500, when=lambda m, p: m == "POST" and p.endswith("/articles"))
    chatwoot.fault(503, when=lambda m, p: m == "POST" and p.endswith("/articles") and len(chatwoot.fake.articles) >= 3, times=10_000)
    assert run(chatwoot, codes=codes) == 1
    assert push_setup[:2] == [1.0, 1]
    chatwoot.faults.clear()
    assert run(chatwoot, codes=codes) == 0
    slugs = [a["slug"] for a in chatwoot.fake.articles.values()]
    assert len(slugs) == len(set(slugs)) == 2 * len(codes)
    assert all(a["associated_article_id"] for a in chatwoot.fake.articles.values() if a["locale"] == "en")


def test_an_article_a_person_wrote_with_our_slug_is_left_alone(chatwoot, catalog, capsys):
    code = codes_of(catalog, 1)[0]
    chatwoot.fake.articles[1] = {"id": 1, "portal": "help", "slug": f"wa-{code}-id", "title": "Ours", "content": "x", "status": 1,
                                 "locale": "id", "author_id": 7, "updated_at": 1, "meta": {}}
    assert run(chatwoot, codes=[code]) == 0
    assert f"left alone: wa-{code}-id: an article with this slug was written by a person" in capsys.readouterr().err
    assert chatwoot.fake.articles[1]["title"] == "Ours"


def test_prune_deletes_only_our_articles_for_codes_gone(chatwoot, catalog):
    code = codes_of(catalog, 1)[0]
    assert run(chatwoot, codes=[code]) == 0
    base = {"portal": "help", "content": "x", "status": 1, "locale": "id", "author_id": 7, "updated_at": 1}
    chatwoot.fake.articles[1] = {**base, "id": 1, "slug": "wa-999999-id", "title": "Gone", "meta": {"tags": ["wa-error-reference"]}}
    chatwoot.fake.articles[2] = {**base, "id": 2, "slug": "wa-999998-id", "title": "A person's", "meta": {}}
    assert run(chatwoot, codes=[code]) == 0 and 1 in chatwoot.fake.articles
    assert run(chatwoot, "--prune", codes=[code]) == 0
    assert 1 not in chatwoot.fake.articles and 2 in chatwoot.fake.articles


def test_a_portal_without_both_locales_or_a_wrong_slug_is_exit_2(serve, catalog, capsys, monkeypatch):
    monkeypatch.setenv("CHATWOOT_API_TOKEN", TOKEN)
    english_only = serve(Chatwoot(locales=("en",)))
    assert run(english_only, codes=codes_of(catalog, 1)) == 2
    assert "portal 'help' has no locale id" in capsys.readouterr().err
    assert run(english_only, codes=codes_of(catalog, 1), portal="docs") == 2
    assert "the account has no portal 'docs' (its portals: help)" in capsys.readouterr().err
    assert english_only.writes() == []


def test_dry_run_lists_categories_and_articles_and_sends_nothing(chatwoot, catalog, capsys):
    code = codes_of(catalog, 1)[0]
    assert run(chatwoot, "--dry-run", codes=[code]) == 0
    out = capsys.readouterr().out
    assert f"wa-{code}-id" in out and f"wa-{code}-en" in out and "category wa-" in out and "dry run, nothing sent" in out
    assert chatwoot.writes() == []
