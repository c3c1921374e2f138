"""Publishing never breaks what tickets link to: reproducible builds, checks before publishing,
a one-step swap that leaves the destination as it was on any failure, and permanent URLs."""
from __future__ import annotations

import filecmp
import json
import subprocess
import sys
from pathlib import Path

from generator import site, verify
from generator.load import DEFAULT_ROOT

ROOT = Path(__file__).resolve().parent.parent


def tree(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def publish(mini: Path, dest: Path):
    return subprocess.run([sys.executable, "-m", "generator", "build", "--catalog", str(mini), "--dest", str(dest)],
                          capture_output=True, text=True, cwd=ROOT)


def test_two_builds_of_the_same_commit_are_byte_identical(built_site, catalog, tmp_path, monkeypatch):
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    site.build_into(tmp_path / "again", catalog)
    compared = filecmp.dircmp(built_site, tmp_path / "again")
    first, second = tree(built_site), tree(tmp_path / "again")
    assert sorted(first) == sorted(second), compared.report()
    assert [name for name in first if first[name] != second[name]] == []


def test_a_one_core_build_does_everything_in_one_process_and_the_same(built_site, catalog, tmp_path, monkeypatch):
    # With two cores a second process renders English and the root files (generator/background.py).
    monkeypatch.setattr("os.sched_getaffinity", lambda pid: {0})
    monkeypatch.setattr("generator.background.Background", None)  # a second process would fail the build
    site.build_into(tmp_path / "one-core", catalog)
    first, second = tree(built_site), tree(tmp_path / "one-core")
    assert sorted(first) == sorted(second)
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
