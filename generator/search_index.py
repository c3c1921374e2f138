"""The two JSON indexes the browser uses, one set per language.

- `assets/codes.json`: every entry's code, range bounds, titles and retry advice,
  for the lookup box and the webhook decoder. Small and exact: looking up a code
  or a title never depends on full-text search.
- `assets/families.json`: blocks of codes Meta documents as one feature, so that
  an unknown code inside one is named as belonging to it (lookup box, decoder).
- `assets/replies.json`: per code, the ticket reply and the customer message (or
  why none is offered), for the decoder's rows and copy buttons, as copied (links
  with their address); kept out of codes.json so the lookup box stays small.
- `assets/search-index.json`: code, problem and category pages with their plain text, the
  keywords people use for each failure, an On-Premises flag and the glossary's search
  synonyms, for the search worker (overrides/assets/javascripts/search-worker.js).
- `assets/report.json`: what the broadcast report page needs beyond codes.json
  (overrides/assets/javascripts/report-worker.js): who must act per code, the
  failure reasons it recognises as text (the titles readers see in both languages, the
  title the API sends and every title the code has had, mapped to its code) and the column names and status words it looks for, as data.
"""
from __future__ import annotations

import json

from .model import Catalog
from .strings import ui_strings
from .text import copied, fill, plain, title_key


def _dump(data: object) -> str:
    return json.dumps(data, ensure_ascii=False, separators=(",", ":"), sort_keys=True) + "\n"


def lookup_json(catalog: Catalog, lang: str) -> str:
    """Per entry: code, range, the title readers see (`t`: the Indonesian one, or the plain English
    one), retry advice and wait, and `s`: the titles the API sends (title.en and titles_seen, where
    they differ from `t`), by which the lookup box and the decoder find it too."""
    values = catalog.placeholders

    def others(e) -> list[str]:
        shown = plain(e.heading(lang), values)
        return [t for t in dict.fromkeys(plain(t, values) for t in e.titles) if t != shown]

    return _dump([
        {"c": e.code, "lo": e.low, "hi": e.high, "t": plain(e.heading(lang), values), "r": e.retry, "w": e.retry_after,
         **({"s": others(e)} if others(e) else {})} for e in catalog.entries
    ])


def families_json(catalog: Catalog, lang: str) -> str:
    names = {c.key: c.name.get(lang) for c in catalog.categories}
    return _dump([
        {"lo": f.low, "hi": f.high, "n": f.name.get(lang), "k": f.category, "kn": names[f.category]} for f in catalog.families
    ])


def replies_json(catalog: Catalog, lang: str) -> str:
    values = catalog.placeholders
    return _dump({
        e.code: {"r": copied(e.ticket_reply.get(lang), values),
                 "m": copied(e.customer_message.get(lang), values) if e.customer_message else None,
                 "n": e.no_customer_message, **({"ch": e.customer_channel} if e.customer_channel != "whatsapp" else {})}
        for e in catalog.entries
    })


def _titled(entry, lang: str) -> tuple[str, ...]:
    """The titles search weighs like the title besides `t`: titles_seen, and on English pages the
    API's title first (Indonesian pages weigh it as `te` alone, as before)."""
    return ((entry.title.en,) if lang == "en" else ()) + entry.titles_seen


def search_json(catalog: Catalog, lang: str) -> str:
    """Per entry: code, range, the title readers see (`t`: the Indonesian one, or the plain
    English one), the title the API sends (`te`), text, category name, the keywords people use
    for the failure (`w`, one phrase a line), other titles weighed like the title (`ts`, one a
    line: those the code has had, and on English pages the API's title, which was the English
    page's title before plain titles, so it weighs as it did), its origin (`g`) and `o: 1` for
    the On-Premises API's codes, which rank below current codes on equal text. Problems without
    a code (`p: 1`) rank with the codes, by their titles, text and keywords. `syn`: the
    language's search synonyms; `badges`: what each result's badge says (per origin, and
    "problem")."""
    values = catalog.placeholders
    names = {c.key: c.name.get(lang) for c in catalog.categories}
    docs = [
        {
            "u": f"codes/{e.code}/",
            "c": e.code,
            "lo": e.low,
            "hi": e.high,
            "t": plain(e.heading(lang), values),
            "te": plain(e.title.en, values),
            **({"ts": "\n".join(plain(t, values) for t in titled)} if (titled := _titled(e, lang)) else {}),
            "x": " ".join(plain(t.get(lang), values) for t in (e.description, e.action)),
            "k": names[e.category],
            **({"w": "\n".join(e.keywords_in(lang))} if e.keywords_in(lang) else {}),
            "g": e.origin,
            **({"o": 1} if e.origin == "meta-onprem" else {}),
        }
        for e in catalog.entries
    ]
    docs += [
        {
            "u": f"problems/{p.slug}/",
            "t": plain(p.heading(lang), values),
            "x": " ".join(plain(t.get(lang), values) for t in (p.description, p.action)),
            "k": "",
            "w": "\n".join(p.keywords_in(lang)),
            "p": 1,
        }
        for p in catalog.problems
    ]
    docs += [
        {"u": f"{c.key}/", "t": c.name.get(lang), "x": plain(c.intro.get(lang), values), "k": ""}
        for c in catalog.categories
    ]
    ui = ui_strings(lang)
    # What a result's badge says: the code's origin, or that it is a problem without a code.
    badges = {**{origin: fill(name, values) for origin, name in ui["origins"].items()}, "meta-onprem": ui["search_badge_onprem"],
              "problem": ui["problem_badge"]}
    return _dump({"lang": lang, "docs": docs, "syn": dict(sorted(catalog.synonyms.get(lang, {}).items())), "badges": badges})


# The report page's rules, as data: header names (compared after `report_key`) per column,
# and delivery statuses that mean the message arrived or failed.
REPORT_COLUMNS = {
    "code": ["error code", "errorcode", "error id", "err code", "code", "failed code", "reason code",
             "kode", "kode error", "kode kesalahan", "kode galat", "kode alasan"],
    "reason": ["reason", "failed reason", "failure reason", "fail reason", "error", "error message", "error reason",
               "error title", "error detail", "error details", "details", "detail", "description", "status reason",
               "status description", "rejected reason", "remarks", "note", "alasan", "alasan gagal", "keterangan",
               "pesan error", "detail error", "deskripsi", "penyebab", "catatan"],
    "phone": ["phone", "phone number", "phone no", "mobile", "mobile number", "msisdn", "recipient", "recipient id",
              "recipient number", "recipient phone", "to", "destination", "number", "wa id", "whatsapp number",
              "whatsapp id", "contact", "customer phone", "nomor", "nomor hp", "no hp", "nomor telepon", "no telepon",
              "no telp", "nomor whatsapp", "no wa", "nomor wa", "penerima", "nomor penerima", "handphone", "hp",
              "telepon", "kontak"],
    "status": ["status", "message status", "delivery status", "state", "status pesan", "status pengiriman",
               "status kirim"],
    # Found by its header only (a date in another column must not be taken for it): the time a row
    # failed, for the earliest time to resend.
    "time": ["time", "timestamp", "date", "datetime", "sent at", "sent time", "send time", "failed at", "created at",
             "updated at", "waktu", "waktu kirim", "waktu gagal", "tanggal", "tanggal kirim", "jam kirim", "tanggal dan waktu"],
}
REPORT_STATUSES = {
    "ok": ["delivered", "read", "sent", "seen", "success", "successful", "succeeded", "terkirim", "dibaca",
           "diterima", "berhasil", "sukses", "sudah dibaca", "sudah terkirim", "telah dibaca", "telah terkirim"],
    "failed": ["failed", "failure", "fail", "error", "undelivered", "undeliverable", "not delivered", "rejected",
               "gagal", "ditolak", "tidak terkirim", "gagal terkirim", "gagal kirim", "gagal dikirim"],
}
# How a report's cell names a code, as regular expressions both readers compile from report.json
# (report.py with re.I and re.A, report-worker.js with "i"): only syntax the two read alike, no \\s,
# \\d or \\w, and no two runs side by side that could backtrack quadratically on a crafted cell.
REPORT_PATTERNS = {
    # A cell that is only a code: "131049", "#131049", "(131049)".
    "bare": r"^[ \t#(]*([0-9]{1,8})[ \t)]*$",
    # A code written out, the leftmost wins: "131026 - Title" (at the start), "#131049", "(131026)",
    # "Error 131026:", "error code: 131049", "kode 131049". Such a code is the row's, known or not.
    "written": r"^[ \t]*[(\[]?#?([0-9]{3,8})[)\]]?[ \t]*[:|.\u2013\u2014-][ \t]*(?=[a-z])|#([0-9]{1,8})\b|\(([0-9]{3,8})\)"
               r"|\b(?:error|err|code|kode)[ \t:=#]*(?:code[ \t:=#]*)?([0-9]{1,8})\b",
    # A number of six or seven digits inside a sentence: a code only when the catalog knows it.
    "known": r"\b([0-9]{6,7})\b",
    # A time cell: 2026-12-01 10:00[:00] (or with T), 01/12/2026 10:00[:00] (day first, as Indonesian
    # exports write it; / . or -), or Unix seconds or milliseconds.
    "time": r"^([0-9]{4})-([0-9]{2})-([0-9]{2})[T ]([0-9]{1,2}):([0-9]{2})(?::([0-9]{2}))?"
            r"|^([0-9]{1,2})[/.-]([0-9]{1,2})[/.-]([0-9]{4})[ T,]+([0-9]{1,2}):([0-9]{2})(?::([0-9]{2}))?"
            r"|^([0-9]{10}|[0-9]{13})$",
}
# The lists a failed message's number goes to, in the order a number is placed when it failed
# more than once (the first list that holds it): "stop" where the customer chose not to hear from
# the business, or the business blocked the number (131050, 130403); "unreachable" where WhatsApp
# cannot reach the number until the customer acts (installs or updates WhatsApp, or is no longer
# in a WhatsApp experiment; every code whose `acts` is the customer, and the On-Premises codes of
# the same causes); "fix" and "wait" by the entry's `retry`; "unknown" for a code the catalog lacks
# and a row without a code.
REPORT_LISTS = ("stop", "unreachable", "fix", "wait", "unknown")
REPORT_STOP = frozenset({"131050", "130403"})
REPORT_UNREACHABLE = frozenset({"131026", "117002", "1013", "472", "1026", "2013"})


def report_list(entry) -> str:
    """The list (REPORT_LISTS) of a failed message's number, by its code's entry."""
    if entry.code in REPORT_STOP:
        return "stop"
    if entry.code in REPORT_UNREACHABLE or entry.acts == "customer":
        return "unreachable"
    return "wait" if entry.retry in ("later", "backoff") else "fix"


# A title two entries share goes to the provider's code first (a broadcast report comes from the
# provider's tool), then Meta's Cloud API, then the On-Premises API (sunset); still shared, to none.
_ORIGIN_RANK = {"provider": 0, "meta": 1, "meta-onprem": 2}


# Text as the report page compares it, as every title is compared (text.title_key; the page's
# script does the same: report-worker.js `key`).
report_key = title_key


def report_json(catalog: Catalog) -> str:
    values = catalog.placeholders
    best: dict[str, tuple[int, set[str]]] = {}
    for e in catalog.entries:
        rank = _ORIGIN_RANK[e.origin]
        for title in (*e.known_titles, *([e.api_message] if e.api_message else [])):
            key = report_key(plain(title, values))
            held = best.get(key)
            if held is None or rank < held[0]:
                best[key] = (rank, {e.code})
            elif rank == held[0]:
                held[1].add(e.code)
    return _dump({
        "acts": {e.code: e.acts for e in catalog.entries if e.acts},
        "titles": {key: next(iter(codes)) for key, (_, codes) in best.items() if key and len(codes) == 1},
        "columns": REPORT_COLUMNS,
        "statuses": REPORT_STATUSES,
        "patterns": REPORT_PATTERNS,
        "lists": {e.code: report_list(e) for e in catalog.entries},
        "order": REPORT_LISTS,
    })
