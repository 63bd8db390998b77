"""The partnership's own pages (About, accessibility statement, privacy notice) and the production gate.

The pages are hand-written Markdown in `pages/` beside mkdocs.yml. Who runs the site and how to
reach them are settings (mkdocs.yml `extra.settings`), written into a page as slots:
`{{ contact }}`, `{{ data_controller }}`, `{{ response_days }}`, `{{ web_host }}`,
`{{ log_retention }}`, `{{ site_name }}`, `{{ site_url }}`. The generator fills them in
(render/official.py) and writes the result into the docs folder like any generated page, so
MkDocs and Zensical build plain Markdown (neither runs a macro plugin).

A setting left empty becomes a bracketed placeholder ("[contact to be confirmed]"), so a
development build still works; `build --production` (the deploy) refuses to publish while any
such setting is unset, the repository is the bundled placeholder, or a hand-written page still
carries a bracketed placeholder.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from generator import routes
from generator.config import PLACEHOLDER_REPOSITORY, Settings
from generator.errors import ContentError, did_you_mean, display_path, warning
from generator.inputs import PAGES_DIR  # beside mkdocs.yml; every build input is listed there
from generator.models import School
from generator.source import read_yaml

# The page files and the site paths they are published at.
PAGES = {"about.md": routes.ABOUT, "accessibility.md": routes.ACCESSIBILITY, "privacy.md": routes.PRIVACY}
SLOT = re.compile(r"\{\{\s*([A-Za-z_]+)\s*\}\}")
# A bracketed note left for someone to fill in: "[contact to be confirmed]", "[TBC]", "[to do: …]".
# Not a Markdown link ("[text](address)"), and never the "to be confirmed" badge of a tentative
# date (generated pages are not scanned).
PLACEHOLDER = re.compile(r"\[[^\[\]\n]*\b(?:to be confirmed|tbc|to be decided|tbd|to do|todo|placeholder)\b[^\[\]\n]*\](?![(\[:])",
                         re.IGNORECASE)

# Each setting a page may show: what it says while unset, and an example for the fix.
REQUIRED = {
    "contact_email": ("contact to be confirmed: the communications team's shared mailbox", "contact_email: news@example.org"),
    "data_controller": ("data controller to be confirmed", "data_controller: Plymouth City Council"),
    "response_days": ("number of working days to be confirmed", "response_days: 10"),
    "web_host": ("hosting provider to be confirmed", "web_host: GitHub Pages (GitHub, Inc.)"),
    "log_retention": ("period to be confirmed", 'log_retention: "30 days"'),
}
SLOTS = ("contact", "data_controller", "response_days", "web_host", "log_retention", "site_name", "site_url")


@dataclass(frozen=True)
class HandPage:
    """One hand-written page with slots: its file (as shown in messages), site path and text."""

    display: str
    url: str
    text: str


def load_pages(config_path: Path) -> tuple[tuple[HandPage, ...], list[ContentError]]:
    """Read pages/*.md beside mkdocs.yml; an unknown slot is an error at its line."""
    folder = config_path.parent / PAGES_DIR
    pages, errors = [], []
    for name, url in PAGES.items():
        path = folder / name
        if not path.is_file():
            continue  # a project without the page: MkDocs builds without it
        display = display_path(path)
        try:
            text = path.read_text("utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            errors.append(ContentError(display, message=f"cannot read the page: {exc}",
                                       fix="save it as UTF-8 text"))
            continue
        for number, line in enumerate(text.splitlines(), 1):
            for match in SLOT.finditer(line):
                if match.group(1) not in SLOTS:
                    errors.append(ContentError(display, number, match.start() + 1, "",
                                               f"unknown setting '{{{{ {match.group(1)} }}}}'",
                                               did_you_mean(match.group(1), set(SLOTS), "setting")))
        pages.append(HandPage(display, url, text))
    return tuple(pages), errors


def _markdown_text(value: str) -> str:
    """A setting's plain text, safe inside Markdown (no emphasis, link or HTML)."""
    html = value.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return re.sub(r"([\\`*_{}\[\]()#+!])", r"\\\1", html)


def _placeholder(key: str) -> str:
    return f"**\\[{REQUIRED[key][0]}\\]**"


def slot_values(settings: Settings) -> dict[str, str]:
    """The Markdown each slot becomes."""
    contact = []
    if settings.contact_email:
        contact.append(f"email: [{_markdown_text(settings.contact_email)}](mailto:{settings.contact_email})")
    if settings.contact_page:
        contact.append(f"the [contact form]({settings.contact_page})")
    values = {
        "contact": ", or ".join(contact) if contact else _placeholder("contact_email"),
        "site_name": _markdown_text(settings.site_name),
        "site_url": f"<{settings.site_url}>",
    }
    for key in ("data_controller", "response_days", "web_host", "log_retention"):
        value = getattr(settings, key)
        values[key] = _markdown_text(str(value)) if value is not None else _placeholder(key)
    return values


def fill(page: HandPage, settings: Settings) -> str:
    """The page's Markdown with every slot filled in."""
    values = slot_values(settings)
    return SLOT.sub(lambda match: values.get(match.group(1), match.group(0)), page.text)


def production_errors(config_path: Path, settings: Settings, docs_dir: Path, generated: set[str]) -> list[ContentError]:
    """Why this site may not be published yet: each unset setting, and each bracketed placeholder
    left in a hand-written page (pages/*.md and the docs folder's own Markdown, not `generated`)."""
    doc, _ = read_yaml(config_path, display_path(config_path), 1024 * 1024)
    errors = []

    def unset(key: str, message: str, fix: str) -> None:
        where = ("extra", "settings", key)
        if doc is not None:
            errors.append(doc.error(where, message, fix, field_name=f"extra.settings.{key}"))
        else:
            errors.append(ContentError(display_path(config_path), field=f"extra.settings.{key}", message=message, fix=fix))

    for key, (_, example) in REQUIRED.items():
        if key == "contact_email" and settings.contact_page:
            continue  # a contact form is enough
        if getattr(settings, key) is None:
            unset(key, "not set: the About, accessibility and privacy pages would publish a placeholder",
                  f"fill it in under extra.settings, e.g.  {example}")
    if settings.repository in (None, PLACEHOLDER_REPOSITORY):
        unset("repository", f"still the placeholder '{PLACEHOLDER_REPOSITORY}'" if settings.repository else "not set",
              "name the partnership's GitHub repository, e.g.  repository: owner/name")
    files = sorted((config_path.parent / PAGES_DIR).glob("*.md"))
    files += sorted(path for path in docs_dir.rglob("*.md")
                    if path.relative_to(docs_dir).as_posix() not in generated)
    for path in files:
        try:
            lines = path.read_text("utf-8").splitlines()
        except (OSError, UnicodeDecodeError):
            continue
        for number, line in enumerate(lines, 1):
            for match in PLACEHOLDER.finditer(line):
                errors.append(ContentError(display_path(path), number, match.start() + 1, "",
                                           f"still carries the placeholder {match.group(0)}",
                                           "replace it with the real text (or a setting's slot) before publishing"))
    return errors


def shared_websites(schools: list[School]) -> list[ContentError]:
    """Warnings for schools whose `website` is another school's too: most likely their trust's home
    page, where a parent looks for the school's own site. Compared without 'www.' and a final '/'."""
    def key(url: str) -> str:
        host_path = url.split("://", 1)[-1].rstrip("/").lower()
        return host_path.removeprefix("www.")

    first: dict[str, School] = {}
    found = []
    for school in schools:
        if not school.website:
            continue
        other = first.setdefault(key(school.website), school)
        if other is not school:
            found.append(warning(school.error(
                "website", f"the same website as {other.name}: is it their trust's home page?",
                "link the school's own website, or leave website out until it is known (the trust is named under trust)")))
    return found
