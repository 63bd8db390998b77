"""Material's blocks rendered once for many pages (generator/mkdocs_blocks.py) change no byte of the site."""
from __future__ import annotations

import sys
from pathlib import Path

import pytest
from conftest import REPO
from publish_support import build, project, site_files


def _synthetic(root: Path) -> Path:
    """bench/benchmark.py's stories and events: 30 stories, 10 events."""
    sys.path.insert(0, str(REPO / "bench"))
    try:
        import benchmark
    finally:
        sys.path.remove(str(REPO / "bench"))
    benchmark.make_content(root, 30, 10)
    return root


@pytest.mark.parametrize("content", ["bundled", "synthetic"])
def test_the_site_is_byte_identical_without_the_block_memo(tmp_path, monkeypatch, content):
    import generator.mkdocs_blocks

    source = REPO / "content" if content == "bundled" else _synthetic(tmp_path / "synthetic")
    config, content_dir = project(tmp_path, source)
    memos = []
    real_memoize = generator.mkdocs_blocks.memoize

    def memoize(env, nav):
        memos.append(real_memoize(env, nav))
        return memos[-1]

    monkeypatch.setattr(generator.mkdocs_blocks, "memoize", memoize)
    code, out = build(config, content_dir, tmp_path / "memo")
    assert code == 0, out
    monkeypatch.setattr(generator.mkdocs_blocks, "memoize", lambda env, nav: None)
    code, out = build(config, content_dir, tmp_path / "plain")
    assert code == 0, out

    memo, plain = site_files(tmp_path / "memo"), site_files(tmp_path / "plain")
    assert sorted(path for path in set(memo) | set(plain) if memo.get(path) != plain.get(path)) == []
    assert memos[0] is not None and memos[0].reused > memos[0].rendered  # the memo was used, and often
