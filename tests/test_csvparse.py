"""generator/csvparse.py reads CSV exactly as the report page's Papa Parse does.

A few hand-written cases pin the rows Papa gives on malformed input; then a differential test
runs the site's own papaparse.min.js in Node (tests/papa_node.js, one process for the whole
batch) over texts from a seeded generator: delimiters , ; and tab, line breaks LF, CRLF and
CR (mixed too), quoted and unquoted cells, stray quotes, quotes closed and followed by text or
by whitespace, unterminated quotes, empty lines, trailing line breaks, characters beyond
U+FFFF, and a few texts over 1 MB for the line-ending guess's cut. The guessed line ending, the
guessed delimiter (with the guessed and with the written line ending), and the rows and errors
with skipEmptyLines false and true must all be Papa's.

CI runs CSVPARSE_DIFF_COUNT texts (default 1500) from CSVPARSE_DIFF_SEED (default 1):
    CSVPARSE_DIFF_COUNT=50000 CSVPARSE_DIFF_SEED=$RANDOM .venv/bin/python -m pytest tests/test_csvparse.py
"""
from __future__ import annotations

import json
import os
import random
import shutil
import subprocess
from dataclasses import asdict

import pytest

from generator.csvparse import Error, _parse, guess_delimiter, guess_line_endings, parse, utf16_prefix

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
PAPA = os.path.join(ROOT, "overrides", "assets", "vendor", "papaparse", "papaparse.min.js")
COUNT = int(os.environ.get("CSVPARSE_DIFF_COUNT", "1500"))
SEED = int(os.environ.get("CSVPARSE_DIFF_SEED", "1"))
CANDIDATES = ["\t", ";", ","]


def rows(text, delimiter=",", newline="\n", skip=False):
    return parse(text, delimiter, newline, skip_empty_lines=skip).rows


def codes(text, delimiter=",", newline="\n"):
    return [(e.code, e.row) for e in parse(text, delimiter, newline).errors]


# ---- Hand-written cases ---------------------------------------------------------------------

def test_well_formed_text():
    assert rows("a,b\n1,2") == [["a", "b"], ["1", "2"]]
    assert rows('a,"b,c"\r\n"x ""y""",2', newline="\r\n") == [["a", "b,c"], ['x "y"', "2"]]
    assert rows('"multi\nline",x\n') == [["multi\nline", "x"], [""]]
    assert rows('a,"b,c","say ""hi"""\r\n"x",,"y"\r\n"""",""', newline="\r\n") == [
        ["a", "b,c", 'say "hi"'], ["x", "", "y"], ['"', ""]]
    assert rows("") == []
    assert codes('a,"b,c"\n') == []


def test_a_trailing_line_break_gives_a_last_empty_row_unless_empty_lines_are_skipped():
    assert rows("a;b\n", ";") == [["a", "b"], [""]]
    assert rows('"a";b\n', ";") == [["a", "b"], [""]]
    assert rows("a;b\n\n\n;\n", ";", skip=True) == [["a", "b"], ["", ""]]  # true, not "greedy"
    assert rows('"a"\n\n""\n', skip=True) == [["a"]]  # a quoted empty cell is an empty line too


def test_a_stray_quote_inside_an_unquoted_cell_is_text():
    assert rows('ab"c,d\ne,f"') == [['ab"c', "d"], ["e", 'f"']]
    assert codes('ab"c,d\ne,f"') == []


def test_a_quote_closed_and_followed_by_text_runs_on_to_the_next_proper_closing_quote():
    # the field goes on past the delimiter and the line break, up to `"` before `,`
    assert rows('"a"b,c\nd",e\nf') == [['a"b,c\nd', "e"], ["f"]]
    assert codes('"a"b,c\nd",e\nf') == [("InvalidQuotes", 0)]
    # with no proper closing quote after it, the rest of the text is the field, unescaped
    assert rows('x\n"a"b,c\n"d""e') == [["x"], ['a"b,c\n"d""e']]
    assert codes('x\n"a"b,c\n"d""e') == [("InvalidQuotes", 1), ("InvalidQuotes", 1), ("MissingQuotes", 1)]


def test_whitespace_between_a_closing_quote_and_the_delimiter_is_dropped():
    assert rows('"a"  ,"b"\t\nc') == [["a", "b"], ["c"]]
    assert rows('"a"\u00a0\ufeff,b') == [["a", "b"]]  # JavaScript's trim(), not Python's strip()
    # \x1f is whitespace to Python, not to JavaScript: the quote is malformed, never closed
    assert rows('"a"\x1f,b') == [['a"\x1f,b']]
    assert codes('"a"\x1f,b') == [("InvalidQuotes", 0), ("MissingQuotes", 0)]
    # a CR is whitespace too: with LF line breaks, `"a"<CR><LF>` ends the row and the CR goes
    assert rows('"a"\r\nb\n') == [["a"], ["b"], [""]]


def test_an_unterminated_quote_takes_the_rest_of_the_text():
    assert rows('a,"b\nc,d\n') == [["a", "b\nc,d\n"]]
    assert codes('a,"b\nc,d\n') == [("MissingQuotes", 0)]
    assert rows('"ab""') == [['ab""']]  # not unescaped
    assert rows('"ab"') == [["ab"]]  # a closing quote at the very end
    assert parse('x\n\n"', ",", "\n", skip_empty_lines=True).errors == [
        Error("Quotes", "MissingQuotes", "Quoted field unterminated", 2, 4)]  # rows counted before skipping


def test_only_the_given_newline_ends_a_row():
    assert rows("a,b\r\nc\rd\ne", newline="\r\n") == [["a", "b"], ["c\rd\ne"]]
    assert rows('a,"b"c\r\nd,e\r\n', newline="\n") == [["a", 'b"c\r\nd,e\r\n']]


def test_line_endings():
    assert guess_line_endings("a\nb\r\n") == "\n"
    assert guess_line_endings("a\r\nb\r\n") == "\r\n"
    assert guess_line_endings("a\rb\r\nc\r") == "\r"
    assert guess_line_endings("a\r\nb\r\nc\rd") == "\r\n"  # half of the parts start with \n
    assert guess_line_endings("a\r\nb\rc") == "\r"  # fewer than half
    assert guess_line_endings('"x\ny"\r\n') == "\r\n"  # quoted text is left out
    assert guess_line_endings("abc") == "\n"


def test_prefixes_count_utf16_units_as_javascript_does():
    assert utf16_prefix("😀a😀b", 3) == "😀a"
    assert utf16_prefix("a😀b", 2) == "a"  # half a character is left out
    assert utf16_prefix("abc", 2) == "ab"


def test_delimiters():
    assert guess_delimiter("a;b;c\n1;2;3", "\n") == ";"
    assert guess_delimiter("a\tb,c\n1\t2,3", "\n") == "\t"  # a tie goes to the first candidate
    assert guess_delimiter("a;b\n1;2\n", "\n") is None  # the trailing empty row drags the average to 5/3
    assert guess_delimiter("a;b\n1;2\n", "\n", skip_empty_lines=True) == ";"
    assert guess_delimiter("abc", "\n") is None
    assert guess_delimiter("", "\n") is None


# ---- Differential test against Papa Parse in Node -------------------------------------------

SPACES = [" ", "  ", "\t", "\u00a0", "\ufeff", "\u3000", "\x1f", "\x85", " x"]
LETTERS = "abcxyz019 éñ-_/.:" + "😀𝄞"


def _word(rng: random.Random, others: str) -> str:
    return "".join(rng.choice(LETTERS + others) for _ in range(rng.randint(0, 6)))


def _cell(rng: random.Random, delimiter: str, newlines: list[str], messy: float) -> str:
    inner = _word(rng, ",;\t" + '"' * 2)
    kind = rng.random() * (1 if rng.random() < messy else 0.65)  # from 0.65 on: malformed
    if kind < 0.35:
        return _word(rng, ",;\t".replace(delimiter, ""))
    if kind < 0.45:
        return ""
    if kind < 0.65:
        content = inner.replace('"', '""')
        if rng.random() < 0.3:
            content += rng.choice(newlines + [delimiter]) + _word(rng, "")
        return '"' + content + '"'
    if kind < 0.73:
        word = _word(rng, "")
        at = rng.randint(0, len(word))
        return word[:at] + '"' + word[at:]
    if kind < 0.82:
        return '"' + _word(rng, "") + '"' + rng.choice([_word(rng, ""), '"', "x" + delimiter])
    if kind < 0.9:
        return '"' + _word(rng, "") + '"' + rng.choice(SPACES)
    if kind < 0.95:
        return '"' + _word(rng, ",;\t\n\r")
    return rng.choice(['"', '""', '"""', " "])


def generated_text(rng: random.Random) -> tuple[str, str, str]:
    """A text and the delimiter and newline it was written with."""
    delimiter = rng.choice(CANDIDATES)
    newline = rng.choice(["\n", "\r\n", "\r"])
    newlines = [newline] * 6 + ["\n", "\r\n", "\r"]
    messy = rng.choice([0, 0.02, 0.1, 0.5, 1])  # how often a cell may be malformed
    width = rng.randint(1, 6)
    lines = []
    for _ in range(rng.choice([0, 1, 2, 3, 5, 8, 12, 15, 40])):
        if rng.random() < 0.1:
            lines.append(rng.choice(["", " ", delimiter * rng.randint(1, 3)]))
            continue
        count = width if rng.random() < 0.7 else rng.randint(1, 7)
        lines.append(delimiter.join(_cell(rng, delimiter, newlines, messy) for _ in range(count)))
    text = "".join(line + rng.choice(newlines) for line in lines[:-1]) + (lines[-1] if lines else "")
    text += rng.choice(["", "", newline, newline * 2, rng.choice(newlines)])
    if text.startswith("\ufeff"):
        text = "x" + text  # Papa.parse drops a leading BOM before anything else
    return text, delimiter, newline


def big_texts() -> list[str]:
    """Texts where the line-ending guess's 1 MB cut (in UTF-16 units) decides."""
    mb = 1024 * 1024
    return [
        "a" * (mb - 1) + "\r\n" + "b\r" * 10,     # the \n after the last \r kept falls past the cut
        "😀" * (mb // 2 - 1) + "a\r\nb\nc\r\n",   # the cut is reached at half as many code points
        "😀" * (mb // 2) + "\r\n",              # all past the cut: \n
        "x\r" + "😀" * (mb // 2 - 2) + '"\n\n\n',  # the cut inside a character beyond U+FFFF
        ('a;"b"\r\n' * (mb // 7)) + "c\rd\re\rf\rg\rh\r" * 1000,
    ]


def _jobs(count: int, seed: int) -> list[dict]:
    rng = random.Random(seed)
    jobs = []
    for index in range(count):
        text, delimiter, newline = generated_text(rng)
        if rng.random() < 0.25:  # read with other settings than it was written with
            delimiter, newline = rng.choice(CANDIDATES), rng.choice(["\n", "\r\n", "\r"])
        jobs.append({"text": text, "delimiter": delimiter, "newline": newline, "delimiters": CANDIDATES})
    for text in big_texts():
        jobs.append({"text": text, "delimiter": ";", "newline": "\r\n", "delimiters": CANDIDATES})
    return jobs


def _ours(job: dict) -> dict:
    text, delimiter, newline = job["text"], job["delimiter"], job["newline"]
    linebreak = guess_line_endings(text)

    def parsed(skip):
        result = parse(text, delimiter, newline, skip_empty_lines=skip)
        return {"data": result.rows, "errors": [asdict(e) for e in result.errors]}

    return {
        "linebreak": linebreak,
        "guessed": guess_delimiter(text, linebreak, tuple(job["delimiters"])),
        "given": guess_delimiter(text, newline, tuple(job["delimiters"])),
        "plain": parsed(False),
        "skipped": parsed(True),
    }


def test_the_shortcuts_give_the_rows_of_papas_loop():
    """parse() takes many rows at once where it can; with a preview (as the delimiter guess
    has) it runs Papa's loop alone. Long texts, where the shortcuts start and stop often."""
    rng = random.Random(SEED)
    for _ in range(max(20, COUNT // 20)):
        delimiter, newline = rng.choice(CANDIDATES), rng.choice(["\n", "\r\n", "\r"])
        text = newline.join(generated_text(rng)[0] for _ in range(rng.randint(5, 60)))
        result = parse(text, delimiter, newline)
        assert (result.rows, result.errors) == _parse(text, delimiter, newline, preview=10**9), repr(text)


def test_papa_parse_and_the_port_agree_on_generated_texts(tmp_path):
    node = shutil.which("node")
    assert node, "node is needed (make test installs axe-core with it)"
    jobs = _jobs(COUNT, SEED)
    job_file = tmp_path / "job.json"
    job_file.write_text(json.dumps(jobs), encoding="utf-8")
    done = subprocess.run([node, os.path.join(ROOT, "tests", "papa_node.js"), PAPA, str(job_file)],
                          capture_output=True, text=True, encoding="utf-8", timeout=300)
    assert done.returncode == 0, done.stderr
    answers = json.loads(done.stdout)
    assert len(answers) == len(jobs)
    differing = []
    for index, (job, papa) in enumerate(zip(jobs, answers)):
        ours = _ours(job)
        if ours != papa:
            differing.append(index)
            if len(differing) == 1:
                first = (index, job, {k: (ours[k], papa[k]) for k in ours if ours[k] != papa[k]})
    if differing:
        (tmp_path / "differing.json").write_text(json.dumps([jobs[i] for i in differing]), encoding="utf-8")
        index, job, diff = first
        pytest.fail(f"{len(differing)} of {len(jobs)} texts differ (seed {SEED}), all in {tmp_path}/differing.json;"
                    f" the first, #{index}: {job['text'][:300]!r} (delimiter {job['delimiter']!r}, newline"
                    f" {job['newline']!r}): ours, Papa's: {repr(diff)[:1500]}")
