"""Read a generated page's front matter as JSON when that gives exactly what MkDocs' YAML gives.

The generator writes each front matter value as `key: <json.dumps(value)>` (render/text.py's
front_matter), which YAML reads as the same value; MkDocs reads it with PyYAML, the largest part
of reading 1,650 pages at 1,000 stories (about 0.5 s). `get_data` returns what
`mkdocs.utils.meta.get_data` would, or None whenever it is not sure, and the page is read by
MkDocs as before. Sure means: every line is a plain lowercase key that YAML reads as a string,
then ": ", then exactly what json.dumps writes for the value it reads back, holding no float
(YAML 1.1 reads some of JSON's numbers otherwise), no escaped surrogate (JSON joins a pair, YAML
does not), no character YAML takes for a line break or refuses. tests/test_front_matter.py
compares the two on every generated page and on awkward values.
"""
from __future__ import annotations

import json
import re
from typing import Any

from mkdocs.utils.meta import YAML_RE
from yaml.reader import Reader

_LINE = re.compile(r"([a-z][a-z_]*): (.+)")
_YAML_WORDS = frozenset({"yes", "no", "on", "off", "true", "false", "null", "y", "n"})  # keys YAML 1.1 reads as non-strings
_SURROGATE = re.compile(r"\\u[dD][89abAB]")
_BREAKS = ("\r", "\x85", "\u2028", "\u2029", "\t")


def get_data(doc: str) -> tuple[str, dict[str, Any]] | None:
    """(body, meta) as MkDocs' get_data returns them, for front matter written by render/text.py; else None."""
    match = YAML_RE.match(doc)
    if match is None:
        return None
    text = match.group(1)
    if any(mark in text for mark in _BREAKS) or Reader.NON_PRINTABLE.search(text) or _SURROGATE.search(text):
        return None
    data: dict[str, Any] = {}
    for line in text[:-1].split("\n"):
        found = _LINE.fullmatch(line)
        if found is None or found[1] in _YAML_WORDS:
            return None
        value = found[2]
        try:
            parsed = json.loads(value)
        except ValueError:
            return None
        if not _plain(parsed) or (value != json.dumps(parsed, ensure_ascii=False) and value != json.dumps(parsed)):
            return None  # (the generator writes the first form: the second is made only when that differs)
        data[found[1]] = parsed
    return doc[match.end():].lstrip("\n"), data


def _plain(value: Any) -> bool:
    """True for JSON values YAML reads the same: strings, integers, booleans, null, and lists and
    mappings of them (no floats)."""
    if isinstance(value, dict):
        return all(_plain(item) for item in value.values())
    if isinstance(value, list):
        return all(_plain(item) for item in value)
    return value is None or isinstance(value, (str, int, bool))


def read_exact(doc: str) -> tuple[str, dict[str, Any]]:
    """What get_data returns, for a doc it returned a value for before (generator/page_scans.py
    keeps which): each line's value read with json alone, the checks already passed."""
    match = YAML_RE.match(doc)
    assert match is not None, "read_exact is only for a page get_data accepted"
    data: dict[str, Any] = {}
    for line in match.group(1)[:-1].split("\n"):
        key, value = line.split(": ", 1)
        data[key] = json.loads(value)
    return doc[match.end():].lstrip("\n"), data
