"""Synthetic catalogs of N times the real one, for the growth and search benchmarks.

Copy 0 keeps the real codes; copy j (1 ≤ j < N) gives every real code the
two-digit suffix j (131049 → 13104901 at j=1), so the codes keep the real
catalog's shape: a prefix such as 1310 matches N times as many codes, and
131049 stays an exact hit. Ranges move to a block of their own per copy (same
width); a suffixed code that collides with another code or falls into a range
moves on by 100 until it is free. Each entry copies the structure of its real
model (origin, category, retry, retry_after, http_status, sources, whether it
has notes, retired/successor, its `related` codes mapped into the same copy)
and gets new text in both languages (and a plain English title, lower-case words
after a capital, one of its own): each text's length is drawn from the real
texts of that field and language, its words from the real texts of that
language (the first one starting with a letter), with inline literals, links
and {provider}/{helpdesk} at the rate the real texts have them. Random word
order compresses worse than real prose, so gzip sizes of synthetic sites are
pessimistic. categories.yml, provider.yml and sources.yml are copied as they
are. The result is one YAML file per category and must load with
`generator.load.load` without problems.
"""
from __future__ import annotations

import random
import shutil
from collections import defaultdict
from pathlib import Path

import yaml

from generator.load import DEFAULT_ROOT, load
from generator.model import LANGS, Catalog, Entry, sort_key
from generator.text import title_key, tokens
from generator.validate import MAX_LENGTH

FIELDS = ("title", "description", "action", "ticket_reply", "customer_message", "notes")
RANGE_BLOCK = 10**9  # ranges of copy j live in [RANGE_BLOCK * (j + 1), RANGE_BLOCK * (j + 2))
SEED = 6


class TextModel:
    """Lengths per (field, language) and words, literals and links per language, from real texts."""

    def __init__(self, catalog: Catalog) -> None:
        keep = {"provider": "{provider}", "helpdesk": "{helpdesk}"}  # placeholders stay as written
        self.lengths: dict[tuple[str, str], list[int]] = defaultdict(list)
        self.words: dict[str, list[str]] = defaultdict(list)
        self.literals: dict[str, list[str]] = defaultdict(list)
        self.links: dict[str, list[tuple[str, str]]] = defaultdict(list)
        for e in catalog.entries:
            for name in FIELDS:
                value = getattr(e, name)
                if value is None:
                    continue
                for lang in LANGS:
                    text = value.get(lang)
                    self.lengths[name, lang].append(len(text))
                    for t in tokens(text, keep):
                        if t.kind == "code":
                            self.literals[lang].append(t.text)
                        elif t.kind == "link":
                            self.links[lang].append((t.text, t.url))
                        else:
                            self.words[lang] += [w for w in t.text.split() if not set(w) & set("`[]<>")]
        self.starts = {lang: [w for w in self.words[lang] if w[0].isalpha()] for lang in LANGS}
        # Plain titles: plain English words (no marks, placeholders or stops), each title an entry's own.
        self.plain_lengths = [len(e.plain_title) for e in catalog.entries]
        self.plain_words = [w.lower() for w in self.words["en"] if w.isalpha()]
        self.plain_taken: set[str] = set()
        self.rate = {
            lang: (len(self.literals[lang]) / len(self.words[lang]), len(self.links[lang]) / len(self.words[lang]))
            for lang in LANGS
        }

    def text(self, rnd: random.Random, name: str, lang: str) -> str:
        """A text of a length drawn from the real `name` texts in `lang`, under the validator's limit."""
        want = rnd.choice(self.lengths[name, lang])
        limit = MAX_LENGTH[name]
        literal_rate, link_rate = self.rate[lang]
        out: list[str] = []
        size = -1
        while size < want:
            roll = rnd.random()
            if not out:  # start with a word (the catalog rules forbid e.g. a leading `-` or `+`)
                piece = rnd.choice(self.starts[lang])
            elif roll < literal_rate and self.literals[lang]:
                piece = f"`{rnd.choice(self.literals[lang])}`"
            elif roll < literal_rate + link_rate and self.links[lang]:
                label, url = rnd.choice(self.links[lang])
                piece = f"[{label}]({url})"
            else:
                piece = rnd.choice(self.words[lang])
            if size + 1 + len(piece) > limit:
                break
            out.append(piece)
            size += 1 + len(piece)
        return " ".join(out) or rnd.choice(self.starts[lang])


    def plain_title(self, rnd: random.Random) -> str:
        """A plain title of a length drawn from the real ones, sentence case, not yet taken."""
        while True:
            want, out = rnd.choice(self.plain_lengths), []
            while len(" ".join(out)) < want and len(" ".join(out)) < MAX_LENGTH["plain_title"] - 12:
                out.append(rnd.choice(self.plain_words))
            title = " ".join(out)
            title = title[0].upper() + title[1:]
            if title_key(title) not in self.plain_taken:
                self.plain_taken.add(title_key(title))
                return title


def _codes(catalog: Catalog, copies: int) -> list[dict[str, str]]:
    """For each copy, real code -> synthetic code; unique, and no single code inside a range."""
    ranges = [e for e in catalog.entries if e.is_range]
    spans = [(RANGE_BLOCK * (j + 1) + e.low, RANGE_BLOCK * (j + 1) + e.high) if j else (e.low, e.high)
             for j in range(copies) for e in ranges]
    taken = {e.code for e in catalog.entries}

    def free(n: int) -> bool:
        return str(n) not in taken and not any(lo <= n <= hi for lo, hi in spans)

    maps = [{e.code: e.code for e in catalog.entries}]
    for j in range(1, copies):
        mapping = {}
        for e in catalog.entries:
            if e.is_range:
                base = RANGE_BLOCK * (j + 1)
                mapping[e.code] = f"{base + e.low}-{base + e.high}"
            else:
                n = e.low * 100 + j
                while not free(n):
                    n += 100
                mapping[e.code] = str(n)
            taken.add(mapping[e.code])
        maps.append(mapping)
    return maps


def _entry(model: TextModel, rnd: random.Random, real: Entry, mapping: dict[str, str]) -> dict:
    def localized(name: str) -> dict:
        return {lang: model.text(rnd, name, lang) for lang in LANGS}

    item = {"code": mapping[real.code], "origin": real.origin, "category": real.category}
    for name in ("title", "description", "action", "ticket_reply"):
        item[name] = localized(name)
        if name == "title":
            item["plain_title"] = model.plain_title(rnd)
    if real.customer_message is not None:
        item["customer_message"] = localized("customer_message")
    else:
        item["no_customer_message"] = real.no_customer_message
    item["retry"] = real.retry
    if real.retry_after:
        item["retry_after"] = real.retry_after
    if real.http_status:
        item["http_status"] = real.http_status
    if real.related:  # only the side that wrote the link in the real catalog writes it here too
        item["related"] = [mapping[c] for c in real.related]
    if real.notes is not None:
        item["notes"] = localized("notes")
    item["sources"] = list(real.sources)
    item["verified"] = real.verified
    for key in ("acts", "charged"):
        if getattr(real, key, None):
            item[key] = getattr(real, key)
    if real.cite:  # the sources that state those facts, as the real entry cites them
        item["cite"] = {fact: list(keys) for fact, keys in real.cite}
    if real.customer_message is not None and real.customer_channel != "whatsapp":
        item["customer_channel"] = real.customer_channel
    if real.keywords:
        item["keywords"] = {lang: list(words) for lang, words in real.keywords}
    if getattr(real, "retired", False):  # fields newer than this benchmark are copied when present
        item["retired"] = True
        if real.successor:
            item["successor"] = mapping[real.successor]
    return item


def write(root: Path, scale: int, real_root: Path = DEFAULT_ROOT) -> Path:
    """Write a catalog of `scale` times the real one's entries into root (created); return root."""
    catalog, problems = load(real_root)
    assert not problems, problems
    model = TextModel(catalog)
    rnd = random.Random(SEED * 1000 + scale)
    root.mkdir(parents=True)
    for name in ("categories.yml", "provider.yml", "sources.yml"):
        shutil.copyfile(real_root / name, root / name)
    files: dict[str, list[dict]] = defaultdict(list)
    for mapping in _codes(catalog, scale):
        for e in catalog.entries:
            files[e.category].append(_entry(model, rnd, e, mapping))
    (root / "codes").mkdir()
    for category, items in files.items():
        items.sort(key=lambda item: sort_key(item["code"]))
        text = yaml.safe_dump({"codes": items}, allow_unicode=True, sort_keys=False, width=100)
        (root / "codes" / f"{category}.yml").write_text(text, encoding="utf-8")
    loaded, problems = load(root)
    if problems:
        raise ValueError(f"synthetic {scale}x catalog has {len(problems)} problem(s), first: {problems[0]}")
    assert len(loaded.entries) == scale * len(catalog.entries)
    return root

