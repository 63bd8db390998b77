"""Here.to: relative links from every kind of page, its shortcut (no folder in common) included."""
from __future__ import annotations

import itertools

import pytest

from generator.routes import Here


def _reference(url: str, target: str) -> str:
    """Here.to as first written: up past the folders not shared, then down the target's."""
    folders, parts = url.split("/")[:-1], target.split("/")
    shared = 0
    for mine, theirs in zip(folders, parts[:-1], strict=False):
        if mine != theirs:
            break
        shared += 1
    return "../" * (len(folders) - shared) + "/".join(parts[shared:]) or "./"


PAGES = ["", "stories/", "stories/x/", "stories/2026/2/", "schools/plymstock/", "embed/plymstock/", "calendar.ics"]
SEGMENTS = ["", "stories", "x", "schools", "plymstock", "2026", "feed.xml"]
TARGETS = sorted({"/".join(parts) for count in range(4) for parts in itertools.product(SEGMENTS, repeat=count)})


@pytest.mark.parametrize("url", PAGES)
def test_links_are_the_same_as_the_reference(url):
    here = Here(url)
    assert [here.to(target) for target in TARGETS] == [_reference(url, target) for target in TARGETS]


def test_examples():
    assert Here("stories/x/").to("schools/plymstock/") == "../../schools/plymstock/"
    assert Here("stories/x/").to("stories/y/") == "../y/"
    assert Here("stories/x/").to("") == "../../"
    assert Here("").to("") == "./"
