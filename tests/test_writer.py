"""The one writer: atomic writes (manifest included), only changed bytes, and one producer per path."""
from __future__ import annotations

import json
import os

import pytest

from generator import write
from generator.outputs import OutputClash, OutputSet
from generator.write import MANIFEST, read_manifest, write_atomic, write_generated


def test_an_output_set_refuses_a_second_write_and_names_both_producers():
    outputs = OutputSet()
    outputs.add("cards/x.jpg", b"story card", "story cards")
    with pytest.raises(OutputClash, match=r"cards/x\.jpg would be written twice: by story cards and by event cards"):
        outputs.add("cards/x.jpg", b"event card", "event cards")
    assert outputs["cards/x.jpg"] == b"story card" and len(outputs) == 1


def test_write_generated_writes_changes_and_removes_what_is_no_longer_made(tmp_path):
    assert write_generated(tmp_path, {"a.md": "one", "b/c.md": "two"}) == (2, 0)
    assert write_generated(tmp_path, {"a.md": "one", "b/c.md": "two"}) == (0, 0)
    assert write_generated(tmp_path, {"a.md": "changed"}) == (1, 1)
    assert not (tmp_path / "b").exists() and read_manifest(tmp_path) == ["a.md"]
    assert [p.name for p in tmp_path.iterdir() if p.name.endswith(".tmp")] == []


def test_a_failed_write_leaves_the_old_file_and_no_temporary_file(tmp_path, monkeypatch):
    target = tmp_path / "page.md"
    write_atomic(target, "old")

    def fail(*_args):
        raise OSError("disk full")

    monkeypatch.setattr(write.os, "replace", fail)
    with pytest.raises(OSError, match="disk full"):
        write_atomic(target, "new")
    assert target.read_text() == "old" and sorted(p.name for p in tmp_path.iterdir()) == ["page.md"]


def test_the_manifest_is_written_atomically_so_stale_pages_are_still_removed(tmp_path, monkeypatch):
    """A crash while the manifest is written must not lose the list of generated files: the next
    build would then not know that a withdrawn story's page is one of its own, and leave it."""
    write_generated(tmp_path, {"stories/withdrawn.md": "page", "index.md": "home"})
    real_replace = os.replace

    def crash_on_manifest(source, target):
        if str(target).endswith(MANIFEST):
            raise OSError("power cut")
        real_replace(source, target)

    monkeypatch.setattr(write.os, "replace", crash_on_manifest)
    with pytest.raises(OSError):
        write_generated(tmp_path, {"stories/withdrawn.md": "page", "index.md": "home", "new.md": "n"})
    monkeypatch.setattr(write.os, "replace", real_replace)
    assert set(json.loads((tmp_path / MANIFEST).read_text())) == {"stories/withdrawn.md", "index.md"}
    write_generated(tmp_path, {"index.md": "home"})
    assert not (tmp_path / "stories" / "withdrawn.md").exists()


def test_written_files_are_readable_by_a_web_server(tmp_path):
    write_atomic(tmp_path / "x.html", "<p>hi</p>")
    assert (tmp_path / "x.html").stat().st_mode & 0o644 == 0o644


def test_a_file_on_disk_is_written_from_its_path_and_compared_like_bytes(tmp_path):
    """Cached cards enter the set as their files (never all held at once); the docs get the same bytes."""
    cached = tmp_path / "cache" / "card.jpg"
    cached.parent.mkdir()
    cached.write_bytes(b"a card")
    outputs = OutputSet()
    outputs.add("cards/x.jpg", cached, "cards")
    outputs.add("index.md", "home", "pages")
    assert outputs["cards/x.jpg"] == b"a card" and outputs.as_dict() == {"cards/x.jpg": b"a card", "index.md": b"home"}
    docs = tmp_path / "docs"
    assert write_generated(docs, outputs) == (2, 0)
    assert (docs / "cards" / "x.jpg").read_bytes() == b"a card"
    assert write_generated(docs, outputs) == (0, 0)
    write_atomic(cached, b"a new card")  # cache entries are only ever replaced whole
    assert write_generated(docs, outputs) == (1, 0) and (docs / "cards" / "x.jpg").read_bytes() == b"a new card"


def test_a_copied_file_is_a_link_to_its_cached_file_so_the_next_build_reads_neither(tmp_path, monkeypatch):
    cached = tmp_path / "card.jpg"
    write_atomic(cached, b"a card")
    target = tmp_path / "docs" / "cards" / "x.jpg"
    write_atomic(target, b"a card")  # the same bytes, written by an earlier build as a copy
    assert write.copy_if_changed(target, cached) is False and target.samefile(cached)
    monkeypatch.setattr(type(cached), "read_bytes", lambda self: pytest.fail(f"{self} was read"))
    assert write.copy_if_changed(target, cached) is False


def test_where_links_are_refused_the_file_is_copied(tmp_path, monkeypatch):
    cached = tmp_path / "card.jpg"
    write_atomic(cached, b"a card")

    def refuse(*_args):
        raise OSError("cross-device link")

    monkeypatch.setattr(write.os, "link", refuse)
    target = tmp_path / "docs" / "x.jpg"
    assert write.copy_if_changed(target, cached) is True
    assert target.read_bytes() == b"a card" and not target.samefile(cached)
    assert write.copy_if_changed(target, cached) is False
    assert sorted(p.name for p in target.parent.iterdir()) == ["x.jpg"]


def test_a_written_set_lets_go_of_its_files(tmp_path):
    outputs = OutputSet()
    outputs.add("index.md", "home", "pages")
    write_generated(tmp_path, outputs)
    outputs.release()
    assert len(outputs) == 0 and (tmp_path / "index.md").read_text() == "home"
