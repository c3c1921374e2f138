"""Spelling: every catalog text, UI string and hand-written page against hunspell's dictionaries.

Indonesian texts are checked against id_ID together with en_US (Indonesian help
text names English product terms: WhatsApp Manager, webhook, template), English
texts against en_US; both accept the glossary's `words`. The Indonesian dictionary
lists derived forms with prefixes but few bare imperatives and clitics (`hubungi`,
`pastikan`, `nomornya`), so an Indonesian word it lacks is accepted when a root
left after taking off such affixes is known (`roots`). Not checked: `literals`,
link targets, placeholders, URLs, words with digits, and acronyms in capitals (API,
WABA, HTTP). Each unknown word is reported where it stands, as
`file:line: spelling: "word" is not in the id dictionary; …`.

Debian's `hunspell`, `hunspell-id` and `hunspell-en-us` provide the dictionaries;
`available()` says whether they are installed (make test requires them in CI).
"""
from __future__ import annotations

import re
import shutil
import subprocess
import tempfile
from pathlib import Path

from . import yamlfile
from .diagnostics import Diagnostic
from .glossary import prose
from .load import load
from .model import LANGS, Catalog, Glossary
from .paths import ROOT

DICTIONARIES = {"id": "id_ID,en_US", "en": "en_US"}
_URL = re.compile(r"https?://\S+|\b[\w.+-]+@[\w-]+\.[\w.]+\b|\b[\w-]+(?:\.[\w-]+)*\.(?:com|org|net|io|id|dev)\b")
_WORD = re.compile(r"[^\W\d_]+(?:['’-][^\W\d_]+)*")
_MD_CODE = re.compile(r"`[^`]*`")


def available() -> bool:
    if not shutil.which("hunspell"):
        return False
    run = subprocess.run(["hunspell", "-D"], input="", capture_output=True, text=True)
    listed = run.stdout + run.stderr
    return all(f"/{name}" in listed for name in ("id_ID", "en_US"))


def words_of(text: str) -> list[str]:
    """The words of a text that the dictionaries are asked about."""
    text = _URL.sub(" ", prose(text))
    return [w for w in _WORD.findall(text) if not (w.isupper() and len(w) > 1) and not any(c.isupper() for c in w[1:])]


def unknown(words: set[str], lang: str, accepted: tuple[str, ...], by_root: bool = True) -> set[str]:
    """The words hunspell does not know, in one run for the whole set (and one for their roots)."""
    if not words:
        return set()
    with tempfile.NamedTemporaryFile("w", suffix=".dic", encoding="utf-8", delete=False) as extra:
        extra.write("\n".join(accepted) + "\n")
    try:
        run = subprocess.run(["hunspell", "-d", DICTIONARIES[lang], "-p", extra.name, "-l", "-i", "utf-8"],
                             input="\n".join(sorted(words)), capture_output=True, text=True, check=True)
    finally:
        Path(extra.name).unlink()
    missing = set(run.stdout.split())
    if not by_root:
        return missing
    missing -= _known_by_root(missing, lang, accepted)
    return missing - _known_by_parts(missing, lang, accepted)


def _parts(word: str) -> list[str]:
    """The parts of a hyphenated word that must be words: a clitic after a literal ("`endpoint`-nya")
    and the repeated half of a reduplication ("masing-masing", "menebak-nebak") are not."""
    parts = [p for p in re.split(r"[-'’]", word) if p]
    kept = []
    for part in parts:
        if part.lower() in _SUFFIXES or (kept and kept[-1].lower().endswith(part.lower())):
            continue
        kept.append(part)
    return kept


def _known_by_parts(words: set[str], lang: str, accepted: tuple[str, ...]) -> set[str]:
    split = {w: _parts(w) for w in words if "-" in w}
    if not split:
        return set()
    still = unknown({p for ps in split.values() for p in ps}, lang, accepted)
    return {w for w, ps in split.items() if ps and not set(ps) & still}


_SUFFIXES = ("nya", "lah", "kah", "pun", "ku", "mu")
_DERIVING = ("kan", "an", "i")
_PREFIXES = ("di", "ter", "ke", "se", "ber", "be", "per", "mem", "men", "meng", "meny", "me", "pem", "pen", "peng", "peny", "pe")


def roots(word: str) -> set[str]:
    """Roots an Indonesian word may be built on: without a clitic, a deriving suffix, a prefix."""
    word = word.lower()
    bases = {word}
    for suffix in _SUFFIXES:
        bases |= {b[: -len(suffix)] for b in list(bases) if b.endswith(suffix) and len(b) - len(suffix) >= 3}
    for suffix in _DERIVING:
        bases |= {b[: -len(suffix)] for b in list(bases) if b.endswith(suffix) and len(b) - len(suffix) >= 3}
    for prefix in _PREFIXES:
        bases |= {b[len(prefix):] for b in list(bases) if b.startswith(prefix) and len(b) - len(prefix) >= 3}
    return bases - {word}


def _known_by_root(words: set[str], lang: str, accepted: tuple[str, ...]) -> set[str]:
    if lang != "id" or not words:
        return set()
    candidates = {w: roots(w) for w in words}
    still = unknown({r for rs in candidates.values() for r in rs}, lang, accepted, by_root=False)
    return {w for w, rs in candidates.items() if rs - still}


def _yaml_strings(value: object, line: int, path: str = "") -> list[tuple[str, int, str]]:
    """(key path, line, text) of every string in a parsed YAML file."""
    if isinstance(value, yamlfile.Map):
        return [item for key, v in value.items() for item in _yaml_strings(v, value.line_of(key), f"{path}{key}.")]
    if isinstance(value, yamlfile.Seq):
        return [item for v, at in zip(value, value.item_lines) for item in _yaml_strings(v, at, path)]
    return [(path.rstrip("."), line, value)] if isinstance(value, str) else []


def texts(catalog: Catalog | Path, repo: Path = ROOT) -> list[tuple[str, int, str, str]]:
    """(file, line, lang, text) of everything a reader reads: catalog entries and categories (as
    the loader read them: `Catalog.texts`), UI strings (generator/i18n) and the hand-written pages
    (docs/{lang}/). catalog: the loaded catalog, or its folder to load."""
    if not isinstance(catalog, Catalog):
        loaded, found = load(catalog)
        if loaded is None:
            raise ValueError(f"{catalog}: the catalog has {len(found)} problem(s), so its spelling is not checked; "
                             "run python -m generator check")
        catalog = loaded
    out = list(catalog.texts)
    for lang in LANGS:
        path = repo / "generator" / "i18n" / f"{lang}.yml"
        data, _ = yamlfile.read(path, str(path))
        out += [(str(path), line, lang, text) for _, line, text in _yaml_strings(data, 1)]
        for page in sorted((repo / "docs" / lang).glob("*.md")):
            fenced = False
            for n, line in enumerate(page.read_text(encoding="utf-8").splitlines(), 1):
                if line.startswith("```"):
                    fenced = not fenced
                elif not fenced:
                    out.append((str(page), n, lang, _MD_CODE.sub(" ", line)))
    return out


def problems(catalog: Catalog | Path, repo: Path, glossary: Glossary) -> list[Diagnostic]:
    """Every unknown word in texts(catalog, repo)."""
    return problems_in(texts(catalog, repo), glossary)


def problems_in(found: list[tuple[str, int, str, str]], glossary: Glossary) -> list[Diagnostic]:
    """Every unknown word in (file, line, lang, text) texts, where it stands."""
    bad = {lang: unknown({w for _, _, l, t in found if l == lang for w in words_of(t)}, lang, glossary.words) for lang in LANGS}
    out = []
    for file, line, lang, text in found:
        for word in dict.fromkeys(words_of(text)):
            if word in bad[lang]:
                out.append(Diagnostic(_relative(file), line, "spelling",
                                      f'"{word}" is not in the {lang} dictionary; correct it, or add it to `words:` in catalog/glossary.yml if it is right'))
    return sorted(out)


def _relative(file: str) -> str:
    try:
        return str(Path(file).resolve().relative_to(Path.cwd()))
    except ValueError:
        return file
