"""`push zendesk`: macros against a fake Zendesk that pages its list as Zendesk does and checks
every request against Zendesk's OpenAPI document (tests/push_fakes.py)."""
from __future__ import annotations

import pytest

from push_fakes import SITE, Zendesk, codes_of, push, push_setup, serve  # noqa: F401

TOKEN, EMAIL = Zendesk.TOKEN, Zendesk.EMAIL


@pytest.fixture
def zendesk(serve, monkeypatch):
    monkeypatch.setenv("ZENDESK_EMAIL", EMAIL)
    monkeypatch.setenv("ZENDESK_API_TOKEN", TOKEN)
    return serve(Zendesk())


def run(server, codes, *extra):
    return push("zendesk", "--subdomain", server.url, "--site-url", SITE, "--codes", ",".join(codes), *extra)


def expected(catalog, codes) -> int:
    return sum(1 + bool(catalog.by_code()[c].customer_message) for c in codes)


def test_macros_are_made_once_over_several_pages_and_a_rerun_changes_nothing(zendesk, catalog, capsys):
    codes = codes_of(catalog, 90)
    assert expected(catalog, codes) > 100  # more than one page of the list
    assert run(zendesk, codes) == 0
    macros = list(zendesk.fake.macros.values())
    assert len(macros) == expected(catalog, codes)
    first = next(m for m in macros if m["description"].startswith(f"wa-error-reference wa{codes[0]}:"))
    category = next(c for c in catalog.categories if c.key == catalog.by_code()[codes[0]].category)
    assert first["title"].startswith(f"WhatsApp::{category.name.id}::{codes[0]} · ")
    assert first["title"].endswith(" · Balasan tiket")
    assert first["actions"][0]["field"] == "comment_value" and first["actions"][0]["value"].endswith(f"{SITE}codes/{codes[0]}/")
    capsys.readouterr()
    writes = len(zendesk.writes())
    assert run(zendesk, codes) == 0
    assert "nothing to change" in capsys.readouterr().out and len(zendesk.writes()) == writes
    last = zendesk.fake.macros[sorted(zendesk.fake.macros)[99]]["id"]
    assert [p for m, p, _, _ in zendesk.requests[-2:]] == ["/api/v2/macros?page%5Bsize%5D=100", f"/api/v2/macros?page%5Bsize%5D=100&page%5Bafter%5D={last}"]


def test_faults_429_then_500_then_success(zendesk, catalog, push_setup):
    codes = codes_of(catalog, 3)
    zendesk.fault(429, headers={"Retry-After": "1"})
    zendesk.fault(500, when=lambda m, p: m == "POST")
    assert run(zendesk, codes) == 0
    assert push_setup == [1.0, 1]
    assert len(zendesk.fake.macros) == expected(catalog, codes)


def test_a_half_finished_run_is_finished_without_duplicates(zendesk, catalog):
    codes = codes_of(catalog, 5)
    zendesk.fault(502, when=lambda m, p: m == "POST" and len(zendesk.fake.macros) >= 2, times=10_000)
    assert run(zendesk, codes) == 1
    zendesk.faults.clear()
    assert run(zendesk, codes) == 0
    shorts = [m["description"].split()[1] for m in zendesk.fake.macros.values()]
    assert len(shorts) == len(set(shorts)) == expected(catalog, codes)


def test_a_macro_someone_made_with_our_title_is_left_alone(zendesk, catalog, capsys):
    code = codes_of(catalog, 1)[0]
    assert run(zendesk, [code], "--dry-run") == 0
    wanted = capsys.readouterr().out.splitlines()[0].split("  ", 1)[1].split(f"wa{code}  ", 1)[1]
    zendesk.fake.macros[1] = {"id": 1, "title": wanted, "actions": [{"field": "comment_value", "value": "mine"}], "description": None}
    assert run(zendesk, [code]) == 0
    out = capsys.readouterr()
    assert f"left alone: wa{code}: macro 1 has this title and was made by someone else" in out.err
    assert zendesk.fake.macros[1]["actions"][0]["value"] == "mine"


def test_a_changed_macro_is_updated_and_prune_removes_only_our_own(zendesk, catalog, capsys):
    code = codes_of(catalog, 1)[0]
    assert run(zendesk, [code]) == 0
    ours = next(m for m in zendesk.fake.macros.values() if m["description"].startswith(f"wa-error-reference wa{code}:"))
    ours["actions"] = [{"field": "comment_value", "value": "old"}]
    zendesk.fake.macros[5] = {"id": 5, "title": "WhatsApp::Old::999999", "description": f"wa-error-reference wa999999: {SITE}codes/999999/",
                              "actions": [{"field": "comment_value", "value": "gone"}]}
    zendesk.fake.macros[6] = {"id": 6, "title": "Refund", "description": "a person's", "actions": []}
    assert run(zendesk, [code]) == 0
    assert "1 updated" in capsys.readouterr().out and ours["actions"][0]["value"] != "old"
    assert run(zendesk, [code], "--prune") == 0
    assert 5 not in zendesk.fake.macros and 6 in zendesk.fake.macros


def test_english_titles_and_texts_on_request(zendesk, catalog):
    code = codes_of(catalog, 1)[0]
    assert run(zendesk, [code], "--lang", "en") == 0
    assert any(m["title"].endswith(" · Ticket reply") for m in zendesk.fake.macros.values())


def test_wrong_token_is_exit_3_and_never_shown(zendesk, catalog, capsys, monkeypatch):
    monkeypatch.setenv("ZENDESK_API_TOKEN", "zd-wrong-000")
    assert run(zendesk, codes_of(catalog, 1)) == 3
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "401" in err and "zd-wrong-000" not in err


def test_a_subdomain_name_becomes_zendesks_address(catalog, capsys, monkeypatch):
    from generator.push import base

    assert base.base_url("acme", "--subdomain", "zendesk.com") == "https://acme.zendesk.com"
    monkeypatch.setenv("ZENDESK_EMAIL", EMAIL)
    monkeypatch.setenv("ZENDESK_API_TOKEN", TOKEN)
    assert push("zendesk", "--subdomain", "ftp://acme", "--site-url", SITE) == 2
    assert "--subdomain 'ftp://acme' is not the helpdesk's address" in capsys.readouterr().err
