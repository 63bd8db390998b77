"""Strict YAML loading: every value keeps its file:line, and YAML's traps become errors.

PyYAML alone keeps the last of two duplicate keys, follows anchors and aliases, and reads
`8:30` as 510 and `no` as false (YAML 1.1). We compose the node tree ourselves and refuse
each of those with a message a school office worker can act on.
"""
from __future__ import annotations

import math
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from yaml._yaml import CParser
from yaml.composer import Composer
from yaml.constructor import SafeConstructor
from yaml.events import AliasEvent, MappingStartEvent, ScalarEvent, SequenceStartEvent
from yaml.resolver import Resolver

from generator.errors import ContentError

Path_ = tuple  # a path into the document: keys and list indexes

_TIMESTAMP = "tag:yaml.org,2002:timestamp"
_BOOL = "tag:yaml.org,2002:bool"
_INT = "tag:yaml.org,2002:int"
_FLOAT = "tag:yaml.org,2002:float"
_NULL = "tag:yaml.org,2002:null"
_STR = "tag:yaml.org,2002:str"
_SEQ = "tag:yaml.org,2002:seq"
_MAP = "tag:yaml.org,2002:map"
_SEXAGESIMAL = re.compile(r"^[-+]?[0-9][0-9_]*(:[0-5]?[0-9])+(\.[0-9_]*)?$")


@dataclass
class SourceDoc:
    """A parsed YAML file: plain Python data plus where each value and key came from."""

    path: Path
    display: str
    data: Any = None
    positions: dict[Path_, tuple[int, int]] = field(default_factory=dict)
    key_positions: dict[Path_, tuple[int, int]] = field(default_factory=dict)
    raw: dict[Path_, str] = field(default_factory=dict)
    bad_paths: set[Path_] = field(default_factory=set)
    flags: Any = None  # flags(path) -> True for a true/false field (yes/no advice differs)
    recovered: bool = False  # read only after repairing syntax errors: its values are a best guess

    def where(self, path: Path_, key: bool = False) -> tuple[int, int]:
        """Line and column (1-based) of a value, or of its nearest enclosing value."""
        table = self.key_positions if key else self.positions
        path = tuple(path)
        while path:
            if path in table:
                return table[path]
            if path in self.positions:
                return self.positions[path]
            path = path[:-1]
        return self.positions.get((), (1, 1))

    def error(self, path: Path_, message: str, fix: str = "", key: bool = False,
              field_name: str | None = None) -> ContentError:
        line, column = self.where(path, key=key)
        return ContentError(self.display, line, column,
                            field_name if field_name is not None else field_label(path),
                            message, fix)


def field_label(path: Path_) -> str:
    """`image.alt`, `audience`: the field as the user typed it, never a list index such as `school[0]`."""
    return ".".join(str(part) for part in path if not isinstance(part, int))


def key_of(path: Path_) -> str:
    """The key as written on the value's line: `alt` for image.alt (a list item: its list's key)."""
    return next((str(part) for part in reversed(path) if not isinstance(part, int)), "")


def ordinal(number: int) -> str:
    """1st, 2nd, 3rd, 11th, 22nd: a place in a list as people say it."""
    suffix = "th" if 10 <= number % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(number % 10, "th")
    return f"{number}{suffix}"


class _StrictComposer(yaml.SafeLoader):
    """A SafeLoader whose composer refuses anchors and aliases."""

    def compose_node(self, parent, index):  # noqa: D401 - PyYAML hook
        event = self.peek_event()
        if isinstance(event, AliasEvent):
            raise _Refused(event.start_mark, f"'*{event.anchor}' is a YAML alias",
                           "write the value out in full; anchors (&) and aliases (*) are not allowed")
        if isinstance(event, (ScalarEvent, MappingStartEvent, SequenceStartEvent)) and event.anchor:
            raise _Refused(event.start_mark, f"'&{event.anchor}' is a YAML anchor",
                           "remove the anchor; anchors (&) and aliases (*) are not allowed")
        return Composer.compose_node(self, parent, index)


class _FastComposer(Composer, CParser, SafeConstructor, Resolver):
    """The same composer over libyaml's C parser (events with line and column marks), for files that read cleanly.

    PyYAML's CSafeLoader composes in C, where anchors cannot be refused; here only the scanner and
    parser are C, and composing (with our refusal) stays the Python code above.
    """

    def __init__(self, stream: str) -> None:
        CParser.__init__(self, stream)
        Composer.__init__(self)
        SafeConstructor.__init__(self)
        Resolver.__init__(self)

    compose_node = _StrictComposer.compose_node


# What libyaml and PyYAML's own reader might treat differently: such text takes the pure-Python path.
_SLOW_TEXT = re.compile("[^\x09\x0A\x20-\x7E\xA0-\uD7FF\uE000-\uFFFD\U00010000-\U0010FFFF]")


class _Refused(Exception):
    def __init__(self, mark, message, fix):
        super().__init__(message)
        self.mark, self.message, self.fix = mark, message, fix


_EMPTY_FIX = "add the content, or delete the file"
_SIZE_FIX = "make it smaller: shorten the text"


def read_yaml(path: Path, display: str, max_bytes: int, empty_fix: str = _EMPTY_FIX,
              size_fix: str = _SIZE_FIX, recover: bool = False,
              flags=None, data: bytes | None = None) -> tuple[SourceDoc | None, list[ContentError]]:
    """Read one YAML file strictly. Returns the document (None when unusable) and its errors.

    With `recover`, a file with syntax errors that a line-by-line repair makes readable (tabs,
    curly quotes, an unquoted ': ') is returned as repaired, beside its syntax errors, so that the
    caller can report the file's other errors too; the errors still stop the build.
    `flags(path)` says whether the value at a path is a true/false field, for the advice on yes/no.

    `empty_fix` and `size_fix` let a caller say what fits its file: events.yaml must exist (so
    "delete it" is no fix) and cannot be split (so old events are what can go).
    `data`: the file's bytes when the caller has read them already (generator/record_cache.py
    hashes them), so what is read is what was hashed.
    """
    doc = SourceDoc(path, display, flags=flags)
    try:
        size = path.stat().st_size if data is None else len(data)
    except OSError as exc:
        return None, [ContentError(display, message=f"cannot read the file ({exc.strerror})",
                                   fix="check the file exists and is readable")]
    if size > max_bytes:
        return None, [ContentError(display, 1, 1, "", f"the file is {size_text(size)}, over the limit of {size_text(max_bytes)}",
                                   size_fix)]
    if data is None:
        data = path.read_bytes()
    if data.startswith(b"\xef\xbb\xbf"):
        return None, [ContentError(display, 1, 1, "", "the file starts with a byte-order mark (BOM)",
                                   "save it as UTF-8 without a BOM (in Notepad: Save as, Encoding: UTF-8)")]
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        column = exc.start - (data.rfind(b"\n", 0, exc.start) + 1) + 1
        return None, [ContentError(display, line, column, "",
                                   f"byte 0x{data[exc.start]:02X} is not valid UTF-8 text",
                                   "save the file as UTF-8 (it was probably saved as Windows-1252 or Latin-1)")]
    if not text.strip():
        return None, [ContentError(display, 1, 1, "", "the file is empty", empty_fix)]
    if all(not line.strip() or line.lstrip().startswith("#") for line in text.splitlines()):
        return None, [ContentError(display, 1, 1, "", "the file holds only comments (lines starting with #)", empty_fix)]
    errors: list[ContentError] = []
    if _fast_parse(text, doc):
        return doc, errors
    doc = SourceDoc(path, display, flags=flags)
    failure = _parse(text, doc, errors)
    if failure is None:
        return doc, errors
    if not isinstance(failure, yaml.MarkedYAMLError):
        return None, [failure]
    # A syntax error: report every tab and the broken line, then repair what we can and read on,
    # so one slip does not hide the file's other errors.
    syntax = _recover(text, display, failure)
    doc = SourceDoc(path, display, flags=flags)
    errors = []
    if syntax.text is None or _parse(syntax.text, doc, errors) is not None:
        return None, syntax.errors
    doc.recovered = True
    return (doc if recover else None), syntax.errors + (errors if recover else [])


def _parse(text: str, doc: SourceDoc, errors: list[ContentError]):
    """Read `text` into doc; None when it could be read, else the YAML error or our ContentError."""
    display = doc.display
    loader = None
    try:
        loader = _StrictComposer(text)  # its reader refuses control characters here, before parsing
        node = loader.get_single_node()
        doc.data = _to_value(node, (), doc, errors, loader)
    except yaml.reader.ReaderError as exc:
        return _unprintable(display, text, exc)
    except RecursionError:  # thousands of nested brackets: refuse rather than crash
        return ContentError(display, 1, 1, "", "the values are nested too deeply to read",
                            "check the brackets: each field is 'name: value', lists are [a, b]")
    except _Refused as exc:
        return ContentError(display, exc.mark.line + 1, exc.mark.column + 1, "", exc.message, exc.fix)
    except yaml.MarkedYAMLError as exc:
        return exc
    except yaml.YAMLError as exc:  # errors without a mark
        return ContentError(display, 1, 1, "", f"this is not valid YAML ({exc})",
                            "check the file against the content guide in README.md")
    finally:
        if loader is not None:
            loader.dispose()
    return None


def _fast_parse(text: str, doc: SourceDoc) -> bool:
    """Read `text` into doc with libyaml when it reads without a single error or warning.

    Anything else (a syntax error, an anchor, a YAML 1.1 trap, a control character) returns False
    and the caller reads the file again on the pure-Python path, so every message and line number
    comes from one place; a clean file gives the same values and positions either way
    (tests/test_source.py compares them).
    """
    if _SLOW_TEXT.search(text):
        return False
    errors: list[ContentError] = []
    loader = None
    try:
        loader = _FastComposer(text)
        doc.data = _to_value(loader.get_single_node(), (), doc, errors, loader)
    except Exception:  # noqa: BLE001 - any failure: the careful path reads it and explains
        return False
    finally:
        if loader is not None:
            loader.dispose()
    return not errors and not doc.bad_paths


def _unprintable(display: str, text: str, exc) -> ContentError:
    """A control character (often pasted from Word or a PDF): say where, and which one."""
    position = exc.position
    line = text.count("\n", 0, position) + 1
    column = position - (text.rfind("\n", 0, position) + 1) + 1
    return ContentError(display, line, column, "",
                        f"an invisible control character (U+{exc.character:04X}) is in the text",
                        "delete it: retype the text around it, or paste it as plain text")


def size_text(count: int) -> str:
    """A file size for people, rounded up: a file one byte over 256 KB must not read "256 KB"."""
    if count >= 1024 * 1024:
        return f"{math.ceil(count * 10 / 1024 / 1024) / 10:g} MB"
    return f"{math.ceil(count / 1024)} KB"


_MAX_REPAIRS = 20  # each repair reads the file again: a file with more broken lines reports the first 20
_CURLY = "‘’“”"  # Word's curly quotes: YAML reads them as ordinary letters
_KEY_LINE = re.compile(r"^(\s*(?:-\s+)?)([A-Za-z_][\w-]*)(\s*:[ \t]+)(.*?)\s*$")


@dataclass
class _Recovered:
    """The syntax errors of a file, and its text with each reported line repaired (None if not possible)."""

    errors: list[ContentError]
    text: str | None


def _recover(text: str, display: str, first: yaml.MarkedYAMLError) -> _Recovered:
    """Every tab, then each broken line in turn: report it, repair it and read on."""
    lines = text.split("\n")
    errors: list[ContentError] = []
    repaired: set[int] = set()  # 0-based numbers of lines already reported and repaired
    for number, line in enumerate(lines):
        if "\t" in line:
            errors.append(_tab_error(display, number, line))
            lines[number] = _untab(line)
            repaired.add(number)
    failure: Any = first if not repaired else _parse("\n".join(lines), SourceDoc(Path(), display), [])
    for _ in range(_MAX_REPAIRS):
        if failure is None:
            return _Recovered(errors, "\n".join(lines))
        if isinstance(failure, ContentError):
            return _Recovered(errors + [failure], None)
        mark = failure.problem_mark or failure.context_mark
        number = mark.line if mark else 0
        if number in repaired or number - 1 in repaired:
            return _Recovered(errors, None)  # our repair was a guess that did not work: its line is reported
        error, fixed = _explain(display, failure, lines)
        errors.append(error)
        if fixed is None:
            return _Recovered(errors, None)
        for line_number, repair in fixed.items():
            lines[line_number] = repair
            repaired.add(line_number)
        failure = _parse("\n".join(lines), SourceDoc(Path(), display), [])
    return _Recovered(errors, None)


def _tab_error(display: str, number: int, line: str) -> ContentError:
    indent = line[: len(line) - len(line.lstrip(" \t"))]
    if "\t" in indent:
        tabs = indent.count("\t")
        return ContentError(display, number + 1, indent.index("\t") + 1, "",
                            "a tab character: YAML indents with spaces only",
                            "indent with two spaces instead of the tab" if tabs == 1 else
                            f"indent with two spaces for each level instead of the {tabs} tabs")
    return ContentError(display, number + 1, line.index("\t") + 1, "",
                        "a tab character: YAML allows only spaces between words and after ':'",
                        "replace the tab with a space")


def _untab(line: str) -> str:
    indent = line[: len(line) - len(line.lstrip(" \t"))]
    return indent.replace("\t", "  ") + line[len(indent):].replace("\t", " ")


def _quote(text: str) -> str:
    """text in the quotes that need no escaping, for a fix the user can copy."""
    if '"' not in text and "\\" not in text:
        return f'"{text}"'
    return "'" + text.replace("'", "''") + "'"


def _unquote(value: str) -> str:
    """The value without its quote marks, straight or curly, at either end."""
    if len(value) >= 2 and value[0] in "\"'" + _CURLY and value[-1] in "\"'" + _CURLY:
        return value[1:-1]
    return value.lstrip("\"'" + _CURLY) if value[:1] in _CURLY else value


def _explain(display: str, exc: yaml.MarkedYAMLError, lines: list[str]) -> tuple[ContentError, dict[int, str] | None]:
    """A syntax error in plain English, and the repaired lines {number: text} when a repair is sure."""
    mark = exc.problem_mark or exc.context_mark
    number = mark.line if mark else 0
    line, column = (mark.line + 1, mark.column + 1) if mark else (1, 1)
    problem = (exc.problem or "").strip()
    if "'\\t'" in problem or "tab" in problem:
        return ContentError(display, line, column, "", "a tab character: YAML indents with spaces only",
                            "indent with two spaces instead of the tab"), None
    if "found unexpected end" in problem:
        start = exc.context_mark or mark
        number = start.line if start else number
        line, column = (start.line + 1, start.column + 1) if start else (line, column)
        curly = _curly_line(display, number, lines)
        if curly:
            return curly
        return ContentError(display, line, column, "", "a quoted value is never closed",
                            "add the closing quote mark, or remove the opening one"), None
    if "expected a single document" in (exc.context or ""):
        return ContentError(display, line, column, "", "the file holds more than one YAML document ('---')",
                            "keep one document per file: remove the '---' line"), None
    if "mapping values are not allowed" in problem:
        curly = _curly_line(display, number, lines)
        if curly:
            return curly
        match = _KEY_LINE.match(lines[number]) if number < len(lines) else None
        if match and (": " in match.group(4) or match.group(4).endswith(":")):
            lead, key, colon, value = match.groups()
            fixed = lead + key + colon + _quote(value)
            article = "an" if key[:1] in "aeiou" else "a"
            return ContentError(display, line, len(lead + key + colon) + 1, key,
                                f"{article} {key} containing ': ' must be in quotes",
                                f"write it as  {key}: {_quote(value)}"), {number: fixed}
        return ContentError(display, line, 1, "", "this line is indented differently from the fields around it",
                            "start each field in the same column as its neighbours (fields inside image: or "
                            "social: start with two spaces); check the line above too"), None
    if "could not find expected ':'" in problem:
        block = _unindented_block(lines, number)
        if block:
            key, first, fixed_lines = block
            return (ContentError(display, first + 1, 1, key, f"the text under {key}: is not indented",
                                 f"start each line of the {key} with two spaces"), fixed_lines)
        return ContentError(display, line, column, "", "a line that is not 'key: value' (a missing ':' or a broken indent)",
                            "check the line above: each field is 'name: value', indented like its neighbours"), None
    if "found duplicate anchor" in problem or "found undefined alias" in problem:
        return ContentError(display, line, column, "", "YAML anchors and aliases are not allowed",
                            "write each value out in full"), None
    return ContentError(display, line, column, "", f"this is not valid YAML ({problem or exc.context})",
                        "check the indentation and quotes on this line and the one above"), None


_BLOCK_START = re.compile(r"^(\s*)([A-Za-z_][\w-]*):\s*[|>][-+]?\s*(#.*)?$")
_FIELD_START = re.compile(r"^\s*(- )?[a-z_]+:(\s|$)")  # our field names are lowercase; a story's text rarely is


def _unindented_block(lines: list[str], number: int) -> tuple[str, int, dict[int, str]] | None:
    """`body: |` followed by text that is not indented: the key, the first text line and the repair."""
    for start in range(min(number, len(lines) - 1), max(number - 200, -1), -1):
        match = _BLOCK_START.match(lines[start])
        if not match:
            continue
        indent = len(match.group(1))
        end = start + 1
        while end < len(lines) and not (_FIELD_START.match(lines[end]) and _indent(lines[end]) <= indent):
            end += 1
        flat = [i for i in range(start + 1, end) if lines[i].strip() and _indent(lines[i]) <= indent]
        if not flat or number > end:
            continue
        pad = " " * (indent + 2)
        return match.group(2), flat[0], {i: pad + lines[i].lstrip(" ") for i in flat}
    return None


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip(" "))


def _curly_line(display: str, number: int, lines: list[str]) -> tuple[ContentError, dict[int, str]] | None:
    """Word's curly quotes around a value on this line: YAML does not count them as quotes."""
    match = _KEY_LINE.match(lines[number]) if number < len(lines) else None
    if not match or not any(mark in match.group(4) for mark in _CURLY):
        return None
    lead, key, colon, value = match.groups()
    if not (value[:1] in _CURLY + "\"'" or value[-1:] in _CURLY):
        return None
    quoted = _quote(_unquote(value))
    return (ContentError(display, number + 1, len(lead + key + colon) + 1, key,
                         "curly quotes (‘ ’ “ ”, as Word types them) are not quote marks in YAML",
                         f"use straight quotes ' or \": {key}: {quoted}"),
            {number: lead + key + colon + quoted})


def _to_value(node, path: Path_, doc: SourceDoc, errors: list[ContentError], loader) -> Any:
    doc.positions[path] = (node.start_mark.line + 1, node.start_mark.column + 1)
    if isinstance(node, yaml.ScalarNode):
        return _scalar(node, path, doc, errors, loader)
    if node.tag not in (_SEQ, _MAP):  # `!!set`, `!!omap`, `!!python/…` on a list or mapping
        errors.append(doc.error(path, f"the YAML tag '{node.tag}' is not allowed",
                                f"remove '{_tag_as_written(node.tag)}' and write the plain value"))
        doc.bad_paths.add(path)
    if isinstance(node, yaml.SequenceNode):
        return [_to_value(item, path + (i,), doc, errors, loader) for i, item in enumerate(node.value)]
    result: dict[str, Any] = {}
    for key_node, value_node in node.value:
        key_at = (key_node.start_mark.line + 1, key_node.start_mark.column + 1)
        if not isinstance(key_node, yaml.ScalarNode) or key_node.tag not in (_STR, _BOOL, _INT, _NULL, _FLOAT):
            written = _source_text(key_node)
            errors.append(ContentError(doc.display, *key_at, field_label(path),
                                       f"'{written}' is not a field name: a key must be a plain word",
                                       "write the field name as a word followed by ':', e.g. draft: true"))
            continue
        key = key_node.value
        if key == "<<":
            errors.append(ContentError(doc.display, *key_at, field_label(path), "YAML merge keys ('<<') are not allowed",
                                       "write the values out in full"))
            continue
        child = path + (key,)
        if key in result:
            first = doc.key_positions[child]
            errors.append(ContentError(doc.display, *key_at, field_label(child),
                                       f"'{key}' appears twice (first on line {first[0]}); YAML would silently keep only the last",
                                       f"keep one '{key}:' line and delete the other"))
            doc.bad_paths.add(child)
            continue
        doc.key_positions[child] = key_at
        result[key] = _to_value(value_node, child, doc, errors, loader)
    return result


def _source_text(node) -> str:
    """The node as written in the file (shortened), for messages about keys that are not words."""
    start, end = node.start_mark, node.end_mark
    text = start.buffer[start.index:end.index] if start.buffer is not None else str(node.value)
    text = " ".join(text.split())
    return text if len(text) <= 40 else text[:40] + "…"


def _tag_as_written(tag: str) -> str:
    return "!!" + tag[len("tag:yaml.org,2002:"):] if tag.startswith("tag:yaml.org,2002:") else tag


def _scalar(node, path: Path_, doc: SourceDoc, errors: list[ContentError], loader) -> Any:
    raw = node.value
    doc.raw[path] = raw
    tag = node.tag
    label = key_of(path)
    if tag not in (_STR, _BOOL, _INT, _FLOAT, _NULL, _TIMESTAMP):
        errors.append(doc.error(path, f"the YAML tag '{tag}' is not allowed",
                                f"remove '{_tag_as_written(tag)}' and write the plain value"))
        doc.bad_paths.add(path)
        return raw
    if tag == _STR:
        return raw
    if tag == _NULL:
        return None
    if tag == _BOOL:
        if raw.lower() in ("true", "false"):
            return raw.lower() == "true"
        read_as = str(loader.construct_yaml_bool(node)).lower()
        if doc.flags is not None and doc.flags(path):
            errors.append(doc.error(path, f"a true/false field: write true or false, not {raw}",
                                    f"write it as  {label}: {read_as}"))
        else:
            errors.append(doc.error(path, f"YAML reads {raw} as the yes/no value {read_as}, not as the word",
                                    f"put the word in quotes: {label}: \"{raw}\""))
        doc.bad_paths.add(path)
        return raw
    if tag in (_INT, _FLOAT) and _SEXAGESIMAL.match(raw):
        number = loader.construct_yaml_int(node) if tag == _INT else loader.construct_yaml_float(node)
        errors.append(doc.error(path, f"YAML reads {raw} as the number {number:g} (a base-60 time)",
                                f"write the date with the time, as YYYY-MM-DD {raw.zfill(5)}, or put it in quotes: {label}: \"{raw}\""))
        doc.bad_paths.add(path)
        return raw
    if tag == _INT:
        if raw.startswith(("0x", "0o", "0b", "+0", "-0")) or (len(raw) > 1 and raw.startswith("0")):
            errors.append(doc.error(path, f"YAML reads {raw} as a number in another base, not as written",
                                    f"write the number without a leading 0 or prefix, or put it in quotes: {label}: \"{raw}\""))
            doc.bad_paths.add(path)
            return raw
        return loader.construct_yaml_int(node)
    if tag == _FLOAT:
        return loader.construct_yaml_float(node)
    # A timestamp: keep dates as dates; an impossible date stays text for the model to report.
    try:
        return loader.construct_yaml_timestamp(node)
    except (ValueError, OverflowError):
        return raw
