"""Work every page of an MkDocs build repeats with the same inputs, done once a build instead.

Two pieces of Material's base.html cost time on every page for answers that do not change:
- `{% import "partials/language.html" as lang with context %}` makes a new module for each page
  (and, inside it, new modules of the language partials, because the page's context has globals
  theirs lack). That partial reads nothing of the context but `config` (checked on its source with
  Jinja's own `find_undeclared_variables`; any other name and this is not done), so the module made
  for the first page is handed to every later page of the same build, whose `config` is the same
  object; and its `t(key)` (the words in the page's language) answers each key once.
- the `url` filter turns a site path into one relative to the page, about sixty times a page.
  Its answer (MkDocs 1.6's `normalize_url`) depends on the path and on the page's folder only
  through that folder's depth, whenever the path's first segment is not the folder's first
  segment: those answers are kept by (path, depth); the rest are computed as before.

MkDocs only, installed on the build's own Jinja environment by generator/mkdocs_blocks.py;
tests/test_mkdocs_blocks.py builds the site with and without it and compares every byte.
"""
from __future__ import annotations

from collections.abc import Callable
from typing import Any

from jinja2 import Environment, TemplateNotFound, meta, pass_context
from jinja2.runtime import Context, Macro
from mkdocs.utils import _get_norm_url, _norm_parts

LANGUAGE = "partials/language.html"  # imported with context by Material's base.html


def share_language_module(env: Environment) -> bool:
    """Make LANGUAGE's module once per build when it reads no name but `config`; True if done."""
    try:
        template = env.get_template(LANGUAGE)
        source = env.loader.get_source(env, LANGUAGE)[0] if env.loader else None
    except TemplateNotFound:
        return False
    if source is None or meta.find_undeclared_variables(env.parse(source)) != {"config"}:
        return False
    make_module = template.make_module
    made: list[tuple[Any, Any]] = []  # (config, module): one per build

    def shared(vars: dict[str, Any] | None = None, shared: bool = False, locals: Any = None) -> Any:
        config = (vars or {}).get("config")
        if config is not None and made and made[0][0] is config:
            return made[0][1]
        module = make_module(vars, shared, locals)
        macro = getattr(module, "t", None)
        if isinstance(macro, Macro):
            module.__dict__["t"] = _remembered(macro)  # its answer depends on the key alone (config is fixed)
        if config is not None and not made:
            made.append((config, module))
        return module

    template.make_module = shared  # type: ignore[method-assign]
    return True


def _remembered(macro: Macro) -> Callable[[str], Any]:
    """The language module's t(key), each key's answer made once."""
    answers: dict[Any, Any] = {}

    def t(key: Any) -> Any:
        try:
            return answers[key]
        except KeyError:
            answer = answers[key] = macro(key)
            return answer
        except TypeError:  # a key that cannot be kept
            return macro(key)

    return t


class UrlAnswers:
    """MkDocs' url filter (`self.filter`), its answers kept where they depend only on the path and
    the page's depth; `place` and `first` tell which those are (generator/mkdocs_blocks.py checks
    only the others when it reuses a block)."""

    def __init__(self, original: Callable[..., Any]) -> None:
        self.original = original
        self.answers: dict[tuple[str, int], str] = {}
        self.places: dict[str, tuple[int, str | None]] = {}  # page.url -> (depth, first segment)
        self.firsts: dict[str, str | None] = {}  # path -> first segment of its normalised form

        @pass_context
        def url(context: Context, value: Any) -> Any:
            page = context["page"]
            if page is None or not isinstance(page.url, str):
                return original(context, value)
            path = str(value)
            depth, top = self.place(page.url)
            first = self.first(path)
            if first is not None and first == top:
                return original(context, value)  # shares the page's first folder: the full computation
            key = (path, depth)
            answer = self.answers.get(key)
            if answer is None:
                answer = self.answers[key] = original(context, value)
            return answer

        self.filter = url

    def place(self, page_url: str) -> tuple[int, str | None]:
        """(depth, first segment) of a page's folder, as mkdocs.utils.get_relative_url splits it."""
        place = self.places.get(page_url)
        if place is None:
            place = self.places[page_url] = _folder(page_url)
        return place

    def first(self, path: str) -> str | None:
        """The first segment of path that normalize_url compares with the page's folder; None when
        it compares none (an absolute URL, or a path to the site's root): then the answer depends
        on the depth alone."""
        try:
            return self.firsts[path]
        except KeyError:
            first = self.firsts[path] = _first_segment(path)
            return first


def _folder(page_url: str) -> tuple[int, str | None]:
    """(depth, first segment) of a page's folder, as mkdocs.utils.get_relative_url splits it."""
    dirname, _, basename = page_url.rpartition("/")
    other = dirname if "." in basename else page_url
    parts = _norm_parts(other)
    return len(parts), parts[0] if parts else None


def _first_segment(path: str) -> str | None:
    """The first segment normalize_url compares with the page's folder; None when it compares none
    (an absolute URL, or a path to the site's root)."""
    norm, level = _get_norm_url(path)
    if level == -1:
        return None
    parts = _norm_parts(norm)
    return parts[0] if parts else None

