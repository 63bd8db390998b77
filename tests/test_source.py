"""The strict YAML reader keeps positions and refuses YAML's traps."""
from __future__ import annotations

from datetime import date

import pytest

from generator.source import read_yaml


def _read(tmp_path, text: str | bytes):
    path = tmp_path / "x.yaml"
    path.write_bytes(text.encode() if isinstance(text, str) else text)
    return read_yaml(path, "x.yaml", 10_000)


def test_every_value_keeps_its_line_and_column(tmp_path):
    doc, errors = _read(tmp_path, "- id: a\n  tags: [x, y]\n- id: b\n")
    assert errors == []
    assert doc.data == [{"id": "a", "tags": ["x", "y"]}, {"id": "b"}]
    assert doc.positions[(0, "tags", 1)] == (2, 13)
    assert doc.key_positions[(1, "id")] == (3, 3)


@pytest.mark.parametrize("text, message", [
    ("a: 8:30\n", "YAML reads 8:30 as the number 510"),
    ("a: no\n", "YAML reads no as the yes/no value false"),
    ("a: On\n", "YAML reads On as the yes/no value true"),
    ("a: 1\na: 2\n", "'a' appears twice (first on line 1)"),
    ("a: &x 1\n", "'&x' is a YAML anchor"),
    ("a: !!python/object:os.system x\n", "the YAML tag 'tag:yaml.org,2002:python/object:os.system' is not allowed"),
    ("a: 1\n---\nb: 2\n", "more than one YAML document"),
], ids=["sexagesimal", "no", "on", "duplicate", "anchor", "python-tag", "two-documents"])
def test_traps_are_errors(tmp_path, text, message):
    _, errors = _read(tmp_path, text)
    assert len(errors) == 1 and message in errors[0].message


def test_impossible_date_stays_text_for_the_model_to_report(tmp_path):
    doc, errors = _read(tmp_path, "a: 2027-02-29\nb: 2027-02-28\n")
    assert errors == [] and doc.data == {"a": "2027-02-29", "b": date(2027, 2, 28)}


def test_quoted_values_are_text(tmp_path):
    doc, errors = _read(tmp_path, "a: \"8:30\"\nb: 'no'\n")
    assert errors == [] and doc.data == {"a": "8:30", "b": "no"}


def _every_yaml_file():
    from pathlib import Path

    repo = Path(__file__).resolve().parent.parent
    return sorted(p for folder in (repo / "content", repo / "tests" / "data") for p in folder.rglob("*.y*ml"))


def test_libyaml_reads_every_clean_file_exactly_as_the_python_parser_does():
    """The C fast path gives the same values, positions and raw text; anything it cannot read cleanly goes the slow way."""
    from generator.source import SourceDoc, _fast_parse, _parse

    fast_read = 0
    for path in _every_yaml_file():
        try:
            text = path.read_text("utf-8")
        except UnicodeDecodeError:
            continue
        fast = SourceDoc(path, "x")
        if not _fast_parse(text, fast):
            continue
        slow, errors = SourceDoc(path, "x"), []
        assert _parse(text, slow, errors) is None and errors == [], path
        assert (fast.data, fast.positions, fast.key_positions, fast.raw) == \
            (slow.data, slow.positions, slow.key_positions, slow.raw), path
        fast_read += 1
    assert fast_read > 50


@pytest.mark.parametrize("text", ["a: &x 1\nb: *x\n", "a: 1\na: 2\n", "a: 8:30\n", "a: no\n", "a: \x07\n",
                                  "a: [1\n", "a: !!set {}\n", "<<: {a: 1}\n"],
                         ids=["alias", "duplicate", "sexagesimal", "no", "control", "syntax", "tag", "merge"])
def test_the_fast_path_hands_every_trap_to_the_careful_one(text):
    from pathlib import Path

    from generator.source import SourceDoc, _fast_parse

    assert not _fast_parse(text, SourceDoc(Path("x.yaml"), "x"))
