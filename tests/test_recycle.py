"""The retired site folder recycled as a build's staging folder (generator/recycle.py): only the very
files the build would link stay; everything else is moved aside and deleted, and nothing outside is touched."""
from __future__ import annotations

import os
from pathlib import Path

import pytest

from generator import recycle, search_seed


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


def _cbor(value) -> bytes:
    """A tiny CBOR writer for the test (definite lengths, as Pagefind writes)."""
    import struct

    def head(major: int, n: int) -> bytes:
        if n < 24:
            return bytes([major << 5 | n])
        return bytes([major << 5 | 25]) + n.to_bytes(2, "big")
    if isinstance(value, float):
        return b"\xfb" + struct.pack(">d", value)
    if isinstance(value, int):
        return head(0, value) if value >= 0 else head(1, -1 - value)
    if isinstance(value, bytes):
        return head(2, len(value)) + value
    if isinstance(value, str):
        return head(3, len(value.encode())) + value.encode()
    if isinstance(value, dict):
        return head(5, len(value)) + b"".join(_cbor(k) + _cbor(v) for k, v in value.items())
    return head(4, len(value)) + b"".join(_cbor(v) for v in value)


def _bundle(folder: Path, pages: list[str], chunks: list[str]) -> None:
    import gzip
    import json

    folder.mkdir(parents=True, exist_ok=True)
    meta = ["1.5.2", [[page, 300] for page in pages], [["a", "z", chunk] for chunk in chunks], {"k": b"v"}, 1.5, -3]
    (folder / "pagefind.en-gb_meta1.pf_meta").write_bytes(gzip.compress(search_seed.SIGNATURE + _cbor(meta)))
    (folder / "pagefind-entry.json").write_text(json.dumps({"languages": {"en-gb": {"hash": "en-gb_meta1"}}}), "utf-8")
    (folder / "pagefind.js").write_text("fixed name", "utf-8")
    for kind, names in (("fragment", pages), ("index", chunks)):
        (folder / kind).mkdir(exist_ok=True)
        for name in names:
            (folder / kind / f"{name}.pf_{kind}").write_text(name, "utf-8")


def test_pagefind_is_seeded_with_links_and_stale_ones_pruned(tmp_path):
    current, bundle = tmp_path / "site" / "pagefind", tmp_path / "bundle"
    _bundle(current, ["en-gb_aa1", "en-gb_bb2"], ["en-gb_c03"])
    (current / "fragment" / "en-gb_dd4.pf_fragment").symlink_to(tmp_path / "elsewhere")
    seeded = search_seed.seed(current, bundle)
    assert seeded == {"fragment/en-gb_aa1.pf_fragment", "fragment/en-gb_bb2.pf_fragment", "index/en-gb_c03.pf_index"}
    assert (bundle / "fragment" / "en-gb_aa1.pf_fragment").stat().st_ino == \
        (current / "fragment" / "en-gb_aa1.pf_fragment").stat().st_ino  # a link: no new inode
    assert not (bundle / "pagefind.js").exists()  # fixed names are rewritten in place: never seeded

    _bundle(bundle, ["en-gb_aa1", "en-gb_ee5"], ["en-gb_f06"])  # what Pagefind writes: one page changed
    assert search_seed.prune(bundle, seeded) == 2
    assert sorted(p.name for p in (bundle / "fragment").iterdir()) == ["en-gb_aa1.pf_fragment", "en-gb_ee5.pf_fragment"]
    assert sorted(p.name for p in (bundle / "index").iterdir()) == ["en-gb_f06.pf_index"]
    assert (current / "fragment" / "en-gb_bb2.pf_fragment").is_file()  # the current site's files untouched

    (bundle / "pagefind.en-gb_meta1.pf_meta").write_bytes(b"not gzip")
    with pytest.raises((ValueError, OSError)):
        search_seed.prune(bundle, seeded)
    import gzip
    (bundle / "pagefind.en-gb_meta1.pf_meta").write_bytes(gzip.compress(search_seed.SIGNATURE + b"\x9f"))
    with pytest.raises(ValueError):
        search_seed.prune(bundle, seeded)


def test_an_unreadable_new_index_falls_back_to_indexing_the_built_site(tmp_path, monkeypatch):
    from publish_support import build, project, tree_hashes

    config, content = project(tmp_path / "a")
    site = tmp_path / "a" / "site"
    assert build(config, content, site)[0] == 0
    before = tree_hashes(site / "pagefind")

    def unreadable(bundle, seeded):
        raise ValueError("unreadable CBOR")

    monkeypatch.setattr(search_seed, "prune", unreadable)
    robotics = content / "stories" / "2026-11-20-robotics-final.yaml"
    robotics.write_text(robotics.read_text("utf-8").replace("body: |\n", "body: |\n  Edited.\n", 1), "utf-8")
    code, output = build(config, content, site)
    assert code == 0, output
    monkeypatch.undo()
    after = tree_hashes(site / "pagefind")
    robotics.write_text(robotics.read_text("utf-8") + "\n", "utf-8")  # the same words: the same index
    assert build(config, content, site)[0] == 0
    assert tree_hashes(site / "pagefind") == after != before
