"""Property-based tests (hypothesis): valid text survives load -> render -> export unchanged,
and no input, however broken, makes the loader crash instead of reporting diagnostics."""
from __future__ import annotations

import atexit
import functools
import json
import shutil
import tempfile
from html.parser import HTMLParser
from pathlib import Path

import yaml
from hypothesis import HealthCheck, given, settings, strategies as st

from generator import glossary, render
from generator.export import entry_record
from generator.load import load
from generator.text import fill, hidden, plain, title_case
from generator.voice import doubled_words

FIXTURES = Path(__file__).parent / "fixtures"
SETTINGS = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])

# Text outside marks: any printable character except the ones the text rules give a meaning
# (backticks, brackets, braces, angle brackets) and line breaks.
_plain = st.text(
    st.characters(blacklist_categories=("Cc", "Cs", "Zl", "Zp"), blacklist_characters="`[]{}<>\u0085"),
    min_size=1, max_size=40,
)
_literal = st.text(st.characters(blacklist_categories=("Cc", "Cs", "Zl", "Zp"), blacklist_characters="`\u0085"),
                   min_size=1, max_size=20).map(lambda s: f"`{s}`")
_link = st.tuples(_plain.filter(lambda s: "(" not in s and ")" not in s and s.strip()),
                  st.from_regex(r"https://example\.com/[a-z0-9/_-]{0,20}", fullmatch=True)).map(lambda p: f"[{p[0]}]({p[1]})")
_placeholder = st.sampled_from(["{provider}", "{helpdesk}"])
TEXT = (
    st.lists(st.one_of(_plain, _plain, _literal, _link, _placeholder), min_size=1, max_size=6)
    .map(" ".join)
    .filter(lambda s: s.strip() and not s.lstrip().startswith(("=", "+", "-", "@")) and len(s) <= 200)
    .filter(lambda s: not hidden(s))  # characters nobody sees (zero-width, direction marks) are refused
    .filter(lambda s: not doubled_words(s))  # nor a word written twice in a row
)
# A plain title: plain text (no marks, placeholders or tags), sentence case, no final full stop.
PLAIN_TITLE = (
    st.lists(_plain, min_size=1, max_size=2).map(" ".join)
    .filter(lambda s: s.strip() and len(s) <= 80 and not s.rstrip().endswith(".") and not title_case(s) and not hidden(s)
            and not doubled_words(s))
)
# A customer message also keeps the rules of its audience: no code numbers, no talk about "the customer".
CUSTOMER_TEXT = TEXT.filter(lambda s: not glossary.customer_problems(s, "id", glossary.EMPTY)
                            and not glossary.customer_problems(s, "en", glossary.EMPTY))


def _catalog_with(texts: dict[str, dict[str, str]]) -> Path:
    """A copy of the mini catalog whose entry 130429 has the given texts."""
    root = Path(tempfile.mkdtemp(prefix="wa-prop-")) / "catalog"
    shutil.copytree(FIXTURES / "mini", root)
    path = root / "codes" / "rate-limit.yml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    data["codes"][0].update(texts)
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return root


class _Text(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []

    def handle_data(self, data):
        self.parts.append(data)


def section_text(html: str, section: str) -> str:
    """The text under <h2 id="{section}"> of a rendered page, as a reader sees it."""
    start = html.index("</h2>", html.index(f'<h2 id="{section}">')) + len("</h2>")
    reader = _Text()
    reader.feed(html[start:html.find("<h2", start)])
    return "".join(reader.parts).strip()


@SETTINGS
@given(description=TEXT, action=TEXT, ticket=TEXT, customer=CUSTOMER_TEXT, title=TEXT, plain_title=PLAIN_TITLE)
def test_valid_text_survives_load_render_and_export(description, action, ticket, customer, title, plain_title):
    texts = {"title": {"en": title, "id": title}, "description": {"id": description, "en": description},
             "action": {"id": action, "en": action}, "ticket_reply": {"id": ticket, "en": ticket},
             "customer_message": {"id": customer, "en": customer}}
    root = _catalog_with({**texts, "plain_title": plain_title})
    try:
        catalog, problems = load(root)
        assert problems == [], problems
        entry = catalog.by_code()["130429"]
        values = catalog.placeholders
        record = entry_record(catalog, entry)
        for field, text in texts.items():
            if field != "title":
                assert record[field] == {"id": fill(text["id"], values), "en": fill(text["en"], values)}
        # The title the API sends is api_title; title.en is the plain title the pages show.
        assert record["title"] == {"id": fill(title, values), "en": plain_title}
        assert record["api_title"] == fill(title, values)
        json.loads(json.dumps(record))
        page = render.pages(catalog, "en")["codes/130429/index.md"]
        heading = _Text()
        heading.feed(page[page.index("<h1>") + 4:page.index("</h1>")])
        assert "".join(heading.parts) == f"130429: {plain_title}"
        # The customer message's heading keeps the anchor of the former reply (#reply).
        for field, section in (("description", "description"), ("action", "action"),
                               ("ticket_reply", "ticket-reply"), ("customer_message", "reply")):
            assert section_text(page, section) == plain(texts[field]["en"], values).strip()
    finally:
        shutil.rmtree(root.parent)


_yamlish = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=30),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=12), inner, max_size=4),
    max_leaves=20,
)


@functools.lru_cache(maxsize=None)
def _scratch_catalog() -> Path:
    """One copy of the mini catalog for every random file of the run (each replaces the last):
    the catalog is only read, so copying it afresh for each of the thousand examples buys nothing."""
    root = Path(tempfile.mkdtemp(prefix="wa-prop-")) / "catalog"
    shutil.copytree(FIXTURES / "mini", root)
    atexit.register(shutil.rmtree, root.parent, True)
    return root


def _loads_without_crashing(content: bytes) -> None:
    root = _scratch_catalog()
    (root / "codes" / "zz-random.yml").write_bytes(content)
    catalog, problems = load(root)  # must not raise
    assert (catalog is None) == bool(problems)
    for p in problems:
        assert p.path.endswith(".yml") and p.line >= 1 and p.message


@SETTINGS
@given(st.binary(max_size=300))
def test_random_bytes_only_yield_diagnostics(content):
    _loads_without_crashing(content)


# Text made of YAML's own punctuation (tags, anchors, aliases, flow collections, block
# scalars): random bytes rarely spell these, and they are where the parser does most.
@settings(SETTINGS, max_examples=300)
@given(st.text(alphabet="!&*-:?[]{},|>'\"#%@` \n\tabc01=~.", max_size=60))
def test_random_yaml_syntax_only_yields_diagnostics(text):
    _loads_without_crashing(("codes:\n  - " + text).encode("utf-8"))
    _loads_without_crashing(text.encode("utf-8"))


@SETTINGS
@given(_yamlish)
def test_random_yaml_structures_only_yield_diagnostics(data):
    _loads_without_crashing(yaml.safe_dump(data, allow_unicode=True).encode("utf-8"))


@SETTINGS
@given(st.lists(st.dictionaries(st.sampled_from(["code", "origin", "category", "title", "description", "action", "ticket_reply", "customer_message",
                                                 "retry", "retry_after", "sources", "related", "notes", "retired", "successor"]),
                                _yamlish, max_size=14), max_size=3))
def test_random_entries_only_yield_diagnostics(entries):
    _loads_without_crashing(yaml.safe_dump({"codes": entries}, allow_unicode=True).encode("utf-8"))
