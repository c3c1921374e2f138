"""`push freshdesk`: canned responses in one folder per category, against a fake Freshdesk that
keeps the rules of Freshdesk's API reference (tests/push_fakes.py): HTML rewritten on save,
pages in a `link` header, no field the reference does not list, no delete."""
from __future__ import annotations

import pytest

from push_fakes import SITE, Freshdesk, codes_of, push, push_setup, serve  # noqa: F401

KEY = Freshdesk.KEY


@pytest.fixture
def freshdesk(serve, monkeypatch):
    monkeypatch.setenv("FRESHDESK_API_KEY", KEY)
    return serve(Freshdesk(most_per_page=25))


def run(server, *extra, codes=None):
    return push("freshdesk", "--domain", server.url, "--site-url", SITE, *(["--codes", ",".join(codes)] if codes else []), *extra)


def test_one_folder_per_category_over_several_pages_and_a_rerun_changes_nothing(freshdesk, catalog, capsys):
    assert run(freshdesk, "--category", "legacy", "--category", "calling") == 0
    names = sorted(f["name"] for f in freshdesk.fake.folders.values())
    legacy = next(c.name.id for c in catalog.categories if c.key == "legacy")
    calling = next(c.name.id for c in catalog.categories if c.key == "calling")
    assert names == sorted(["General", f"WhatsApp · {legacy}", f"WhatsApp · {calling}"])
    folder = next(f["id"] for f in freshdesk.fake.folders.values() if f["name"] == f"WhatsApp · {legacy}")
    assert sum(r["folder_id"] == folder for r in freshdesk.fake.responses.values()) > 75  # four pages of 25
    some = next(iter(freshdesk.fake.responses.values()))
    assert some["title"].startswith("wa") and some["content_html"].startswith("<div><p>") and SITE in some["content"]
    capsys.readouterr()
    writes = len(freshdesk.writes())
    assert run(freshdesk, "--category", "legacy", "--category", "calling") == 0
    assert "nothing to change" in capsys.readouterr().out and len(freshdesk.writes()) == writes
    assert any("page=4" in p for m, p, _, _ in freshdesk.requests[-8:])


def test_faults_429_then_500_then_success_and_a_half_finished_run(freshdesk, catalog, push_setup):
    codes = codes_of(catalog, 6)
    freshdesk.fault(429, headers={"Retry-After": "1"})
    freshdesk.fault(500, when=lambda m, p: m == "POST")
    freshdesk.fault(503, when=lambda m, p: m == "POST" and len(freshdesk.fake.responses) >= 3, times=10_000)
    assert run(freshdesk, codes=codes) == 1
    assert push_setup[:2] == [1.0, 1]
    freshdesk.faults.clear()
    assert run(freshdesk, codes=codes) == 0
    titles = [r["title"].split(" ")[0] for r in freshdesk.fake.responses.values()]
    assert len(titles) == len(set(titles)) == sum(1 + bool(catalog.by_code()[c].customer_message) for c in codes)
    assert len([f for f in freshdesk.fake.folders.values() if f["name"].startswith("WhatsApp")]) == len(
        {catalog.by_code()[c].category for c in codes})


def test_a_persons_response_with_our_short_code_is_left_alone(freshdesk, catalog, capsys):
    code = codes_of(catalog, 1)[0]
    name = next(c.name.id for c in catalog.categories if c.key == catalog.by_code()[code].category)
    freshdesk.fake.folders[2] = {"id": 2, "name": f"WhatsApp · {name}", "personal": False}
    freshdesk.fake.responses[3] = {"id": 3, "folder_id": 2, "title": f"wa{code} ours", "content": "Typed by our lead", "content_html": "<div>Typed by our lead</div>"}
    assert run(freshdesk, codes=[code]) == 0
    assert f"left alone: wa{code}" in capsys.readouterr().err
    assert freshdesk.fake.responses[3]["content"] == "Typed by our lead"


def test_changed_text_is_updated_and_prune_lists_what_to_delete_by_hand(freshdesk, catalog, capsys):
    code = codes_of(catalog, 1)[0]
    assert run(freshdesk, codes=[code]) == 0
    item = next(r for r in freshdesk.fake.responses.values() if r["title"].startswith(f"wa{code} "))
    item["content"] = f"Old {SITE}codes/{code}/"
    freshdesk.fake.responses[9] = {"id": 9, "folder_id": item["folder_id"], "title": "wa999999 · gone", "content": f"Gone {SITE}codes/999999/"}
    assert run(freshdesk, "--prune", codes=[code]) == 0
    out = capsys.readouterr()
    assert "1 updated" in out.out and "1 to remove by hand" in out.out
    assert "remove by hand: wa999999: no longer in the catalog; Freshdesk's API cannot delete" in out.err
    assert 9 in freshdesk.fake.responses


def test_wrong_key_is_exit_3_and_never_shown(freshdesk, catalog, capsys, monkeypatch):
    monkeypatch.setenv("FRESHDESK_API_KEY", "fd-wrong-000")
    assert run(freshdesk, codes=codes_of(catalog, 1)) == 3
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "401" in err and "fd-wrong-000" not in err


def test_unknown_filter_values_are_exit_2(freshdesk, capsys):
    assert run(freshdesk, "--category", "nonsense") == 2
    assert "unknown categories 'nonsense'" in capsys.readouterr().err
