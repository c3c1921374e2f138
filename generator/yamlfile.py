"""Read one YAML file into plain Python values that remember their line numbers.

PyYAML's constructors throw positions away, so we build the values ourselves from
the parser's events: every mapping knows the line of each of its keys, duplicate
keys are caught (PyYAML silently keeps the last), and `no`/`yes`/`on` stay strings
(YAML 1.1 would turn `retry: no` into False).

Building from events, without recursion, also lets us refuse what the catalog never
needs before it costs anything: anchors and aliases (`&a`, `*a`, which a "billion
laughs" file expands into gigabytes) and nesting deeper than MAX_DEPTH (which would
exhaust Python's recursion later). Whitespace that only looks like indentation (tabs,
non-breaking and other Unicode spaces) is reported on its own line before parsing, and
so are U+0085, U+2028 and U+2029, which YAML reads as line breaks but editors do not:
after one, every line number YAML gives would be one more than an editor shows.
"""
from __future__ import annotations

import errno
import os
import re
import stat
from pathlib import Path

import yaml

from .diagnostics import Diagnostic
from .text import YAML_BREAKS, character_name

try:  # the C parser is several times faster; the pure one behaves the same
    _BaseLoader = yaml.CSafeLoader  # type: ignore[attr-defined]
except AttributeError:  # pragma: no cover
    _BaseLoader = yaml.SafeLoader

# Catalog files nest four levels (codes > entry > title > id); far more is a mistake.
MAX_DEPTH = 10
# Spaces that look like a plain space in an editor but are not one to YAML.
_ODD_SPACES = {
    "\u00a0": "non-breaking space", "\u202f": "narrow non-breaking space", "\u3000": "ideographic (full-width) space",
    "\u200b": "zero-width space", "\ufeff": "byte order mark", "\u1680": "Unicode space", "\u205f": "Unicode space",
    **{chr(c): "Unicode space" for c in range(0x2000, 0x200B)},
}
_BLANKS = " \t" + "".join(_ODD_SPACES)
# Leading blanks, and the `- ` of sequence entries after them
_INDENT = re.compile(f"[{_BLANKS}]*(?:-[{_BLANKS}]+)*")
_SUSPECT = re.compile(f"[\t{''.join(_ODD_SPACES)}{''.join(YAML_BREAKS)}]")
# Line breaks as editors count lines (str.splitlines also splits at characters YAML keeps in a line)
_LINE_BREAK = re.compile("\r\n|[\r\n]")


class _Loader(_BaseLoader):
    """SafeLoader whose only booleans are true and false, and for which `<<` and `=` are
    plain text (YAML 1.1's merge key and value key: the safe constructor knows neither)."""


_PLAIN = ("tag:yaml.org,2002:bool", "tag:yaml.org,2002:merge", "tag:yaml.org,2002:value")
_Loader.yaml_implicit_resolvers = {
    first: [(tag, rx) for tag, rx in resolvers if tag not in _PLAIN]
    for first, resolvers in _BaseLoader.yaml_implicit_resolvers.copy().items()
}
for _first in "tTfF":
    _Loader.add_implicit_resolver(
        "tag:yaml.org,2002:bool", re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"), [_first]
    )


class Map(dict):
    """A mapping that knows its own line and the line of each key."""

    line: int
    key_lines: dict

    def line_of(self, key: str) -> int:
        return self.key_lines.get(key, self.line)


class Seq(list):
    """A sequence that knows its own line and the line of each item."""

    line: int
    item_lines: list


_FOLDER = "this is a folder, not a file; put the YAML file here instead"


def unreadable(path: Path, err: OSError, what: str = "file") -> str:
    """Why `path` (a file or a folder) could not be read, and what to do about it."""
    if err.errno == errno.ELOOP:
        return f"the symbolic link loops back on itself; point it at a real {what} or delete it"
    if err.errno == errno.ENOENT and path.is_symlink():
        return f"the symbolic link points to {os.readlink(path)}, which does not exist; fix the link or delete it"
    if err.errno == errno.ENOENT:
        return "file is missing; restore it from version control"
    if err.errno in (errno.EACCES, errno.EPERM):
        return f"the {what} cannot be read (permission denied); make it readable, e.g. chmod a+rX"
    if err.errno == errno.EISDIR:
        return _FOLDER
    return f"the {what} cannot be read ({err.strerror})"


def read(path: Path, shown: str) -> tuple[object | None, list[Diagnostic]]:
    """Parse `path`; `shown` is the path used in diagnostics. Returns (data, problems).

    With problems, data is what could be read (a duplicate key or a refused value left
    out) or None when nothing could."""
    try:
        mode = path.stat().st_mode
        if stat.S_ISDIR(mode):
            return None, [Diagnostic(shown, 1, "-", _FOLDER)]
        if not stat.S_ISREG(mode):  # reading a pipe or a device would wait or never end
            return None, [Diagnostic(shown, 1, "-", "this is not a regular file (a pipe, socket or device); put the YAML file here instead")]
        raw = path.read_bytes()
    except OSError as err:
        return None, [Diagnostic(shown, 1, "-", unreadable(path, err))]
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as err:
        line = raw[: err.start].count(b"\n") + 1
        return None, [Diagnostic(shown, line, "-", f"the file is not UTF-8 (byte 0x{raw[err.start]:02x}); save it as UTF-8")]
    text = text.removeprefix("\ufeff")  # a byte order mark at the start is allowed
    lines = _LINE_BREAK.split(text)
    problems = [Diagnostic(shown, n, "-", problem) for n, line in enumerate(lines, 1) for problem in _blanks(line)] \
        if _SUSPECT.search(text) else []
    if problems:
        return None, problems
    if all(not line.strip() or line.strip().startswith("#") for line in lines):
        return None, [Diagnostic(shown, 1, "-", "the file is empty; add entries under `codes:` or delete the file")]
    loader = None
    try:
        loader = _Loader(text)
        return _build(loader, shown, problems), problems
    except yaml.reader.ReaderError as err:
        line = text[: err.position].count("\n") + 1
        return None, [Diagnostic(shown, line, "-", f"the file contains the control character U+{err.character:04X}, which YAML does not allow; delete it")]
    except yaml.MarkedYAMLError as err:
        mark = err.problem_mark or err.context_mark
        line = mark.line + 1 if mark else 1
        what = " ".join(p for p in (err.context, err.problem) if p)
        return None, [Diagnostic(shown, line, "-", f"YAML syntax error: {what}; check the indentation and quoting on this line and the one before")]
    finally:
        if loader is not None:
            loader.dispose()


def _blanks(line: str) -> list[str]:
    """What is wrong with the blanks of one line: its indentation, and line breaks only YAML sees."""
    found = [problem] if (problem := _indentation(line)) else []
    for c in dict.fromkeys(c for c in line if c in YAML_BREAKS):
        found.append(f"{character_name(c)}, which YAML reads as a line break though editors show none; delete it (or end the line with a plain line break)")
    return found


def _indentation(line: str) -> str | None:
    indent = _INDENT.match(line).group()
    if "\t" in indent[: len(indent) - len(indent.lstrip(_BLANKS))]:
        return "tab character in indentation; YAML needs spaces, indent with two spaces"
    odd = next((c for c in indent if c in _ODD_SPACES), None)
    if odd:
        return f"{_ODD_SPACES[odd]} (U+{ord(odd):04X}) in indentation; YAML needs plain spaces, indent with two spaces"
    return None


_STANDARD = "tag:yaml.org,2002:"
_STR = _STANDARD + "str"
_COLLECTION_TAGS = {yaml.MappingStartEvent: _STANDARD + "map", yaml.SequenceStartEvent: _STANDARD + "seq"}
_NODES = {yaml.MappingStartEvent: yaml.MappingNode, yaml.SequenceStartEvent: yaml.SequenceNode}
_END = (yaml.MappingEndEvent, yaml.SequenceEndEvent)
_NO_KEY = object()


class _Open:
    """A mapping or sequence whose items are still being read."""

    def __init__(self, value: Map | Seq, refused: bool) -> None:
        self.value, self.refused = value, refused  # refused: its tag was reported, it reads as None
        self.key, self.key_line = _NO_KEY, 0


def _build(loader: _Loader, shown: str, problems: list[Diagnostic]) -> object:
    """The document's value, built from parser events with an explicit stack."""
    stack: list[_Open] = []
    anchors: set[str] = set()
    document = None
    root = None
    while loader.check_event():
        event = loader.get_event()
        if isinstance(event, yaml.DocumentStartEvent):
            if document is not None:
                raise yaml.composer.ComposerError("expected a single document in the stream", document,
                                                  "but found another document", event.start_mark)
            document = event.start_mark
            continue
        if not isinstance(event, (yaml.NodeEvent, yaml.CollectionEndEvent)):
            continue  # stream and document ends
        if isinstance(event, _END):
            done = stack.pop()
            value, line = (None if done.refused else done.value), done.value.line
        else:
            line = event.start_mark.line + 1
            _anchor_problem(event, anchors, shown, line, problems)
            if isinstance(event, yaml.AliasEvent):
                value = None
            elif isinstance(event, yaml.ScalarEvent):
                value = _scalar(loader, event, shown, line, problems)
            else:
                if len(stack) >= MAX_DEPTH:
                    problems.append(Diagnostic(shown, line, "-", f"lists and mappings nested more than {MAX_DEPTH} levels deep (catalog files need 4); look for stray brackets or indentation"))
                    return None
                tag = event.tag if event.tag not in (None, "!") else loader.resolve(_NODES[type(event)], None, event.implicit)
                refused = tag != _COLLECTION_TAGS[type(event)]
                if refused:
                    problems.append(_tag_problem(tag, shown, line))
                if isinstance(event, yaml.MappingStartEvent):
                    value = Map()
                    value.key_lines = {}
                else:
                    value = Seq()
                    value.item_lines = []
                value.line = line
                stack.append(_Open(value, refused))
                continue
        if not stack:
            root = value
        else:
            _add(stack[-1], value, line, shown, problems)
    return root


def _add(parent: _Open, value: object, line: int, shown: str, problems: list[Diagnostic]) -> None:
    """Put a finished value into the open collection: a sequence item, a key, or the value of a key."""
    if isinstance(parent.value, Seq):
        parent.value.append(value)
        parent.value.item_lines.append(line)
    elif parent.key is _NO_KEY:
        parent.key, parent.key_line = (value if isinstance(value, str) else str(value)), line
    else:
        out, key = parent.value, parent.key
        if key in out:
            problems.append(Diagnostic(shown, parent.key_line, "-", f"duplicate key `{key}` (first on line {out.key_lines[key]}); keep one of them"))
        else:
            out[key] = value
            out.key_lines[key] = parent.key_line
        parent.key = _NO_KEY


def _anchor_problem(event: yaml.NodeEvent, anchors: set[str], shown: str, line: int, problems: list[Diagnostic]) -> None:
    """Refuse anchors (`&a`) where they are defined, and aliases (`*a`) that no refused anchor explains."""
    if isinstance(event, yaml.AliasEvent):
        if event.anchor not in anchors:
            problems.append(Diagnostic(shown, line, "-", f"the YAML alias `*{event.anchor}` is not allowed; write out the value it stands for (catalog files use no anchors or aliases)"))
    elif event.anchor is not None:
        anchors.add(event.anchor)
        problems.append(Diagnostic(shown, line, "-", f"the YAML anchor `&{event.anchor}` is not allowed; remove it and write out the value wherever it is used (catalog files use no anchors or aliases)"))


def _tag_problem(tag: str, shown: str, line: int) -> Diagnostic:
    tag = "!!" + tag[len(_STANDARD):] if tag.startswith(_STANDARD) else tag
    return Diagnostic(shown, line, "-", f"the YAML tag `{tag}` is not allowed; remove it (values are plain text, numbers, lists and mappings)")


def _scalar(loader: _Loader, event: yaml.ScalarEvent, shown: str, line: int, problems: list[Diagnostic]) -> object:
    """Construct a scalar with PyYAML's own resolver and constructors (ints, floats, null, bools, strings)."""
    tag = event.tag if event.tag not in (None, "!") else loader.resolve(yaml.ScalarNode, event.value, event.implicit)
    if tag == _STR:  # most values: what the constructor would return, without making a node
        return event.value
    node = yaml.ScalarNode(tag, event.value, event.start_mark, event.end_mark, event.style)
    try:
        return loader.construct_object(node, deep=True)
    except yaml.constructor.ConstructorError:  # a tag the safe constructor does not know
        problems.append(_tag_problem(tag, shown, line))
        return None
