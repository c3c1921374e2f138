"""Read one YAML file into plain Python values that remember their line numbers.

PyYAML's node graph carries positions; the constructors throw them away. We walk
the nodes ourselves so that every mapping knows the line of each of its keys,
duplicate keys are caught (PyYAML silently keeps the last), and `no`/`yes`/`on`
stay strings (YAML 1.1 would turn `retry: no` into False).
"""
from __future__ import annotations

import re
from pathlib import Path

import yaml

from .diagnostics import Diagnostic

try:  # the C parser is several times faster; the pure one behaves the same
    _BaseLoader = yaml.CSafeLoader  # type: ignore[attr-defined]
except AttributeError:  # pragma: no cover
    _BaseLoader = yaml.SafeLoader


class _Loader(_BaseLoader):
    """SafeLoader whose only booleans are true and false."""


_Loader.yaml_implicit_resolvers = {
    first: [(tag, rx) for tag, rx in resolvers if tag != "tag:yaml.org,2002:bool"]
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


def read(path: Path, shown: str) -> tuple[object | None, list[Diagnostic]]:
    """Parse `path`; `shown` is the path used in diagnostics. Returns (data, problems)."""
    raw = path.read_bytes()
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as err:
        line = raw[: err.start].count(b"\n") + 1
        return None, [Diagnostic(shown, line, "-", f"the file is not UTF-8 (byte 0x{raw[err.start]:02x}); save it as UTF-8")]
    problems = [
        Diagnostic(shown, n, "-", "tab character in indentation; YAML needs spaces, indent with two spaces")
        for n, line in enumerate(text.splitlines(), 1)
        if "\t" in line[: len(line) - len(line.lstrip(" \t"))]
    ]
    if problems:
        return None, problems
    if all(not line.strip() or line.strip().startswith("#") for line in text.splitlines()):
        return None, [Diagnostic(shown, 1, "-", "the file is empty; add entries under `codes:` or delete the file")]
    try:
        node = yaml.compose(text, Loader=_Loader)
    except yaml.reader.ReaderError as err:
        line = text[: err.position].count("\n") + 1
        return None, [Diagnostic(shown, line, "-", f"the file contains the control character U+{err.character:04X}, which YAML does not allow; delete it")]
    except yaml.MarkedYAMLError as err:
        mark = err.problem_mark or err.context_mark
        line = mark.line + 1 if mark else 1
        what = " ".join(p for p in (err.context, err.problem) if p)
        return None, [Diagnostic(shown, line, "-", f"YAML syntax error: {what}; check the indentation and quoting on this line and the one before")]
    problems = []
    data = _convert(node, shown, problems)
    return data, problems


_STANDARD = "tag:yaml.org,2002:"
_COLLECTION_TAGS = {yaml.MappingNode: _STANDARD + "map", yaml.SequenceNode: _STANDARD + "seq"}


def _tag_problem(node: yaml.Node, shown: str, line: int) -> Diagnostic:
    tag = "!!" + node.tag[len(_STANDARD):] if node.tag.startswith(_STANDARD) else node.tag
    return Diagnostic(shown, line, "-", f"the YAML tag `{tag}` is not allowed; remove it (values are plain text, numbers, lists and mappings)")


def _convert(node: yaml.Node, shown: str, problems: list[Diagnostic]) -> object:
    line = node.start_mark.line + 1
    if type(node) in _COLLECTION_TAGS and node.tag != _COLLECTION_TAGS[type(node)]:
        problems.append(_tag_problem(node, shown, line))
        return None
    if isinstance(node, yaml.MappingNode):
        out = Map()
        out.line, out.key_lines = line, {}
        for key_node, value_node in node.value:
            key = _convert(key_node, shown, problems)
            key_line = key_node.start_mark.line + 1
            if not isinstance(key, str):
                key = str(key)
            if key in out:
                problems.append(Diagnostic(shown, key_line, "-", f"duplicate key `{key}` (first on line {out.key_lines[key]}); keep one of them"))
                continue
            out[key] = _convert(value_node, shown, problems)
            out.key_lines[key] = key_line
        return out
    if isinstance(node, yaml.SequenceNode):
        seq = Seq(_convert(item, shown, problems) for item in node.value)
        seq.line, seq.item_lines = line, [item.start_mark.line + 1 for item in node.value]
        return seq
    try:
        return _scalar(node)
    except yaml.constructor.ConstructorError:  # a tag the safe constructor does not know
        problems.append(_tag_problem(node, shown, line))
        return None


_constructor = yaml.constructor.SafeConstructor()


def _scalar(node: yaml.ScalarNode) -> object:
    """Construct a scalar with PyYAML's own constructors (ints, floats, null, bools, strings)."""
    return _constructor.construct_object(node, deep=True)
