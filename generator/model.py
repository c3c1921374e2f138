"""The catalog as plain typed objects: what the loader produces and the renderers read.

Nothing here reads files or validates; `load.py` builds these objects only from
input that `validate.py` accepted.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cached_property
from typing import Optional

LANGS = ("id", "en")
ORIGINS = ("meta", "meta-onprem", "provider")
RETRY_VALUES = ("no", "after-fix", "later", "backoff")
# Who must do something about a code: the business's own team, its developer (or integrator), the
# provider, the end customer, or nobody (it passes by itself).
ACTS = ("business", "developer", "provider", "customer", "nobody")
CHARGED = ("yes", "no")
# Why an entry offers no message for the business to send its customer: the person opted out of
# marketing messages, blocked the business (or was blocked), cannot be reached on WhatsApp, has
# reached Meta's cap on marketing messages (any further message adds to it), or the failure is
# internal (account, setup, a request) and the customer need not hear of it.
NO_MESSAGE_REASONS = ("opted-out", "blocked", "not-on-whatsapp", "marketing-limit", "internal")
# How the business sends its customer message: on WhatsApp (the default), or, where WhatsApp itself
# cannot reach or vouch for the person (not on WhatsApp, an outdated app, a changed identity, a
# restricted account), by SMS, a phone call or email.
CHANNELS = ("whatsapp", "other")
# Facts an entry may state only with a source that says so (`cite:` names it per fact).
CITED_FACTS = ("charged", "acts", "retry_after")


@dataclass(frozen=True)
class Localized:
    """One text in both languages."""

    id: str
    en: str

    def get(self, lang: str) -> str:
        return self.id if lang == "id" else self.en

    def as_dict(self) -> dict:
        return {"id": self.id, "en": self.en}


@dataclass(frozen=True)
class Category:
    key: str
    name: Localized
    intro: Localized


@dataclass(frozen=True)
class Source:
    key: str
    title: str
    url: Optional[str]


@dataclass(frozen=True)
class Provider:
    name: str
    helpdesk_name: str
    helpdesk_url: str
    # Where a reader reports a wrong entry: a URL with {code} and {url} (the ticket link) to fill in, or None.
    report_url: Optional[str] = None
    # Where "Need help?" on a code or problem page leads (a contact form, mailto: or a chat link), filled
    # in the same way; None: the helpdesk's own address (helpdesk_url).
    help_url: Optional[str] = None
    # The provider's own pages (keys of sources.yml): an entry citing one has the provider's word on it,
    # so its page does not say that the provider's pages are silent about quota for failed messages.
    pages: tuple[str, ...] = ()


@dataclass(frozen=True)
class Entry:
    """One catalog entry: a single code or an inclusive range of codes."""

    code: str
    origin: str
    category: str
    title: Localized  # id: the Indonesian title readers see; en: the title exactly as the API sends it
    description: Localized
    action: Localized
    ticket_reply: Localized  # what the provider's helpdesk agent writes to the business in a ticket
    retry: str
    sources: tuple[str, ...]
    customer_message: Optional[Localized] = None  # what the business can send its own customer
    no_customer_message: Optional[str] = None  # else why not: one of NO_MESSAGE_REASONS
    customer_channel: str = "whatsapp"  # one of CHANNELS: how the business sends the customer message
    retry_after: Optional[str] = None
    http_status: Optional[int] = None
    related: tuple[str, ...] = ()
    notes: Optional[Localized] = None
    retired: bool = False
    successor: Optional[str] = None  # the code that replaces a retired one
    verified: str = ""  # ISO date the entry was last checked against its sources
    acts: Optional[str] = None  # one of ACTS, where a source says
    charged: Optional[str] = None  # "yes" / "no": whether the failed message is billed, where a source says
    checks: Optional[tuple[Localized, ...]] = None  # ordered steps to find the real cause
    keywords: tuple[tuple[str, tuple[str, ...]], ...] = ()  # (lang, phrases people use for the failure): search only
    titles_seen: tuple[str, ...] = ()  # other titles the API or Meta's tables have used for the code
    api_message: Optional[str] = None  # the error message the API sends with the code besides its title
    plain_title: str = ""  # the plain English title readers see (pages, tables, search, lookup)
    cite: tuple[tuple[str, tuple[str, ...]], ...] = ()  # (fact of CITED_FACTS, source keys stating it)
    file: str = ""
    line: int = 0

    def keywords_in(self, lang: str) -> tuple[str, ...]:
        return dict(self.keywords).get(lang, ())

    def heading(self, lang: str) -> str:
        """The title readers see in `lang`: the Indonesian title, or the plain English one (the
        title the API sends, title.en, is shown as such among the technical facts)."""
        return self.title.id if lang == "id" else self.plain_title

    @property
    def titles(self) -> tuple[str, ...]:
        """Every English title the code is known by: the one the API sends now, then the others."""
        return (self.title.en, *self.titles_seen)

    @property
    def known_titles(self) -> tuple[str, ...]:
        """Every title a reader may paste for the code: the API's, those seen before, and the
        titles the pages show (Indonesian, plain English). Lookup and the report match on these."""
        return (*self.titles, self.title.id, self.plain_title)

    def cited(self, fact: str) -> tuple[str, ...]:
        """The source keys that state `fact` (one of CITED_FACTS)."""
        return dict(self.cite).get(fact, ())

    @property
    def low(self) -> int:
        return int(self.code.split("-")[0])

    @property
    def high(self) -> int:
        return int(self.code.split("-")[-1])

    @property
    def is_range(self) -> bool:
        return "-" in self.code

    def contains(self, number: int) -> bool:
        return self.low <= number <= self.high


@dataclass(frozen=True)
class Change:
    """One line of the change log: what kind of change, to which codes, and why."""

    kind: str  # one of changelog.KINDS
    codes: tuple[str, ...]
    why: Localized


@dataclass(frozen=True)
class Release:
    """A dated release of the catalog (catalog/changes.yml) and its change lines."""

    date: str  # ISO date; one release per day
    title: Localized
    changes: tuple[Change, ...]


@dataclass(frozen=True)
class Problem:
    """A situation helpdesks meet without an error code ("message stuck at one tick"), with the
    words people use for it, how to tell its cases apart, what to do and the codes it can show as."""

    slug: str  # its permanent address: /{lang}/problems/{slug}/
    title: Localized
    description: Localized
    checks: tuple[Localized, ...]
    action: Localized
    ticket_reply: Localized
    sources: tuple[str, ...]
    verified: str
    customer_message: Optional[Localized] = None
    no_customer_message: Optional[str] = None
    customer_channel: str = "whatsapp"
    acts: Optional[str] = None
    related: tuple[str, ...] = ()  # codes it can show up as
    notes: Optional[Localized] = None
    keywords: tuple[tuple[str, tuple[str, ...]], ...] = ()
    file: str = ""
    line: int = 0

    def keywords_in(self, lang: str) -> tuple[str, ...]:
        return dict(self.keywords).get(lang, ())

    def heading(self, lang: str) -> str:
        return self.title.get(lang)


@dataclass(frozen=True)
class Family:
    """A block of codes Meta documents as one feature (catalog/families.yml)."""

    low: int
    high: int
    category: str
    name: Localized
    sources: tuple[str, ...]

    @property
    def codes(self) -> str:
        return f"{self.low}-{self.high}"


@dataclass(frozen=True)
class OriginNote:
    """What every entry of one origin shares (catalog/origins.yml), said once and shown on each of
    its pages: for the On-Premises API, that Meta retired it."""

    origin: str
    notice: Localized
    sources: tuple[str, ...]


@dataclass(frozen=True)
class SharedTitle:
    """A title more than one entry has on purpose (catalog/titles.yml): lookup lists them all."""

    title: str
    codes: tuple[str, ...]


@dataclass(frozen=True)
class Glossary:
    """catalog/glossary.yml as generator/glossary.py reads it and its word rules use it."""

    avoid: dict[str, list[tuple[re.Pattern, str, str]]] = field(default_factory=dict)  # lang -> (pattern, variant, use)
    jargon: dict[str, list[tuple[re.Pattern, str]]] = field(default_factory=dict)  # lang -> (pattern, word)
    words: tuple[str, ...] = ()  # what the spelling check accepts beyond its dictionaries
    synonyms: dict[str, dict[str, str]] = field(default_factory=dict)  # lang -> what people type -> the catalog's word
    # How text sounds (generator/voice.py): lang -> (pattern, why, fix, needle) of phrasings that read as
    # translated or stock; lang -> (polite markers, instruction openings) for ticket replies; and
    # from how many entries on a repeated sentence is one fact said too often (None: no such rule).
    phrasing: dict[str, list[tuple[re.Pattern, str, str, str]]] = field(default_factory=dict)
    ticket_voice: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = field(default_factory=dict)
    repeated_sentences: Optional[int] = None


@dataclass(frozen=True)
class Catalog:
    categories: tuple[Category, ...]
    provider: Provider
    sources: dict[str, Source]
    entries: tuple[Entry, ...]
    # code -> codes it links to, already made two-way and sorted
    links: dict[str, tuple[str, ...]] = field(default_factory=dict)
    families: tuple[Family, ...] = ()
    origin_notes: dict[str, OriginNote] = field(default_factory=dict)  # origin -> what its entries share
    glossary: Glossary = field(default_factory=Glossary)
    shared_titles: tuple[SharedTitle, ...] = ()  # catalog/titles.yml
    # (file, line, lang, text) of every text the catalog's authors wrote (not the API's English
    # titles), where the loader read it: `generator check`'s word checks need not read the files again
    texts: tuple[tuple[str, int, str, str], ...] = ()
    problems: tuple[Problem, ...] = ()  # catalog/problems/: situations without a code, by slug
    releases: tuple[Release, ...] = ()  # catalog/changes.yml, newest first

    @cached_property
    def history(self) -> dict[str, tuple[tuple[Release, Change], ...]]:
        """code -> the change-log lines that name it, newest first."""
        found: dict[str, list] = {}
        for release in self.releases:
            for change in release.changes:
                for code in change.codes:
                    found.setdefault(code, []).append((release, change))
        return {code: tuple(lines) for code, lines in found.items()}

    def changed(self, code: str) -> str | None:
        """The date of the newest change-log line naming the code, if any."""
        lines = self.history.get(code)
        return lines[0][0].date if lines else None

    @cached_property
    def problems_of(self) -> dict[str, tuple[Problem, ...]]:
        """code -> the problems that name it among their related codes."""
        found: dict[str, list[Problem]] = {}
        for p in self.problems:
            for code in p.related:
                found.setdefault(code, []).append(p)
        return {code: tuple(ps) for code, ps in found.items()}

    @cached_property
    def _index(self) -> dict[str, Entry]:
        return {e.code: e for e in self.entries}

    @property
    def synonyms(self) -> dict[str, dict[str, str]]:
        """lang -> what people type -> the catalog's word (catalog/glossary.yml), for search."""
        return self.glossary.synonyms

    def by_code(self) -> dict[str, Entry]:
        return self._index

    @cached_property
    def placeholders(self) -> dict[str, str]:
        """What {provider} and {helpdesk} stand for in catalog text."""
        return {"provider": self.provider.name, "helpdesk": self.provider.helpdesk_name}

    def resolve(self, code: str) -> Optional[Entry]:
        """The entry for a code as written by a user: exact, or the range containing it."""
        code = code.strip()
        exact = self.by_code().get(code)
        if exact or not code.isdigit():
            return exact
        number = int(code)
        return next((e for e in self.entries if e.is_range and e.contains(number)), None)

    def family_of(self, code: str) -> Optional[Family]:
        """The family a code without an entry of its own belongs to, if any."""
        if not code.isdigit() or self.resolve(code):
            return None
        number = int(code)
        return next((f for f in self.families if f.low <= number <= f.high), None)

    def range_members(self) -> list[tuple[str, Entry]]:
        """(code, range entry) for every code inside a range that has no entry of its own."""
        index = self.by_code()
        return [
            (str(n), e)
            for e in self.entries if e.is_range
            for n in range(e.low, e.high + 1) if str(n) not in index
        ]

    def in_category(self, key: str) -> list[Entry]:
        return [e for e in self.entries if e.category == key]

    def related(self, entry: Entry) -> list[Entry]:
        index = self.by_code()
        return [index[c] for c in self.links.get(entry.code, ())]


def sort_key(code: str) -> tuple[int, int]:
    low, _, high = code.partition("-")
    return (int(low), int(high or low))
