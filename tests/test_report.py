"""The broadcast report page (/{lang}/report/) in a real browser: files chosen and rows pasted
become a summary per code and CSV downloads, made in the page.

The reports are made here, shaped like real exports (Excel in an Indonesian locale, an English
tool's CSV, rows pasted from a spreadsheet). Messages are checked against the UI strings in
generator/i18n/*.yml and titles against the built site's assets/codes.json, so rewording either
does not break these tests. `new_page` fails a test on any script error or any request that
leaves the site's origin: nothing the page reads may be sent anywhere.
"""
from __future__ import annotations

import base64

import csv
import io
import json
import re
from pathlib import Path

import pytest

from generator.strings import ui_strings
from generator.text import fill as fill_in

UI = {"id": ui_strings("id"), "en": ui_strings("en")}
FILE = "#err-report-file"
PASTE = "#err-report-paste"
MESSAGE = "[data-err-report-message]"
RESULT = "[data-err-report-result]"


@pytest.fixture(scope="module")
def entries(built_site):
    """Entry code -> entry of assets/codes.json, per language, as the page reads them."""
    return {lang: {e["c"]: e for e in json.loads((built_site / lang / "assets" / "codes.json").read_text())}
            for lang in ("id", "en")}


def retry(lang, entry):
    """The resend advice of an entry as the page writes it (a wait such as 24h spelled out)."""
    ui = UI[lang]
    text = ui["retry_text"][entry["r"]]
    if entry["w"]:
        text += " " + ui["retry_wait"].replace("{wait}", entry["w"][:-1] + " " + ui["units"][entry["w"][-1]])
    return text


def number(lang, n):
    return f"{n:,}".replace(",", "." if lang == "id" else ",")


# ---- Driving the page --------------------------------------------------------------------

def open_report(page, base, lang):
    page.goto(base + f"{lang}/report/")


def choose(page, name, data: bytes):
    page.eval_on_selector(MESSAGE, "m => { m.textContent = ''; }")
    page.set_input_files(FILE, files=[{"name": name, "mimeType": "text/csv", "buffer": data}])


def drop(page, name, data: bytes):
    """Drop the file on the page's drop box, as a person drags it from a file manager."""
    page.eval_on_selector(MESSAGE, "m => { m.textContent = ''; }")
    page.eval_on_selector("[data-err-report-drop]", """(box, file) => {
        const bytes = Uint8Array.from(atob(file.b64), c => c.charCodeAt(0));
        const transfer = new DataTransfer();
        transfer.items.add(new File([bytes], file.name, {type: "text/csv"}));
        for (const type of ["dragenter", "dragover", "drop"]) {
            box.dispatchEvent(new DragEvent(type, {dataTransfer: transfer, bubbles: true, cancelable: true}));
        }
    }""", {"name": name, "b64": base64.b64encode(data).decode("ascii")})


def message(page):
    page.locator(MESSAGE + ":not(:empty)").wait_for()
    return page.inner_text(MESSAGE)


def summary(page):
    """The result's totals line and the summary rows as dicts of cell texts (with the code link)."""
    page.locator(RESULT + ":not([hidden])").wait_for()
    rows = page.eval_on_selector_all("[data-err-report-summary] tbody tr", """trs => trs.map(tr => {
        const cells = Array.from(tr.children).map(c => c.textContent.trim());
        const a = tr.querySelector('a');
        return {code: cells[0], title: cells[1], count: cells[2], share: cells[3], acts: cells[4], retry: cells[5],
                href: a ? a.getAttribute('href') : null};
    })""")
    return page.inner_text("[data-err-report-totals]"), rows


def download(page, kind, delimiter):
    """Click a download button; the file's rows (BOM checked and removed)."""
    with page.expect_download() as info:
        page.click(f"[data-err-report-download={kind}]")
    data = open(info.value.path(), "rb").read()
    assert data.startswith(b"\xef\xbb\xbf"), "UTF-8 BOM, so that Excel reads UTF-8"
    text = data[3:].decode("utf-8")
    assert "\r\n" in text
    return info.value.suggested_filename, list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter))


def totals(lang, rows, failed, ok, other):
    return UI[lang]["report"]["totals"].replace("{rows}", number(lang, rows)).replace("{failed}", number(lang, failed)) \
        .replace("{ok}", number(lang, ok)).replace("{other}", number(lang, other))


# ---- Reports as the tools write them -------------------------------------------------------

# Excel in an Indonesian locale: semicolons, a UTF-8 BOM, CRLF, quoted fields holding
# semicolons, quotes and line breaks; phone numbers with + and a leading 0; statuses in Indonesian;
# a cell someone typed as a formula.
INDONESIAN = (
    "\ufeffNo;Nomor HP;Status;Kode Error;Alasan;Catatan\r\n"
    '1;+6281234567001;Gagal;131049;"Pesan ditahan; batas pemasaran";biasa\r\n'
    '2;081234567002;Gagal;131049;;"baris dua\r\nbaris tiga"\r\n'
    '3;+6281234567003;Terkirim;;;\r\n'
    '4;6281234567004;Dibaca;;;\r\n'
    '5;081234567005;Gagal;131050;"Pengguna ""berhenti"" menerima";"=HYPERLINK(""http://x.test"";""klik"")"\r\n'
    '6;+6281234567006;Gagal;131026;;-1+1\r\n'
    '7;081234567007;Gagal;999999;kode aneh;@SUM(A1)\r\n'
    '8;081234567008;Gagal;;"(#131047) Message failed to send because more than 24 hours have passed";\r\n'
    '9;081234567009;Menunggu;;;\r\n'
    '10;081234567010;Gagal;;sesuatu yang tidak dikenal;\r\n'
    '11;081234567002;Gagal;131049;;nomor yang sama\r\n'
).encode("utf-8")


def test_indonesian_excel_report(new_page, served_site, entries, catalog):
    fill = lambda text: fill_in(text, catalog.placeholders)  # noqa: E731
    page = new_page()
    open_report(page, served_site, "id")
    choose(page, "laporan.csv", INDONESIAN)
    line, rows = summary(page)
    assert line == totals("id", 11, failed=8, ok=2, other=1)
    e = entries["id"]
    by_code = {r["code"]: r for r in rows}
    assert [r["code"] for r in rows][:1] == ["131049"]  # most failures first
    assert by_code["131049"]["count"] == "3" and by_code["131049"]["share"].startswith("37,5")
    assert by_code["131049"]["title"] == e["131049"]["t"]
    assert by_code["131049"]["retry"] == retry("id", e["131049"])
    assert by_code["131049"]["acts"] == UI["id"]["acts_text"]["business"]
    assert by_code["131049"]["href"].endswith("/whatsapp-errors/id/codes/131049/")
    assert by_code["131047"]["count"] == "1"  # found inside the reason text
    assert by_code["999999"]["title"] == UI["id"]["report"]["unknown"] and by_code["999999"]["href"] is None
    assert by_code["–"]["title"] == UI["id"]["report"]["missing"] and by_code["–"]["count"] == "1"
    assert "sesuatu yang tidak dikenal" in page.inner_text("[data-err-report-unrecognized]")

    name, table = download(page, "all", ";")
    assert name == UI["id"]["report"]["file_all"] + ".csv"
    out = UI["id"]["report"]
    assert table[0] == ["No", "Nomor HP", "Status", "Kode Error", "Alasan", "Catatan",
                        out["out_code"], out["out_title"], out["out_acts"], out["out_retry"], out["out_url"], out["out_list"]]
    assert len(table) == 12  # every row, none dropped
    assert table[1][:2] == ["1", "'+6281234567001"] and table[2][1] == "081234567002"
    assert table[2][5] == "baris dua\r\nbaris tiga"
    assert table[1][4] == "Pesan ditahan; batas pemasaran"
    assert table[1][6:10] == ["131049", e["131049"]["t"], UI["id"]["acts_text"]["business"], retry("id", e["131049"])]
    assert table[1][10].endswith("/whatsapp-errors/id/codes/131049/") and table[1][11] == out["list_wait"]
    assert table[3][6:] == ["", "", "", "", "", ""]  # delivered: nothing added
    assert table[5][4] == 'Pengguna "berhenti" menerima'
    assert table[5][5] == "'=HYPERLINK(\"http://x.test\";\"klik\")"  # formulas stay text
    assert table[6][5] == "'-1+1" and table[7][5] == "'@SUM(A1)"
    assert table[7][6:9] == ["999999", out["unknown"], fill(out["acts_unknown"])]  # who acts, even for an unknown code

    # Each number once, in international digits without a leading apostrophe, on the list of its first fitting rule.
    name, stop = download(page, "stop", ";")
    assert name == out["file_stop"] + ".csv"
    assert stop == [[out["out_phone"], out["out_code"], out["out_title"], out["out_reason"], out["out_acts"], out["out_retry"], out["out_url"]],
                    ["6281234567005", "131050", e["131050"]["t"], 'Pengguna "berhenti" menerima', UI["id"]["acts_text"]["business"],
                     retry("id", e["131050"]), stop[1][6]]]
    _, wait = download(page, "wait", ";")
    assert [r[:2] for r in wait[1:]] == [["6281234567001", "131049"], ["6281234567002", "131049"]]
    _, unreachable = download(page, "unreachable", ";")
    assert [r[:2] for r in unreachable[1:]] == [["6281234567006", "131026"]]
    _, fix = download(page, "fix", ";")
    assert [r[:2] for r in fix[1:]] == [["6281234567008", "131047"]]
    _, unknown = download(page, "unknown", ";")
    assert [r[:2] for r in unknown[1:]] == [["6281234567007", "999999"], ["6281234567010", ""]]
    # The plan above the table names each list with its count and rule.
    plan = page.inner_text("[data-err-report-plan]")
    for kind, count in (("stop", 1), ("unreachable", 1), ("fix", 1), ("wait", 2), ("unknown", 2)):
        assert f"{out['download_' + kind].replace('{count}', str(count))}: {fill(out['rule_' + kind])}" in plan


# An English tool's export: commas, LF, statuses in English, codes in a column named error_code.
ENGLISH = (
    "phone,status,error_code,error_message\n"
    "+15550000001,failed,130429,Rate limit hit\n"
    "+15550000002,delivered,,\n"
    "+15550000003,read,,\n"
    "+15550000004,sent,,\n"
    "+15550000005,failed,131050,\"Unable to deliver, user stopped marketing\"\n"
    "+15550000006,failed,470,Re-engagement message\n"
).encode("utf-8")


def test_english_report(new_page, served_site, entries):
    page = new_page()
    open_report(page, served_site, "en")
    choose(page, "report.csv", ENGLISH)
    line, rows = summary(page)
    assert line == totals("en", 6, failed=3, ok=3, other=0)
    e = entries["en"]
    assert {r["code"]: r["title"] for r in rows} == {c: e[c]["t"] for c in ("130429", "131050", "470")}
    assert page.is_hidden("[data-err-report-warning]")  # no phone number lost its digits
    assert all(r["share"] == "33.3%" for r in rows)
    _, wait = download(page, "wait", ",")
    out = UI["en"]["report"]
    assert wait == [[out["out_phone"], out["out_code"], out["out_title"], out["out_reason"], out["out_acts"], out["out_retry"], out["out_url"]],
                    ["15550000001", "130429", e["130429"]["t"], "Rate limit hit", UI["en"]["acts_text"]["developer"],
                     retry("en", e["130429"]), wait[1][6]]]
    _, stop = download(page, "stop", ",")
    assert [r[0] for r in stop[1:]] == ["15550000005"]


def test_pasted_rows_with_reasons_as_text(new_page, served_site, entries):
    """Rows pasted from a spreadsheet (tabs, no codes): reasons as API titles in English,
    titles in Indonesian, codes inside text, and text nobody knows."""
    e = entries["en"]
    pasted = "\n".join([
        "Recipient\tStatus\tReason",
        "6281200000001\tFAILED\tRe-engagement message",
        "6281200000002\tFAILED\tPenerima berhenti menerima pesan pemasaran",
        "6281200000003\tFAILED\tError 131026: Message undeliverable.",
        "6281200000004\tFAILED\tMessage failed: (#131049) This message was not delivered to maintain healthy ecosystem engagement.",
        "6281200000005\tFAILED\tThe moon is in the wrong phase",
        "6281200000006\tDELIVERED\t",
    ])
    page = new_page()
    open_report(page, served_site, "en")
    page.fill(PASTE, pasted)
    page.click("form[data-err-report] button[type=submit]")
    line, rows = summary(page)
    assert line == totals("en", 6, failed=5, ok=1, other=0)
    assert sorted(r["code"] for r in rows) == sorted(["131047", "131050", "131026", "131049", "–"])
    assert {r["code"]: r["title"] for r in rows if r["code"] != "–"} == {c: e[c]["t"] for c in ("131047", "131050", "131026", "131049")}
    assert "The moon is in the wrong phase" in page.inner_text("[data-err-report-unrecognized]")
    # A tab-separated paste is written back with commas on the English page.
    _, table = download(page, "all", ",")
    assert table[0][:3] == ["Recipient", "Status", "Reason"] and table[1][3] == "131047"


def test_paste_event_reads_without_a_click(new_page, served_site):
    page = new_page()
    open_report(page, served_site, "id")
    page.focus(PASTE)
    page.evaluate("""() => {
        const box = document.querySelector('#err-report-paste');
        box.value = 'Nomor\\tKode\\n081200000001\\t131049\\n081200000002\\t131049';
        box.dispatchEvent(new ClipboardEvent('paste', {bubbles: true}));
    }""")
    line, rows = summary(page)
    assert line == totals("id", 2, failed=2, ok=0, other=0)
    assert rows[0]["code"] == "131049" and rows[0]["count"] == "2"


def test_scientific_phone_numbers_are_reported(new_page, served_site):
    data = ("Phone;Status;Error code\r\n6,28123E+12;failed;131049\r\n6,28124E+12;failed;131026\r\n"
            "6,28125E+12;delivered;\r\n").encode("utf-8")
    page = new_page()
    open_report(page, served_site, "en")
    choose(page, "excel.csv", data)
    summary(page)
    warning = page.locator("[data-err-report-warning]")
    assert warning.is_visible()
    expected = UI["en"]["report"]["sci"].replace("{column}", "Phone").replace("{example}", "6,28123E+12").replace("{count}", "3")
    assert warning.inner_text() == expected


@pytest.mark.parametrize("lang", ["id", "en"])
def test_bad_files_get_a_message(new_page, served_site, tmp_path, lang):
    strings = UI[lang]["report"]
    page = new_page()
    open_report(page, served_site, lang)
    choose(page, "laporan.xlsx", b"PK\x03\x04\x14\x00\x06\x00" + bytes(range(256)) * 4)
    assert message(page) == strings["zip"]
    choose(page, "kosong.csv", b"")
    assert message(page) == strings["empty"]
    choose(page, "spasi.csv", b"\xef\xbb\xbf  \r\n\r\n")
    assert message(page) == strings["empty"]
    choose(page, "gambar.csv", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(64))
    assert message(page) == strings["binary"]
    choose(page, "judul.csv", b"Nomor;Status;Kode Error\r\n")
    assert message(page) == strings["no_rows"]
    # 200 MB (a sparse file: no disk used) is refused before it is read.
    big = tmp_path / "besar.csv"
    with open(big, "wb") as f:
        f.truncate(200 * 1024 * 1024)
    page.eval_on_selector(MESSAGE, "m => { m.textContent = ''; }")
    page.set_input_files(FILE, str(big))
    assert message(page) == strings["too_big"].replace("{size}", "200").replace("{limit}", "100")
    page.fill(PASTE, "   ")
    page.eval_on_selector(MESSAGE, "m => { m.textContent = ''; }")
    page.click("form[data-err-report] button[type=submit]")
    assert message(page) == strings["empty_paste"]
    assert page.locator(RESULT).is_hidden()


def test_no_code_column_asks_for_columns(new_page, served_site, catalog):
    strings = UI["id"]["report"]
    fill = lambda text: fill_in(text, catalog.placeholders)  # noqa: E731
    data = ("Nama;Kota;Hasil\r\nAni;Bandung;ditolak sistem\r\nBudi;Medan;ditolak sistem\r\n"
            "Citra;<img src=x onerror=alert(1)>;nomor salah\r\n").encode("utf-8")
    page = new_page()
    open_report(page, served_site, "id")
    choose(page, "kontak.csv", data)
    assert message(page) == strings["pick"]
    picker = page.locator("[data-err-report-columns]")
    assert picker.is_visible()
    assert page.eval_on_selector_all("[data-err-report-preview] thead th", "ths => ths.map(t => t.textContent)") == ["Nama", "Kota", "Hasil"]
    cells = page.eval_on_selector_all("[data-err-report-preview] tbody td", "tds => tds.map(t => t.textContent)")
    assert cells[:3] == ["Ani", "Bandung", "ditolak sistem"] and "<img src=x onerror=alert(1)>" in cells
    assert page.locator("[data-err-report-preview] img").count() == 0
    page.click("[data-err-report-apply]")
    assert message(page) == strings["pick_needed"]
    page.select_option("#err-report-col-reason", label="Hasil")
    page.click("[data-err-report-apply]")
    line, rows = summary(page)
    assert line == totals("id", 3, failed=3, ok=0, other=0)
    assert rows == [{"code": "–", "title": strings["missing"], "count": "3", "share": "100%", "acts": fill(strings["acts_unknown"]),
                     "retry": fill(strings["todo_unknown"]), "href": None}]
    assert page.is_visible("[data-err-report-no-phone]")
    assert page.is_hidden("[data-err-report-download=stop]") and page.is_hidden("[data-err-report-download=unknown]")


def test_page_says_nothing_leaves_the_browser(new_page, served_site):
    for lang in ("id", "en"):
        page = new_page()
        open_report(page, served_site, lang)
        assert UI[lang]["report_privacy"].split(":")[0] in page.inner_text("article")
        assert page.locator(f"nav a[href$='report/']").count() >= 1


def test_papaparse_is_the_pinned_copy():
    """The site ships its own copy of Papa Parse; it must be the version package.json pins."""
    from pathlib import Path

    root = Path(__file__).resolve().parent.parent
    pinned = json.loads((root / "package.json").read_text())["dependencies"]["papaparse"]
    shipped = (root / "overrides/assets/vendor/papaparse/papaparse.min.js").read_text()
    assert f"v{pinned}\n" in shipped.split("*/")[0]
    assert (root / "overrides/assets/vendor/papaparse/LICENSE").read_text().startswith("The MIT License")
    installed = root / "node_modules/papaparse/papaparse.min.js"
    if installed.exists():
        assert installed.read_text() == shipped


# ---- The fixtures the command line reads too (tests/test_report_cli.py) ---------------------

from test_report_cli import FIXTURES, LISTS, expected  # noqa: E402


@pytest.mark.parametrize("lang", ["id", "en"])
@pytest.mark.parametrize("path", FIXTURES, ids=lambda p: p.name)
def test_fixture_matches_the_command_line(new_page, served_site, path, lang):
    """Each report in tests/fixtures/reports/ gives on the page the summary and downloads its
    NAME.expected.json records, the same JSON `python -m generator report` is checked against."""
    want = expected(path)
    strings = UI[lang]["report"]
    page = new_page()
    open_report(page, served_site, lang)
    drop(page, path.name, path.read_bytes())
    if want["problem"]:
        assert message(page) == strings[want["problem"]]
        assert page.locator(RESULT).is_hidden()
        return
    line, rows = summary(page)
    assert line == totals(lang, want["rows"], failed=want["failed"], ok=want["ok"], other=want["other"])
    assert {r["code"]: int(r["count"].replace(".", "").replace(",", "")) for r in rows} == \
        dict(want["codes"], **({"–": want["missing"]} if want["missing"] else {}))
    assert {r["code"] for r in rows if r["title"] == strings["unknown"]} == set(want["unknown"])
    assert page.is_visible("[data-err-report-warning]") == bool(want["sci"] or want.get("replaced") or want.get("quotes"))
    if want.get("replaced"):
        assert page.inner_text("[data-err-report-warning]").strip() == strings["replaced"].replace("{count}", str(want["replaced"]))
    if want.get("quotes"):
        assert page.inner_text("[data-err-report-warning]").strip() == \
            strings["quotes"].replace("{count}", str(want["quotes"])).replace("{row}", str(want["quote_row"]))
    delimiter = ";" if b";" in path.read_bytes().split(b"\n")[0] or (lang == "id" and path.suffix == ".tsv") else ","
    _, table = download(page, "all", delimiter)
    assert [row[-6] for row in table[1:]] == want["files"]["all"]
    for kind in LISTS:
        if want["files"][kind]:
            _, numbers = download(page, kind, delimiter)
            assert [[number, code] for number, code, *_ in numbers[1:]] == want["files"][kind]


TEXT_FORMS = ["(#131049) Message failed", "Error 131026: x", "error code: 131049", "Error code=#470", "kode 131049 gagal",
              "err:132000", "code131026", "Error: code 131047", "error #1234", "131026 - Message Undeliverable",
              "999123 - Something went wrong", "131026: Message undeliverable", "Failed (131026) undeliverable", "no code here",
              "1000 pesan gagal", "2024-05-01 failed", "error" + " " * 1995, ("error " * 400)[:2000], "error" + " " * 1990 + "12345",
              "131026" + " " * 1990 + "x"]


def test_a_code_in_text_reads_the_same_in_the_page_and_the_command_line():
    """The page's worker and report.py compile one set of patterns (report.json "patterns"); a
    code written at the start before a dash or a colon counts, known or not; a cell of spaces
    after "error" (which once backtracked quadratically) finds nothing, and finds the code at its end."""
    import shutil
    import subprocess

    from generator.report import text_code
    from generator.search_index import REPORT_PATTERNS

    expected = ["131049", "131026", "131049", "470", "131049", "132000", "131026", "131047", "1234", "131026",
                "999123", "131026", "131026", None, None, None, None, None, "12345", None]
    assert [text_code(c) for c in TEXT_FORMS] == expected
    node = shutil.which("node")
    assert node, "node is needed (make test installs axe-core with it)"
    script = "const r = new RegExp(JSON.parse(process.argv[1]), 'i'); const cells = JSON.parse(process.argv[2]);" \
             "console.log(JSON.stringify(cells.map(c => { const m = r.exec(c.slice(0, 2000)); " \
             "return m ? m.slice(1).find(g => g !== undefined) : null; })))"
    run = subprocess.run([node, "-e", script, json.dumps(REPORT_PATTERNS["written"]), json.dumps(TEXT_FORMS)],
                         capture_output=True, text=True, timeout=60)
    assert json.loads(run.stdout) == expected, run.stderr


# ---- The page leads its user --------------------------------------------------------------------

IN_VIEW = """el => { const r = el.getBoundingClientRect(); return r.top >= 0 && r.top < window.innerHeight; }"""


@pytest.mark.parametrize("width,height", [(1280, 720), (360, 740)], ids=["laptop", "phone"])
def test_the_answer_comes_into_view_with_the_focus(new_page, served_site, width, height):
    """Choosing a file, dropping one or pasting rows shows the result in view, focused, at 1280 px
    and on a 360 px phone; a second file replaces the first one's result."""
    page = new_page(viewport={"width": width, "height": height})
    open_report(page, served_site, "en")
    choose(page, "report.csv", ENGLISH)
    summary(page)
    heading = page.locator("[data-err-report-heading]")
    page.wait_for_function("() => document.activeElement && document.activeElement.matches('[data-err-report-heading]')")
    assert heading.evaluate(IN_VIEW)
    page.evaluate("window.scrollTo(0, 0)")
    drop(page, "other.csv", b"phone,status,error\n+15550000009,failed,131026\n")
    page.wait_for_function("() => document.querySelector('[data-err-report-totals]').textContent.startsWith('1 ')")
    assert heading.evaluate(IN_VIEW) and page.evaluate("document.activeElement.matches('[data-err-report-heading]')")
    line, rows = summary(page)
    assert [r["code"] for r in rows] == ["131026"]  # the first file's result is gone


def test_the_analyse_button_reads_what_was_given_last(new_page, served_site):
    """After a file is chosen the big button analyses that file again (never a trap that wipes the
    result and asks for pasted rows); after rows are typed, it reads the rows."""
    page = new_page()
    open_report(page, served_site, "en")
    choose(page, "report.csv", ENGLISH)
    line, _ = summary(page)
    page.click("form[data-err-report] button[type=submit]")
    page.wait_for_function("() => !document.querySelector('[data-err-report-result]').hidden")
    assert summary(page)[0] == line
    page.fill(PASTE, "phone\tstatus\terror\n+15550000009\tfailed\t131026\n")
    page.click("form[data-err-report] button[type=submit]")
    page.wait_for_function("() => document.querySelector('[data-err-report-totals]').textContent.startsWith('1 ')")
    assert [r["code"] for r in summary(page)[1]] == ["131026"]


def test_on_a_phone_each_summary_card_names_its_numbers(new_page, served_site):
    """At 360 px the summary's rows are cards: every number and advice under its column's name."""
    strings = UI["id"]["report"]
    page = new_page(viewport={"width": 360, "height": 740})
    open_report(page, served_site, "id")
    choose(page, "laporan.csv", INDONESIAN)
    summary(page)
    shown = page.eval_on_selector_all("[data-err-report-summary] tbody tr:first-child td", """tds => tds.map(td => {
        const before = getComputedStyle(td, '::before').content;
        return [before, getComputedStyle(td).display];
    })""")
    labels = [strings[k] for k in ("col_title", "col_count", "col_share", "col_acts", "col_retry")]
    assert len(shown) == len(labels) and all(f'"{label}"' in content for label, (content, _) in zip(labels, shown)), shown
    assert all(display == "block" for _, display in shown)
    assert page.evaluate("document.documentElement.scrollWidth") <= 360


def test_a_file_of_100000_columns_leaves_the_page_alive(new_page, served_site):
    """A file of 100,000 columns (a crafted or broken export) once froze the page for 13 to 33 s:
    the columns are looked at, and offered in the picker, up to the first 200."""
    strings = UI["en"]["report"]
    header = ";".join(f"c{i}" for i in range(100_000))
    row = ";".join("x" for _ in range(100_000))
    page = new_page()
    open_report(page, served_site, "en")
    choose(page, "wide.csv", f"{header}\r\n{row}\r\n{row}\r\n".encode("utf-8"))
    page.locator("[data-err-report-columns]:not([hidden])").wait_for(timeout=10_000)  # 1.4 s here
    assert message(page) == strings["pick"]
    assert page.locator("#err-report-col-reason option").count() == 201  # "(none)" and the first 200
    assert page.locator("[data-err-report-preview] thead th").count() == 200


def test_the_wait_list_says_from_when_in_the_page_too(new_page, served_site):
    from test_report_cli import TIMED, TIMED_EARLIEST

    page = new_page()
    open_report(page, served_site, "id")
    choose(page, "laporan.csv", TIMED)
    summary(page)
    _, rows = download(page, "wait", ";")
    assert rows[0][-1] == UI["id"]["report"]["out_earliest"]
    assert [row[-1] for row in rows[1:]] == TIMED_EARLIEST
