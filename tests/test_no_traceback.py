"""Whatever a content file holds, `check` reports it and exits 0 or 1: never a traceback.

Hypothesis writes arbitrary text, arbitrary bytes, and YAML-ish fragments built from the tokens
that trip YAML up, as the whole of a story file, of events.yaml and of schools.yaml, and also as
the value of one field of an otherwise valid file (which reaches the models' validators).
Any exception it finds is a bug in the generator, not in the test.
"""
from __future__ import annotations

import contextlib
import io
import os
import shutil
import tempfile
from pathlib import Path

import pytest
from conftest import BASE_CONTENT, NOW, REPO
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from generator import pipeline
from generator.cli import main

STORY = "stories/2026-11-20-robotics-final.yaml"
TOKENS = [":", ": ", "- ", "&a", "*a", "!!", "!!python/object:os.system", "!x", '"', "'", "\t", "{", "}",
          "[", "]", ",", "8:30", "no", "Yes", "on", "~", "null", "2027-02-29", "2027-03-28 01:30",
          "2026-10-25 01:30", "25:00", "19/08/2027", "+25:00", " -05:00", "Z", "9999-12-31 23:59",
          "0001-01-01 00:00", "---", "...", "\ufeff", "\x07", "\u2028", "#", "|", ">-",
          "<<", "?", "%YAML 1.1", "0x1F", "010", "1e9", ".inf", "-1", "all", "results", "plymstock",
          "gcse-results-2027", "../../etc/passwd.jpg", "/etc/passwd.jpg", "x.gif", "http://a", "https://a.b",
          "title", "id", "start", "end", "date", "school", "schools", "tags", "image", "src", "alt", "consent",
          "results_day", "publish_at", "draft", "status", "sequence", "social", "hashtags", "text",
          "\n", "\n  ", "\n- ", " ", "  ", "a", "é"]
FRAGMENTS = st.lists(st.sampled_from(TOKENS), max_size=40).map("".join)
MAX_EXAMPLES = int(os.environ.get("NO_TRACEBACK_EXAMPLES", "150"))  # per file kind; raise it to hunt harder


def _with_value(name: str, line: int, value: str) -> bytes:
    """The base file with the value of one of its lines replaced (reaches the models' validators)."""
    lines = (BASE_CONTENT / name).read_text("utf-8").splitlines()
    index = line % len(lines)
    key, sep, _ = lines[index].partition(":")
    lines[index] = f"{key}: {value}" if sep else value
    return ("\n".join(lines) + "\n").encode("utf-8")


def _contents(name: str):
    """Whole-file text, bytes or YAML-ish fragments, or one value of the valid file replaced."""
    return st.one_of(
        st.text().map(lambda text: text.encode("utf-8", "surrogatepass")),
        st.binary(),
        FRAGMENTS.map(lambda text: text.encode("utf-8")),
        st.builds(lambda line, value: _with_value(name, line, value), st.integers(0, 100), FRAGMENTS),
    )


@pytest.fixture(scope="module")
def workspace():
    """One copy of the base content for the module (each example rewrites one file and puts it back),
    and mkdocs.yml read once: the settings are not under test here, and reading them each time
    would make the test slow."""
    with tempfile.TemporaryDirectory() as tmp, pytest.MonkeyPatch.context() as patch:
        content = Path(tmp) / "content"
        shutil.copytree(BASE_CONTENT, content)
        settings_ = pipeline.load_settings(REPO / "mkdocs.yml")
        patch.setattr(pipeline, "load_settings", lambda path: settings_)
        yield content


def _check(content: Path, name: str, data: bytes) -> None:
    target = content / name
    original = target.read_bytes()
    target.write_bytes(data)
    out, err = io.StringIO(), io.StringIO()
    try:
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            code = main(["check", "--content", str(content), "--config", str(REPO / "mkdocs.yml"), "--now", NOW])
    finally:
        target.write_bytes(original)
    assert code in (0, 1), (code, out.getvalue(), err.getvalue())
    assert "Traceback" not in out.getvalue() + err.getvalue()
    if code == 1:
        assert out.getvalue().rstrip().endswith("Fix them and run check again."), out.getvalue()


@pytest.mark.parametrize("name", [STORY, "events.yaml", "schools.yaml"])
@settings(max_examples=MAX_EXAMPLES, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(data=st.data())
def test_check_never_raises(workspace, name, data):
    _check(workspace, name, data.draw(_contents(name), label="file"))
