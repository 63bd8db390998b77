"""File size limits (DESIGN.md): a story file 256 KB, events.yaml 2 MB, a photo 10 MB.

The files are generated here rather than kept under tests/data, since they are big. Each limit is
tested at the limit (accepted) and one byte over it (refused, with the exact message).
"""
from __future__ import annotations

import io
from pathlib import Path

import pytest
from conftest import NOW

STORY = "stories/2026-11-20-robotics-final.yaml"
SUMMARY = "3 schools, 2 stories (1 held until 2027-08-19 08:00), 3 events\n"
TAIL = "1 error in 1 file. Fix them and run check again.\n"


def _padded(text: str, size: int) -> bytes:
    """The YAML text followed by comment lines (and at most one blank line), to exactly `size` bytes."""
    data = bytearray(text.encode("utf-8"))
    while len(data) < size:
        n = min(100, size - len(data))
        data += b"\n" if n == 1 else b"#" + b"x" * (n - 2) + b"\n"
    return bytes(data)


def _check(run_cli) -> tuple[int, str]:
    code, out, err = run_cli("check", "--content", "content", "--now", NOW)
    assert "Traceback" not in out + err
    return code, out


@pytest.mark.parametrize("extra, ok", [(0, True), (1, False)], ids=["at-limit", "one-byte-over"])
def test_story_file_over_256_kb(content: Path, run_cli, extra, ok):
    path = content / STORY
    path.write_bytes(_padded(path.read_text("utf-8"), 256 * 1024 + extra))
    code, out = _check(run_cli)
    if ok:
        assert (code, out) == (0, SUMMARY)
    else:
        assert (code, out) == (1, f"content/{STORY}:1:1: the file is 257 KB, over the limit of 256 KB\n"
                                  "  fix: make it smaller: shorten the text\n" + TAIL)


@pytest.mark.parametrize("extra, ok", [(0, True), (1, False)], ids=["at-limit", "one-byte-over"])
def test_events_file_over_2_mb(content: Path, run_cli, extra, ok):
    path = content / "events.yaml"
    path.write_bytes(_padded(path.read_text("utf-8"), 2 * 1024 * 1024 + extra))
    code, out = _check(run_cli)
    if ok:
        assert (code, out) == (0, SUMMARY)
    else:
        assert (code, out) == (1, "content/events.yaml:1:1: the file is 2.1 MB, over the limit of 2 MB\n"
                                  "  fix: delete events that ended over 12 months ago, or shorten descriptions\n"
                                  + TAIL)


def _jpeg(size: int) -> bytes:
    """A real (tiny) JPEG, padded after its end marker to `size` bytes: viewers ignore the padding."""
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (16, 16), (0, 90, 160)).save(buffer, "JPEG")
    data = buffer.getvalue()
    return data + b"\0" * (size - len(data))


@pytest.mark.parametrize("extra, ok", [(0, True), (1, False)], ids=["at-limit", "one-byte-over"])
def test_photo_over_10_mb(content: Path, run_cli, extra, ok):
    story = content / STORY
    story.write_text(story.read_text("utf-8") + "image:\n  src: 2026-11-20-robotics-final.jpg\n"
                     "  alt: Four pupils holding a small tracked robot\n  consent: true\n", "utf-8")
    (content / "stories" / "2026-11-20-robotics-final.jpg").write_bytes(_jpeg(10 * 1024 * 1024 + extra))
    code, out = _check(run_cli)
    if ok:
        assert (code, out) == (0, SUMMARY)
    else:
        assert (code, out) == (1, f"content/{STORY}:9:8: image.src: the photo is 10.1 MB, over the limit of 10 MB\n"
                                  f"  fix: run  python -m generator add-photo content/{STORY} "
                                  "content/stories/2026-11-20-robotics-final.jpg  to shrink it "
                                  "(at most 2000 pixels on the long side is plenty)\n" + TAIL)
