"""Publishing never breaks what tickets link to: reproducible builds, checks before publishing,
a one-step swap that leaves the destination as it was on any failure, and permanent URLs."""
from __future__ import annotations

import filecmp
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from generator import site, verify
from generator.load import DEFAULT_ROOT

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).parent / "fixtures"


def tree(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def publish(mini: Path, dest: Path):
    return subprocess.run([sys.executable, "-m", "generator", "build", "--catalog", str(mini), "--dest", str(dest)],
                          capture_output=True, text=True, cwd=ROOT)


def test_a_second_build_in_one_process_is_byte_identical_to_the_first(built_site, catalog, tmp_path, monkeypatch):
    """Two builds of the same commit give the same bytes, however many cores the machine has:
    `built_site` was built the usual way, with a second process rendering English and the root
    files where there is a second core (generator/background.py); this one has a single core."""
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    monkeypatch.setattr("os.sched_getaffinity", lambda pid: {0})
    monkeypatch.setattr("generator.background.Background", None)  # a second process would fail the build
    site.build_into(tmp_path / "again", catalog)
    compared = filecmp.dircmp(built_site, tmp_path / "again")
    first, second = tree(built_site), tree(tmp_path / "again")
    assert sorted(first) == sorted(second), compared.report()
    assert [name for name in first if first[name] != second[name]] == []


def test_dates_come_from_the_last_commit(built_site):
    epoch = int(subprocess.run(["git", "log", "-1", "--format=%ct"], cwd=ROOT, capture_output=True, text=True).stdout)
    header = (built_site / "id" / "sitemap.xml.gz").read_bytes()[:10]
    # The gzip header's modification time: MkDocs rounds the build date to the day.
    assert int.from_bytes(header[4:8], "little") == epoch - epoch % 86400


def test_a_catalog_fault_leaves_the_published_site_as_it_was(mini, tmp_path):
    dest = tmp_path / "www"
    first = publish(mini, dest)
    assert first.returncode == 0, first.stderr
    before = tree(dest)
    rate = mini / "codes" / "rate-limit.yml"
    rate.write_text(rate.read_text(encoding="utf-8").replace("retry: backoff", "retry: soon"), encoding="utf-8")
    second = publish(mini, dest)
    assert second.returncode == 1
    assert "unknown retry value `soon`" in second.stderr and f"{dest} was left as it was" in second.stderr
    assert tree(dest) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["catalog", "www"]  # no staging folder left behind


def test_a_new_build_replaces_the_old_one_completely(mini, tmp_path):
    dest = tmp_path / "www"
    assert publish(mini, dest).returncode == 0
    (dest / "stale.html").write_text("left over from an old build")
    rate = mini / "codes" / "rate-limit.yml"
    rate.write_text(rate.read_text(encoding="utf-8").replace("Rate limit hit", "Rate limit reached"), encoding="utf-8")
    assert publish(mini, dest).returncode == 0
    assert not (dest / "stale.html").exists()
    assert "Rate limit reached" in (dest / "en" / "codes" / "130429" / "index.html").read_text(encoding="utf-8")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["catalog", "www"]


def test_a_failed_check_leaves_the_published_site_as_it_was(mini, tmp_path, capsys):
    dest = tmp_path / "www"
    assert site.build(dest, catalog_root=mini) == 0
    before = tree(dest)
    (tmp_path / "published-urls.txt").write_text("/\n/id/codes/999999/\n")
    assert site.build(dest, catalog_root=mini) == 1
    err = capsys.readouterr().err
    assert "check: /id/codes/999999/ was published and would disappear" in err
    assert tree(dest) == before


def test_a_failure_of_the_second_build_process_leaves_the_published_site_as_it_was(mini, tmp_path, capsys, monkeypatch):
    dest = tmp_path / "www"
    assert site.build(dest, catalog_root=mini) == 0
    before = tree(dest)
    # Other languages' pages, root files and exports come from a second process (generator/background.py).
    monkeypatch.setattr(sys, "executable", "/bin/false")
    assert site.build(dest, catalog_root=mini) == 1
    err = capsys.readouterr().err
    assert "the second build process failed (exit 1)" in err and f"{dest} was left as it was" in err
    assert tree(dest) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["catalog", "www"]


def test_every_published_url_still_exists_and_the_list_is_current(built_site):
    listed = verify.read_list(verify.list_path(DEFAULT_ROOT))
    assert len(listed) > 1000
    assert verify.missing_urls(built_site, listed) == []
    new = sorted(set(verify.published_urls(built_site)) - set(listed))
    assert new == [], "new URLs are not recorded yet: run `make urls` and commit published-urls.txt"


def test_the_checks_find_a_broken_link_and_a_lost_url(mini, tmp_path):
    catalog_site = tmp_path / "www"
    assert site.build(catalog_site, catalog_root=mini) == 0
    listed = verify.published_urls(catalog_site)
    (catalog_site / "en" / "codes" / "116002" / "index.html").unlink()
    found = verify.problems(catalog_site, listed)
    assert "/en/codes/116002/ was published and would disappear; keep its entry (retire it with `retired: true` and a `successor`) or, if it really must go, update the list with `make urls`" in found
    assert "en/codes/130429/index.html: link ../../codes/116002/ points to nothing" in found


def test_no_internal_link_or_anchor_is_broken(built_site):
    assert verify.broken_links(built_site) == []


def test_a_retired_code_keeps_its_pages_and_points_to_its_successor(mini, tmp_path):
    rate = mini / "codes" / "rate-limit.yml"
    rate.write_text(rate.read_text(encoding="utf-8").replace(
        '    related: ["130429"]\n', '    related: ["130429"]\n    retired: true\n    successor: "130429"\n'), encoding="utf-8")
    dest = tmp_path / "www"
    assert site.build(dest, catalog_root=mini) == 0
    for lang, notice in (("id", "sudah tidak dipakai"), ("en", "no longer in use")):
        page = (dest / lang / "codes" / "116002" / "index.html").read_text(encoding="utf-8")
        assert notice in page and 'href="../../codes/130429/"' in page.split("err-retired")[1].split("</div>")[0]
        row = (dest / lang / "rate-limit" / "index.html").read_text(encoding="utf-8").split('<tr id="116002">')[1].split("</tr>")[0]
        assert "err-badge--retired" in row
    record = json.loads((dest / "api" / "v1" / "codes" / "116002.json").read_text(encoding="utf-8"))
    assert (record["retired"], record["successor"]) == (True, "130429")
    assert (dest / "codes" / "116002" / "index.html").exists()


# Where a build may publish. A swap throws away what the destination held, so a build publishes only
# into a folder that does not exist yet, is empty, or was made by a build; anything else is refused
# with one line and exit 2 before anything is written. These tests work in a temporary clone: the
# refusals are never tried on the real repository, home folder or file system root.

def snapshot(folder: Path) -> dict[str, tuple]:
    """Every path under folder with what it is, its mtime and content: any change shows."""
    found = {}
    for path in sorted(folder.rglob("*")):
        st = path.lstat()
        kind = "link" if path.is_symlink() else "dir" if path.is_dir() else "file"
        body = str(path.readlink()) if kind == "link" else path.read_bytes() if kind == "file" else None
        found[path.relative_to(folder).as_posix()] = (kind, st.st_mtime_ns, body)
    return found


@pytest.fixture
def clone(tmp_path, monkeypatch):
    """A temporary stand-in for a clone: outer/repo with .git, catalog/ (the mini catalog) and a README,
    taken as the repository (site.ROOT) by the build. The working directory is the clone."""
    repo = tmp_path / "outer" / "repo"
    shutil.copytree(FIXTURES / "mini", repo / "catalog")
    (repo / ".git").mkdir()
    (repo / ".git" / "HEAD").write_text("ref: refs/heads/main\n")
    (repo / "README.md").write_text("# a clone\n")
    monkeypatch.setattr(site, "ROOT", repo)
    monkeypatch.chdir(repo)
    return repo


def refused(dest: Path, catalog_root: Path, capsys, monkeypatch, everything: Path) -> str:
    """Build into dest, expecting a refusal before the catalog is even read; nothing under `everything` changes."""
    before = snapshot(everything)

    def no_load(root):
        raise AssertionError("the refusal must come before anything else")

    monkeypatch.setattr(site, "load", no_load)
    assert site.build(dest, catalog_root=catalog_root) == 2
    out, err = capsys.readouterr()
    assert out == "" and err.startswith("not published: ") and err.count("\n") == 1, err
    assert snapshot(everything) == before
    return err.strip()


def test_the_repository_is_refused(clone, capsys, monkeypatch):
    err = refused(clone, clone / "catalog", capsys, monkeypatch, clone.parent)
    assert err == f"not published: {clone} is the repository; give a folder of its own for the site."


def test_a_folder_holding_the_repository_is_refused(clone, capsys, monkeypatch):
    err = refused(clone.parent, clone / "catalog", capsys, monkeypatch, clone.parent.parent)
    assert err == f"not published: {clone.parent} holds the repository ({clone}); give a folder of its own for the site."


def test_the_catalog_and_folders_in_it_are_refused(clone, capsys, monkeypatch):
    err = refused(clone / "catalog", clone / "catalog", capsys, monkeypatch, clone.parent)
    assert err == f"not published: {clone / 'catalog'} is the catalog; give a folder of its own for the site."
    err = refused(clone / "catalog" / "site", clone / "catalog", capsys, monkeypatch, clone.parent)
    assert err == (f"not published: {clone / 'catalog' / 'site'} is inside the catalog ({clone / 'catalog'}); "
                   "give a folder outside it.")


def test_a_folder_holding_the_catalog_given_is_refused(clone, tmp_path, capsys, monkeypatch):
    elsewhere = tmp_path / "elsewhere"
    shutil.copytree(FIXTURES / "mini", elsewhere / "catalog")
    err = refused(elsewhere, elsewhere / "catalog", capsys, monkeypatch, tmp_path)
    assert err == f"not published: {elsewhere} holds the catalog ({elsewhere / 'catalog'}); give a folder of its own for the site."


def test_the_file_system_root_is_refused(clone, capsys, monkeypatch):
    err = refused(Path("/"), clone / "catalog", capsys, monkeypatch, clone.parent)
    assert err == "not published: / is the root of the file system; give a folder of its own for the site."


def test_the_home_folder_and_folders_holding_it_are_refused(clone, tmp_path, capsys, monkeypatch):
    home = tmp_path / "people" / "agent"
    (home / "Documents").mkdir(parents=True)
    (home / "Documents" / "tickets.txt").write_text("do not lose me")
    monkeypatch.setenv("HOME", str(home))
    err = refused(home, clone / "catalog", capsys, monkeypatch, tmp_path)
    assert err == f"not published: {home} is your home folder; give a folder of its own for the site."
    err = refused(home.parent, clone / "catalog", capsys, monkeypatch, tmp_path)
    assert err == f"not published: {home.parent} holds your home folder ({home}); give a folder of its own for the site."


def test_the_real_repository_and_what_holds_it_are_refused():
    # Only asked (refusal writes nothing): a build is never tried on the real repository.
    assert site.refusal(ROOT, DEFAULT_ROOT) == f"{ROOT} is the repository; give a folder of its own for the site"
    assert site.refusal(ROOT.parent, DEFAULT_ROOT).startswith(f"{ROOT.parent} holds the repository")
    assert site.refusal(ROOT / "docs", DEFAULT_ROOT).startswith(f"{ROOT / 'docs'} holds files that no build made")
    assert site.refusal(ROOT / "site", DEFAULT_ROOT) is None or (ROOT / "site" / site.MARKER).exists()


def test_a_file_is_refused_and_kept(clone, capsys, monkeypatch):
    (clone / "notes.txt").write_text("my notes")
    err = refused(clone / "notes.txt", clone / "catalog", capsys, monkeypatch, clone.parent)
    assert err == f"not published: {clone / 'notes.txt'} is a file, not a folder; give a folder for the site."
    err = refused(clone / "notes.txt" / "site", clone / "catalog", capsys, monkeypatch, clone.parent)
    assert err.startswith(f"not published: {clone / 'notes.txt'} is a file, so {clone / 'notes.txt' / 'site'} cannot be a folder")


def test_a_symbolic_link_is_refused_and_kept(clone, tmp_path, capsys, monkeypatch):
    target = tmp_path / "www"
    target.mkdir()
    (target / "index.html").write_text("someone else's site")
    (clone / "site").symlink_to(target, target_is_directory=True)
    err = refused(clone / "site", clone / "catalog", capsys, monkeypatch, tmp_path)
    assert err == f"not published: {clone / 'site'} is a symbolic link; give the folder it points to ({target}) instead."
    assert (clone / "site").is_symlink()


def test_a_folder_no_build_made_is_refused(clone, capsys, monkeypatch):
    (clone / "docs").mkdir()
    (clone / "docs" / "guide.md").write_text("# a repository file")
    err = refused(clone / "docs", clone / "catalog", capsys, monkeypatch, clone.parent)
    assert err == (f"not published: {clone / 'docs'} holds files that no build made (it has no .wa-errors-site); "
                   "give a new or empty folder, or move those files away first (a site from an old version of this builder: delete it).")


def test_the_command_line_refuses_the_clone_it_runs_in(clone):
    # `make publish DEST=.` in a clone replaced the whole working copy, .git and catalog/ included.
    before = snapshot(clone.parent)
    run = subprocess.run([sys.executable, "-m", "generator", "build", "--catalog", "catalog", "--dest", "."],
                         capture_output=True, text=True, cwd=clone, env={**os.environ, "PYTHONPATH": str(ROOT)})
    assert run.returncode == 2 and "Traceback" not in run.stderr
    assert run.stderr == f"not published: {clone} holds the catalog ({clone / 'catalog'}); give a folder of its own for the site.\n"
    assert snapshot(clone.parent) == before


def test_a_site_carries_the_marker_which_is_no_url(mini, tmp_path):
    dest = tmp_path / "www"
    assert site.build(dest, catalog_root=mini) == 0
    assert (dest / site.MARKER).read_text(encoding="utf-8") == site.MARKER_TEXT
    assert not [url for url in verify.published_urls(dest) if site.MARKER in url]


def test_a_site_built_before_the_marker_is_replaced_and_then_marked(mini, tmp_path):
    dest = tmp_path / "site"
    assert site.build(dest, catalog_root=mini) == 0
    (dest / site.MARKER).unlink()  # as `make site` left it before builds wrote a marker
    (dest / "stale.html").write_text("left over from an old build")
    assert site.build(dest, catalog_root=mini) == 0
    assert (dest / site.MARKER).is_file() and not (dest / "stale.html").exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["catalog", "site"]


def test_a_new_folder_and_an_empty_folder_are_accepted(mini, tmp_path):
    assert site.build(tmp_path / "new" / "parents" / "www", catalog_root=mini) == 0
    (tmp_path / "empty").mkdir()
    assert site.build(tmp_path / "empty", catalog_root=mini) == 0
    assert (tmp_path / "empty" / "api" / "v1" / "codes.json").is_file()


def test_the_leftovers_of_a_killed_build_are_cleared(mini, tmp_path):
    dest = tmp_path / "www"
    assert site.build(dest, catalog_root=mini) == 0
    (tmp_path / ".www.new" / "id").mkdir(parents=True)
    (tmp_path / ".www.new" / "id" / "half.html").write_text("half a build")
    (tmp_path / ".www.old").mkdir()
    (tmp_path / ".www.old" / "index.html").write_text("the site before the last swap")
    run = publish(mini, dest)
    assert run.returncode == 0, run.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == ["catalog", "www"]
    assert not (dest / "id" / "half.html").exists()
    # and a leftover that is a file, not a folder
    (tmp_path / ".www.new").write_text("junk")
    assert publish(mini, dest).returncode == 0
    assert sorted(p.name for p in tmp_path.iterdir()) == ["catalog", "www"]


def test_two_builds_into_one_folder_take_turns(mini, tmp_path):
    # At once they crashed on each other's staging folder or failed with false "would disappear" checks.
    dest = tmp_path / "www"
    command = [sys.executable, "-m", "generator", "build", "--catalog", str(mini), "--dest", str(dest)]
    runs = [subprocess.Popen(command, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True) for _ in range(3)]
    results = [(run.wait(timeout=300), *run.communicate()) for run in runs]
    for code, out, err in results:
        assert code == 0 and "Traceback" not in err, err
        assert out.startswith(f"built {dest} ")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["catalog", "www"]
    assert (dest / site.MARKER).is_file() and (dest / "api" / "v1" / "codes.json").is_file()
    assert verify.problems(dest, verify.published_urls(dest)) == []


def test_a_second_build_waits_for_the_first(mini, tmp_path):
    dest = tmp_path / "www"
    with site._turn(dest):  # a first build holds the turn
        second = subprocess.Popen([sys.executable, "-m", "generator", "build", "--catalog", str(mini), "--dest", str(dest)],
                                  cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        # It says it waits (once it reaches the lock), and it still waits a second later.
        assert second.stderr.readline() == f"waiting for another build in {tmp_path} to finish\n"
        with pytest.raises(subprocess.TimeoutExpired):
            second.wait(timeout=1)
        assert not dest.exists()
    out, err = second.communicate(timeout=300)
    assert second.returncode == 0, err
    assert err == ""  # nothing more than that line
    assert (dest / site.MARKER).is_file()


def test_a_file_put_at_the_destination_during_the_build_is_kept(mini, tmp_path, monkeypatch, capsys):
    dest = tmp_path / "www"
    build_into = site.build_into

    def meanwhile(target, catalog, site_url=None):
        build_into(target, catalog, site_url)
        dest.write_text("someone's file")

    monkeypatch.setattr(site, "build_into", meanwhile)
    assert site.build(dest, catalog_root=mini) == 2
    assert capsys.readouterr().err == f"not published: {dest} is a file, not a folder; give a folder for the site.\n"
    assert dest.read_text() == "someone's file"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["catalog", "www"]
