"""The same content and --now give a byte-identical site, wherever and however often it is built.

Two projects in different folders, each with an empty cache, build the fixture content (with a
photo big enough for every srcset size) into different site folders; the first is then built
again with its caches warm. Every file must match byte for byte, the sitemap and its .gz copy
included (MkDocs reads SOURCE_DATE_EPOCH, which the build sets from --now while MkDocs runs).
"""
from __future__ import annotations

import gzip
import os
import struct
from datetime import UTC, datetime
from zoneinfo import ZoneInfo

import pytest
from publish_support import build, photo, project, site_files

from generator.clock import ClockError, resolve_now

LONDON = ZoneInfo("Europe/London")
ROBOT = "2026-11-20-robotics-final"


@pytest.fixture(scope="module")
def sites(tmp_path_factory):
    found = []
    for name in ("one", "two"):
        root = tmp_path_factory.mktemp(name)
        config, content = project(root)
        photo(content / "stories" / f"{ROBOT}.png", size=(1500, 1000), seed=5, fmt="PNG")
        code, out = build(config, content, root / "site")
        assert code == 0, out
        found.append((root, site_files(root / "site")))
    root = found[0][0]
    code, out = build(root / "project" / "mkdocs.yml", root / "content", root / "again")
    assert code == 0 and "(0 generated files changed, 0 removed)" in out, out
    found.append((root, site_files(root / "again")))
    return [files for _root, files in found]


@pytest.mark.parametrize("other", [1, 2], ids=["another folder, cold caches", "the same project again, warm caches"])
def test_two_builds_are_byte_identical(sites, other):
    first, second = sites[0], sites[other]
    assert sorted(first) == sorted(second)
    differ = [path for path in first if first[path] != second[path]]
    assert differ == []
    assert f"images/stories/w400/{ROBOT}.jpg" in first and f"images/stories/w1200/{ROBOT}.jpg" in first


def test_the_sitemap_is_dated_by_now_not_by_the_clock(tmp_path_factory, sites):
    assert b"<lastmod>2026-11-23</lastmod>" in sites[0]["sitemap.xml"]
    root = tmp_path_factory.getbasetemp()
    gz = next(root.glob("one*/site/sitemap.xml.gz")).read_bytes()
    assert struct.unpack("<I", gz[4:8])[0] == int(datetime(2026, 11, 23, tzinfo=UTC).timestamp())
    assert gzip.decompress(gz) == sites[0]["sitemap.xml"]


def test_the_build_leaves_source_date_epoch_as_it_found_it(sites, tmp_path, monkeypatch):
    assert "SOURCE_DATE_EPOCH" not in os.environ  # the module's builds set it only while MkDocs ran
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    config, content = project(tmp_path)
    code, out = build(config, content, tmp_path / "site")  # --now given: it wins over the variable
    assert code == 0, out
    assert os.environ["SOURCE_DATE_EPOCH"] == "1700000000"
    assert b"<lastmod>2026-11-23</lastmod>" in (tmp_path / "site" / "sitemap.xml").read_bytes()


# ---------------------------------------------------------------------- SOURCE_DATE_EPOCH sets now

def test_source_date_epoch_sets_now_when_now_is_not_given():
    epoch = int(datetime(2027, 8, 19, 7, 0, tzinfo=UTC).timestamp())
    now = resolve_now(None, LONDON, {"SOURCE_DATE_EPOCH": str(epoch)})
    assert now == datetime(2027, 8, 19, 8, 0, tzinfo=LONDON) and now.utcoffset().total_seconds() == 3600


def test_now_wins_over_source_date_epoch():
    assert resolve_now("2026-11-23T12:00", LONDON, {"SOURCE_DATE_EPOCH": "0"}) == datetime(2026, 11, 23, 12, 0,
                                                                                            tzinfo=LONDON)


def test_without_either_the_real_clock_is_used():
    before = datetime.now(LONDON).replace(microsecond=0)
    assert before <= resolve_now(None, LONDON, {}) <= datetime.now(LONDON)


@pytest.mark.parametrize("value", ["yesterday", "1.5", ""], ids=["a word", "a fraction", "empty"])
def test_an_unreadable_source_date_epoch_is_a_usage_error(value, run_cli, content, monkeypatch):
    if value:
        with pytest.raises(ClockError, match="SOURCE_DATE_EPOCH"):
            resolve_now(None, LONDON, {"SOURCE_DATE_EPOCH": value})
        monkeypatch.setenv("SOURCE_DATE_EPOCH", value)
        code, out, err = run_cli("check", "--content", "content")
        assert code == 2 and f"SOURCE_DATE_EPOCH: '{value}' is not a number of seconds since 1970" in err
    else:  # set but empty: as if unset (the real clock)
        assert resolve_now(None, LONDON, {"SOURCE_DATE_EPOCH": ""}).year >= 2026


@pytest.mark.parametrize("epoch, held", [("1818658740", True), ("1818658800", False)],
                         ids=["06:59 UTC on results day", "07:00 UTC"])
def test_check_reads_now_from_source_date_epoch(epoch, held, run_cli, content, monkeypatch):
    assert datetime.fromtimestamp(int(epoch), UTC).strftime("%Y-%m-%d %H:%M") in ("2027-08-19 06:59",
                                                                                             "2027-08-19 07:00")
    monkeypatch.setenv("SOURCE_DATE_EPOCH", epoch)
    code, out, _ = run_cli("check", "--content", "content")
    assert code == 0
    assert ("1 held until 2027-08-19 08:00" in out) == held
