"""`python -m generator report FILE`: every report in tests/fixtures/reports/ gives the summary
and the files its NAME.expected.json records. tests/test_report.py drops the same files on the
browser page and checks the same JSON, so the command and the page cannot drift apart."""
from __future__ import annotations

import csv
import io
import json
import subprocess
import sys
from pathlib import Path

import pytest

from generator.report import KINDS, LISTS
from generator.strings import ui_strings

ROOT = Path(__file__).resolve().parent.parent
REPORTS = ROOT / "tests" / "fixtures" / "reports"
FIXTURES = sorted(p for p in REPORTS.iterdir() if not p.name.endswith(".expected.json"))


def expected(path: Path) -> dict:
    return json.loads((REPORTS / (path.name.rsplit(".", 1)[0] + ".expected.json")).read_text(encoding="utf-8"))


def run(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "generator", "report", *args], cwd=ROOT,
                          capture_output=True, text=True, encoding="utf-8")


def read_csv(path: Path) -> list[list[str]]:
    data = path.read_bytes()
    assert data.startswith(b"\xef\xbb\xbf") and data.endswith(b"\r\n")
    text = data[3:].decode("utf-8")
    delimiter = ";" if text.split("\r\n")[0].count(";") > text.split("\r\n")[0].count(",") else ","
    return list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter))


def test_every_fixture_has_its_expected_summary():
    assert len(FIXTURES) >= 9
    for path in FIXTURES:
        assert expected(path)


@pytest.mark.parametrize("lang", ["id", "en"])
@pytest.mark.parametrize("path", FIXTURES, ids=lambda p: p.name)
def test_fixture(path, lang, tmp_path):
    want = expected(path)
    strings = ui_strings(lang)["report"]
    out = tmp_path / "out"
    done = run(str(path), "--lang", lang, "--out", str(out))
    if want["problem"]:
        assert done.returncode == 1
        assert done.stderr == f"{path}: {strings[want['problem']]}\n"
        assert not out.exists()
        return
    assert done.returncode == 0, done.stderr
    sep = "." if lang == "id" else ","
    n = lambda v: f"{v:,}".replace(",", sep)  # noqa: E731
    totals = strings["totals"].replace("{rows}", n(want["rows"])).replace("{failed}", n(want["failed"])) \
        .replace("{ok}", n(want["ok"])).replace("{other}", n(want["other"]))
    lines = done.stdout.splitlines()
    assert lines[0] == totals
    summary = lines[2:lines.index("")] if "" in lines else [line for line in lines[2:] if not line.startswith("wrote")]
    printed = {line.split()[0]: int(line.split()[1].replace(sep, "")) for line in summary}
    codes = dict(want["codes"], **({"–": want["missing"]} if want["missing"] else {}))
    assert printed == codes
    for code in want["unknown"]:
        assert any(line.split()[0] == code and strings["unknown"] in line for line in lines)
    assert (strings["sci"].split("“")[0] in done.stderr) == bool(want["sci"])
    # A UTF-8 file with a stray byte of another encoding stays UTF-8 (its accented names intact), and says so.
    replaced = strings["replaced"].replace("{count}", str(want.get("replaced", 0)))
    assert (replaced in done.stderr) == bool(want.get("replaced"))
    # A stray quote: the rows after it ran together, and the warning says how many and where.
    quotes = strings["quotes"].replace("{count}", str(want.get("quotes", 0))).replace("{row}", str(want.get("quote_row", 0)))
    assert (quotes in done.stderr) == bool(want.get("quotes"))

    names = {kind: out / f"{strings['file_' + kind]}.csv" for kind in KINDS}
    table = read_csv(names["all"])
    if want.get("replaced"):
        assert "José Ramírez" in [row[1] for row in table] and "Renée Café" in [row[1] for row in table]
    assert [row[-6] for row in table[1:]] == want["files"]["all"]
    for kind in LISTS:
        if not names[kind].exists():
            assert want["files"][kind] == [], kind  # no phone column: no number lists
            continue
        assert [[number, code] for number, code, *_ in read_csv(names[kind])[1:]] == want["files"][kind], kind
    # The plan says how many numbers each list holds, and its rule.
    for kind in LISTS:
        if want["files"][kind]:
            label = strings["download_" + kind].replace("{count}", n(len(want["files"][kind])))
            assert f"- {label}: " in done.stdout


def test_excel_export_keeps_its_text(tmp_path):
    """Phone numbers keep their exact text, formulas stay text, a quoted line break survives,
    and the file keeps its semicolons."""
    done = run(str(REPORTS / "excel-id-semicolon-bom.csv"), "--lang", "id", "--out", str(tmp_path),
               "--site-url", "https://help.example.com/wa/")
    assert done.returncode == 0, done.stderr
    raw = (tmp_path / f"{ui_strings('id')['report']['file_all']}.csv").read_text(encoding="utf-8-sig")
    assert raw.splitlines()[0].startswith("No;Nomor HP;Status;Kode Error")
    table = read_csv(tmp_path / f"{ui_strings('id')['report']['file_all']}.csv")
    assert table[1][1] == "'+6281234567001" and table[2][1] == "081234567002"
    assert table[2][5] == "dikirim ulang\r\nbesok"
    assert table[5][5] == "'=HYPERLINK(\"http://x.test\")"
    assert table[1][-2:] == ["https://help.example.com/wa/id/codes/131049/", "Kirim ulang setelah menunggu"]


def test_usage_and_bad_input_exit_codes(tmp_path):
    assert run().returncode == 2
    assert run(str(REPORTS / "empty.csv"), "--lang", "fr").returncode == 2
    missing = run(str(tmp_path / "nope.csv"))
    assert missing.returncode == 1 and len(missing.stderr.splitlines()) == 1
    picture = tmp_path / "gambar.csv"
    picture.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(64))
    assert run(str(picture), "--lang", "en").stderr.endswith(ui_strings("en")["report"]["binary"] + "\n")
    names = tmp_path / "kontak.csv"
    names.write_text("Nama;Kota;Hasil\r\nAni;Bandung;ditolak sistem\r\n", encoding="utf-8")
    unsure = run(str(names))
    assert unsure.returncode == 1 and "--reason-column" in unsure.stderr
    chosen = run(str(names), "--reason-column", "Hasil")
    assert chosen.returncode == 0 and chosen.stdout.splitlines()[2].split()[:2] == ["–", "1"]
    big = tmp_path / "besar.csv"
    with open(big, "wb") as f:
        f.truncate(200 * 1024 * 1024)
    refused = run(str(big), "--lang", "en")
    assert refused.returncode == 1
    assert refused.stderr.endswith(ui_strings("en")["report"]["too_big"].replace("{size}", "200").replace("{limit}", "100") + "\n")


def test_escape_sequences_in_a_header_or_a_file_name_are_printed_never_run(tmp_path):
    """A header that would recolour the terminal or retitle its window, and a file name with
    one, come out as visible escapes (\\x1b…), in a line of their own."""
    name = tmp_path / "laporan\x1b]0;pwned\x07.csv"
    header = "\x1b[31mPhone\x1b[0m\u202e"
    name.write_bytes(f"{header},Status,Error\n6.28E+12,failed,131049\n".encode("utf-8"))
    done = run(str(name), "--lang", "en")
    assert done.returncode == 0, done.stderr
    assert "\x1b" not in done.stderr + done.stdout and "\u202e" not in done.stderr + done.stdout
    assert "“\\x1b[31mPhone\\x1b[0m\\u202e”" in done.stderr
    missing = run(str(tmp_path / "gone\x1b[2J.csv"), "--lang", "en")
    assert missing.returncode == 1 and missing.stderr.startswith(f"{tmp_path}/gone\\x1b[2J.csv: ")


def test_a_device_or_a_pipe_is_read_only_up_to_the_limit():
    """/dev/zero never ends and has no size to check first: one byte past the limit is read, then refused."""
    done = run("/dev/zero", "--lang", "en")
    assert done.returncode == 1
    assert done.stderr.startswith("/dev/zero: ") and "100+" in done.stderr
    piped = subprocess.run([sys.executable, "-m", "generator", "report", "/dev/stdin", "--lang", "en"], cwd=ROOT,
                           input="Phone,Status,Error\n628123456789,failed,131049\n", capture_output=True, text=True)
    assert piped.returncode == 0 and piped.stdout.startswith("1 rows read: 1 failed"), piped.stderr


def test_out_writes_only_where_it_may_and_replaces_the_last_runs_files(tmp_path):
    report_file = FIXTURES[0]
    out = tmp_path / "out"
    first = run(str(REPORTS / "mixed-statuses.csv"), "--lang", "en", "--out", str(out))
    assert first.returncode == 0, first.stderr
    wrote = sorted(p.name for p in out.iterdir())
    assert ".wa-errors-report" in wrote and len(wrote) == 5  # the mark, all rows and the three lists that hold numbers
    # The next run, whose report has no number to resend later, leaves no list from the last one.
    second = run(str(REPORTS / "unknown-codes.csv"), "--lang", "en", "--out", str(out))
    assert second.returncode == 0, second.stderr
    listed = (out / ".wa-errors-report").read_text(encoding="utf-8").splitlines()[1:]
    assert sorted(p.name for p in out.iterdir() if p.name != ".wa-errors-report") == sorted(listed)

    # A link planted in the folder under a list's name is replaced, never written through.
    target = tmp_path / "elsewhere.txt"
    target.write_text("keep", encoding="utf-8")
    link = out / listed[0]
    link.unlink()
    link.symlink_to(target)
    assert run(str(REPORTS / "unknown-codes.csv"), "--lang", "en", "--out", str(out)).returncode == 0
    assert target.read_text(encoding="utf-8") == "keep" and not link.is_symlink()

    others = tmp_path / "others"
    others.mkdir()
    (others / "notes.txt").write_text("mine", encoding="utf-8")
    linked = tmp_path / "linked"
    linked.symlink_to(others)
    cases = {
        str(others): f"--out: {others} holds other files and was not made by an earlier run; give a new or empty folder\n",
        str(linked): f"--out: {linked} is a link; give a real folder (a new one, or one an earlier run made)\n",
        str(ROOT): f"--out: {ROOT} is the repository or holds it; give a new folder for the report's files\n",
        str(ROOT / "catalog"): f"--out: {ROOT / 'catalog'} is the catalog or holds it; give a new folder for the report's files\n",
        str(report_file.parent): f"--out: {report_file.parent} holds other files and was not made by an earlier run; give a new or empty folder\n",
    }
    for folder, message in cases.items():
        done = run(str(report_file), "--lang", "en", "--out", folder)
        assert (done.returncode, done.stderr) == (2, message), folder
    assert (others / "notes.txt").read_text(encoding="utf-8") == "mine" and sorted(p.name for p in others.iterdir()) == ["notes.txt"]
    # The input inside an empty-but-for-it folder is never overwritten.
    alone = tmp_path / "alone"
    alone.mkdir()
    (alone / "report.csv").write_bytes(report_file.read_bytes())
    done = run(str(alone / "report.csv"), "--lang", "en", "--out", str(alone))
    assert done.returncode == 2 and done.stderr.startswith("--out: ")


def test_a_reason_names_its_code_in_every_written_form(catalog):
    """Meta's details sentence, inside a longer text too; a code written before a dash wins over
    any title, known or not; a known six-digit code inside a sentence counts."""
    from generator import report

    rules = report.Rules(catalog, "en")
    details = "Message failed to send because there were too many messages sent from this phone number in a short period of time"
    assert rules.reason_code(details) == "130429"
    assert rules.reason_code(f"Failed: {details}.") == "130429"
    assert rules.reason_code("131026 - Message Undeliverable") == "131026"
    assert rules.reason_code("999123 - Something went wrong") == "999123"  # stays unknown: the row names its own code
    assert rules.entry("999123") is None
    assert rules.reason_code("Gagal terkirim ke 131026 hari ini") == "131026"
    assert rules.reason_code("Gagal 999888 kali") is None  # an unknown number inside a sentence is not a code


TIMED = ("Nomor;Status;Kode;Waktu Kirim\r\n"
         "081234560001;Gagal;131049;01/12/2026 10:00\r\n"
         "081234560002;Gagal;131049;2026-12-31 23:30:15\r\n"
         "081234560003;Gagal;131049;1764583200\r\n"
         "081234560004;Gagal;131049;31/04/2026 09:15\r\n").encode("utf-8")
TIMED_EARLIEST = ["2026-12-02 10:00", "2027-01-01 23:30", "2025-12-02 10:00 UTC", ""]


def test_the_wait_list_says_from_when(tmp_path):
    """With the time each message failed (a column named Waktu Kirim, Date, Timestamp…), the
    wait list gives the earliest time to resend: the time plus the code's wait (131049: 24 hours),
    Unix time in UTC, an impossible date left empty."""
    report_file = tmp_path / "laporan.csv"
    report_file.write_bytes(TIMED)
    done = run(str(report_file), "--out", str(tmp_path / "out"))
    assert done.returncode == 0, done.stderr
    rows = read_csv(tmp_path / "out" / f"{ui_strings('id')['report']['file_wait']}.csv")
    assert rows[0][-1] == ui_strings("id")["report"]["out_earliest"]
    assert [row[-1] for row in rows[1:]] == TIMED_EARLIEST


def test_the_catalog_is_read_from_its_cache_until_it_changes(mini, tmp_path):
    """The command keeps the catalog's data beside it (.build/report-cache/) and makes it again
    when a catalog file changes: a new title shows at once, and a catalog with a problem is
    reported (exit 1), never answered from the old cache."""
    report_file = tmp_path / "r.csv"
    report_file.write_text("phone,status,error\n6281234567890,failed,130429\n", encoding="utf-8")
    first = run(str(report_file), "--lang", "en", "--catalog", str(mini))
    assert first.returncode == 0, first.stderr
    assert (mini.parent / ".build" / "report-cache" / "en.json").is_file()
    assert "Throughput limit reached" in first.stdout
    codes = mini / "codes" / "rate-limit.yml"
    codes.write_text(codes.read_text(encoding="utf-8").replace("Throughput limit reached", "Sending limit reached"), encoding="utf-8")
    second = run(str(report_file), "--lang", "en", "--catalog", str(mini))
    assert second.returncode == 0 and "Sending limit reached" in second.stdout and "Throughput" not in second.stdout
    codes.write_text(codes.read_text(encoding="utf-8").replace("retry: backoff", "retry: sometimes"), encoding="utf-8")
    broken = run(str(report_file), "--lang", "en", "--catalog", str(mini))
    assert broken.returncode == 1 and "rate-limit.yml" in broken.stderr and broken.stdout == ""
