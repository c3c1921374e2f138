"""The report page and `generator report` agree on reports no one wrote by hand.

A seeded generator writes many broadcast reports the way real exports differ: separators,
quoting, encodings (UTF-8 with and without a BOM, UTF-16, Windows-1252), Excel's `sep=` line,
line breaks, headers in English or Indonesian or none, columns in any order with others
between them, every written form of a code (bare, `(#131049) …`, `131026 - Title`,
`Error 131026: …`, a code in a sentence, titles in either language, details sentences, unknown
codes before a generic text), statuses in both languages, phone numbers in local and
international forms, times in the forms exports use (and impossible ones) for the earliest resend. Each report goes through the page's own worker (run in Node by
tests/report_node.js, with the site's Papa Parse) and through generator/report.py; the summary
and every download must be equal, byte for byte.

CI runs REPORT_DIFF_COUNT reports (default 300) from REPORT_DIFF_SEED (default 1); a maintainer
runs more, with another seed, before changing either reader:
    REPORT_DIFF_COUNT=5000 REPORT_DIFF_SEED=$RANDOM .venv/bin/python -m pytest tests/test_report_differential.py
Some reports carry a stray quote, whose rows both must read alike and count alike in their warning.
A failing report is written to the test's tmp folder, named in the message, to be replayed.
"""
from __future__ import annotations

import base64
import json
import os
import random
import shutil
import subprocess

import pytest

from generator import report, search_index
from generator.search_index import REPORT_COLUMNS, REPORT_STATUSES
from generator.text import plain

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
ASSETS = os.path.join(ROOT, "overrides", "assets", "javascripts")
COUNT = int(os.environ.get("REPORT_DIFF_COUNT", "300"))
SEED = int(os.environ.get("REPORT_DIFF_SEED", "1"))
SITE = "https://example.test/"
NOISE = ["Nama", "Name", "Tanggal", "Date", "Campaign", "Template", "ID"]
# Times as exports write them (Tanggal and Date are read as the time a row failed), impossible ones too.
TIMES = ["2026-12-01 10:00", "2026-12-31T23:30:15", "01/12/2026 10:00", "31.12.2026 23:59:59", "1764583200", "1764583200123",
         "31/04/2026 09:15", "2026-02-30 10:00", "2026-12-01 24:00", "1969-12-31 23:59", "Senin, 1 Des"]
GENERIC = ["Something went wrong", "Gagal mengirim", "Unknown error", "Pesan tidak terkirim", "Terjadi kesalahan"]


def _phone(rng: random.Random) -> str:
    local = "8" + "".join(rng.choice("0123456789") for _ in range(rng.randint(8, 11)))
    return rng.choice([
        "0" + local, "62" + local, "+62" + local, f"+62 {local[:3]}-{local[3:7]}-{local[7:]}", f"0{local[:3]} {local[3:]}",
        "'+62" + local, f"6,2{local[:5]}E+{len(local) + 1}", "", "+1 415 555 " + local[-4:], local,
    ])


def _reason(rng: random.Random, entries, details) -> tuple[str, str]:
    """A (code cell, reason cell) pair in one of the forms exports use."""
    entry = rng.choice(entries)
    code = entry.low_text
    title = rng.choice(entry.titles)
    unknown = str(rng.choice([999123, 131999, 4242, 777]))
    form = rng.randrange(14)
    if form == 0:
        return code, title
    if form == 1:
        return "", f"(#{code}) {title}"
    if form == 2:
        return "", f"{code} - {title}"
    if form == 3:
        return "", f"Error {code}: {title}"
    if form == 4:
        return "", title
    if form == 5:
        return "", f"Message failed: {title.lower()}."
    if form == 6:
        return "", f"{unknown} - {rng.choice(GENERIC)}"
    if form == 7:
        return unknown, rng.choice(GENERIC)
    if form == 8 and details:
        return "", rng.choice(details)
    if form == 9:
        return "", rng.choice(GENERIC)
    if form == 10:
        return "", f"Gagal dikirim, kode {code}"
    if form == 11:
        return f"#{code}", ""
    if form == 12:
        return "", ""
    return "", f"Pesan gagal ({code})"


def _cell(rng: random.Random, text: str, delimiter: str) -> str:
    must = any(ch in text for ch in (delimiter, '"', "\n", "\r"))
    if must or rng.random() < 0.15:
        return '"' + text.replace('"', '""') + '"'
    return text


def make_report(rng: random.Random, entries, details) -> bytes:
    delimiter = rng.choice([",", ";", "\t"])
    lang = rng.choice(["en", "id"])
    roles = [r for r in ("phone", "status", "code", "reason") if rng.random() < 0.8] or ["reason"]
    columns = roles + rng.sample(NOISE, rng.randint(0, 2))
    rng.shuffle(columns)
    header_kind = rng.choice(["en", "id", "none", "odd"])

    def head(role: str) -> str:
        if role not in REPORT_COLUMNS:
            return role
        names = REPORT_COLUMNS[role]
        name = rng.choice(names[: len(names) // 2] if lang == "en" else names[len(names) // 2:])
        return name.upper() if header_kind == "odd" else name.title() if rng.random() < 0.5 else name

    lines = []
    if header_kind != "none":
        lines.append([head(c) for c in columns])
    for _ in range(rng.randint(1, 40)):
        code, reason = _reason(rng, entries, details)
        ok = rng.random() < 0.3
        status = rng.choice(REPORT_STATUSES["ok"] if ok else REPORT_STATUSES["failed"] + ["pending", ""])
        if ok:
            code, reason = "", ""
        cells = {"phone": _phone(rng), "status": status.upper() if rng.random() < 0.2 else status, "code": code,
                 "reason": reason, **{n: rng.choice(["Budi", "promo_des", "x;y", "a,b", ""] + TIMES) for n in NOISE}}
        lines.append([cells[c] for c in columns])
    newline = rng.choice(["\r\n", "\n"])
    written = [[_cell(rng, c, delimiter) for c in row] for row in lines]
    if rng.random() < 0.15:
        # A stray quote, as hand-edited exports have: inside an unquoted cell, after a closed
        # quote, or opening a quote never closed.
        row = rng.choice(written)
        column = rng.randrange(len(row))
        row[column] = rng.choice(['Pesan "gagal', '"ditolak" sistem', '"tidak ditutup', 'x"', row[column] + '"'])
    text = newline.join(delimiter.join(row) for row in written) + rng.choice([newline, ""])
    if delimiter != "\t" and rng.random() < 0.1:
        text = f"sep={delimiter}{newline}" + text
    encoding = rng.choice(["utf-8", "utf-8-sig", "utf-16", "cp1252"])
    try:
        return text.encode(encoding)
    except UnicodeEncodeError:
        return text.encode("utf-8")


class Entry:
    def __init__(self, e, values):
        self.low_text = e.code.split("-")[0]
        self.titles = [plain(t, values) for t in e.known_titles]


@pytest.fixture(scope="module")
def generated(catalog):
    rng = random.Random(SEED)
    values = catalog.placeholders
    entries = [Entry(e, values) for e in catalog.entries if not e.retired or rng.random() < 0.2]
    details = [e.api_message for e in catalog.entries if e.api_message]
    reports = [make_report(rng, entries, details) for _ in range(COUNT)]
    # One long report, so that the page writes its downloads in several pieces (CHUNK_ROWS).
    long = b"".join(make_report(random.Random(SEED + n), entries, details).split(b"\n", 1)[-1] for n in range(2000))
    return reports + [b"phone,status,error code,reason\n" + long]


def _node_answers(catalog, lang, reports, tmp_path):
    node = shutil.which("node")
    assert node, "node is needed (make test installs axe-core with it)"
    rules = report.Rules(catalog, lang, SITE)
    setup = {"entries": json.loads(search_index.lookup_json(catalog, lang)), "report": json.loads(search_index.report_json(catalog)),
             "strings": rules.strings, "root": SITE + lang + "/", "lang": lang}
    job = tmp_path / f"job-{lang}.json"
    job.write_text(json.dumps({"setup": setup, "reports": [
        {"bytes": base64.b64encode(data).decode("ascii"), "kinds": list(report.KINDS)} for data in reports]}), encoding="utf-8")
    done = subprocess.run([node, os.path.join(ROOT, "tests", "report_node.js"), ASSETS, str(job)],
                          capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stderr[-3000:]
    return rules, json.loads(done.stdout)


def _python_answer(rules, data):
    try:
        rep = report.analyse(rules, data)
    except report.BadInput as bad:
        return {"problem": bad.problem}, None
    return {"summary": comparable(rep.summary)}, {kind: report.csv_text(rules, rep, kind) for kind in report.offered(rep)}


def comparable(summary: dict) -> dict:
    keep = ("rows", "ok", "failed", "other", "missing", "sci", "example", "downloads", "replaced", "quotes", "quote_row")
    out = {k: summary.get(k) for k in keep}
    out["groups"] = [[g["code"], g["c"], g["count"]] for g in summary["groups"]]
    out["unrecognized"] = [list(pair) for pair in summary["unrecognized"]]
    return out


@pytest.mark.parametrize("lang", ["id", "en"])
def test_the_page_and_the_command_line_agree_on_generated_reports(catalog, generated, lang, tmp_path):
    rules, answers = _node_answers(catalog, lang, generated, tmp_path)
    assert len(answers) == len(generated)
    differing = []
    for index, (data, page) in enumerate(zip(generated, answers)):
        mine, files = _python_answer(rules, data)
        if "pick" in page:
            same = mine.get("problem") == "pick"
        elif "problem" in mine or "problem" in page:
            same = mine.get("problem") == page.get("problem")
        else:
            same = mine["summary"] == comparable(page["result"]) and all(page["files"][k] == v for k, v in files.items())
        if not same:
            (tmp_path / f"report-{index}.csv").write_bytes(data)
            differing.append(index)
    assert not differing, f"{len(differing)} of {len(generated)} reports differ (seed {SEED}); the first: {tmp_path}/report-{differing[0]}.csv"
