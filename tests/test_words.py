"""Words: the glossary's rules and the spelling check, each with a broken fixture and its exact message.

`generator check` reports a variant the glossary avoids in any catalog text, and
jargon, code numbers, "kita" and third-person talk in a customer message. The
spelling check runs hunspell (Debian's hunspell-id and hunspell-en-us) over every
catalog text, UI string and hand-written page; in CI the dictionaries must be there.
"""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from generator import glossary, spelling
from generator.load import load

ROOT = Path(__file__).resolve().parent.parent
RATE = "catalog/codes/rate-limit.yml"


@pytest.fixture
def worded(mini):
    """The mini catalog with the real glossary."""
    shutil.copyfile(ROOT / "catalog" / "glossary.yml", mini / "glossary.yml")
    return mini


def needs_hunspell():
    if not spelling.available():
        if os.environ.get("CI"):
            pytest.fail("hunspell with id_ID and en_US is missing; .ci/run installs hunspell-id and hunspell-en-us")
        pytest.skip("hunspell dictionaries not installed (apt-get install hunspell hunspell-id hunspell-en-us)")


def problems_after(root: Path, old: str, new: str) -> list[str]:
    file = root.parent / RATE
    content = file.read_text(encoding="utf-8")
    assert old in content, old
    file.write_text(content.replace(old, new, 1), encoding="utf-8")
    catalog, found = load(root)
    assert catalog is None
    return [str(p) for p in found]


CASES = [
    ("avoided variant", "      id: Terlalu banyak pesan dikirim terlalu cepat.", "      id: Terlalu banyak pesan memicu galat.",
     [f'{RATE}:10: 130429: description.id: use "error" instead of "galat"']),
    ("avoided phrase, any case", "      id: Terlalu banyak pesan dikirim terlalu cepat.", "      id: Kode Kesalahan muncul karena pesan terlalu cepat.",
     [f'{RATE}:10: 130429: description.id: use "error" instead of "Kode Kesalahan"']),
    ("kita for the business", "      id: Pesan Anda akan kami kirim ulang sebentar lagi.", "      id: Pesan Anda akan kita kirim ulang sebentar lagi.",
     [f'{RATE}:23: 130429: customer_message.id: use "kami" instead of "kita"']),
    ("jargon in a customer message", "      en: We will resend your message shortly.", "      en: Our webhook failed; we will resend your message shortly.",
     [f'{RATE}:24: 130429: customer_message.en: "webhook" is jargon the customer does not know; say it in everyday words']),
    ("a code in a customer message", "      id: Pesan Anda akan kami kirim ulang sebentar lagi.", "      id: Pesan Anda (error 130429) akan kami kirim ulang sebentar lagi.",
     [f'{RATE}:23: 130429: customer_message.id: the number 130429 means nothing to the customer; leave codes out of the message']),
    ("talking about the customer", "      en: We will resend your message shortly.", "      en: We will resend the message to the customer shortly.",
     [f'{RATE}:24: 130429: customer_message.en: "the customer" talks about the reader; write to them ("you")']),
    # Phrasings the blind reads found, refused by the real glossary's `phrasing:`.
    ("a calque of 'gives this code'", "      id: Terlalu banyak pesan dikirim terlalu cepat.", "      id: Meta memberi kode ini pesan yang sama.",
     [f'{RATE}:10: 130429: description.id: "memberi kode ini" is English "gives this code (a title, a row, a message)" carried over; '
      'write "kode ini berjudul …", "untuk kode ini, Meta memakai …" or "mencantumkan kode … pada …"']),
    ("a calque of 'this error is titled'", "      id: Terlalu banyak pesan dikirim terlalu cepat.", "      id: Error ini berjudul `Rate limit hit`.",
     [f'{RATE}:10: 130429: description.id: "Error ini berjudul" is English "this error is titled" carried over (an error message has no "judul"); '
      'write "pesan error-nya berbunyi `…`"']),
    ("a calque of 'unshare'", "      id: Terlalu banyak pesan dikirim terlalu cepat.", "      id: Hentikan pembagian akun itu.",
     [f'{RATE}:10: 130429: description.id: "pembagian akun" reads as splitting the account (English "unshare" carried over); '
      'write "berhenti membagikan akun …"']),
    ("a calque of 'missing permission'", "      id: Terlalu banyak pesan dikirim terlalu cepat.", "      id: Berikan izin yang hilang.",
     [f'{RATE}:10: 130429: description.id: "izin yang hilang" is English "missing permission" carried over (it may never have been given); '
      'write "izin yang kurang" or "izin yang belum diberikan atau sudah dicabut"']),
    ("two softeners", "      id: Terlalu banyak pesan dikirim terlalu cepat.", "      id: Jika masih gagal, mohon minta developer Anda memeriksanya.",
     [f'{RATE}:10: 130429: description.id: "mohon minta" stacks two softeners; write "silakan minta …"']),
    ("a calque of 'delivered'", "      id: Terlalu banyak pesan dikirim terlalu cepat.", "      id: Pesan tidak akan diantarkan kepadanya.",
     [f'{RATE}:10: 130429: description.id: "diantarkan" is English "delivered" carried over (a message "terkirim" or "sampai"); write "terkirim"']),
    ("'only resend after'", "      id: Terlalu banyak pesan dikirim terlalu cepat.", "      id: Mohon baru mengirim ulang setelah batasnya berakhir.",
     [f'{RATE}:10: 130429: description.id: "Mohon baru" is English "only … after" carried over, like "jangan sebelum itu"; '
      'start with the condition: "Setelah …, pesan dapat Anda kirim ulang"']),
    ("'sign up with us'", "      id: Terlalu banyak pesan dikirim terlalu cepat.", "      id: Silakan ulangi pendaftaran dengan kami.",
     [f'{RATE}:10: 130429: description.id: "pendaftaran dengan kami" is English "sign up with us" carried over, like "bersama kami"; '
      'write "mendaftar ulang di layanan kami"']),
    ("'exponential backoff'", "      id: Terlalu banyak pesan dikirim terlalu cepat.", "      id: Kirim ulang dengan exponential backoff.",
     [f'{RATE}:10: 130429: description.id: "exponential backoff" is the one retry wording said five ways; the catalog writes it in Indonesian; '
      'write "dengan jeda yang makin lama di antara percobaan"']),
    ("'restricted from sending'", "      id: Terlalu banyak pesan dikirim terlalu cepat.", "      id: Akun dibatasi untuk mengirim pesan ke negara ini.",
     [f'{RATE}:10: 130429: description.id: "dibatasi untuk" reads as "limited to", the opposite of "restricted from"; '
      'write "dibatasi sehingga tidak dapat …" or "tidak diizinkan …"']),
    ("a word twice", "      id: Terlalu banyak pesan dikirim terlalu cepat.", "      id: Terlalu banyak pesan dikirim dari sistem kami kami.",
     [f'{RATE}:10: 130429: description.id: "kami kami" writes a word twice; write it once']),
    ("'answer a webhook'", "      id: Terlalu banyak pesan dikirim terlalu cepat.", "      id: Server Anda harus menjawab setiap webhook dalam 5 detik.",
     [f'{RATE}:10: 130429: description.id: "menjawab setiap webhook" is a calque of "answer a webhook"; a server responds to a webhook; '
      'write "merespons webhook"']),
    ("'open a case'", "      id: Terlalu banyak pesan dikirim terlalu cepat.", "      id: Anda dapat membuka kasus di Business Support.",
     [f'{RATE}:10: 130429: description.id: "membuka kasus" is a calque of "open a case"; write "mengajukan kasus"']),
    ("literary inversion", "      id: Terlalu banyak pesan dikirim terlalu cepat.", "      id: Saat pelanggan menulis, terbukalah jendela 24 jam.",
     [f'{RATE}:10: 130429: description.id: "terbukalah" is a literary inversion, the wrong register for a help page; '
      'write "… terbuka" after its subject']),
    ("'a guide to blogging'", "      id: Terlalu banyak pesan dikirim terlalu cepat.", "      id: Panduan blog menyebut kendala ini sementara.",
     [f'{RATE}:10: 130429: description.id: "Panduan blog" reads as "a guide to blogging"; '
      'write "artikel panduan di blog berbahasa Indonesia"']),
    ("'call setup'", "      id: Terlalu banyak pesan dikirim terlalu cepat.", "      id: Panggilan gagal disiapkan karena jaringan.",
     [f'{RATE}:10: 130429: description.id: "gagal disiapkan" is a calque of "call setup failed"; "menyiapkan" means to prepare; '
      'write "gagal tersambung"']),
    ("'CAPTCHA challenge'", "      id: Terlalu banyak pesan dikirim terlalu cepat.", "      id: Selesaikan tantangan CAPTCHA lebih dulu.",
     [f'{RATE}:10: 130429: description.id: "tantangan CAPTCHA" is a calque of "CAPTCHA challenge"; '
      'write "CAPTCHA" or "verifikasi CAPTCHA"']),
    ("'not of type'", "      id: Terlalu banyak pesan dikirim terlalu cepat.", "      id: Header-nya bukan bertipe `text`.",
     [f'{RATE}:10: 130429: description.id: "bukan bertipe" negates a verb with "bukan"; '
      'write "tidak bertipe …" or "yang tipenya bukan …"']),
    ("'failed status webhook'", "      id: Terlalu banyak pesan dikirim terlalu cepat.", "      id: Baca kode pada webhook status gagal.",
     [f'{RATE}:10: 130429: description.id: "webhook status gagal" is English "failed status webhook" carried over '
      '(it reads as a webhook whose status failed); write "webhook status `failed`"']),
    ("'European Economic Area'", "      id: Terlalu banyak pesan dikirim terlalu cepat.", "      id: Nomor dari Wilayah Ekonomi Eropa.",
     [f'{RATE}:10: 130429: description.id: "Wilayah Ekonomi Eropa" is not the name Indonesian uses for the European Economic Area; '
      'write "Kawasan Ekonomi Eropa"']),
    ("'wait longer before each next attempt'", "      id: Terlalu banyak pesan dikirim terlalu cepat.",
     "      id: Jika gagal, tunggu lebih lama sebelum setiap percobaan berikutnya.",
     [f'{RATE}:10: 130429: description.id: "tunggu lebih lama sebelum setiap percobaan berikutnya" is English "wait longer before '
      'each next attempt" carried over; write "coba lagi dengan jeda yang makin lama di antara percobaan"']),
    ("'the title on this page'", "      id: Terlalu banyak pesan dikirim terlalu cepat.", "      id: Judul di halaman ini berasal dari Meta.",
     [f'{RATE}:10: 130429: description.id: "Judul di halaman ini" reads as the page\'s own heading, which is a plain title, '
      'not the API\'s; name the field: "Judul dari API (di Detail teknis)"']),
    ("'konfirmasi' as a command", "      id: Terlalu banyak pesan dikirim terlalu cepat.", "      id: Periksa nomornya, lalu konfirmasi perubahannya.",
     [f'{RATE}:10: 130429: description.id: "lalu konfirmasi" uses the noun "konfirmasi" as a command, which is not baku; '
      'write "lalu konfirmasikan …"']),
    ("'the title here'", "      en: Too many messages were sent too fast.", "      en: The title here comes from Meta.",
     [f'{RATE}:11: 130429: description.en: "The title here" reads as the page\'s own heading, which is a plain title, '
      'not the API\'s; name the field: "the Title from the API (in Technical details)"']),
    ("'no cause given'", "      en: Too many messages were sent too fast.", "      en: The step failed with no cause given.",
     [f'{RATE}:11: 130429: description.en: "no cause" is not how English says it; write "no reason given" or "doesn\'t say why"']),
    ("'only points to'", "      en: Too many messages were sent too fast.", "      en: Meta only points to Business Support.",
     [f'{RATE}:11: 130429: description.en: "only points to" quotes the sources instead of telling the reader what to do; '
      'write "Meta doesn\'t say why and only suggests contacting …"']),
    # Blind read en-16: translated phrasing, a formal register and vague timing.
    ("'once more'", "      en: Too many messages were sent too fast.", "      en: Please sign up once more.",
     [f'{RATE}:11: 130429: description.en: "once more" is Indonesian "sekali lagi" carried over; '
      'write "again": "try linking the accounts again", "go through signup again"']),
    ("'repeat the request'", "      en: Too many messages were sent too fast.", "      en: Wait a minute, then repeat the same request.",
     [f'{RATE}:11: 130429: description.en: "repeat the same request" is Indonesian "ulangi permintaan" carried over; '
      'write "send the request again"']),
    ("'the next try'", "      en: Too many messages were sent too fast.", "      en: Wait longer before the next try.",
     [f'{RATE}:11: 130429: description.en: "the next try" is a translated phrase; write "before trying again"']),
    ("'whom'", "      en: Too many messages were sent too fast.", "      en: Review whom you call and why.",
     [f'{RATE}:11: 130429: description.en: "whom" is too formal for support writing; write "who"']),
    ("'after a while'", "      en: Too many messages were sent too fast.", "      en: Try again after a while.",
     [f'{RATE}:11: 130429: description.en: "after a while" is vague timing; say how long if the sources do, or write "later"; '
      'for when to come back to us, "if … still … after a few days"']),
    ("'managed by us'", "      en: Too many messages were sent too fast.", "      en: If your number is managed by us, reply here.",
     [f'{RATE}:11: 130429: description.en: "managed by us" is a passive where the helpdesk speaks as "we"; write "If we manage … for you"']),
    ("'part of the response'", "      en: Too many messages were sent too fast.", "      en: Read the `details` part of the response.",
     [f'{RATE}:11: 130429: description.en: "part of the response" is vague about where to look; '
      'name the field: "the `details` field of the response"']),
    ("'keep it from happening'", "      en: Too many messages were sent too fast.", "      en: To keep it from happening again, send fewer.",
     [f'{RATE}:11: 130429: description.en: "keep it from happening" leaves "it" without a noun; write "To avoid this in the future"']),
    # Blind read en-18: throttling said with a translated verb.
    ("'held back'", "      en: Too many messages were sent too fast.", "      en: Sending is still held back by the server.",
     [f'{RATE}:11: 130429: description.en: "held back" is a translated phrase for a busy or limiting system; '
      'say it plainly: "the server was busy", "stopped accepting new requests", "limited" or "not delivered"']),
    ("'holding back'", "      en: Too many messages were sent too fast.", "      en: The server was holding back incoming requests.",
     [f'{RATE}:11: 130429: description.en: "holding back" is a translated phrase for a busy or limiting system; '
      'say it plainly: "the server was busy", "stopped accepting new requests", "limited" or "not delivered"']),
    # Blind read en-19: developer jargon, and Meta's stock error wording, in text a business reads.
    ("'exponential backoff' in English", "      en: Too many messages were sent too fast.", "      en: Resend them with exponential backoff.",
     [f'{RATE}:11: 130429: description.en: "exponential backoff" is developer jargon in text a business reads; '
      'write "automatic retries with longer gaps between attempts"']),
    ("'at this time'", "      en: Too many messages were sent too fast.", "      en: Your account couldn't be shared at this time.",
     [f'{RATE}:11: 130429: description.en: "at this time" is Meta\'s stock error wording, and suggests a passing problem nobody has established; '
      'say what can\'t happen and when: "during signup", "until …", or leave it out']),
    # Blind reads en-20 and 35: translated prepositions, a stiff gloss, and growing retry gaps said many ways.
    ("'requests about'", "      en: Too many messages were sent too fast.", "      en: It mostly comes with requests about phone numbers.",
     [f'{RATE}:11: 130429: description.en: "requests about" is a translated preposition (a request involves a number, it isn\'t about one); '
      'write "requests that involve …"']),
    ("'appears on'", "      en: Too many messages were sent too fast.", "      en: This code usually appears on incoming messages.",
     [f'{RATE}:11: 130429: description.en: "appears on" is a translated verb for an error; '
      'write "is returned for …", "occurs with …" or "If you got this code when …"']),
    ("', that is,'", "      en: Too many messages were sent too fast.", "      en: The sender in the request, that is, your number, is unknown.",
     [f'{RATE}:11: 130429: description.en: "that is," is a stiff gloss that can attach to the wrong noun; '
      'put the gloss in parentheses: "the sender in the request (the WhatsApp number …)"']),
    ("'bertambah secara eksponensial'", "      id: Terlalu banyak pesan dikirim terlalu cepat.",
     "      id: Kirim ulang dengan jeda yang bertambah secara eksponensial.",
     [f'{RATE}:10: 130429: description.id: "bertambah secara eksponensial" is a developer\'s wording; the catalog says growing retry gaps one way; '
      'write "dengan jeda yang makin lama di antara percobaan"']),
    ("'di pendaftaran'", "      id: Terlalu banyak pesan dikirim terlalu cepat.", "      id: Bisnis yang dipilih di pendaftaran berbeda.",
     [f'{RATE}:10: 130429: description.id: "di pendaftaran" puts an event where a place belongs; write "saat pendaftaran"']),
    ("'secara bergulir'", "      id: Terlalu banyak pesan dikirim terlalu cepat.", "      id: Batas dihitung secara bergulir.",
     [f'{RATE}:10: 130429: description.id: "secara bergulir" is a calque of "rolling window" that readers don\'t use; '
      'write "dihitung dari 24 jam terakhir, bukan per hari kalender"']),
]


@pytest.mark.parametrize("name, old, new, expected", CASES, ids=[c[0] for c in CASES])
def test_word_rule_is_reported_exactly(worded, name, old, new, expected):
    assert problems_after(worded, old, new) == expected


def test_a_word_twice_is_only_two_words_in_a_row():
    from generator import voice

    assert voice.doubled_words("sistem kami kami.") == ['"kami kami" writes a word twice; write it once']
    assert voice.doubled_words("That that is fine? No: That That") == ['"That that" writes a word twice; write it once',
                                                                     '"That That" writes a word twice; write it once']
    # Reduplication with a hyphen, a literal between, placeholders and numbers are no slip.
    assert voice.doubled_words("kata-kata, kolom `error` error-nya, {provider} {provider}, 10 10 menit") == []


def test_the_plain_title_is_prose_and_spelled(worded):
    """Unlike title.en (the API's words), plain_title is ours: the glossary's rules and the spelling check read it."""
    assert problems_after(worded, "    plain_title: Throughput limit reached", "    plain_title: Messages refused for going too fast") == [
        f'{RATE}:8: 130429: plain_title: "refused" is the catalog\'s stock word for every rejection; write "rejected", "declined" or "didn\'t accept", as fits']
    needs_hunspell()
    file = worded.parent / RATE
    file.write_text(file.read_text(encoding="utf-8").replace("Messages refused for going too fast", "Throughput limmit reached"), encoding="utf-8")
    run = subprocess.run([sys.executable, "-m", "generator", "check", "--catalog", str(worded)],
                         capture_output=True, text=True, cwd=ROOT)
    assert run.returncode == 1
    assert [l for l in run.stderr.splitlines() if "limmit" in l] == [
        f'{worded / "codes" / "rate-limit.yml"}:8: spelling: "limmit" is not in the en dictionary; '
        "correct it, or add it to `words:` in catalog/glossary.yml if it is right"]


def test_literals_and_the_api_title_are_not_prose(worded):
    file = worded.parent / RATE
    content = file.read_text(encoding="utf-8")
    content = content.replace("      en: Rate limit hit", "      en: Rate limit hit (kita galat)")
    content = content.replace("      id: Terlalu banyak pesan dikirim terlalu cepat.", "      id: Nilai `galat` dikirim terlalu cepat.")
    file.write_text(content, encoding="utf-8")
    assert load(worded)[1] == []


def test_the_glossary_itself_is_checked(worded):
    (worded / "glossary.yml").write_text("terms:\n  - concept: x\n    id: {use: a, avoid: b}\njargon: {id: [], en: []}\nwords: []\n", encoding="utf-8")
    assert [str(p) for p in load(worded)[1]] == [
        "catalog/glossary.yml:3: -: term `x`: `id:` needs `use:` (a word) and `avoid:` (a list of words)"]


def test_a_misspelling_fails_check_with_file_line_and_word(worded):
    needs_hunspell()
    file = worded.parent / RATE
    file.write_text(file.read_text(encoding="utf-8").replace(
        "      id: Terlalu banyak pesan dikirim terlalu cepat.", "      id: Terlalu banyak pessan dikirim terlalu cepat."), encoding="utf-8")
    run = subprocess.run([sys.executable, "-m", "generator", "check", "--catalog", str(worded)],
                         capture_output=True, text=True, cwd=ROOT)
    assert run.returncode == 1
    line = next(l for l in run.stderr.splitlines() if "pessan" in l)
    assert line == (f'{worded / "codes" / "rate-limit.yml"}:10: spelling: "pessan" is not in the id dictionary; '
                    "correct it, or add it to `words:` in catalog/glossary.yml if it is right")


def test_indonesian_affixes_the_dictionary_lacks_are_accepted_by_their_root():
    needs_hunspell()
    assert spelling.unknown({"hubungi", "pastikan", "nomornya", "kirimkan", "pessan"}, "id", ()) == {"pessan"}
    assert spelling.unknown({"recieve", "receive"}, "en", ()) == {"recieve"}


def test_the_catalog_ui_and_pages_are_spelled_right():
    needs_hunspell()
    words, problems = glossary.read(ROOT / "catalog" / "glossary.yml", "catalog/glossary.yml")
    assert problems == []
    found = spelling.problems(ROOT / "catalog", ROOT, words)
    assert found == [], "\n".join(map(str, found[:50]))


def test_ui_strings_and_pages_follow_the_glossary():
    words, _ = glossary.read(ROOT / "catalog" / "glossary.yml", "catalog/glossary.yml")
    found = []
    for file, line, lang, text in spelling.texts(ROOT / "catalog", ROOT):
        if "/codes/" in file:
            continue  # entries: generator check
        found += [f"{file}:{line}: {p}" for p in glossary.variants(text, lang, words)]
    assert found == []
