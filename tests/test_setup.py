"""A fresh user's first `make`: the real Makefile run in a temporary copy of the few files it
reads, with stand-ins for a Python or npm that is missing, too old or fails.

A Python older than pyproject.toml's requires-python (or none at all) stops make with one line
and creates nothing; an install that fails or is interrupted leaves no .venv behind; an existing
.venv is used whatever PYTHON is; `make distclean` removes what the set-up made, `make clean` not.
Nothing is downloaded: pip runs offline.
"""
from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
import tomllib
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
MAKE = shutil.which("make")
NEEDED = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["requires-python"].removeprefix(">=")


@pytest.fixture
def fresh(tmp_path):
    """A fresh clone as far as make can tell: the Makefile and the files its rules read."""
    for name in ("Makefile", "pyproject.toml", "requirements.txt", "package-lock.json"):
        shutil.copy(ROOT / name, tmp_path / name)
    (tmp_path / "bin").mkdir()
    return tmp_path


def _python(folder: Path, name: str, version: str, venv: str = 'echo "a stand-in, not a Python" >&2; exit 99',
            to_stderr: bool = False) -> Path:
    """bin/NAME answering -V as Python `version` does (Python 2 on stderr); `-m venv` runs the shell
    in `venv`. Every call is logged in bin/NAME.calls."""
    script = folder / "bin" / name
    script.write_text(f"""#!/bin/sh
echo "$*" >> "$0.calls"
case "$1" in
  -V|--version) echo "Python {version}" {">&2" if to_stderr else ""}; exit 0 ;;
esac
{venv}
""")
    script.chmod(0o755)
    return script


def _calls(script: Path) -> list[str]:
    log = script.with_name(script.name + ".calls")
    return log.read_text().splitlines() if log.exists() else []


def _env(folder: Path, **extra: str) -> dict[str, str]:
    """The caller's environment without the make that may be running these tests, messages in
    English, the stand-ins first on PATH."""
    env = {k: v for k, v in os.environ.items() if k not in ("MAKEFLAGS", "MFLAGS", "MAKELEVEL", "MAKEOVERRIDES")}
    return {**env, "LC_ALL": "C", "PATH": f"{folder / 'bin'}{os.pathsep}{env['PATH']}", **extra}


def _make(folder: Path, *args: str, **extra: str) -> subprocess.CompletedProcess:
    return subprocess.run([MAKE, *args], cwd=folder, env=_env(folder, **extra), capture_output=True,
                          text=True, timeout=120)


@pytest.mark.parametrize("version, to_stderr", [("3.9.2", False), ("3.10.12", False), ("2.7.18", True)])
@pytest.mark.parametrize("goal", ["site", "test"])
def test_an_old_python_stops_make_with_one_line(fresh, goal, version, to_stderr):
    python = _python(fresh, "python3", version, to_stderr=to_stderr)
    run = _make(fresh, goal, "PYTHON=python3")
    assert run.returncode == 2
    assert run.stderr == (f"make: *** Python {NEEDED} or newer is needed; python3 is {version} "
                          f"(set PYTHON=python{NEEDED}, or a newer one, to use another).  Stop.\n")
    assert run.stdout == ""
    assert not (fresh / ".venv").exists()
    assert set(_calls(python)) == {"-V"}  # asked its version, never asked to make anything


def test_a_python_that_is_not_there_stops_make_with_one_line(fresh):
    run = _make(fresh, "site", "PYTHON=python3.99")
    assert run.returncode == 2
    assert run.stderr == (f"make: *** python3.99 was not found; Python {NEEDED} or newer is needed "
                          f"(set PYTHON=python{NEEDED}, or the path of a newer one).  Stop.\n")
    assert not (fresh / ".venv").exists()


def test_something_that_is_not_python_stops_make_with_one_line(fresh):
    run = _make(fresh, "site", "PYTHON=true")
    assert run.returncode == 2
    assert run.stderr == f"make: *** true does not answer -V as Python does; set PYTHON to a Python {NEEDED} or newer.  Stop.\n"
    assert not (fresh / ".venv").exists()


def test_an_existing_venv_is_used_whatever_python_is(fresh):
    python = _python(fresh, "python3", "3.9.2")
    (fresh / ".venv").mkdir()
    (fresh / ".venv" / ".installed").touch()  # after requirements.txt: up to date
    run = _make(fresh, "-n", "site", "PYTHON=python3")
    assert (run.returncode, run.stderr) == (0, "")
    assert run.stdout.startswith(".venv/bin/python -m generator build")
    assert _calls(python) == []


def test_a_failed_install_leaves_no_venv(fresh):
    """A real venv with a real pip, offline, asked for a package that does not exist."""
    (fresh / "requirements.txt").write_text("no-such-package-wa-errors==1.0\n")
    (fresh / "wheels").mkdir()
    started = time.monotonic()
    run = _make(fresh, "site", f"PYTHON={sys.executable}", PIP_NO_INDEX="1", PIP_FIND_LINKS=str(fresh / "wheels"),
                PIP_CONFIG_FILE=os.devnull)
    print(f"failed install took {time.monotonic() - started:.1f} s")
    assert run.returncode == 2
    assert "No matching distribution found for no-such-package-wa-errors==1.0" in run.stderr
    assert ("make: installing requirements.txt failed (see above); .venv was removed, "
            "so the next run starts afresh\n") in run.stderr
    assert not (fresh / ".venv").exists()


def test_an_interrupted_install_leaves_no_venv(fresh):
    """Ctrl-C while .venv is being made (a Python just new enough, whose venv never finishes)."""
    _python(fresh, "python3", f"{NEEDED}.0", venv="mkdir -p .venv/bin && touch .venv/bin/python && exec sleep 60")
    # The default Ctrl-C handling, as in a terminal: a pytest-xdist worker ignores SIGINT, and a
    # child would inherit that and never stop.
    make = subprocess.Popen([MAKE, "site", "PYTHON=python3"], cwd=fresh, env=_env(fresh),
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True,
                            preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL))
    deadline = time.monotonic() + 60  # generous: a loaded CI machine starts processes slowly
    while not (fresh / ".venv" / "bin" / "python").exists():
        assert make.poll() is None and time.monotonic() < deadline, "the install did not start"
        time.sleep(0.05)
    os.killpg(make.pid, signal.SIGINT)  # as the terminal sends it: to make and everything it runs
    assert make.wait(timeout=60) != 0
    assert not (fresh / ".venv").exists()


def test_a_venv_a_killed_run_left_is_cleared_before_installing(fresh):
    """A .venv without the stamp is half-made (the run was killed outright): the next starts afresh."""
    (fresh / ".venv" / "lib").mkdir(parents=True)
    (fresh / ".venv" / "lib" / "half-installed").touch()
    python = _python(fresh, "python3", f"{NEEDED}.0", venv='ls -A .venv >> "$0.calls"; exit 1')
    run = _make(fresh, "site", "PYTHON=python3")
    assert run.returncode == 2
    assert _calls(python)[-1:] == ["-m venv .venv"]  # and .venv was not there any more when it ran
    assert not (fresh / ".venv").exists()


def test_make_test_without_npm_stops_with_one_line(fresh):
    (fresh / ".venv").mkdir()
    (fresh / ".venv" / ".installed").touch()
    run = _make(fresh, "-n", "test", PATH=str(fresh / "bin"))  # an empty PATH: make runs /bin/sh itself
    assert run.returncode == 2
    assert run.stderr == ("make: *** npm was not found; make test needs Node.js and npm for axe-core "
                          "(Debian/Ubuntu: apt-get install nodejs npm).  Stop.\n")
    assert not (fresh / "node_modules").exists()


def test_distclean_removes_what_the_setup_made_and_clean_does_not(fresh):
    made = ["site", ".build", ".venv", "node_modules", "test-artifacts", ".pytest_cache", ".hypothesis"]
    for name in made:
        (fresh / name).mkdir()
        (fresh / name / "file").touch()
    (fresh / "catalog").mkdir()
    (fresh / "catalog" / "codes.yml").touch()

    assert _make(fresh, "clean").returncode == 0
    assert sorted(p.name for p in fresh.iterdir() if p.name in made) == sorted(made[2:])

    assert _make(fresh, "distclean").returncode == 0
    assert not [p.name for p in fresh.iterdir() if p.name in made]
    assert (fresh / "catalog" / "codes.yml").exists() and (fresh / "Makefile").exists()
