"""`push chatwoot`: canned responses upserted by short code against a fake Chatwoot that keeps
Chatwoot's rules and checks every request against its OpenAPI document (tests/push_fakes.py)."""
from __future__ import annotations

import os
import subprocess
import sys

import pytest

from push_fakes import SITE, Chatwoot, codes_of, push, push_setup, serve  # noqa: F401

TOKEN = Chatwoot.TOKEN


@pytest.fixture
def chatwoot(serve, monkeypatch):
    monkeypatch.setenv("CHATWOOT_API_TOKEN", TOKEN)
    return serve(Chatwoot())


def run(server, catalog, *extra, codes=None):
    codes = codes or codes_of(catalog, 6)
    return push("chatwoot", "--url", server.url, "--account", "1", "--site-url", SITE, "--codes", ",".join(codes), *extra)


def expected(catalog, codes) -> int:
    index = catalog.by_code()
    return sum(1 + bool(index[c].customer_message) for c in codes)


def test_first_run_creates_every_reply_and_a_rerun_changes_nothing(chatwoot, catalog, capsys):
    codes = codes_of(catalog, 6)
    assert run(chatwoot, catalog, codes=codes) == 0
    made = {c["short_code"]: c["content"] for c in chatwoot.fake.canned.values()}
    assert len(made) == expected(catalog, codes)
    assert made[f"wa{codes[0]}"].endswith(f"{SITE}codes/{codes[0]}/")
    first = capsys.readouterr()
    assert f"{len(made)} created" in first.out and f"[1/{len(made)}] created" in first.err
    writes = len(chatwoot.writes())
    assert run(chatwoot, catalog, codes=codes) == 0
    out = capsys.readouterr().out
    assert f"nothing to change, {len(made)} up to date" in out
    assert len(chatwoot.writes()) == writes
    assert TOKEN not in first.out + first.err + out


def test_indonesian_by_default_english_on_request(chatwoot, catalog):
    code = next(e for e in catalog.entries if e.ticket_reply.id != e.ticket_reply.en).code
    assert run(chatwoot, catalog, codes=[code]) == 0
    reply = next(c for c in chatwoot.fake.canned.values() if c["short_code"] == f"wa{code}")
    from generator.text import copied
    assert copied(catalog.by_code()[code].ticket_reply.id, catalog.placeholders) in reply["content"]
    assert run(chatwoot, catalog, "--lang", "en", codes=[code]) == 0
    assert copied(catalog.by_code()[code].ticket_reply.en, catalog.placeholders) in reply["content"]


def test_dry_run_prints_the_plan_and_sends_no_change(chatwoot, catalog, capsys):
    codes = codes_of(catalog, 3)
    assert run(chatwoot, catalog, "--dry-run", codes=codes) == 0
    out = capsys.readouterr().out
    assert f"create                         wa{codes[0]}" in out
    assert "dry run, nothing sent" in out and f"{expected(catalog, codes)} would be created" in out
    assert chatwoot.writes() == []


def test_rate_limit_is_waited_out_for_its_retry_after(chatwoot, catalog, push_setup, capsys):
    chatwoot.fault(429, when=lambda m, p: m == "POST", headers={"Retry-After": "1"})
    assert run(chatwoot, catalog, codes=codes_of(catalog, 2)) == 0
    assert push_setup == [1.0]
    assert "rate limited by the helpdesk: waiting 1 s" in capsys.readouterr().err
    assert len({c["short_code"] for c in chatwoot.fake.canned.values()}) == len(chatwoot.fake.canned)


def test_a_retry_after_longer_than_the_cap_waits_the_cap(chatwoot, catalog, push_setup):
    chatwoot.fault(429, headers={"Retry-After": "86400"})
    assert run(chatwoot, catalog, codes=codes_of(catalog, 1)) == 0
    assert push_setup == [120]


def test_a_server_error_is_retried_and_creates_no_duplicate(chatwoot, catalog, push_setup):
    codes = codes_of(catalog, 3)
    chatwoot.fault(500, when=lambda m, p: m == "POST", times=2)
    assert run(chatwoot, catalog, codes=codes) == 0
    assert push_setup == [1, 2]  # growing pauses
    assert len(chatwoot.fake.canned) == expected(catalog, codes)


def test_a_half_finished_run_is_finished_by_the_next_without_duplicates(chatwoot, catalog, capsys):
    codes = codes_of(catalog, 6)
    chatwoot.fault(503, when=lambda m, p: m == "POST" and len(chatwoot.fake.canned) >= 3, times=10_000)
    assert run(chatwoot, catalog, codes=codes) == 1
    out = capsys.readouterr()
    assert "FAILED" in out.err and "FAILED" in out.out
    assert len(chatwoot.fake.canned) == 3
    chatwoot.faults.clear()
    assert run(chatwoot, catalog, codes=codes) == 0
    assert f"3 unchanged" in capsys.readouterr().out
    shorts = [c["short_code"] for c in chatwoot.fake.canned.values()]
    assert len(shorts) == len(set(shorts)) == expected(catalog, codes)


def test_a_short_code_taken_by_a_person_is_left_alone_and_reported(chatwoot, catalog, capsys):
    code = codes_of(catalog, 1)[0]
    chatwoot.fake.canned[1] = {"id": 1, "account_id": 1, "short_code": f"wa{code}", "content": "Our own wording, thanks"}
    assert run(chatwoot, catalog, codes=[code]) == 0
    captured = capsys.readouterr()
    assert f"left alone: wa{code}: a canned response with this short code was written by a person" in captured.err
    assert "1 left alone (not made by this tool)" in captured.out
    assert chatwoot.fake.canned[1]["content"] == "Our own wording, thanks"


def test_a_changed_reply_is_updated_in_place(chatwoot, catalog, capsys):
    code = codes_of(catalog, 1)[0]
    assert run(chatwoot, catalog, codes=[code]) == 0
    item = next(c for c in chatwoot.fake.canned.values() if c["short_code"] == f"wa{code}")
    item["content"] = f"Old wording {SITE}codes/{code}/"
    assert run(chatwoot, catalog, codes=[code]) == 0
    assert "1 updated" in capsys.readouterr().out
    assert item["content"] != f"Old wording {SITE}codes/{code}/"
    assert [m for m, p in chatwoot.writes() if m == "PATCH"] == ["PATCH"]


def test_removed_codes_go_only_with_prune_and_only_our_own(chatwoot, catalog, capsys):
    code = codes_of(catalog, 1)[0]
    chatwoot.fake.canned[1] = {"id": 1, "account_id": 1, "short_code": "wa999999", "content": f"Gone. {SITE}codes/999999/"}
    chatwoot.fake.canned[2] = {"id": 2, "account_id": 1, "short_code": "wa999998", "content": "A person's reply"}
    assert run(chatwoot, catalog, codes=[code]) == 0
    assert {1, 2} <= set(chatwoot.fake.canned)
    assert run(chatwoot, catalog, "--prune", "--dry-run", codes=[code]) == 0
    assert "remove                         wa999999  no longer in the catalog" in capsys.readouterr().out
    assert run(chatwoot, catalog, "--prune", codes=[code]) == 0
    assert 1 not in chatwoot.fake.canned and 2 in chatwoot.fake.canned
    assert "1 removed" in capsys.readouterr().out


def test_wrong_token_is_one_line_and_exit_3(chatwoot, catalog, capsys, monkeypatch):
    monkeypatch.setenv("CHATWOOT_API_TOKEN", "not-the-token-000")
    assert run(chatwoot, catalog) == 3
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "401" in err and "token is wrong" in err
    assert "not-the-token-000" not in err


@pytest.mark.parametrize("argv,message", [
    (["--url", "chat.example.com"], "--url 'chat.example.com' is not the helpdesk's address"),
    (["--url", "http://127.0.0.1:9"], "cannot reach http://127.0.0.1:9"),
])
def test_a_bad_address_is_one_line_and_exit_2(catalog, capsys, monkeypatch, argv, message):
    monkeypatch.setenv("CHATWOOT_API_TOKEN", TOKEN)
    assert push("chatwoot", *argv, "--account", "1", "--site-url", SITE, "--codes", codes_of(catalog, 1)[0]) == 2
    err = capsys.readouterr().err
    assert message in err and err.count("\n") == 1 and TOKEN not in err


def test_credentials_in_the_address_are_never_shown(catalog, capsys, monkeypatch):
    monkeypatch.setenv("CHATWOOT_API_TOKEN", TOKEN)
    assert push("chatwoot", "--url", f"http://user:{TOKEN}@127.0.0.1:9", "--account", "1", "--site-url", SITE) == 2
    err = capsys.readouterr().err
    assert TOKEN not in err and "cannot reach http://127.0.0.1:9" in err


def test_missing_token_or_site_address_is_exit_2(catalog, capsys, monkeypatch):
    assert push("chatwoot", "--url", "https://chat.example.com", "--account", "1", "--site-url", SITE) == 2
    assert "CHATWOOT_API_TOKEN is not set" in capsys.readouterr().err
    monkeypatch.setenv("CHATWOOT_API_TOKEN", TOKEN)
    assert push("chatwoot", "--url", "https://chat.example.com", "--account", "1") == 2
    assert "give --site-url" in capsys.readouterr().err


def test_help_lists_the_exit_codes():
    run = subprocess.run([sys.executable, "-m", "generator.push", "chatwoot", "--help"], capture_output=True, text=True)
    assert run.returncode == 0
    assert "3  authentication or permission error" in run.stdout and "CHATWOOT_API_TOKEN" in run.stdout


def test_runs_as_a_module_in_its_own_process(chatwoot, catalog):
    env = {**os.environ, "CHATWOOT_API_TOKEN": TOKEN}
    codes = ",".join(codes_of(catalog, 2))
    argv = [sys.executable, "-m", "generator.push", "chatwoot", "--url", chatwoot.url, "--account", "1", "--site-url", SITE, "--codes", codes]
    first = subprocess.run(argv, capture_output=True, text=True, env=env)
    assert first.returncode == 0, first.stderr
    again = subprocess.run(argv, capture_output=True, text=True, env=env)
    assert again.returncode == 0 and "nothing to change" in again.stdout
    assert TOKEN not in first.stdout + first.stderr + again.stdout + again.stderr
