"""A build that fails at any point leaves the previous site exactly as it was.

One good site is built for the module; each test then breaks one stage (content, a photo,
MkDocs, a template, a write in the middle of the staging folder, the post-build step, the
final swap), builds again and compares a hash of every file and folder with the good site's.
"""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from browser_support import DATA
from publish_support import build, photo, project, tree_hashes

ROBOT = "2026-11-20-robotics-final"


@pytest.fixture(scope="module")
def good(tmp_path_factory):
    """(root, hashes of the good site): base content plus a story with a photo, built once."""
    root = tmp_path_factory.mktemp("atomic")
    config, content = project(root, DATA / "base")
    story = content / "stories" / f"{ROBOT}.yaml"
    photo(content / "stories" / f"{ROBOT}.jpg", size=(1600, 1000), seed=7)
    story.write_text(story.read_text("utf-8") + f"image:\n  src: {ROBOT}.jpg\n  alt: A robot\n  consent: true\n")
    code, out = build(config, content, root / "site")
    assert code == 0, out
    return root, tree_hashes(root / "site")


@pytest.fixture
def work(good, tmp_path):
    """A fresh copy of the good project, content and site for one test to break."""
    root, hashes = good
    for name in ("project", "content", "site"):
        shutil.copytree(root / name, tmp_path / name, symlinks=True)
    assert tree_hashes(tmp_path / "site") == hashes
    return tmp_path


def _rebuild(work: Path) -> tuple[int, str]:
    return build(work / "project" / "mkdocs.yml", work / "content", work / "site")


def _unchanged(work: Path, hashes: dict[str, str]) -> None:
    assert tree_hashes(work / "site") == hashes
    leftovers = sorted(p.name for p in work.iterdir() if p.name.startswith(".site"))
    assert leftovers == [], f"staging folders left behind: {leftovers}"


def test_a_content_error_leaves_the_site(good, work):
    (work / "content" / "events.yaml").write_text("- id: x\n  title: X\n  start: 2027-02-29\n  category: results\n")
    code, out = _rebuild(work)
    assert code == 1 and out.endswith("Nothing was published.\n")
    _unchanged(work, good[1])


def test_a_photo_that_cannot_be_decoded_leaves_the_site(good, work):
    """The header reads (so check passes), the pixels do not: the build stops before MkDocs."""
    path = work / "content" / "stories" / f"{ROBOT}.jpg"
    data = photo(path, size=(1600, 1000), seed=8)
    path.write_bytes(data[: len(data) // 3])
    code, out = _rebuild(work)
    assert code == 1 and f"{ROBOT}.jpg: the photo could not be read to the end" in out
    assert "The previous site in" in out and "was left as it was." in out
    _unchanged(work, good[1])


def test_a_mkdocs_error_leaves_the_site(good, work, monkeypatch):
    from mkdocs.exceptions import BuildError

    from generator import mkdocs_run

    def fail(config, *args, **kwargs):
        raise BuildError("simulated failure")

    monkeypatch.setattr(mkdocs_run, "build", fail)
    code, out = _rebuild(work)
    assert code == 1 and "MkDocs could not build the site: simulated failure" in out
    _unchanged(work, good[1])


def test_a_broken_template_leaves_the_site(good, work):
    template = work / "project" / "overrides" / "main.html"
    template.write_text(template.read_text("utf-8").replace("{% block extrahead %}", "{% block extrahead %}{{ x(", 1))
    code, out = _rebuild(work)
    assert code == 1 and "a template failed:" in out and "main.html" in out
    _unchanged(work, good[1])


@pytest.mark.parametrize("error", [OSError(28, "No space left on device"), RuntimeError("a bug")],
                         ids=["disk full", "a bug"])
def test_an_exception_in_the_middle_of_writing_the_new_site_leaves_the_site(good, work, monkeypatch, error):
    import mkdocs.utils

    real = mkdocs.utils.write_file
    calls = []

    def write_some(content, output_path):
        calls.append(output_path)
        if len(calls) == 20:  # some pages are written, the rest never will be
            raise error
        real(content, output_path)

    monkeypatch.setattr(mkdocs.utils, "write_file", write_some)
    if isinstance(error, OSError):
        code, out = _rebuild(work)
        assert code == 1 and "No space left on device" in out
    else:
        with pytest.raises(RuntimeError):  # a bug is a traceback, but the site is still whole
            _rebuild(work)
    assert len(calls) == 20
    _unchanged(work, good[1])


def test_a_failing_post_build_step_leaves_the_site(good, work, monkeypatch):
    import generator.build

    def fail(self, staging):  # the search index joining the new folder, the last step before the swap
        (Path(staging) / "index.html").write_text("half done")
        raise OSError(5, "Input/output error")

    monkeypatch.setattr(generator.build.BackgroundIndex, "finish", fail)
    code, out = _rebuild(work)
    assert code == 1 and "Input/output error" in out
    _unchanged(work, good[1])


def test_a_failing_swap_puts_the_previous_site_back(good, work, monkeypatch):
    """The swap is two renames (site → old, new → site): if the second fails, the first is undone."""
    real = Path.rename

    def rename(self, target):
        if Path(target).name == "site" and self.name.startswith(".site-new-"):
            raise OSError(13, "Permission denied")
        return real(self, target)

    monkeypatch.setattr(Path, "rename", rename)
    code, out = _rebuild(work)
    assert code == 1 and "Permission denied" in out
    _unchanged(work, good[1])


def test_a_good_build_replaces_the_site_whole(good, work):
    """The other side: a build that succeeds does change the site, and leaves nothing behind but the
    previous site as .site-old, which the next build deletes while it runs (generator/build.py)."""
    story = work / "content" / "stories" / f"{ROBOT}.yaml"
    story.write_text(story.read_text("utf-8").replace("national final", "grand final"), "utf-8")
    code, out = _rebuild(work)
    assert code == 0, out
    assert tree_hashes(work / "site") != good[1]
    assert "grand final" in (work / "site" / "stories" / ROBOT / "index.html").read_text("utf-8")
    assert tree_hashes(work / ".site-old") == good[1]
    leftovers = sorted(p.name for p in work.iterdir() if p.name.startswith(".site"))
    assert leftovers == [".site-old"]
    story.write_text(story.read_text("utf-8").replace("grand final", "final"), "utf-8")
    code, out = _rebuild(work)
    assert code == 0, out
    assert [p.name for p in work.iterdir() if p.name.startswith(".site")] == [".site-old"]  # the one before, gone
    assert tree_hashes(work / ".site-old") != good[1]


@pytest.mark.parametrize("site_dir", ["project", "content", "project/docs", "."], ids=["the project", "content",
                                                                                    "docs", "a parent of them"])
def test_the_site_folder_may_not_be_one_that_holds_sources(work, site_dir, monkeypatch):
    """The build replaces the site folder whole: pointed at the sources by mistake, it would delete them.
    (Only check's record cache, .cache/records.pickle, may be written: it is read before the refusal.)"""
    monkeypatch.chdir(work)
    before = tree_hashes(work)
    code, out = build(work / "project" / "mkdocs.yml", work / "content", Path(site_dir))
    assert code == 2 and f"error: --site-dir {site_dir} would replace" in out and "holds the site's sources" in out
    cache = "project/.cache/records.pickle"
    assert {k: v for k, v in tree_hashes(work).items() if k != cache} == {k: v for k, v in before.items() if k != cache}
