"""The pages' Markdown twins and the llms.txt files (generator/twins.py), on the built site:
every content page has its twin and names it, a code's twin holds the whole entry, llms.txt
follows the llmstxt.org convention, links resolve, and catalog text cannot change a twin's structure."""
from __future__ import annotations

import json
import re
import shutil
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest

from conftest import SUBPATH_SITE_URL as SITE_URL
from generator import twins, verify
from generator.load import DEFAULT_ROOT, load
from generator.model import LANGS
from generator.render import long_date
from generator.strings import no_message, ui_strings, wait
from generator.text import fill, plain

LINK = re.compile(r"(?<!\\)\]\(([^)\s]+)\)")
ITEM = re.compile(r"- \[[^\]]+\]\(([^)\s]+)\)(: \S.*)?")


class Head(HTMLParser):
    """The <link> elements of a page, with their attributes as written."""

    def __init__(self, path: Path) -> None:
        super().__init__()
        self.links: list[dict] = []
        self.feed(path.read_text(encoding="utf-8"))

    def handle_starttag(self, tag, attrs):
        if tag == "link":
            self.links.append(dict(attrs))

    def markdown(self) -> list[dict]:
        """The links naming the page as Markdown: rel holds the word `alternate`, type text/markdown."""
        return [a for a in self.links if "alternate" in (a.get("rel") or "").split() and a.get("type") == "text/markdown"]


def content_pages(site: Path, lang: str) -> list[Path]:
    """Every HTML page of a language but the not-found page and the forwarding pages of range members."""
    return sorted(p for p in (site / lang).rglob("index.html")
                  if p.parent.name != "404" and 'http-equiv="refresh"' not in p.read_text(encoding="utf-8"))


def text_of(markdown: str) -> str:
    """What a reader of a twin reads: links as their labels, code spans and escapes undone, one line."""
    out = re.sub(r"\\(.)", r"\1", re.sub(r"`+ ?(.*?) ?`+", r"\1", re.sub(r"(?<!\\)\[([^\]]*)\]\([^)\s]*\)", r"\1", markdown)))
    return " ".join(out.split())


def links_in(path: Path) -> list[str]:
    return LINK.findall(re.sub(r"`[^`\n]*`", " ", path.read_text(encoding="utf-8")))


@pytest.mark.parametrize("lang", LANGS)
def test_every_content_page_has_its_twin_and_names_it(built_site, catalog, lang):
    pages = content_pages(built_site, lang)
    assert len(pages) >= len(catalog.entries) + len(catalog.categories) + len(catalog.problems) + 5
    for page in pages:
        named = Head(page).markdown()
        assert [a["href"] for a in named] == ["index.md"], page
        assert (page.parent / "index.md").is_file(), page
        # The theme fetches a sitemap.xml beside every <link> whose rel is exactly "alternate"
        # (a missing file here); the space keeps the same link type out of its selector.
        assert all(a["rel"] != "alternate" for a in named), page
    # Nothing else has a twin: not the not-found page, nor the forwarding pages of range members.
    twinned = sorted(p.parent for p in (built_site / lang).rglob("index.md"))
    assert twinned == sorted(p.parent for p in pages)
    assert not Head(built_site / lang / "404.html").markdown() and not (built_site / lang / "404" / "index.md").exists()
    member = next(code for code, _ in catalog.range_members())
    assert not (built_site / lang / "codes" / member / "index.md").exists()
    # Written after MkDocs: the twins are in neither its search index nor its sitemap.
    assert ".md" not in (built_site / lang / "search" / "search_index.json").read_text(encoding="utf-8")
    assert "index.md" not in (built_site / lang / "sitemap.xml").read_text(encoding="utf-8")


def test_the_markdown_link_costs_no_request(new_page, served_site):
    """A page loads nothing more for its <link rel=alternate>: no request fails on a code page or home."""
    page = new_page()
    failed = []
    page.on("response", lambda r: r.status >= 400 and failed.append(r.url))
    for path in ["id/codes/131049/", "en/"]:
        page.goto(served_site + path)
        page.wait_for_load_state("networkidle")
    assert failed == []


# A spread of entries: a range, one with checks and a customer message, one that offers none,
# a retired code with a successor, notes, an HTTP status, a message the API sends, a message to send by SMS.
SAMPLE = ["131049", "115001-115005", "131026", "131056", "470", "130429", "131047", "200-299", "100", "2000", "368"]


@pytest.mark.parametrize("lang", LANGS)
def test_a_code_twin_holds_the_whole_entry(built_site, catalog, lang):
    ui = ui_strings(lang)
    values = catalog.placeholders
    index = catalog.by_code()
    sample = [index[code] for code in SAMPLE if code in index]
    assert len(sample) >= 6
    assert any(e.customer_message for e in sample) and any(not e.customer_message for e in sample)
    assert any(e.checks for e in sample) and any(e.notes for e in sample)
    for e in sample:
        path = built_site / lang / "codes" / e.code / "index.md"
        twin = path.read_text(encoding="utf-8")
        read = text_of(twin)
        assert twin.startswith(f"# {e.code}: ")
        texts = [e.heading(lang), e.title.en, e.description.get(lang), e.action.get(lang), e.ticket_reply.get(lang),
                 ui["retry_text"][e.retry], fill(ui["origin_long"][e.origin], values),
                 next(c.name.get(lang) for c in catalog.categories if c.key == e.category),
                 long_date(e.verified, ui["months"])]
        texts.append(e.customer_message.get(lang) if e.customer_message else no_message(ui, e))
        texts += [step.get(lang) for step in e.checks or ()]
        texts += [e.notes.get(lang)] if e.notes else []
        texts += [wait(e.retry_after, ui["units"])] if e.retry_after else []
        for text in texts:
            assert " ".join(plain(text, values).split()) in read, (e.code, text)
        if e.http_status:
            assert f"{ui['http_status']}:** {e.http_status}" in twin
        for key in e.sources:
            source = catalog.sources[key]
            assert (f"[{source.title}]({source.url})" if source.url else f"- {source.title}") in twin.replace("\\", ""), key
        for other in catalog.related(e):
            assert f"[{other.code}](../../codes/{other.code}/index.md)" in twin
        for problem in catalog.problems_of.get(e.code, ()):
            assert f"(../../problems/{problem.slug}/index.md)" in twin
        assert f"(../../../api/v1/codes/{e.code}.json)" in twin


@pytest.mark.parametrize("lang", LANGS)
def test_a_problem_twin_holds_the_whole_problem(built_site, catalog, lang):
    values = catalog.placeholders
    for p in catalog.problems[:3]:
        twin = (built_site / lang / "problems" / p.slug / "index.md").read_text(encoding="utf-8")
        read = text_of(twin)
        texts = [p.heading(lang), p.description.get(lang), p.action.get(lang), p.ticket_reply.get(lang),
                 *(step.get(lang) for step in p.checks)]
        texts.append(p.customer_message.get(lang) if p.customer_message else no_message(ui_strings(lang), p))
        for text in texts:
            assert " ".join(plain(text, values).split()) in read, (p.slug, text)
        assert all(f"]({catalog.sources[k].url})" in twin for k in p.sources if catalog.sources[k].url)
        assert f"(../../../api/v1/problems/{p.slug}.json)" in twin


def llms_sections(path: Path) -> dict[str, list[str]]:
    """An llms.txt read by the convention: H1 first, then a blockquote, then paragraphs, then `##`
    sections holding only `- [name](url)` items (optionally `: description`); {section: urls}."""
    lines = path.read_text(encoding="utf-8").splitlines()
    assert lines[0].startswith("# ") and lines[0][2:].strip() and lines[1] == "", path
    assert lines[2].startswith("> ") and lines[2][2:].strip(), path
    sections: dict[str, list[str]] = {}
    current = None
    for line in lines[3:]:
        if line.startswith("## "):
            current = line[3:].strip()
            assert current and current not in sections, (path, line)
            sections[current] = []
        elif line.startswith("#"):
            pytest.fail(f"{path}: a heading other than the H1 and ## sections: {line}")
        elif current and line:
            item = ITEM.fullmatch(line)
            assert item, (path, line)
            sections[current].append(item.group(1))
    assert len(sections) >= 2 and all(sections.values()), path
    return sections


def resolves(site: Path, file: Path, url: str, site_url: str | None = None) -> bool:
    if site_url:
        assert url.startswith(site_url) or urlsplit(url).netloc != urlsplit(site_url).netloc, url
        target = site / unquote(url[len(site_url):]) if url.startswith(site_url) else None
    else:
        assert not urlsplit(url).scheme and not url.startswith("/"), url
        target = (file.parent / unquote(url)).resolve()
    if target is None:
        return True
    return (target / "index.html").is_file() if url.endswith("/") else target.is_file()


def test_llms_txt_follows_the_convention_and_every_link_resolves(built_site, catalog):
    for lang in LANGS:
        path = built_site / lang / "llms.txt"
        sections = llms_sections(path)
        urls = [u for items in sections.values() for u in items]
        assert all(resolves(built_site, path, u) for u in urls), path
        # Every category, code and problem of the language, pointing at its twin.
        for e in catalog.entries:
            assert f"codes/{e.code}/index.md" in urls, e.code
        assert {f"problems/{p.slug}/index.md" for p in catalog.problems} <= set(urls)
        assert {f"{c.key}/index.md" for c in catalog.categories} <= set(urls)
        assert {"decode/index.md", "report/index.md", "data/index.md", "../api/v1/codes.json"} <= set(urls)
        # Each code's item gives its meaning: the title the pages show.
        line = next(l for l in path.read_text(encoding="utf-8").splitlines() if l.startswith("- [131049]("))
        assert text_of(line.split("): ", 1)[1]).startswith(plain(catalog.by_code()["131049"].heading(lang), catalog.placeholders))
    root = built_site / "llms.txt"
    urls = [u for items in llms_sections(root).values() for u in items]
    assert all(resolves(built_site, root, u) for u in urls)
    assert {"id/llms.txt", "en/llms.txt", "id/index.md", "en/index.md"} <= set(urls)


def test_every_link_in_the_twins_resolves(built_site):
    assert verify.markdown_links(built_site) == []
    checked = 0
    for lang in LANGS:
        for twin in (built_site / lang).rglob("index.md"):
            for url in links_in(twin):
                if not urlsplit(url).scheme:
                    assert resolves(built_site, twin, url), (twin, url)
                    checked += 1
    assert checked > 5_000


def test_twins_are_tidy_markdown(built_site):
    """One blank line between blocks, a quote never running on into the next line, one newline at the end."""
    files = [built_site / "llms.txt"] + [p for lang in LANGS for p in [*(built_site / lang).rglob("index.md"), built_site / lang / "llms.txt"]]
    for path in files:
        text = path.read_text(encoding="utf-8")
        assert text.endswith("\n") and not text.endswith("\n\n") and "\n\n\n" not in text, path
        lines = text.splitlines()
        assert not [b for a, b in zip(lines, lines[1:]) if a.startswith(">") and b and not b.startswith(">")], path


def test_a_broken_link_in_a_twin_is_caught(tmp_path):
    site = tmp_path / "site"
    (site / "en" / "codes" / "131049").mkdir(parents=True)
    (site / "en" / "codes" / "131049" / "index.html").write_text("<html></html>")
    (site / "en" / "codes" / "131049" / "index.md").write_text(
        "# 131049\n\n[Web page](./) \\[not\\](a link) `[nor](this)`\n\n```\n[nor](that)\n```\n[root](/en/)\n")
    (site / "en" / "llms.txt").write_text(
        "# x\n\n> y\n\n## z\n\n- [a](codes/131049/index.md)\n- [b](codes/404/index.md)\n- [c](https://example.com/)\n")
    assert verify.markdown_links(site) == ["en/codes/131049/index.md: link /en/ starts at the server root; links must be relative",
                                           "en/llms.txt: link codes/404/index.md points to nothing"]
    # Under the site's address, a link is read from the site root.
    (site / "llms.txt").write_text(f"# x\n\n> y\n\n## z\n\n- [a]({SITE_URL}en/llms.txt)\n- [b]({SITE_URL}id/llms.txt)\n")
    assert verify.markdown_links(site, SITE_URL)[-1] == f"llms.txt: link {SITE_URL}id/llms.txt points to nothing"


def test_without_a_site_url_no_twin_names_an_address(built_site, catalog):
    """Without SITE_URL the site knows no address of its own: every link is relative, and every
    absolute one leads to a host the catalog names (a source, a link in its text, the helpdesk)."""
    catalog_text = "\n".join(p.read_text(encoding="utf-8") for p in DEFAULT_ROOT.rglob("*.yml"))
    hosts = {urlsplit(u).netloc for u in re.findall(r"https?://[^\s\"'<>)\]]+", catalog_text)}
    files = [built_site / "llms.txt"] + [p for lang in LANGS for p in (built_site / lang).rglob("*.md")] + \
            [built_site / lang / "llms.txt" for lang in LANGS]
    for path in files:
        for url in links_in(path):
            parts = urlsplit(url)
            assert not url.startswith("/"), (path, url)
            assert not parts.scheme or (parts.scheme in ("http", "https", "mailto") and (parts.netloc in hosts or parts.scheme == "mailto")), (path, url)
        assert "help.example.com" not in path.read_text(encoding="utf-8").replace("`https://help.example.com/whatsapp-errors/codes/{code}/`", "")


def test_with_a_site_url_llms_txt_links_are_absolute_under_it(site_built_at):
    site = site_built_at(SITE_URL)
    for path in [site / "llms.txt", site / "id" / "llms.txt", site / "en" / "llms.txt"]:
        urls = [u for items in llms_sections(path).values() for u in items]
        assert urls and all(u.startswith(SITE_URL) for u in urls), path
        assert all(resolves(site, path, u, SITE_URL) for u in urls)
    twin = (site / "en" / "codes" / "131049" / "index.md").read_text(encoding="utf-8")
    assert f"]({SITE_URL}en/codes/131050/index.md)" in twin and f"]({SITE_URL}en/codes/131049/)" in twin
    assert verify.markdown_links(site, SITE_URL) == []


HOSTILE = {
    "description": "# Not a heading\n## Nor this\n> nor a quote\n\n- nor a list item\n\n    nor code\n===",
    "action": "> Not a quote **bold** _em_ &amp; ![img](https://example.com/x.png) a < b see `# literal`",
    "ticket_reply": "1. Not a list item | a | b |",
    "customer_message": "* Not a list === --- ***",
    "plain_title": "# Not a heading either",
}


@pytest.fixture
def hostile_catalog(mini):
    """The mini catalog with Markdown that would add headings, quotes and lists in 130429's English texts."""
    rate = mini / "codes" / "rate-limit.yml"
    content = rate.read_text(encoding="utf-8")
    for old, field in [("      en: Too many messages were sent too fast.", "description"),
                       ("      en: Resend gradually or contact {helpdesk}.", "action"),
                       ("      en: Your messages were rejected for being sent too fast. Please resend them gradually.", "ticket_reply"),
                       ("      en: We will resend your message shortly.", "customer_message"),
                       ("    plain_title: Throughput limit reached", "plain_title")]:
        assert old in content, old
        content = content.replace(old, old.split(":")[0] + ": " + json.dumps(HOSTILE[field]), 1)
    rate.write_text(content, encoding="utf-8")
    categories = mini / "categories.yml"
    categories.write_text(categories.read_text(encoding="utf-8").replace(
        "intro: {id: Terlalu banyak pesan., en: Too many messages.}", "intro: {id: Terlalu banyak pesan., en: \"## Too many\"}"), encoding="utf-8")
    catalog, problems = load(mini)
    assert problems == [], problems
    return catalog


def structure(markdown: str) -> list[str]:
    """The lines of a twin that start a block: headings, quotes, list items, rules, indented code."""
    return [line for line in markdown.splitlines()
            if re.match(r"#{1,6}(\s|$)|>|[-+*]\s|\d{1,9}[.)](\s|$)|(-{3,}|\*{3,}|_{3,}|={1,})\s*$| {4}|\[[^\]]+\]:", line)]


def test_catalog_text_cannot_change_a_twins_structure(hostile_catalog):
    out = twins.files(hostile_catalog, "en")
    ui = ui_strings("en")
    twin = out["codes/130429/index.md"]
    headings = [line for line in twin.splitlines() if re.match(r"#{1,6}(\s|$)", line)]
    assert headings == ["# 130429: \\# Not a heading either", f"## {ui['description']}", f"## {ui['action']}",
                        f"## {fill(ui['ticket_reply'], hostile_catalog.placeholders)}",
                        f"## {fill(ui['customer_message'], hostile_catalog.placeholders)}",
                        f"## {ui['related']}", f"## {ui['code_problems']}", f"## {ui['sources']}"]
    # Blocks come only from the template: its facts list, the two quoted replies, its link lists.
    quotes = [line for line in structure(twin) if line.startswith(">")]
    assert quotes == ["> 1\\. Not a list item \\| a \\| b \\|", "> \\* Not a list === --- \\*\\*\\*"]
    assert all(line.startswith(("#", ">", "- **", "- [")) for line in structure(twin)), structure(twin)
    # The text still reads as written, its one link kept as a link and the `literal` as code.
    assert "\\# Not a heading \\#\\# Nor this > nor a quote - nor a list item nor code ===" in twin
    assert "\\> Not a quote \\*\\*bold\\*\\* \\_em\\_ \\&amp; \\![img](https://example.com/x.png) a \\< b see `# literal`" in twin
    for path in ["rate-limit/index.md", "llms.txt"]:
        headings = [line for line in out[path].splitlines() if re.match(r"#{1,6}(\s|$)", line)]
        assert not [line for line in headings if "Not a heading" in line and not line.startswith("## [130429](")], path
        assert "## Too many" not in out[path] and "\\#\\# Too many" in out[path]
    assert "## [130429](../codes/130429/index.md): \\# Not a heading either" in out["rate-limit/index.md"]


@pytest.mark.parametrize("text,expected", [
    ("# x", "\\# x"), ("> x", "\\> x"), ("- x", "\\- x"), ("+ x", "\\+ x"), ("12. x", "12\\. x"), ("3) x", "3\\) x"),
    ("=== x", "\\=== x"), ("    x", "x"), ("a\n# b", "a \\# b"), ("a *b* _c_ `d` [e](f) <g> &amp; h|i ~~j~~", "a \\*b\\* \\_c\\_ \\`d\\` \\[e\\](f) \\<g> \\&amp; h\\|i \\~\\~j\\~\\~"),
    ("wow!", "wow\\!"), ("A plain sentence, with 2. numbers - and dashes.", "A plain sentence, with 2. numbers - and dashes."),
])
def test_escape_keeps_text_as_written(text, expected):
    assert twins.escape(text) == expected


def test_marks_stay_markdown_and_nothing_else_does():
    values = {"provider": "ACME", "helpdesk": "ACME Helpdesk"}
    assert twins.markdown("Ask {helpdesk}: see [the guide](https://example.com/a(b)c) or `x` and `y*`.", values) == \
        "Ask ACME Helpdesk: see [the guide](https://example.com/a%28b%29c) or `x` and `y*`."
    assert twins.markdown("Done![guide](https://example.com/)", values) == "Done\\![guide](https://example.com/)"
    assert twins.literal("a `b` c") == "``a `b` c``" and twins.literal("`b`") == "`` `b` ``"


def test_hand_written_pages_are_their_markdown_with_links_to_the_twins(built_site):
    for lang in LANGS:
        source = (Path(DEFAULT_ROOT).parent / "docs" / lang / "about.md").read_text(encoding="utf-8")
        twin = (built_site / lang / "about" / "index.md").read_text(encoding="utf-8")
        assert twin.splitlines()[0] == source.splitlines()[0]
        assert re.sub(r"\]\([^)]*\)", "]()", twin) == re.sub(r"\]\([^)]*\)", "]()", source)
        assert "](../data/index.md)" in twin


def test_a_page_without_a_twin_template_gets_a_short_twin(catalog):
    out = twins.files(catalog, "en", built={"news/": ("What&#x27;s new &amp; old", "Changes, by release"), "": ("Home", "")})
    assert out["news/index.md"].startswith("# What's new & old\n\nChanges, by release\n")
    assert "[Web page](./)" in out["news/index.md"]
    assert out["index.md"].startswith(f"# {ui_strings('en')['home_title']}\n")  # a page with a twin of its own keeps it

