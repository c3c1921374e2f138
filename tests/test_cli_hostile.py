"""Odd command lines: every one gets a one-line message on stderr and exit 1 or 2, never a traceback.

`lookup` parses its own arguments (generator/lookup.py), so it is fuzzed here with what
people paste into a terminal: very long numbers, paths, control characters, digits of
other scripts, missing option values, unknown flags and wrong catalog folders.
"""
from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).parent / "fixtures"


@pytest.fixture(scope="module")
def catalog(tmp_path_factory) -> Path:
    """The mini catalog, copied once for the module (lookup keeps its cache beside it)."""
    root = tmp_path_factory.mktemp("repo") / "catalog"
    shutil.copytree(FIXTURES / "mini", root)
    return root


def lookup(*args: str, catalog: Path | None = None) -> subprocess.CompletedProcess:
    extra = ["--catalog", str(catalog)] if catalog else []
    return subprocess.run([sys.executable, "-m", "generator", "lookup", *args, *extra],
                          capture_output=True, text=True, cwd=ROOT, timeout=60)


def one_line_failure(run: subprocess.CompletedProcess, codes=(1, 2)) -> str:
    assert run.returncode in codes, (run.returncode, run.stderr[-2000:])
    assert "Traceback" not in run.stderr
    assert run.stdout == ""
    assert run.stderr.endswith("\n") and run.stderr.count("\n") == 1, run.stderr[:2000]
    assert len(run.stderr) < 300, "the message repeats the input instead of naming the problem"
    return run.stderr.strip()


@pytest.mark.parametrize("digits", [300, 5_000, 100_000])
def test_a_very_long_number_is_refused_in_one_line(catalog, digits):
    # 300 digits made a cache file name too long for the file system; 5,000 passed Python's int limit.
    message = one_line_failure(lookup("1" * digits, "--lang", "en", catalog=catalog), codes=(2,))
    assert message == "A WhatsApp error code has at most 15 digits. Check the code you copied."


def test_a_very_long_range_is_refused_in_one_line(catalog):
    message = one_line_failure(lookup("115001-" + "9" * 400, "--lang", "en", catalog=catalog), codes=(2,))
    assert "at most 15 digits" in message


def test_the_longest_allowed_number_is_an_unknown_code_with_its_nearest(catalog):
    message = one_line_failure(lookup("9" * 15, "--lang", "en", catalog=catalog), codes=(1,))
    assert message.startswith(f"Code {'9' * 15} is not in the catalog. Nearest known codes: ")


def test_the_too_long_message_is_in_the_chosen_language(catalog):
    message = one_line_failure(lookup("1" * 300, catalog=catalog), codes=(2,))
    assert message == "Kode error WhatsApp paling banyak 15 digit. Periksa lagi kode yang Anda salin."


@pytest.mark.parametrize("text", ["../../etc/passwd", "/etc/passwd", "131049/../116002", "13\x01", "\x1b[31m130429",
                                  "130429\t;rm -rf /", "abc", "", "-", "1-", "-1", "-x", "1.5", "1e5", "0x1F",
                                  "²", "½", "130429–130430", "\u202e924031"])
def test_a_code_that_is_not_a_number_is_refused_in_one_line(catalog, text):
    message = one_line_failure(lookup(text, "--lang", "en", catalog=catalog))
    # Text that is no code is looked up as a title; none of these is one.
    assert message in ("Enter a code, for example 131049, or an error title as the API sends it.",
                       "lookup: give one code; see python -m generator lookup --help")


@pytest.mark.parametrize("text", ["１３０４２９", "١٣٠٤٢٩", "१३०४२९", "\u00a0130429\u2003", "#(130429)", "000130429"])
def test_digits_of_any_script_are_read_as_the_number(catalog, text):
    # Digits pasted from another keyboard (fullwidth, Arabic-Indic, Devanagari) are the same number.
    run = lookup(text, "--lang", "en", "--json", catalog=catalog)
    assert run.returncode == 0, run.stderr
    assert '"code": "130429"' in run.stdout


def test_a_range_written_with_leading_zeros_is_the_range(catalog):
    run = lookup("0115001-00115005", "--lang", "en", "--json", catalog=catalog)
    assert run.returncode == 0, run.stderr
    assert '"code": "115001-115005"' in run.stdout


@pytest.mark.parametrize("args, expected", [
    (["130429", "--lang"], "lookup: --lang needs a value; see python -m generator lookup --help"),
    (["130429", "--lang="], "lookup: --lang needs a value; see python -m generator lookup --help"),
    (["--lang=", "130429"], "lookup: --lang needs a value; see python -m generator lookup --help"),
    (["130429", "--lang", "--json"], "lookup: --lang needs a value; see python -m generator lookup --help"),
    (["130429", "--lang", "fr"], "lookup: --lang is id or en, not 'fr'; see python -m generator lookup --help"),
    (["130429", "--catalog"], "lookup: --catalog needs a value; see python -m generator lookup --help"),
    (["130429", "--verbose"], "lookup: unknown option '--verbose'; see python -m generator lookup --help"),
    (["130429", "--json=yes"], "lookup: unknown option '--json=yes'; see python -m generator lookup --help"),
    (["130429", "--"], "lookup: unknown option '--'; see python -m generator lookup --help"),
    (["130429", "116002"], "lookup: give one code, not 2; see python -m generator lookup --help"),
    ([], "lookup: give one code; see python -m generator lookup --help"),
])
def test_a_wrong_option_gets_one_line(args, expected):
    assert one_line_failure(lookup(*args), codes=(2,)) == expected


def test_an_unknown_option_is_not_repeated_at_length():
    message = one_line_failure(lookup("130429", "--" + "x" * 10_000), codes=(2,))
    assert message.startswith("lookup: unknown option '--xxx")


def test_a_catalog_that_is_not_there_or_a_file_gets_one_line(tmp_path):
    (tmp_path / "notes.txt").write_text("not a catalog")
    for path, what in ((tmp_path / "missing", "not there"), (tmp_path / "notes.txt", "a file"),
                       (tmp_path / ("x" * 5000), "not there")):
        message = one_line_failure(lookup("130429", "--catalog", str(path)), codes=(2,))
        assert message.startswith("lookup: --catalog '") and f"is {what}; give the catalog folder" in message


@pytest.mark.parametrize("command", ["check", "export", "build", "urls"])
def test_the_other_commands_name_a_wrong_catalog_folder_in_one_line(tmp_path, command):
    (tmp_path / "notes.txt").write_text("not a catalog")
    for path, what in ((tmp_path / "missing", "not there"), (tmp_path / "notes.txt", "a file")):
        run = subprocess.run([sys.executable, "-m", "generator", command, "--catalog", str(path)],
                             capture_output=True, text=True, cwd=ROOT, timeout=60)
        assert run.returncode == 2 and "Traceback" not in run.stderr
        error = run.stderr.strip().splitlines()[-1]  # argparse: its usage line, then the error
        assert error.endswith(f"argument --catalog: {path} is {what}; give the catalog folder (the one holding categories.yml)")
        assert sorted(p.name for p in tmp_path.iterdir()) == ["notes.txt"]  # nothing was written


def test_a_catalog_mistake_made_after_the_cache_was_built_is_reported(tmp_path):
    """lookup answers from a cache; a looping link or a folder added to catalog/codes/ later
    must still reach the loader's message (exit 1), not a traceback or a stale answer."""
    root = tmp_path / "catalog"
    shutil.copytree(FIXTURES / "mini", root)
    assert lookup("130429", catalog=root).returncode == 0  # builds the cache
    (root / "codes" / "loop.yml").symlink_to("loop.yml")
    run = lookup("130429", catalog=root)
    assert run.returncode == 1 and "Traceback" not in run.stderr
    assert "loop.yml:1: -: the symbolic link loops back on itself" in run.stderr
    (root / "codes" / "loop.yml").unlink()
    assert lookup("130429", catalog=root).returncode == 0
    (root / "codes" / "extra.yml").mkdir()
    run = lookup("130429", catalog=root)
    assert run.returncode == 1 and "extra.yml:1: -: folders inside " in run.stderr
