"""Search as a helpdesk agent uses it: symptoms, pasted sentences, API titles, provider reasons.

Each query below is typed into the theme's real search box in Chromium (as a paste, the
way test_browser.py does) and the three first results are compared with the codes a
helpdesk agent expects for it. The count of queries whose expected code is in the top
three is printed (run with -s to see it) and must not go down: at least FLOOR of them,
and every query that names a code exactly puts that code first.

The queries are our own, written as Indonesian WhatsApp Business users and helpdesk
agents write them: informal Indonesian ("saldo habis", "centang satu"), English
symptoms ("customer blocked our number"), titles as the API emits them, the provider's
reasons, and whole sentences with a code in them. Run this module directly against any
built site (python -m tests.test_search_symptoms SITE_DIR) to count without asserting.
"""
from __future__ import annotations

import re

import pytest

FLOOR = 0.90
BOX = "input.md-search__input"
LINKS = ".md-search-result__list > li > a"
META = ".md-search-result__meta"

QUOTA = "115001-115005"

# (language, query, codes any of which is the right answer, the code the query names or None)
QUERIES = [
    # Indonesian, informal and symptom descriptions
    ("id", "saldo habis", [QUOTA], None),
    ("id", "kuota habis", [QUOTA], None),
    ("id", "saldo tidak cukup buat broadcast", [QUOTA], None),
    ("id", "pesan di luar 24 jam", ["131047"], None),
    ("id", "nomor tidak aktif", ["131026", "117002"], None),
    ("id", "diblokir pelanggan", ["131026"], None),
    ("id", "pelanggan blokir nomor kami", ["131026"], None),
    ("id", "centang satu terus", ["problems/stuck-at-sent", "131026", "131049"], None),
    ("id", "template ditolak", ["problems/template-rejected", "132001", "141002"], None),
    ("id", "template dijeda", ["132015"], None),
    ("id", "nomor tidak terdaftar di whatsapp", ["117002", "131026"], None),
    ("id", "token kedaluwarsa", ["190"], None),
    ("id", "terlalu banyak pesan ke pelanggan yang sama", ["131056"], None),
    ("id", "kena limit kirim", ["130429", "131056", "131049"], None),
    ("id", "pesan promosi tidak sampai", ["131049"], None),
    ("id", "pelanggan berhenti terima promo", ["131050"], None),
    ("id", "kualitas pesan rendah", ["131048"], None),
    ("id", "format nomor salah", ["117004"], None),
    ("id", "akun dikunci", ["131031"], None),
    ("id", "kartu kredit ditolak", ["131042"], None),
    ("id", "gambar gagal dikirim", ["131053"], None),
    ("id", "nomor penerima sama dengan pengirim", ["131021"], None),
    ("id", "error tidak diketahui", ["131000"], None),
    ("id", "koneksi timeout", ["113001"], None),
    ("id", "jumlah parameter template tidak cocok", ["132000"], None),
    ("id", "broadcast di luar jam", ["112004"], None),
    ("id", "masa aktif akun habis", ["115006"], None),
    ("id", "nomor belum ada di daftar uji", ["131030"], None),
    ("id", "PIN verifikasi salah", ["133005"], None),
    ("id", "akses ditolak", ["131005"], None),
    ("id", "gagal kirim pesan", ["131026", "131000"], None),
    ("id", "whatsapp sedang gangguan", ["131016", "133004"], None),
    # Indonesian complaints without a code: a problem page answers them
    ("id", "pesan sudah centang dua tapi tidak dibaca", ["problems/delivered-not-read"], None),
    ("id", "verifikasi bisnis ditolak", ["problems/business-verification"], None),
    ("id", "gambar tidak muncul di HP pelanggan", ["problems/media-not-shown"], None),
    ("id", "balasan pelanggan tidak masuk ke dashboard", ["problems/incoming-messages-not-arriving"], None),
    ("id", "cara dapat centang hijau", ["problems/official-business-account"], None),
    ("id", "nomor masih dipakai di aplikasi WhatsApp", ["problems/number-already-on-whatsapp-app"], None),
    # Indonesian sentences with a code in them
    ("id", "broadcast saya banyak yang gagal, katanya 131049", ["131049"], "131049"),
    ("id", "kode 131049", ["131049"], "131049"),
    ("id", "error 470", ["470"], "470"),
    ("id", "(#131056)", ["131056"], "131056"),
    ("id", "kenapa muncul error 131026 padahal nomornya aktif?", ["131026"], "131026"),
    ("id", "gagal kirim kode error 132001 template", ["132001"], "132001"),
    # English symptoms and titles
    ("en", "delivered but never read", ["problems/delivered-not-read"], None),
    ("en", "messages arriving late", ["problems/messages-arriving-late"], None),
    ("en", "delivery status not updating", ["problems/status-updates-not-arriving"], None),
    ("en", "can't reply after 24 hours", ["problems/customer-cannot-reply-or-window-closed", "131047"], None),
    ("en", "user blocked", ["131026"], None),
    ("en", "customer blocked our number", ["131026"], None),
    ("en", "24 hour window", ["131047"], None),
    ("en", "Re-engagement message", ["131047"], None),
    ("en", "Rate limit hit", ["130429"], None),
    ("en", "Spam rate limit hit", ["131048"], None),
    ("en", "Template Param Count Mismatch", ["132000"], None),
    ("en", "Number of parameters does not match the expected number of params", ["132000"], None),
    ("en", "Account has been locked", ["131031"], None),
    ("en", "Business Account locked", ["131031"], None),
    ("en", "Message type unknown", ["131051"], None),
    ("en", "Insufficient Quota", [QUOTA], None),
    ("en", "out of credit", [QUOTA], None),
    ("en", "Unregistered WhatsApp number", ["117002"], None),
    ("en", "invalid phone number", ["117004"], None),
    ("en", "access token expired", ["190"], None),
    ("en", "opted out of marketing messages", ["131050"], None),
    ("en", "marketing message limit per user", ["131049"], None),
    ("en", "template paused", ["132015"], None),
    ("en", "Message Undeliverable", ["131026"], None),
    ("en", "Something went wrong", ["131000"], None),
    ("en", "payment method issue", ["131042"], None),
    ("en", "too many messages to the same customer", ["131056"], None),
    ("en", "message stuck on one tick", ["131026", "131049"], None),
    ("en", "display name not approved", ["131037"], None),
    # English pastes with a code
    ("en", "Error: (#100) Invalid parameter", ["100"], "100"),
    ("en", "message failed with error 131026 Message Undeliverable", ["131026"], "131026"),
    ("en", "error code 131047 re-engagement", ["131047"], "131047"),
    ("en", "code=131048 title=Spam rate limit hit", ["131048"], "131048"),
]


def run_query(page, query: str) -> list[str]:
    """Paste `query` into the box; the codes (or pages) of the results, best first."""
    box = page.locator(BOX)
    box.fill("")
    box.press("End")
    page.wait_for_function("sel => !document.querySelector(sel)", arg=LINKS, timeout=5000)
    none = page.evaluate("JSON.parse(document.getElementById('__config').textContent).translations['search.result.none']")
    box.fill(query)
    box.press("End")
    page.wait_for_function(
        "([links, meta, none]) => document.querySelector(links) || document.querySelector(meta).textContent.trim() === none",
        arg=[LINKS, META, none.strip()], timeout=5000)
    return _codes(page.eval_on_selector_all(LINKS, "els => els.map(e => e.getAttribute('href'))"))


def _codes(hrefs: list[str]) -> list[str]:
    """The code of each result that is a code page, "problems/{slug}" for a problem page, else its address."""
    return [m.group(1) if (m := re.search(r"codes/([0-9-]+)/", h)) else
            f"problems/{p.group(1)}" if (p := re.search(r"problems/([a-z0-9-]+)/", h)) else h for h in hrefs]


# Pastes each query into the open search box inside the page, as run_query does from outside
# (an emptied box first, so no earlier results are read): the links of each, best first.
RUN_EACH = """async ([queries, input, links, meta]) => {
    const box = document.querySelector(input);
    const none = JSON.parse(document.getElementById('__config').textContent).translations['search.result.none'].trim();
    const paste = text => {
        box.value = text;
        box.dispatchEvent(new Event('input', {bubbles: true}));
        box.dispatchEvent(new KeyboardEvent('keyup', {key: 'End', bubbles: true}));
    };
    const until = ready => new Promise((done, failed) => {
        const start = performance.now();
        (function poll() {
            if (ready()) done();
            else if (performance.now() - start > 5000) failed(new Error('no results in 5 s'));
            else setTimeout(poll, 5);
        })();
    });
    const found = [];
    for (const query of queries) {
        paste('');
        await until(() => !document.querySelector(links));
        paste(query);
        await until(() => document.querySelector(links) || document.querySelector(meta).textContent.trim() === none);
        found.push([...document.querySelectorAll(links)].map(a => a.getAttribute('href')));
    }
    return found;
}"""


def rank_all(new_page, base: str) -> list[tuple[str, str, list[str], str | None, list[str]]]:
    """Every query of QUERIES with its first three results, one page per language."""
    out = []
    for lang in ("id", "en"):
        page = new_page()
        page.goto(base + f"{lang}/codes/131049/")
        page.locator(BOX).click()
        mine = [(query, expected, named) for qlang, query, expected, named in QUERIES if qlang == lang]
        run_query(page, mine[0][0])  # the first query typed from outside, as a reader does
        found = page.evaluate(RUN_EACH, [[query for query, *_ in mine], BOX, LINKS, META])
        for (query, expected, named), hrefs in zip(mine, found, strict=True):
            out.append((lang, query, expected, named, _codes(hrefs)[:3]))
    return out


def summary(ranked) -> tuple[int, list[str]]:
    hits = sum(1 for _, _, expected, _, top in ranked if set(expected) & set(top))
    misses = [f"{lang} {query!r}: expected {expected}, got {top}"
              for lang, query, expected, _, top in ranked if not set(expected) & set(top)]
    return hits, misses


def test_queries_are_realistic_and_enough():
    assert len(QUERIES) >= 40
    assert {lang for lang, *_ in QUERIES} == {"id", "en"}
    assert len({(lang, q) for lang, q, *_ in QUERIES}) == len(QUERIES)


def test_symptoms_find_the_code(new_page, served_site, catalog):
    known = set(catalog.by_code()) | {f"problems/{p.slug}" for p in catalog.problems}
    for _, query, expected, _ in QUERIES:
        assert set(expected) <= known, query
    ranked = rank_all(new_page, served_site)
    hits, misses = summary(ranked)
    print(f"\nsearch symptoms: {hits} of {len(ranked)} queries have an expected code in the top 3")
    for miss in misses:
        print("  miss:", miss)
    assert hits >= FLOOR * len(ranked), "\n".join(misses)
    named_wrong = [(q, top) for _, q, _, named, top in ranked if named and top[:1] != [named]]
    assert named_wrong == [], named_wrong


# Entries whose API title reads badly as a heading, so their plain title differs most.
RETITLED = ["138001", "132005", "131000", "2494177", "408", "1690214", "131211"]


def test_the_api_title_and_the_plain_title_both_find_the_entry(new_page, served_site, catalog):
    """English pages show the plain title; search finds the entry by it and by the title the API
    sends, and shows the plain title in the result, after a badge naming the code's origin."""
    page = new_page()
    page.goto(served_site + "en/codes/131049/")
    page.locator(BOX).click()
    for code in RETITLED:
        e = catalog.by_code()[code]
        assert e.plain_title.lower() != e.title.en.lower(), code
        for query in (e.title.en, e.plain_title):
            assert code in run_query(page, query)[:3], (code, query)
        # The title after the badge naming the code's origin.
        shown = page.eval_on_selector_all(LINKS, """els => els.map(e => {
            const h1 = e.querySelector('h1').cloneNode(true), badge = h1.querySelector('.err-badge');
            return [badge && badge.textContent, (badge && badge.remove(), h1.textContent.trim())];
        })""")
        badge = {"meta": "Meta", "meta-onprem": "Meta On-Premises (retired)"}.get(e.origin, catalog.provider.name)
        assert [badge, f"{code} — {e.plain_title}"] in shown, (code, shown)


def test_index_is_fetched_on_first_focus_only(new_page, served_site):
    """A fresh code page asks for no search index until the box is focused; the first query then answers."""
    page = new_page()
    asked = []
    page.on("request", lambda r: asked.append(r.url) if "search-index.json" in r.url else None)
    page.goto(served_site + "id/codes/131049/")
    page.wait_for_load_state("networkidle")
    page.wait_for_timeout(300)
    assert asked == []
    page.locator(BOX).focus()
    page.wait_for_timeout(100)
    assert run_query(page, "saldo habis")[:3].count(QUOTA) == 1
    assert len(asked) == 1


if __name__ == "__main__":  # count against any built site, without asserting
    import sys
    from pathlib import Path

    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    from bench.common import chromium, new_page as bench_page, serve

    with serve(Path(sys.argv[1])) as base, chromium() as browser:
        ranked = rank_all(lambda: bench_page(browser), base)
    hits, misses = summary(ranked)
    print(f"{hits} of {len(ranked)} queries have an expected code in the top 3")
    print("named code first:", sum(1 for *_, named, top in ranked if named and top[:1] == [named]),
          "of", sum(1 for *_, named, _ in ranked if named))
    print("\n".join(misses))
