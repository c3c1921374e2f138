"""Each mistake a maintainer can make stops `check` with file, line, code and how to fix it.

Every case breaks one thing in a copy of tests/fixtures/mini and asserts the exact
diagnostics, so a message that gets vaguer or loses its line number fails here.
"""
from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from generator.load import load

RATE = "catalog/codes/rate-limit.yml"
QUOTA = "catalog/codes/quota.yml"


def replace(path: str, old: str, new: str, count: int = 1):
    def apply(root: Path) -> None:
        file = root.parent / path
        content = file.read_text(encoding="utf-8")
        assert old in content, f"fixture changed: {old!r} not in {path}"
        file.write_text(content.replace(old, new, count), encoding="utf-8")

    return apply


def write(path: str, content: bytes):
    def apply(root: Path) -> None:
        (root.parent / path).write_bytes(content)

    return apply


def link(path: str, target: str):
    """Replace path (a file, a folder or nothing) with a symbolic link to target."""
    def apply(root: Path) -> None:
        file = root.parent / path
        if file.is_dir():
            shutil.rmtree(file)
        file.unlink(missing_ok=True)
        file.symlink_to(target)

    return apply


def make_folder(path: str):
    def apply(root: Path) -> None:
        (root.parent / path).mkdir()
        (root.parent / path / "more.yml").write_bytes(b"codes:\n")

    return apply


def remove(path: str):
    def apply(root: Path) -> None:
        shutil.rmtree(root.parent / path)

    return apply


def combined(*steps):
    def apply(root: Path) -> None:
        for step in steps:
            step(root)

    return apply


LONG = "x" * 601
# "Billion laughs": nine anchors, each a list of nine aliases of the one before; expanded, 10^9 strings.
LAUGHS = "lol: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n" + "".join(
    f"{b}: &{b} [{', '.join(['*' + a] * 9)}]\n" for a, b in zip("abcdefgh", "bcdefghi"))
ANCHOR = "the YAML anchor `&{}` is not allowed; remove it and write out the value wherever it is used (catalog files use no anchors or aliases)"
DEEP = "lists and mappings nested more than 10 levels deep (catalog files need 4); look for stray brackets or indentation"
ENTRY = b'codes:\n  - code: "1"\n    origin: meta\n'
INVISIBLE = "invisible character {}, which hides inside words and codes from search and copying; delete it"
DIRECTION = "direction-changing character {}, which reorders the text shown around it; delete it"
YAML_BREAK = "which YAML reads as a line break though editors show none; delete it (or end the line with a plain line break)"
PLAIN_NAME = "a name is plain text; write it as readers see it"
SHARED_TITLE = "make the titles differ, or list the share in catalog/titles.yml if both codes have it"
SAME_TITLE = "(titles are compared without case and punctuation)"
SHARED_PLAIN = "give each entry its own, unless they are an On-Premises code and its successor or catalog/titles.yml lists them together"
NO_CITE = "has no source cited; add `{0}: [<source key>]` under `cite:`, naming the source in sources that states it, or remove {0}"

CASES = [
    ("tab", replace(RATE, "    origin: meta\n", "\torigin: meta\n"),
     [f"{RATE}:3: -: tab character in indentation; YAML needs spaces, indent with two spaces"]),
    ("bad indentation", replace(RATE, "    category: rate-limit\n    title:", "    category: rate-limit\n   title:"),
     [f"{RATE}:5: -: YAML syntax error: while parsing a block collection did not find expected '-' indicator; check the indentation and quoting on this line and the one before"]),
    ("duplicate key", replace(RATE, "    retry: backoff\n", "    retry: backoff\n    retry: later\n"),
     [f"{RATE}:19: -: duplicate key `retry` (first on line 18); keep one of them"]),
    ("same code in two files", write("catalog/codes/zz-extra.yml", (Path(__file__).parent / "fixtures/mini/codes/rate-limit.yml").read_bytes().split(b'  - code: "116002"')[0]),
     ["catalog/codes/zz-extra.yml:2: 130429: duplicate code: already defined at catalog/codes/rate-limit.yml:2; keep one entry"]),
    ("overlapping range", replace(RATE, 'code: "116002"', 'code: "115004-115010"'),
     [f"{RATE}:25: 115004-115010: overlaps the range `115001-115005` at {QUOTA}:2; ranges may not share codes (a single code inside a range may have its own entry)"]),
    ("range overlapping a range that holds a single code", combined(
        replace(RATE, 'code: "116002"', 'code: "115003"'),
        write("catalog/codes/zz-extra.yml", (Path(__file__).parent / "fixtures/mini/codes/quota.yml").read_bytes().replace(b'"115001-115005"', b'"115005-115009"'))),
     ["catalog/codes/zz-extra.yml:2: 115005-115009: overlaps the range `115001-115005` at catalog/codes/quota.yml:2; ranges may not share codes (a single code inside a range may have its own entry)",
      f"catalog/codes/zz-extra.yml:6: 115005-115009: the title `Insufficient Quota` is also a title of 115001-115005 ({QUOTA}:6); {SHARED_TITLE}",
      f"catalog/codes/zz-extra.yml:8: 115005-115009: plain_title `Not enough quota` is also the plain_title of 115001-115005 ({QUOTA}:8); {SHARED_PLAIN}"]),
    ("same single code twice inside a range", combined(
        replace(RATE, 'code: "116002"', 'code: "115003"'),
        write("catalog/codes/zz-extra.yml", (Path(__file__).parent / "fixtures/mini/codes/rate-limit.yml").read_bytes().split(b'  - code: "116002"')[0].replace(b'"130429"', b'"115003"'))),
     ["catalog/codes/zz-extra.yml:2: 115003: duplicate code: already defined at catalog/codes/rate-limit.yml:25; keep one entry"]),
    ("reversed range", replace(QUOTA, '"115001-115005"', '"115005-115001"'),
     [f'{QUOTA}:2: 115005-115001: reversed or empty range `115005-115001`; write the lower code first: "115001-115005"']),
    ("non-numeric code", replace(RATE, '"130429"', '"13O429"', 1),
     [f'{RATE}:2: -: code `13O429` is not a code; write digits ("131049") or an inclusive range ("115001-115005"), without leading zeros or spaces',
      f"{RATE}:43: 116002: related code 130429 is not an entry of the catalog; fix the code or add an entry for it",
      "catalog/problems/delivery.yml:23: stuck-at-sent: related code 130429 is not an entry of the catalog; fix the code or add an entry for it"]),
    ("en dash in range", replace(QUOTA, '"115001-115005"', '"115001–115005"'),
     [f'{QUOTA}:2: -: code `115001–115005` uses a dash; write ranges with an ASCII hyphen: "115001-115005"']),
    ("unquoted code", replace(RATE, 'code: "130429"', "code: 130429"),
     [f'{RATE}:2: 130429: code must be a quoted string; write code: "130429"']),
    ("unknown category", replace(RATE, "category: rate-limit", "category: ratelimit"),
     [f"{RATE}:4: 130429: unknown category `ratelimit` (did you mean `rate-limit`?); use a key of catalog/categories.yml"]),
    ("unknown origin", replace(RATE, "origin: meta", "origin: facebook"),
     [f"{RATE}:3: 130429: unknown origin `facebook`; use one of meta, meta-onprem, provider"]),
    ("missing Indonesian text", replace(RATE, "      id: Batas throughput tercapai\n", ""),
     [f"{RATE}:6: 130429: missing Indonesian text `title.id`; add `id:` under `title`"]),
    ("empty English text", replace(RATE, "      en: Resend gradually or contact {helpdesk}.", '      en: ""'),
     [f"{RATE}:14: 130429: empty English text `action.en`; write the text"]),
    ("unknown language", replace(RATE, "      id: Batas throughput tercapai", "      in: Batas throughput tercapai"),
     [f"{RATE}:6: 130429: missing Indonesian text `title.id`; add `id:` under `title`",
      f"{RATE}:7: 130429: unknown language `in` in `title`; the languages are `id` and `en`"]),
    ("related to unknown code", replace(RATE, 'related: ["130429"]', 'related: ["999999"]'),
     [f"{RATE}:43: 116002: related code 999999 is not an entry of the catalog; fix the code or add an entry for it"]),
    ("related to itself", replace(RATE, 'related: ["130429"]', 'related: ["116002"]'),
     [f"{RATE}:43: 116002: an entry cannot be related to itself; remove it from related"]),
    ("related to a range member", replace(RATE, 'related: ["130429"]', 'related: ["115003"]'),
     [f'{RATE}:43: 116002: related code 115003 is not an entry of the catalog; use the range "115001-115005"']),
    ("unknown retry value", replace(RATE, "retry: backoff", "retry: soon"),
     [f"{RATE}:18: 130429: unknown retry value `soon`; use one of no, after-fix, later, backoff"]),
    ("bad retry_after", replace(RATE, "retry_after: 15m", "retry_after: 15 minutes"),
     [f"{RATE}:42: 116002: retry_after `15 minutes` is not a wait; write a number and a unit m, h or d, like 15m or 24h"]),
    ("retry_after without a wait", replace(RATE, "retry: later", "retry: after-fix"),
     [f"{RATE}:42: 116002: retry_after only goes with `retry: later` or `retry: backoff`; remove it or change retry"]),
    ("bad http_status", replace(RATE, "http_status: 400", "http_status: 4000"),
     [f"{RATE}:19: 130429: http_status `4000` is not an HTTP status; write a number from 100 to 599, or remove it"]),
    ("raw HTML", replace(RATE, "Terlalu banyak pesan dikirim", "Terlalu <b>banyak</b> pesan dikirim"),
     [f"{RATE}:10: 130429: Indonesian text `description.id`: raw HTML `<b>` is not allowed; write plain text (put a literal value in backticks)"]),
    ("unbalanced Markdown link", replace(QUOTA, "[panduan](https://example.com/quota).", "[panduan](https://example.com/quota."),
     [f"{QUOTA}:10: 115001-115005: Indonesian text `description.id`: unbalanced Markdown link near `[panduan](https://example.com/`; write [label](https://example.com/page)"]),
    ("fill-in slot outside a customer message", replace(RATE, "Terlalu banyak pesan dikirim", "Terlalu banyak [pesanan Anda] dikirim"),
     [f"{RATE}:10: 130429: Indonesian text `description.id`: fill-in slot `[pesanan Anda]` is only for a customer message; "
      "write the words in full here (or make it a link: [label](https://example.com/page))"]),
    ("two fill-in slots", combined(replace(RATE, "Pesan Anda akan kami", "Pesan [tentang pesanan] akan [nanti] kami"),
                                   replace(RATE, "We will resend your message", "We will resend our message about [your order]")),
     [f"{RATE}:23: 130429: Indonesian text `customer_message.id`: 2 fill-in slots (`[tentang pesanan]`, `[nanti]`); "
      "a customer message leaves one place to fill in, for what the message was about"]),
    ("fill-in slot in one language", replace(RATE, "We will resend your message", "We will resend our message about [your order]"),
     [f"{RATE}:23: 130429: customer_message.en has the fill-in slot `[your order]` and customer_message.id has none; "
      "leave the same place in both languages"]),
    ("javascript link", replace(QUOTA, "[the guide](https://example.com/quota)", "[the guide](javascript:alert(1))"),
     [f"{QUOTA}:11: 115001-115005: English text `description.en`: link target `javascript:alert(1)` is not allowed; links must start with https:// or http://"]),
    ("unknown placeholder", replace(RATE, "contact {helpdesk}.", "contact {company}."),
     [f"{RATE}:14: 130429: English text `action.en`: unknown placeholder {{company}}; the placeholders are {{provider}} and {{helpdesk}}"]),
    ("unclosed backtick", replace(RATE, "Wait `15` minutes", "Wait `15 minutes"),
     [f"{RATE}:37: 116002: English text `action.en`: unclosed backtick `; close the literal with a second backtick"]),
    ("text far too long", replace(RATE, "      en: We will resend your message shortly.", f"      en: {LONG[:501]}"),
     [f"{RATE}:24: 130429: English text `customer_message.en` is 501 characters, over the limit of 500; shorten it"]),
    ("missing key", replace(QUOTA, "    ticket_reply:\n      id: Kuota pesan Anda di {provider} habis. Silakan isi ulang kuota, lalu kirim ulang.\n      en: Your {provider} message quota ran out. Please top it up, then resend.\n", ""),
     [f"{QUOTA}:2: 115001-115005: missing key `ticket_reply`; every entry needs code, origin, category, title, plain_title, description, action, ticket_reply, retry, sources, verified"]),
    ("neither customer message nor a reason", replace(QUOTA, "    customer_message:\n      id: Pesan tertunda karena kuota kami habis.\n      en: The message is delayed while we top up.\n", ""),
     [f"{QUOTA}:2: 115001-115005: missing `customer_message`; write the message the business can send its customer, or say why there is none with no_customer_message: opted-out | blocked | not-on-whatsapp | marketing-limit | internal"]),
    ("both customer message and a reason", replace(QUOTA, "    customer_message:\n", "    no_customer_message: internal\n    customer_message:\n"),
     [f"{QUOTA}:26: 115001-115005: an entry has either `customer_message` or `no_customer_message`, not both; remove one"]),
    ("unknown reason for no customer message", replace(RATE, "    no_customer_message: internal", "    no_customer_message: optout"),
     [f"{RATE}:46: 116002: unknown no_customer_message reason `optout` (did you mean `opted-out`?); use one of opted-out, blocked, not-on-whatsapp, marketing-limit, internal"]),
    ("unknown key", replace(QUOTA, "    retry: after-fix\n", "    retry: after-fix\n    retrys: 3\n"),
     [f"{QUOTA}:19: 115001-115005: unknown key `retrys` (did you mean `retry`?); allowed keys are code, origin, category, title, plain_title, description, action, ticket_reply, retry, sources, verified, customer_message, no_customer_message, retry_after, http_status, related, notes, retired, successor, acts, charged, checks, keywords, titles_seen, cite, customer_channel, api_message"]),
    ("unknown source", replace(QUOTA, "sources: [acme]", "sources: [acme, wiki]"),
     [f"{QUOTA}:19: 115001-115005: unknown source `wiki`; use a key of catalog/sources.yml or add the source there"]),
    ("unknown top-level key", replace(QUOTA, "codes:\n", "version: 2\ncodes:\n"),
     [f"{QUOTA}:1: -: unknown top-level key `version`; the only top-level key here is `codes`"]),
    ("not UTF-8", write("catalog/codes/latin1.yml", "codes:\n  - code: \"1\"\n    title: Kesalahan caf\xe9\n".encode("latin-1")),
     ["catalog/codes/latin1.yml:3: -: the file is not UTF-8 (byte 0xe9); save it as UTF-8"]),
    ("control character", write("catalog/codes/ctrl.yml", b'codes:\n  - code: "1\x07"\n'),
     ["catalog/codes/ctrl.yml:2: -: the file contains the control character U+0007, which YAML does not allow; delete it"]),
    ("YAML tag", replace(RATE, "origin: meta", "origin: !$ meta"),
     [f"{RATE}:3: -: the YAML tag `!$` is not allowed; remove it (values are plain text, numbers, lists and mappings)"]),
    ("YAML tag on a mapping", replace(RATE, "    title:\n", "    title: !!python/object\n"),
     [f"{RATE}:5: -: the YAML tag `!!python/object` is not allowed; remove it (values are plain text, numbers, lists and mappings)"]),
    ("category that is a list", replace(RATE, "category: rate-limit", "category: [rate-limit]"),
     [f"{RATE}:4: 130429: category must be one key of catalog/categories.yml, like category: rate-limit"]),
    ("empty file", write("catalog/codes/empty.yml", b"# nothing yet\n"),
     ["catalog/codes/empty.yml:1: -: the file is empty; add entries under `codes:` or delete the file"]),
    ("entry not a mapping", replace(QUOTA, "codes:\n", "codes:\n  - 115006\n"),
     [f"{QUOTA}:2: -: each entry must be a mapping that starts with `- code: \"...\"`"]),
    ("successor without retired", replace(RATE, '    related: ["130429"]\n', '    related: ["130429"]\n    successor: "130429"\n'),
     [f"{RATE}:44: 116002: successor only goes with `retired: true`; add it or remove successor"]),
    ("retired not a boolean", replace(RATE, '    related: ["130429"]\n', '    related: ["130429"]\n    retired: yes\n'),
     [f"{RATE}:44: 116002: retired `yes` must be true or false; write retired: true, or remove it"]),
    ("unknown successor", replace(RATE, '    related: ["130429"]\n', '    related: ["130429"]\n    retired: true\n    successor: "999999"\n'),
     [f"{RATE}:45: 116002: successor 999999 is not an entry of the catalog; name the code that replaces this one"]),
    ("retired successor", replace(RATE, '    related: ["130429"]\n', '    related: ["130429"]\n    retired: true\n    successor: "116002"\n'),
     [f"{RATE}:45: 116002: a retired entry cannot be its own successor; name the code that replaces it"]),
    # plain_title: the English title readers see (title.en stays the title the API sends).
    ("plain title missing", replace(QUOTA, "    plain_title: Not enough quota\n", ""),
     [f"{QUOTA}:2: 115001-115005: missing key `plain_title`; every entry needs code, origin, category, title, plain_title, description, action, ticket_reply, retry, sources, verified"]),
    ("plain title not text", replace(QUOTA, "plain_title: Not enough quota", 'plain_title: ""'),
     [f"{QUOTA}:8: 115001-115005: plain_title must be the English title readers see, in plain text and sentence case, like plain_title: Group creation limit reached"]),
    ("marks in a plain title", replace(RATE, "plain_title: Throughput limit reached", 'plain_title: "`{provider}` limit, see [the guide](https://example.com)"'),
     [f"{RATE}:8: 130429: plain_title: backtick ` in a title; a title is plain text; write it as readers see it",
      f"{RATE}:8: 130429: plain_title: link `[the guide](https://example.com)` in a title; a title is plain text; write it as readers see it, without a link",
      f"{RATE}:8: 130429: plain_title: placeholder `{{provider}}` in a title; a title is plain text; write it as readers see it, without placeholders"]),
    ("plain title in Title Case", replace(RATE, "plain_title: Throughput limit reached", "plain_title: Throughput Limit Reached"),
     [f"{RATE}:8: 130429: plain_title `Throughput Limit Reached` is in Title Case (2 of its 2 longer words start with a capital); "
      "write it in sentence case, with capitals for the first word and for names only, like `Template text too long`"]),
    ("plain title ending with a full stop", replace(RATE, "plain_title: Throughput limit reached", "plain_title: Throughput limit reached."),
     [f"{RATE}:8: 130429: plain_title `Throughput limit reached.` ends with a full stop; a title has none, so remove it"]),
    ("plain title too long", replace(RATE, "plain_title: Throughput limit reached", "plain_title: Throughput limit reached" + " on the number once more today" * 2),
     [f"{RATE}:8: 130429: plain_title is 84 characters, over the limit of 80; shorten it"]),
    ("plain title of another entry", replace(RATE, "plain_title: Too many requests", "plain_title: throughput LIMIT reached"),
     [f"{RATE}:8: 130429: plain_title `Throughput limit reached` is also the plain_title of 116002 ({RATE}:31); {SHARED_PLAIN}"]),
    ("plain title that another entry's API sends", replace(RATE, "plain_title: Too many requests", "plain_title: Rate limit hit"),
     [f"{RATE}:31: 116002: plain_title `Rate limit hit` is the title the API sends for 130429 ({RATE}:6), so lookup would find both; "
      "reword it, or list the share in catalog/titles.yml if both codes have it"]),
    ("spreadsheet formula", replace(RATE, "      en: Too many messages were sent too fast.", "      en: '=SUM(1,2) messages were sent'"),
     [f"{RATE}:11: 130429: English text `description.en` starts with `=`, which spreadsheets read as a formula, so the CSV export must put `'` before it; start with a word"]),
    # A mistake in categories.yml or sources.yml is reported there only, not again at each entry naming a key.
    ("reserved category key", replace("catalog/categories.yml", "  quota:\n", "  codes:\n"),
     ["catalog/categories.yml:5: -: category key `codes` is used by the site itself; choose another key"]),
    # Anchors and aliases are refused as the parser meets them, before anything is expanded.
    ("YAML alias bomb", write("catalog/codes/laughs.yml", LAUGHS.encode()),
     [f"catalog/codes/laughs.yml:{n}: -: {ANCHOR.format(name)}" for n, name in enumerate("abcdefghi", 1)]),
    ("self-referencing alias", write("catalog/codes/self.yml", b"codes: &a [*a]\n"),
     [f"catalog/codes/self.yml:1: -: {ANCHOR.format('a')}"]),
    ("alias without its anchor", replace(RATE, "origin: meta", "origin: *meta"),
     [f"{RATE}:3: -: the YAML alias `*meta` is not allowed; write out the value it stands for (catalog files use no anchors or aliases)"]),
    ("brackets nested 5,000 deep", write("catalog/codes/deep.yml", b"codes: " + b"[" * 5000 + b"]" * 5000 + b"\n"),
     [f"catalog/codes/deep.yml:1: -: {DEEP}"]),
    ("brackets nested 100,000 deep", write("catalog/codes/deep.yml", ENTRY + b"    title: " + b"[" * 100_000 + b"]" * 100_000 + b"\n"),
     [f"catalog/codes/deep.yml:4: -: {DEEP}"]),
    ("two documents", write("catalog/codes/two.yml", ENTRY + b"---\n" + ENTRY),
     ["catalog/codes/two.yml:4: -: YAML syntax error: expected a single document in the stream but found another document; check the indentation and quoting on this line and the one before"]),
    ("non-breaking spaces as indentation", replace(RATE, "      id: Batas throughput tercapai", "\u00a0     id: Batas throughput tercapai"),
     [f"{RATE}:7: -: non-breaking space (U+00A0) in indentation; YAML needs plain spaces, indent with two spaces"]),
    ("non-breaking space after a dash", replace(QUOTA, '  - code: "115001-115005"', '  -\u00a0code: "115001-115005"'),
     [f"{QUOTA}:2: -: non-breaking space (U+00A0) in indentation; YAML needs plain spaces, indent with two spaces"]),
    ("full-width space as indentation", replace(QUOTA, "    origin: provider", "\u3000\u3000origin: provider"),
     [f"{QUOTA}:3: -: ideographic (full-width) space (U+3000) in indentation; YAML needs plain spaces, indent with two spaces"]),
    ("empty codes list", write("catalog/codes/none.yml", b"# to do\ncodes:\n"),
     ["catalog/codes/none.yml:2: -: `codes:` has no entries; list them below it, each starting with `- code:`, or delete the file"]),
    ("empty categories table", write("catalog/categories.yml", b"categories:\n"),
     ["catalog/categories.yml:1: -: `categories:` must map category keys to a name and an intro"]),
    ("duplicate key in categories.yml", replace("catalog/categories.yml", "  quota:\n", "  rate-limit:\n"),
     ["catalog/categories.yml:5: -: duplicate key `rate-limit` (first on line 2); keep one of them"]),
    ("duplicate key in sources.yml", replace("catalog/sources.yml", "  acme:\n", "  meta:\n"),
     ["catalog/sources.yml:5: -: duplicate key `meta` (first on line 2); keep one of them"]),
    ("broken sources.yml", replace("catalog/sources.yml", "    title: ACME docs", "    title: [ACME docs"),
     ["catalog/sources.yml:7: -: YAML syntax error: while parsing a flow sequence did not find expected ',' or ']'; check the indentation and quoting on this line and the one before"]),
    ("http source url", replace("catalog/sources.yml", "https://example.com/meta", "http://example.com/meta"),
     ["catalog/sources.yml:4: -: the url of source `meta` must start with https://"]),
    ("code file ending in .yaml", write("catalog/codes/new-codes.yaml", ENTRY),
     ["catalog/codes/new-codes.yaml:1: -: code files end in .yml, so this file is not read; rename it to new-codes.yml"]),
    ("code file ending in .yaml beside its .yml", write("catalog/codes/quota.yaml", ENTRY),
     ["catalog/codes/quota.yaml:1: -: code files end in .yml, so this file is not read; rename it to quota.yml; quota.yml exists already, so move these entries there"]),
    ("other file among the codes", write("catalog/codes/notes.txt", b"to do\n"),
     ["catalog/codes/notes.txt:1: -: only .yml code files belong in catalog/codes/, so this file is not read; move it out of the folder, or rename it to notes.yml if it holds entries"]),
    ("folder named like a code file", make_folder("catalog/codes/extra.yml"),
     ["catalog/codes/extra.yml:1: -: folders inside catalog/codes/ are not read; move the .yml files in it up into catalog/codes/ and remove the folder"]),
    ("symbolic link loop", link("catalog/codes/loop.yml", "loop.yml"),
     ["catalog/codes/loop.yml:1: -: the symbolic link loops back on itself; point it at a real file or delete it"]),
    ("symbolic link loop between folders", combined(link("catalog/codes/a", "b"), link("catalog/codes/b", "a")),
     ["catalog/codes/a:1: -: the symbolic link loops back on itself; point it at a real file or delete it",
      "catalog/codes/b:1: -: the symbolic link loops back on itself; point it at a real file or delete it"]),
    ("codes folder that is a link to itself", link("catalog/codes", "codes"),
     ["catalog/codes:1: -: the symbolic link loops back on itself; point it at a real folder or delete it"]),
    ("broken symbolic link", link("catalog/codes/gone.yml", "../elsewhere/gone.yml"),
     ["catalog/codes/gone.yml:1: -: the symbolic link points to ../elsewhere/gone.yml, which does not exist; fix the link or delete it"]),
    ("categories.yml as a link loop", link("catalog/categories.yml", "categories.yml"),
     ["catalog/categories.yml:1: -: the symbolic link loops back on itself; point it at a real file or delete it"]),
    ("sources.yml missing", lambda root: (root / "sources.yml").unlink(),
     ["catalog/sources.yml:1: -: file is missing; restore it from version control"]),
    ("codes folder missing", remove("catalog/codes"),
     ["catalog/codes:1: -: the folder is missing; create it with one file per category, like catalog/codes/<category>.yml"]),
    ("codes folder that is a file", combined(remove("catalog/codes"), write("catalog/codes", ENTRY)),
     ["catalog/codes:1: -: this is a file, not a folder; catalog/codes/ must be a folder with one file per category, like catalog/codes/<category>.yml"]),
    ("verified missing", replace(RATE, '    sources: [meta]\n    verified: "2026-11-29"\n', "    sources: [meta]\n"),
     [f"{RATE}:2: 130429: missing key `verified`; every entry needs code, origin, category, title, plain_title, description, action, ticket_reply, retry, sources, verified"]),
    ("verified not a date", replace(RATE, 'verified: "2026-11-29"', 'verified: "29-11-2026"'),
     [f'{RATE}:21: 130429: verified `29-11-2026` is not a date; write the day the entry was checked against its sources, like verified: "2026-11-29"']),
    ("verified impossible date", replace(RATE, 'verified: "2026-11-29"', 'verified: "2026-02-30"'),
     [f'{RATE}:21: 130429: verified `2026-02-30` is not a date; write the day the entry was checked against its sources, like verified: "2026-11-29"']),
    ("verified in the future", replace(RATE, 'verified: "2026-11-29"', 'verified: "2999-01-01"'),
     [f"{RATE}:21: 130429: verified 2999-01-01 is in the future; write the day the entry was last checked against its sources"]),
    ("unknown acts", replace(RATE, "    retry: backoff\n", "    retry: backoff\n    acts: developers\n"),
     [f"{RATE}:19: 130429: unknown acts value `developers` (did you mean `developer`?); use one of business, developer, provider, customer, nobody, or remove it where no source says who acts"]),
    ("charged not yes or no", replace(RATE, "    retry: backoff\n", "    retry: backoff\n    charged: maybe\n"),
     [f"{RATE}:19: 130429: charged `maybe` must be yes or no; remove it where no source says"]),
    ("checks as one text", replace(RATE, "    retry: backoff\n", "    retry: backoff\n    checks: Check the number.\n"),
     [f'{RATE}:19: 130429: checks must have `id:` and `en:`, each a list of steps, like checks: {{id: ["..."], en: ["..."]}}']),
    # Characters a reader cannot see, in every kind of text, each named with how to fix it.
    ("zero-width space in a text", replace(RATE, "sent too fast.", "sent too\u200b fast."),
     [f"{RATE}:11: 130429: English text `description.en`: {INVISIBLE.format('ZERO WIDTH SPACE (U+200B)')}"]),
    ("direction override in a ticket reply", replace(RATE, "Pesan Anda ditolak", "Pesan Anda \u202editolak\u202c"),
     [f"{RATE}:16: 130429: Indonesian text `ticket_reply.id`: {DIRECTION.format('POP DIRECTIONAL FORMATTING (U+202C)')}",
      f"{RATE}:16: 130429: Indonesian text `ticket_reply.id`: {DIRECTION.format('RIGHT-TO-LEFT OVERRIDE (U+202E)')}"]),
    ("soft hyphen and word joiner in a step", replace(QUOTA, '"Look at the last top-up."', '"Look at the last top\u00adup\u2060."'),
     [f"{QUOTA}:25: 115001-115005: English step of `checks.en`: {INVISIBLE.format('SOFT HYPHEN (U+00AD)')}",
      f"{QUOTA}:25: 115001-115005: English step of `checks.en`: {INVISIBLE.format('WORD JOINER (U+2060)')}"]),
    ("byte order mark inside a customer message", replace(RATE, "We will resend", "We\ufeff will resend"),
     [f"{RATE}:24: 130429: English text `customer_message.en`: {INVISIBLE.format('ZERO WIDTH NO-BREAK SPACE (U+FEFF)')}"]),
    ("isolate in a keyword", replace(RATE, "    retry: backoff\n", "    retry: backoff\n    keywords: {en: [\"rate \u2066limit\u2069\"]}\n"),
     [f"{RATE}:19: 130429: keyword in keywords.en: {DIRECTION.format('LEFT-TO-RIGHT ISOLATE (U+2066)')}",
      f"{RATE}:19: 130429: keyword in keywords.en: {DIRECTION.format('POP DIRECTIONAL ISOLATE (U+2069)')}"]),
    ("left-to-right mark in a category intro", replace("catalog/categories.yml", "Too many messages.", "Too many\u200e messages."),
     [f"catalog/categories.yml:4: -: English text `intro.en`: {DIRECTION.format('LEFT-TO-RIGHT MARK (U+200E)')}"]),
    ("invisible characters in provider.yml", combined(replace("catalog/provider.yml", "name: ACME\n", "name: AC\u180eME\n"),
                                                      replace("catalog/provider.yml", "ACME Helpdesk", "ACME\u061c Helpdesk")),
     [f"catalog/provider.yml:1: -: the provider's `name`: {INVISIBLE.format('MONGOLIAN VOWEL SEPARATOR (U+180E)')}",
      f"catalog/provider.yml:3: -: the helpdesk's `name`: {DIRECTION.format('ARABIC LETTER MARK (U+061C)')}"]),
    ("zero-width joiner in a source title", replace("catalog/sources.yml", "title: ACME docs", "title: ACME\u200d docs"),
     [f"catalog/sources.yml:6: -: the `title` of source `acme`: {INVISIBLE.format('ZERO WIDTH JOINER (U+200D)')}"]),
    ("escaped line separator in a text", replace(RATE, "      en: Too many messages were sent too fast.", '      en: "Too many messages\\u2028were sent too fast."'),
     [f"{RATE}:11: 130429: English text `description.en`: line break character LINE SEPARATOR (U+2028), which editors do not show as a line break; delete it"]),
    # YAML counts U+2028, U+2029 and U+0085 as line breaks; each is named on the line an editor shows,
    # and so is every problem after it (YAML would put the last one on line 17, the tab on line 45).
    ("line breaks only YAML sees", combined(
        replace(RATE, "sent too fast.", "sent too\u2028fast."),
        replace(RATE, "or contact {helpdesk}.", "or contact\x85{helpdesk}."),
        replace(RATE, "resend them gradually.", "resend\u2029them gradually."),
        replace(RATE, "    no_customer_message: internal", "\tno_customer_message: internal")),
     [f"{RATE}:11: -: LINE SEPARATOR (U+2028), {YAML_BREAK}",
      f"{RATE}:14: -: NEXT LINE (U+0085), {YAML_BREAK}",
      f"{RATE}:17: -: PARAGRAPH SEPARATOR (U+2029), {YAML_BREAK}",
      f"{RATE}:46: -: tab character in indentation; YAML needs spaces, indent with two spaces"]),
    # Names are shown as written (navigation, titles, the scripts' messages): no marks, no placeholders.
    ("placeholder in a category name", replace("catalog/categories.yml", "en: Rate limits}", 'en: "{provider} rate limits"}'),
     [f"catalog/categories.yml:3: -: English text `name.en`: placeholder `{{provider}}` in a name; {PLAIN_NAME}, without placeholders"]),
    ("link and HTML in a category name", replace("catalog/categories.yml", "name: {id: Kuota, en: Quota}", 'name: {id: "[Kuota](https://example.com/)", en: "<b>Quota</b>"}'),
     [f"catalog/categories.yml:6: -: English text `name.en`: raw HTML `<b>` in a name; {PLAIN_NAME}, without markup",
      f"catalog/categories.yml:6: -: Indonesian text `name.id`: link `[Kuota](https://example.com/)` in a name; {PLAIN_NAME}, without a link"]),
    ("checks with a step missing in one language", replace(RATE, "    retry: backoff\n", "    retry: backoff\n    checks:\n      id: [Periksa nomornya., Periksa jamnya.]\n      en: [Check the number.]\n"),
     [f"{RATE}:19: 130429: checks has 2 Indonesian and 1 English steps; write each step in both languages",
      f"{RATE}:21: 130429: checks.en has 1 step; write 2 to 8"]),
    # Other titles the code has had: a list of plain titles, each once, none the same as title.en,
    # and a title (any of an entry's) belongs to one entry unless catalog/titles.yml lists the share.
    ("titles_seen as one text", replace(RATE, "    retry: backoff\n", "    retry: backoff\n    titles_seen: Rate limit reached\n"),
     [f'{RATE}:19: 130429: titles_seen must be a list of titles in quotes, like titles_seen: ["Template Param Count Mismatch"]']),
    ("titles_seen with a number", replace(RATE, "    retry: backoff\n", "    retry: backoff\n    titles_seen: [Rate limit reached, 429]\n"),
     [f"{RATE}:19: 130429: a title in titles_seen must be text in quotes, not `429`"]),
    ("titles_seen with a title twice", replace(RATE, "    retry: backoff\n", '    retry: backoff\n    titles_seen: ["Rate limit reached", "rate limit  REACHED!"]\n'),
     [f"{RATE}:19: 130429: title `rate limit  REACHED!` is listed twice in titles_seen {SAME_TITLE}; remove one"]),
    ("titles_seen with title.en", replace(RATE, "    retry: backoff\n", '    retry: backoff\n    titles_seen: ["Rate Limit Hit."]\n'),
     [f"{RATE}:19: 130429: title `Rate Limit Hit.` in titles_seen is title.en {SAME_TITLE}; remove it"]),
    ("titles_seen with HTML and a zero-width space", replace(RATE, "    retry: backoff\n", '    retry: backoff\n    titles_seen: ["Rate <b>limit</b>", "Rate\u200b limit"]\n'),
     [f"{RATE}:19: 130429: title `Rate <b>limit</b>` in titles_seen: raw HTML `<b>` is not allowed; write plain text (put a literal value in backticks)",
      f"{RATE}:19: 130429: title `Rate\u200b limit` in titles_seen: {INVISIBLE.format('ZERO WIDTH SPACE (U+200B)')}"]),
    ("a title two entries have", replace(RATE, "    no_customer_message: internal\n", "    no_customer_message: internal\n    titles_seen: [rate limit hit]\n"),
     [f"{RATE}:6: 130429: the title `Rate limit hit` is also a title of 116002 ({RATE}:47); {SHARED_TITLE}"]),
    ("a listed share that is no longer true", write("catalog/titles.yml", b'titles:\n  - title: Rate limit hit\n    codes: ["130429", "116002"]\n'),
     ["catalog/titles.yml:2: -: the title `Rate limit hit` is no longer shared (only 130429 has it); remove it from this file"]),
    ("a listed share with a code too few", combined(
        replace(RATE, "    no_customer_message: internal\n", "    no_customer_message: internal\n    titles_seen: [rate limit hit]\n"),
        replace(QUOTA, "      en: Insufficient Quota\n", "      en: Rate limit hit\n"),
        write("catalog/titles.yml", b'titles:\n  - title: Rate limit hit\n    codes: ["130429", "116002"]\n')),
     ["catalog/titles.yml:2: -: the title `Rate limit hit` is a title of 115001-115005, 116002, 130429; list exactly these codes under it"]),
    ("shared titles not a list", write("catalog/titles.yml", b"titles: Rate limit hit\n"),
     ["catalog/titles.yml:1: -: `titles:` must be a list, each item starting with `- title:`"]),
    ("a shared title with one code", write("catalog/titles.yml", b'titles:\n  - title: Rate limit hit\n    codes: ["130429"]\n'),
     ['catalog/titles.yml:3: -: a shared title needs `codes:`, the quoted codes of the entries that share it (two or more), like codes: ["2000", "132000"]']),
    # charged, acts and a wait state facts: each names the source that says so.
    ("charged without a cited source", replace(RATE, "    retry: backoff\n", '    retry: backoff\n    charged: "no"\n'),
     [f"{RATE}:19: 130429: `charged` {NO_CITE.format('charged')}"]),
    ("acts without a cited source", replace(RATE, "    retry: backoff\n", "    retry: backoff\n    acts: developer\n"),
     [f"{RATE}:19: 130429: `acts` {NO_CITE.format('acts')}"]),
    ("a wait without a cited source", replace(RATE, "    cite: {retry_after: [acme]}\n", ""),
     [f"{RATE}:42: 116002: `retry_after` {NO_CITE.format('retry_after')}"]),
    ("cite naming a source the entry does not list", replace(RATE, "cite: {retry_after: [acme]}", "cite: {retry_after: [meta]}"),
     [f"{RATE}:47: 116002: cite.retry_after names `meta`, which is not in this entry's sources; add it to sources, or cite one of acme"]),
    ("cite for a fact the entry does not state", replace(RATE, "cite: {retry_after: [acme]}", "cite: {retry_after: [acme], charged: [acme]}"),
     [f"{RATE}:47: 116002: cite.charged cites a source for `charged`, which this entry does not have; remove cite.charged"]),
    ("cite for a field that is no fact", replace(RATE, "cite: {retry_after: [acme]}", "cite: {retry_after: [acme], retry: [acme]}"),
     [f"{RATE}:47: 116002: cite names `retry` (did you mean `retry_after`?), which is not a fact to cite; cite charged, acts or retry_after"]),
    ("cite as a list", replace(RATE, "cite: {retry_after: [acme]}", "cite: [acme]"),
     [f"{RATE}:42: 116002: `retry_after` {NO_CITE.format('retry_after')}",
      f"{RATE}:47: 116002: cite must map each fact to the sources that state it, like cite: {{charged: [meta-pricing], acts: [meta-error-codes]}}"]),
    ("api_message as a list", replace(RATE, "    http_status: 400", "    http_status: 400\n    api_message: [Rate limit hit]"),
     [f'{RATE}:20: 130429: api_message must be the message the API sends, on one line in quotes, like api_message: "Translated text too long"']),
    ("api_message as a formula", replace(RATE, "    http_status: 400", '    http_status: 400\n    api_message: "=1+1"'),
     [f"{RATE}:20: 130429: api_message starts with `=`, which spreadsheets read as a formula; write the message as the API sends it, without it"]),
    ("cite with one key", replace(RATE, "cite: {retry_after: [acme]}", "cite: {retry_after: acme}"),
     [f"{RATE}:47: 116002: cite.retry_after must be a list of source keys, like retry_after: [meta-error-codes]"]),
]


@pytest.mark.parametrize("name,breaks,expected", CASES, ids=[c[0] for c in CASES])
def test_fault_is_reported_exactly(mini, name, breaks, expected):
    breaks(mini)
    catalog, problems = load(mini)
    assert catalog is None
    assert [str(p) for p in problems] == expected


def test_unreadable_file_is_reported_with_its_path(mini, monkeypatch):
    # Tests may run as root, which reads any file whatever its mode: refuse the read instead.
    read_bytes = Path.read_bytes

    def refuse(path):
        if path.name == "quota.yml":
            raise PermissionError(13, "Permission denied", str(path))
        return read_bytes(path)

    monkeypatch.setattr(Path, "read_bytes", refuse)
    _, problems = load(mini)
    assert [str(p) for p in problems] == [f"{QUOTA}:1: -: the file cannot be read (permission denied); make it readable, e.g. chmod a+rX"]


def test_byte_order_mark_backups_and_dotfiles_are_fine(mini):
    rate = mini / "codes" / "rate-limit.yml"
    rate.write_bytes(b"\xef\xbb\xbf" + rate.read_bytes())
    for name in ("rate-limit.yml~", ".rate-limit.yml.swp", "quota.yml.orig", "#quota.yml#", ".DS_Store"):
        (mini / "codes" / name).write_bytes(b"\tnot: [yaml\n")
    catalog, problems = load(mini)
    assert problems == []
    assert len(catalog.entries) == 3


def test_every_problem_is_reported_not_only_the_first(mini):
    replace(RATE, "retry: backoff", "retry: soon")(mini)
    replace(QUOTA, "category: quota", "category: quotas")(mini)
    write("catalog/codes/empty.yml", b"")(mini)
    _, problems = load(mini)
    assert [(p.path, p.line) for p in problems] == [
        ("catalog/codes/empty.yml", 1),
        (QUOTA, 4),
        (RATE, 18),
    ]


def test_check_command_exits_1_and_prints_diagnostics(mini):
    replace(RATE, "retry: backoff", "retry: soon")(mini)
    run = subprocess.run(
        [sys.executable, "-m", "generator", "check", "--catalog", "catalog"],
        capture_output=True, text=True, cwd=mini.parent,
        env={"PYTHONPATH": str(Path(__file__).resolve().parent.parent)},
    )
    assert run.returncode == 1
    assert run.stderr.splitlines() == [
        f"{RATE}:18: 130429: unknown retry value `soon`; use one of no, after-fix, later, backoff",
        "1 problem(s) found; nothing was written.",
    ]


def test_valid_fixture_has_no_problems(mini):
    catalog, problems = load(mini)
    assert problems == []
    assert [e.code for e in catalog.entries] == ["116002", "130429", "115001-115005"] or [e.code for e in catalog.entries] == ["115001-115005", "116002", "130429"]


def test_a_single_code_may_have_its_own_entry_inside_a_range(mini):
    """Meta gives 200 a row of its own inside 200-299: the exact entry wins, the range keeps the rest."""
    replace(RATE, 'code: "116002"', 'code: "115003"')(mini)
    catalog, problems = load(mini)
    assert problems == []
    assert catalog.resolve("115003").code == "115003"
    assert catalog.resolve("115004").code == "115001-115005"
    members = [code for code, _ in catalog.range_members()]
    assert members == ["115001", "115002", "115004", "115005"]


def test_verified_may_be_written_without_quotes(mini):
    replace(RATE, 'verified: "2026-11-29"', "verified: 2026-11-29")(mini)
    catalog, problems = load(mini)
    assert problems == [] and catalog.by_code()["130429"].verified == "2026-11-29"


FAMILIES = """families:
  - codes: "131200-131299"
    category: rate-limit
    name: {id: Grup, en: Groups}
    sources: [meta]
"""


@pytest.mark.parametrize("name, content, expected", [
    ("not a range", FAMILIES.replace('"131200-131299"', '"131200"'),
     ['catalog/families.yml:2: -: family codes `131200` is not a range; write the block as "low-high", like "131200-131299"']),
    ("unknown category", FAMILIES.replace("category: rate-limit", "category: grups"),
     ["catalog/families.yml:3: 131200-131299: unknown category `grups`; use a key of catalog/categories.yml"]),
    ("unknown source", FAMILIES.replace("[meta]", "[meta-groups]"),
     ["catalog/families.yml:5: 131200-131299: unknown source `meta-groups`; use a key of catalog/sources.yml or add the source there"]),
    ("overlap", FAMILIES + FAMILIES.replace("families:\n", "").replace('"131200-131299"', '"131250-131350"'),
     ["catalog/families.yml:6: 131250-131350: overlaps the family `131200-131299`; a code may belong to one family only"]),
    ("missing key", FAMILIES.replace("    sources: [meta]\n", ""),
     ["catalog/families.yml:2: -: a family is missing `sources`; every family needs codes, category, name and sources"]),
    ("marks in a name", FAMILIES.replace("{id: Grup, en: Groups}", '{id: "Grup `1312xx`", en: "{helpdesk} groups"}'),
     ["catalog/families.yml:4: 131200-131299: English text `name.en`: placeholder `{helpdesk}` in a name; a name is plain text; write it as readers see it, without placeholders",
      "catalog/families.yml:4: 131200-131299: Indonesian text `name.id`: backtick ` in a name; a name is plain text; write it as readers see it"]),
])
def test_family_fault_is_reported_exactly(mini, name, content, expected):
    (mini / "families.yml").write_text(content, encoding="utf-8")
    catalog, problems = load(mini)
    assert catalog is None
    assert [str(p) for p in problems] == expected


def test_a_valid_family_loads(mini):
    (mini / "families.yml").write_text(FAMILIES, encoding="utf-8")
    catalog, problems = load(mini)
    assert problems == [] and catalog.family_of("131250").category == "rate-limit"
    assert catalog.family_of("130429") is None  # a code with an entry of its own


@pytest.mark.parametrize("value, expected", [
    ("keywords: saldo habis", "keywords must have `id:` and/or `en:`, each a list of phrases, like keywords: {id: [saldo habis], en: [no balance]}"),
    ("keywords: {id: [saldo habis, Saldo Habis]}", "keyword `Saldo Habis` is listed twice in keywords.id; remove one"),
    ("keywords: {en: [\"<b>blocked</b>\"]}", "keyword `<b>blocked</b>` in keywords.en must be a plain phrase of at most 60 characters"),
])
def test_keyword_faults(mini, value, expected):
    replace(RATE, "    retry: backoff\n", f"    retry: backoff\n    {value}\n")(mini)
    catalog, problems = load(mini)
    assert catalog is None and [p.message for p in problems] == [expected]


def test_titles_seen_cite_and_shared_titles_load(mini):
    replace(RATE, "    no_customer_message: internal\n", '    no_customer_message: internal\n    titles_seen: ["Rate limit hit", "Too many requests"]\n')(mini)
    (mini / "titles.yml").write_text('titles:\n  - title: rate limit hit\n    codes: ["130429", "116002"]\n', encoding="utf-8")
    catalog, problems = load(mini)
    assert problems == []
    entry = catalog.by_code()["116002"]
    assert entry.titles == ("Invalid response code (429)", "Rate limit hit", "Too many requests")
    assert entry.cited("retry_after") == ("acme",) and entry.cited("charged") == ()
    assert [(t.title, t.codes) for t in catalog.shared_titles] == [("rate limit hit", ("130429", "116002"))]


def test_a_plain_title_is_shared_only_where_the_catalog_says(mini):
    """Two entries may have one plain_title when they are an On-Premises code and its successor,
    when catalog/titles.yml lists them together (under a title the API sends, or the plain title
    itself), and a plain_title may be the entry's own API title; then the entry's pages show it."""
    same = replace(RATE, "plain_title: Too many requests", "plain_title: Throughput limit reached")
    onprem = replace(RATE, "    origin: provider\n", "    origin: meta-onprem\n    retired: true\n    successor: \"130429\"\n")
    listed = ('titles:\n  - title: rate limit hit\n    codes: ["130429", "116002"]\n',
              'titles:\n  - title: Throughput limit reached\n    codes: ["130429", "116002"]\n')
    cases = [(onprem, None)] + [(lambda root: None, titles) for titles in listed]
    for fix, titles in cases:
        shutil.rmtree(mini)
        shutil.copytree(Path(__file__).parent / "fixtures" / "mini", mini)
        same(mini)
        fix(mini)
        if titles:
            (mini / "titles.yml").write_text(titles, encoding="utf-8")
            if "rate limit hit" in titles:
                replace(RATE, "    no_customer_message: internal\n", '    no_customer_message: internal\n    titles_seen: ["Rate limit hit"]\n')(mini)
        catalog, problems = load(mini)
        assert problems == [], titles
        assert {e.heading("en") for e in catalog.entries if e.code in ("130429", "116002")} == {"Throughput limit reached"}
    (mini / "titles.yml").unlink()
    replace(RATE, "plain_title: Throughput limit reached", "plain_title: Rate limit hit", 1)(mini)
    catalog, problems = load(mini)
    assert problems == [] and catalog.by_code()["130429"].heading("en") == "Rate limit hit"
    assert catalog.by_code()["130429"].heading("id") == "Batas throughput tercapai"


def test_keywords_load_per_language(mini):
    replace(RATE, "    retry: backoff\n", "    retry: backoff\n    keywords: {id: [saldo habis], en: [no balance, out of credit]}\n")(mini)
    catalog, problems = load(mini)
    assert problems == [] and catalog.by_code()["130429"].keywords_in("en") == ("no balance", "out of credit")


ORIGINS = """origins:
  meta-onprem:
    notice:
      id: Meta menghentikan API ini.
      en: Meta retired this API.
    sources: [meta]
"""


@pytest.mark.parametrize("name, content, expected", [
    ("unknown origin", ORIGINS.replace("meta-onprem:", "meta-onpremise:"),
     ["catalog/origins.yml:2: -: unknown origin `meta-onpremise` (did you mean `meta-onprem`?); use one of meta, meta-onprem, provider"]),
    ("missing notice", ORIGINS.replace("    notice:\n      id: Meta menghentikan API ini.\n      en: Meta retired this API.\n", ""),
     ["catalog/origins.yml:2: -: origin `meta-onprem` is missing `notice`; every origin here needs notice and sources"]),
    ("unknown source", ORIGINS.replace("[meta]", "[meta-sunset]"),
     ["catalog/origins.yml:6: -: unknown source `meta-sunset`; use a key of catalog/sources.yml or add the source there"]),
    ("one language", ORIGINS.replace("      en: Meta retired this API.\n", ""),
     ["catalog/origins.yml:4: -: missing English text `notice.en`; add `en:` under `notice`"]),
])
def test_origin_fault_is_reported_exactly(mini, name, content, expected):
    (mini / "origins.yml").write_text(content, encoding="utf-8")
    catalog, problems = load(mini)
    assert catalog is None
    assert [str(p) for p in problems] == expected


def test_an_origin_notice_is_said_once_and_shown_with_every_entry_of_that_origin(mini):
    (mini / "origins.yml").write_text(ORIGINS.replace("meta-onprem:", "meta:"), encoding="utf-8")
    catalog, problems = load(mini)
    assert problems == []
    assert catalog.origin_notes["meta"].notice.en == "Meta retired this API."


VOICE = """terms: []
jargon: {id: [API], en: [API]}
words: []
phrasing:
  - id: jangan sebelum itu
    why: is English "not before" carried over
    fix: 'say when instead: "hanya setelah …"'
  - id: periksa … bahwa
    why: is English "check that" carried over
    fix: 'write "pastikan …"'
  - en: refus…
    why: is a stock word
    fix: write "rejected"
ticket_voice:
  id: {polite: [silakan, mohon], instructions: [kirim, kirim ulang, tunggu, jangan]}
  en: {polite: [please], instructions: [resend, wait, do not]}
repeated_sentences: 3
"""
def voice_problems(problems) -> list[str]:
    """The diagnostics of the voice rules (and of the glossary file itself) only."""
    signs = ("carried over", "stock word", "is bare;", "is written in", "glossary.yml")
    return [str(p) for p in problems if any(sign in str(p) for sign in signs)]


def voiced(mini: Path, *fixes) -> None:
    """The mini catalog (its ticket replies polite) with the voice rules of VOICE, then `fixes`."""
    (mini / "glossary.yml").write_text(VOICE, encoding="utf-8")
    for fix in fixes:
        fix(mini)


def test_the_voice_rules_pass_on_polite_text(mini):
    voiced(mini)
    catalog, problems = load(mini)
    assert voice_problems(problems) == []


@pytest.mark.parametrize("name, fix, expected", [
    ("a calque", replace(RATE, "      id: Terlalu banyak pesan dikirim terlalu cepat.",
                         "      id: Terlalu banyak pesan dikirim terlalu cepat; kirim ulang nanti, jangan sebelum itu."),
     ['catalog/codes/rate-limit.yml:10: 130429: description.id: "jangan sebelum itu" is English "not before" carried over; say when instead: "hanya setelah …"']),
    ("a pattern with words between", replace(RATE, "      id: Kirim ulang secara bertahap atau hubungi {helpdesk}.",
                                             "      id: Periksa di WhatsApp Manager bahwa nomor aktif."),
     ['catalog/codes/rate-limit.yml:13: 130429: action.id: "Periksa di WhatsApp Manager bahwa" is English "check that" carried over; write "pastikan …"']),
    ("a stock word in English", replace(RATE, "      en: Too many messages were sent too fast.",
                                        "      en: Too many messages were sent too fast and refused."),
     ['catalog/codes/rate-limit.yml:11: 130429: description.en: "refused" is a stock word; write "rejected"']),
    ("a bare first instruction", replace(RATE, "Silakan kirim ulang secara bertahap.", "Kirim ulang secara bertahap."),
     ['catalog/codes/rate-limit.yml:16: 130429: ticket_reply.id: the first instruction, "Kirim ulang secara bertahap", is bare; '
      'a helpdesk agent writes to a paying client: soften it with "Silakan…", "Mohon…"']),
    ("a bare prohibition after a condition", replace(RATE, "Please wait 15 minutes, then resend.", "If it stays busy, do not resend yet."),
     ['catalog/codes/rate-limit.yml:40: 116002: ticket_reply.en: the first instruction, "do not resend yet", is bare; '
      'a helpdesk agent writes to a paying client: soften it with "Please…"']),
])
def test_voice_fault_is_reported_exactly(mini, name, fix, expected):
    voiced(mini, fix)
    catalog, problems = load(mini)
    assert [p for p in voice_problems(problems) if "115001-115005" not in p] == expected


def test_a_sentence_written_in_many_entries_is_reported_once(mini):
    same = "Batas ini berlaku untuk seluruh nomor di akun yang sama."
    voiced(mini, replace(RATE, "      id: Terlalu banyak pesan dikirim terlalu cepat.", f"      id: Terlalu banyak pesan. {same}"),
           replace(RATE, "      id: Server {provider} menerima terlalu banyak permintaan.", f"      id: Server sibuk. {same}"))
    content = (mini / "codes" / "quota.yml").read_text(encoding="utf-8")
    description = content.split("description:\n      id: ", 1)[1].split("\n", 1)[0]
    (mini / "codes" / "quota.yml").write_text(content.replace(description, f"Kuota habis. {same}", 1), encoding="utf-8")
    catalog, problems = load(mini)
    repeated = [p for p in voice_problems(problems) if "is written in" in p]
    assert repeated == [
        f'catalog/codes/quota.yml:10: 115001-115005: description.id: "{same}" is written in 3 entries (also 130429, 116002); '
        "one fact is said once: write it for each entry's own case, or say it once in catalog/origins.yml or the category's intro"]


@pytest.mark.parametrize("section, expected", [
    ("ticket_voice:\n  id: {polite: []}\n", "glossary.yml:5: -: `ticket_voice: id:` needs `polite:` and `instructions:`, each a list of words that open a clause"),
    ("phrasing:\n  - id: jangan sebelum itu\n", 'glossary.yml:5: -: each phrasing needs a pattern (`id:` or `en:`), `why:` and `fix:`, like id: "jangan sebelum itu"'),
    ("repeated_sentences: one\n", "glossary.yml:4: -: `repeated_sentences:` is a number of entries from 2, like 5"),
])
def test_a_broken_voice_section_is_reported(mini, section, expected):
    (mini / "glossary.yml").write_text("terms: []\njargon: {id: [API], en: [API]}\nwords: []\n" + section, encoding="utf-8")
    catalog, problems = load(mini)
    assert voice_problems(problems) == ["catalog/" + expected]


@pytest.mark.parametrize("fix, expected", [
    (replace(RATE, "    customer_message:\n", "    customer_channel: sms\n    customer_message:\n"),
     "catalog/codes/rate-limit.yml:22: 130429: unknown customer_channel `sms`; use `other` where WhatsApp cannot reach the person "
     "(the message goes by SMS, phone or email), or leave it out for WhatsApp"),
    (replace(RATE, "    no_customer_message: internal\n", "    no_customer_message: internal\n    customer_channel: other\n"),
     "catalog/codes/rate-limit.yml:47: 116002: customer_channel only goes with a customer_message; remove it"),
    (combined(replace(RATE, "    customer_message:\n", "    customer_channel: other\n    customer_message:\n"),
              replace(RATE, "      en: We will resend your message shortly.", "      en: Please reply to this message on WhatsApp.")),
     'catalog/codes/rate-limit.yml:25: 130429: customer_message.en: "Please reply to this message on WhatsApp" asks for an answer on '
     "WhatsApp, but this message goes by SMS, phone or email because WhatsApp cannot reach the person; ask them to answer the same way"),
])
def test_customer_channel_faults(mini, fix, expected):
    fix(mini)
    catalog, problems = load(mini)
    assert catalog is None and [str(p) for p in problems if "cite" not in p.message] == [expected]


def test_the_providers_pages_must_be_known_sources(mini):
    provider = mini / "provider.yml"
    provider.write_text(provider.read_text(encoding="utf-8") + "pages: [acme, acme-blog]\n", encoding="utf-8")
    catalog, problems = load(mini)
    assert [str(p) for p in problems if "cite" not in p.message] == [
        "catalog/provider.yml:5: -: unknown source `acme-blog` (did you mean `acme`?); use a key of catalog/sources.yml or add the source there"]
