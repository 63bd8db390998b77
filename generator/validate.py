"""Validate a loaded document against a model and turn pydantic's errors into ours."""
from __future__ import annotations

import difflib
from typing import Any

from pydantic import BaseModel, TypeAdapter, ValidationError
from pydantic_core import ErrorDetails

from generator.errors import ContentError, did_you_mean
from generator.fields import KEY, ValidationContext, describe, parse_bool
from generator.source import SourceDoc, field_label, key_of, ordinal


def validate_document(model, data: Any, doc: SourceDoc, *, context: ValidationContext | None = None,
                      base: tuple = (), remap: dict | None = None) -> tuple[Any, list[ContentError]]:
    """Validate `data` (found at `base` in `doc`) with a model or type; return (value or None, errors)."""
    adapter = model if isinstance(model, TypeAdapter) else _adapter(model)
    try:
        return adapter.validate_python(data, context=context or ValidationContext()), []
    except ValidationError as exc:
        errors = []
        found = exc.errors(include_url=False)
        misspelt = _misspelt_fields(found, adapter, model)
        for error in found:
            loc = tuple(error["loc"])
            if error["type"] == "missing" and loc in misspelt:
                continue  # `titel:` already says "did you mean 'title'?"; "title is missing" adds nothing
            if remap and loc and loc[0] in remap:
                path = remap[loc[0]] + loc[1:]
            else:
                path = base + loc
            if any(path[:n] in doc.bad_paths for n in range(1, len(path) + 1)):
                continue  # already reported by the loader (a YAML trap or a duplicate key)
            errors.append(_to_content_error(error, path, doc, _model_of(adapter, model, loc)))
        return None, errors


_ADAPTERS: dict[Any, TypeAdapter] = {}


def _adapter(model) -> TypeAdapter:
    """One TypeAdapter per model for the run: making one for each of thousands of stories was a tenth of their validation."""
    try:
        found = _ADAPTERS.get(model)
    except TypeError:  # an unhashable type: make one each time
        return TypeAdapter(model)
    if found is None:
        found = _ADAPTERS[model] = TypeAdapter(model)
    return found


def _misspelt_fields(found: list[ErrorDetails], adapter, model) -> set[tuple]:
    """The locations of missing fields that an unknown key in the same place is a near miss of."""
    missing = {tuple(e["loc"]) for e in found if e["type"] == "missing"}
    misspelt = set()
    for error in found:
        loc = tuple(error["loc"])
        if error["type"] != "extra_forbidden" or not loc:
            continue
        owner = _model_of(adapter, model, loc)
        names = [name for name in _yaml_keys(owner) if loc[:-1] + (name,) in missing]
        close = difflib.get_close_matches(str(loc[-1]), names, n=1, cutoff=0.6)
        if close:
            misspelt.add(loc[:-1] + (close[0],))
    return misspelt


def _yaml_keys(owner) -> list[str]:
    """The keys a content file may use: the model's fields, less those only the loader sets."""
    return [name for name, info in (owner.model_fields.items() if owner else ()) if not info.exclude]


def _model_of(adapter, model, loc):
    """The pydantic model class that owns the last key of loc, for 'did you mean' on unknown keys."""
    current = model
    for part in loc[:-1]:
        current = _inner(current, part)
        if current is None:
            return None
    return current if isinstance(current, type) and issubclass(current, BaseModel) else None


def _inner(kind, part):
    import typing

    if isinstance(kind, type) and issubclass(kind, BaseModel):
        field = kind.model_fields.get(part) if isinstance(part, str) else None
        return _unwrap(field.annotation) if field else None
    args = typing.get_args(kind)
    if isinstance(part, int) and args:
        return _unwrap(args[0])
    return None


def _unwrap(annotation):
    import typing

    for arg in (typing.get_args(annotation) or (annotation,)):
        if isinstance(arg, type) and issubclass(arg, BaseModel):
            return arg
        for inner in typing.get_args(arg):
            if isinstance(inner, type) and issubclass(inner, BaseModel):
                return inner
    return annotation


def _to_content_error(error: ErrorDetails, path: tuple, doc: SourceDoc, owner) -> ContentError:
    kind, value, ctx = error["type"], error.get("input"), error.get("ctx") or {}
    label = field_label(path)
    if kind == "content":
        if ctx.get("at"):
            path = path[:-1] + (ctx["at"],)
        at = path + (ctx["item"],) if "item" in ctx else path
        fix = ctx.get("fix", "").replace(KEY, key_of(path))
        return doc.error(at, error["msg"] + _place(doc, at), fix, field_name=field_label(path))
    if kind == "missing":
        name = path[-1]
        return doc.error(path[:-1], f"the required field '{name}' is missing",
                         _fill_in(owner, name, doc), field_name=label)
    if kind == "extra_forbidden":
        name = path[-1]
        known = _yaml_keys(owner)
        hint = did_you_mean(name, known) if known else "remove it"
        return doc.error(path, f"unknown field '{name}' (a misspelt field would be ignored, so it is refused)",
                         hint, key=True)
    if kind in ("model_type", "dict_type", "model_attributes_type"):
        return doc.error(path, f"expected a set of 'name: value' fields, got {describe(value)}",
                         "write each field on its own line as  name: value  (see the content guide in README.md)")
    if kind in ("list_type", "tuple_type", "set_type"):
        name = path[-1] if path and isinstance(path[-1], str) else "items"
        example = f"[{value}]" if isinstance(value, (str, int)) and not isinstance(value, bool) else "[one, two]"
        return doc.error(path, f"expected a list, got {describe(value)}",
                         f"write a list in square brackets, even for one item: {name}: {example}")
    if kind == "literal_error":
        choices = [c.strip(" '") for c in ctx.get("expected", "").replace(" or ", ",").split(",") if c.strip()]
        return doc.error(path, f"{describe(value)} is not one of: {', '.join(choices)}",
                         did_you_mean(str(value), choices))
    if kind in ("int_type", "int_parsing", "int_from_float"):
        return doc.error(path, f"expected a whole number, got {describe(value)}", "write digits only, e.g. 136496")
    if kind in ("greater_than", "greater_than_equal", "less_than", "less_than_equal"):
        return doc.error(path, f"{describe(value)} is out of range ({error['msg'].lower()})", "change the number")
    if kind in ("string_type",):
        return doc.error(path, f"expected text, got {describe(value)}", "put the text in quotes")
    return doc.error(path, error["msg"], "see the content guide in README.md")


def _example(owner, name) -> str:
    field = owner.model_fields.get(name) if owner else None
    examples = (field.examples or []) if field else []
    return str(examples[0]) if examples else "…"


# What to write in a missing free-text field: a description and a neutral example, never the
# text of a real story (a copied example would publish someone else's words).
_FILL_IN = {
    "title": "the headline, e.g.  title: Year 8 choir sing at the city carol service",
    "summary": "one or two sentences about what happened, e.g.  summary: Forty pupils sang …",
    "body": "the story itself, starting on the next line, indented by two spaces",
    "alt": "a description of what the photo shows, without names, e.g.  alt: Pupils on a stage holding "
           "their instruments",
}


_FILL_IN_EVENT = {
    "id": "a new id of its own, in lowercase words and the year, e.g.  id: plymstock-open-evening-2027",
    "title": "the name of the date, e.g.  title: Year 6 open evening",
}


def _fill_in(owner, name: str, doc: SourceDoc) -> str:
    """The fix for a missing field: what to write, with an example that is no story's own text."""
    if getattr(owner, "__name__", "") == "Event" and name in _FILL_IN_EVENT:
        return f"add a line  {name}: …  with {_FILL_IN_EVENT[name]}"
    if name == "body":
        return "add a line  body: |  and write the story on the lines after it, each indented by two spaces"
    if name in _FILL_IN:
        return f"add a line  {name}: …  with {_FILL_IN[name]}"
    if name == "src" and doc.path.suffix in (".yaml", ".yml"):
        return f"add a line  src: {doc.path.stem}.jpg  (the photo's file name; the photo goes beside the story file)"
    return f"add a line  {name}: {_example(owner, name)}"


def _place(doc: SourceDoc, path: tuple) -> str:
    """' (the 2nd school in the list)' for an item of a list of several; '' otherwise."""
    if not path or not isinstance(path[-1], int):
        return ""
    count = sum(1 for key in doc.positions if len(key) == len(path) and key[:-1] == path[:-1])
    if count < 2:
        return ""
    noun = key_of(path)
    noun = noun[:-1] if noun.endswith("s") and not noun.endswith("ss") else noun
    return f" (the {ordinal(path[-1] + 1)} {noun} in the list)"


def is_flag(model, path: tuple) -> bool:
    """True when the value at `path` of a document for `model` is a true/false field (draft, consent)."""
    if not path or not isinstance(path[-1], str):
        return False
    owner = _model_of(None, model, path)
    field = owner.model_fields.get(path[-1]) if owner else None
    return field is not None and any(getattr(item, "func", None) is parse_bool for item in field.metadata)
