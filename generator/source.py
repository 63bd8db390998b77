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
from yaml.composer import Composer
from yaml.events import AliasEvent, MappingStartEvent, ScalarEvent, SequenceStartEvent

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
    """`image.alt`, `audience[1]`: the field as the user typed it (top-level list index left out)."""
    parts: list[str] = []
    for index, part in enumerate(path):
        if isinstance(part, int):
            if index == 0:
                continue
            parts.append(f"[{part}]")
        else:
            parts.append(("." if parts else "") + str(part))
    return "".join(parts)


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


class _Refused(Exception):
    def __init__(self, mark, message, fix):
        super().__init__(message)
        self.mark, self.message, self.fix = mark, message, fix


_EMPTY_FIX = "add the content, or delete the file"
_SIZE_FIX = "make it smaller: shorten the text"


def read_yaml(path: Path, display: str, max_bytes: int, empty_fix: str = _EMPTY_FIX,
              size_fix: str = _SIZE_FIX) -> tuple[SourceDoc | None, list[ContentError]]:
    """Read one YAML file strictly. Returns the document (None when unusable) and its errors.

    `empty_fix` and `size_fix` let a caller say what fits its file: events.yaml must exist (so
    "delete it" is no fix) and cannot be split (so old events are what can go).
    """
    doc = SourceDoc(path, display)
    try:
        size = path.stat().st_size
    except OSError as exc:
        return None, [ContentError(display, message=f"cannot read the file ({exc.strerror})",
                                   fix="check the file exists and is readable")]
    if size > max_bytes:
        return None, [ContentError(display, 1, 1, "", f"the file is {size_text(size)}, over the limit of {size_text(max_bytes)}",
                                   size_fix)]
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
    loader = None
    try:
        loader = _StrictComposer(text)  # its reader refuses control characters here, before parsing
        node = loader.get_single_node()
        errors: list[ContentError] = []
        doc.data = _to_value(node, (), doc, errors, loader)
    except yaml.reader.ReaderError as exc:
        return None, [_unprintable(display, text, exc)]
    except RecursionError:  # thousands of nested brackets: refuse rather than crash
        return None, [ContentError(display, 1, 1, "", "the values are nested too deeply to read",
                                   "check the brackets: each field is 'name: value', lists are [a, b]")]
    except _Refused as exc:
        return None, [ContentError(display, exc.mark.line + 1, exc.mark.column + 1, "", exc.message, exc.fix)]
    except yaml.MarkedYAMLError as exc:
        return None, [_syntax_error(display, exc)]
    except yaml.YAMLError as exc:  # errors without a mark
        return None, [ContentError(display, 1, 1, "", f"this is not valid YAML ({exc})",
                                   "check the file against the content guide in README.md")]
    finally:
        if loader is not None:
            loader.dispose()
    return doc, errors


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


def _syntax_error(display: str, exc: yaml.MarkedYAMLError) -> ContentError:
    mark = exc.problem_mark or exc.context_mark
    line, column = (mark.line + 1, mark.column + 1) if mark else (1, 1)
    problem = (exc.problem or "").strip()
    if "'\\t'" in problem or "tab" in problem:
        return ContentError(display, line, column, "", "a tab character: YAML indents with spaces only",
                            "replace the tab with spaces")
    if "found unexpected end of stream" in problem or "found unexpected end" in problem:
        start = exc.context_mark or mark
        line, column = (start.line + 1, start.column + 1) if start else (line, column)
        return ContentError(display, line, column, "", "a quoted value is never closed",
                            "add the closing quote mark, or remove the opening one")
    if "expected a single document" in (exc.context or ""):
        return ContentError(display, line, column, "", "the file holds more than one YAML document ('---')",
                            "keep one document per file: remove the '---' line")
    if "mapping values are not allowed" in problem:
        return ContentError(display, line, column, "", "a ': ' inside a value that is not in quotes",
                            "put the whole value in quotes, e.g. title: \"Science week: a report\"")
    if "could not find expected ':'" in problem:
        return ContentError(display, line, column, "", "a line that is not 'key: value' (a missing ':' or a broken indent)",
                            "check the line above: each field is 'name: value', indented like its neighbours")
    if "found duplicate anchor" in problem or "found undefined alias" in problem:
        return ContentError(display, line, column, "", "YAML anchors and aliases are not allowed",
                            "write each value out in full")
    return ContentError(display, line, column, "", f"this is not valid YAML ({problem or exc.context})",
                        "check the indentation and quotes on this line and the one above")


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
    label = field_label(path)
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
        errors.append(doc.error(path, f"YAML reads {raw} as the yes/no value {read_as}, not as the word",
                                f"for the word, put it in quotes: {label}: \"{raw}\"; for yes/no, write true or false"))
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
