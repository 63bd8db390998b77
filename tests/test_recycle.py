"""The retired site folder recycled as a build's staging folder (generator/recycle.py): only the very
files the build would link stay; everything else is moved aside and deleted, and nothing outside is touched."""
from __future__ import annotations

import os
from pathlib import Path

from generator import recycle


def _tree(folder: Path) -> list[str]:
    return sorted(p.relative_to(folder).as_posix() + ("/" if p.is_dir() and not p.is_symlink() else "")
                  for p in folder.rglob("*"))


def test_prepare_keeps_only_the_links_the_build_would_make(tmp_path):
    site, old = tmp_path / "site", tmp_path / ".site-old"
    for name in ("same.html", "a/same.html", "a/changed.html", "a/b/gone.html"):
        (site / name).parent.mkdir(parents=True, exist_ok=True)
        (site / name).write_text(name, "utf-8")
    (old / "a" / "b").mkdir(parents=True)
    os.link(site / "same.html", old / "same.html")
    os.link(site / "a" / "same.html", old / "a" / "same.html")
    (old / "a" / "changed.html").write_text("a copy, not the link", "utf-8")
    os.link(site / "a" / "b" / "gone.html", old / "a" / "b" / "gone.html")
    (old / "stray.html").write_text("stray", "utf-8")
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "x.html").write_text("outside", "utf-8")
    (old / "link").symlink_to(outside, target_is_directory=True)
    (old / "written.html").mkdir()  # a folder where the build writes a file
    (old / "pagefind" / "fragment").mkdir(parents=True)
    (old / "pagefind" / "fragment" / "f.pf_fragment").write_bytes(b"old")

    claimed = recycle.claim(site)
    assert claimed is not None and not old.exists()
    assert not (claimed.folder / "pagefind").exists()  # moved aside at once: never kept
    expected = {"same.html": str(site / "same.html"), "a/same.html": str(site / "a" / "same.html"),
                "a/changed.html": str(site / "a" / "changed.html"), "written.html": None, "c/new.html": None}
    kept = claimed.prepare(expected)
    assert kept == {"same.html", "a/same.html"}
    assert _tree(claimed.folder) == ["a/", "a/same.html", "same.html"]
    assert (claimed.folder / "same.html").stat().st_ino == (site / "same.html").stat().st_ino
    claimed.close()
    assert sorted(p.name for p in tmp_path.iterdir()) == [claimed.folder.name, "outside", "site"]  # trash deleted
    assert _tree(outside) == ["x.html"] and _tree(site) == ["a/", "a/b/", "a/b/gone.html", "a/changed.html",
                                                          "a/same.html", "same.html"]


def test_clear_moves_everything_aside(tmp_path):
    old = tmp_path / ".site-old"
    (old / "a").mkdir(parents=True)
    (old / "a" / "page.html").write_text("old", "utf-8")
    claimed = recycle.claim(tmp_path / "site")
    assert claimed is not None
    assert claimed.clear() == set() and _tree(claimed.folder) == []
    claimed.discard()
    assert list(tmp_path.iterdir()) == []
