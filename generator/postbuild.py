"""Small, exact fixes to the built HTML that no theme override can reach.

Material for MkDocs (and Zensical, whose base.html is the same here) writes its two hidden
toggles outside every template block:

    <input class="md-toggle" data-md-toggle="drawer" type="checkbox" id="__drawer" autocomplete="off">
    <input class="md-toggle" data-md-toggle="search" type="checkbox" id="__search" autocomplete="off">

`autocomplete` is not allowed on a checkbox, so the Nu Html Checker reports an error on every
page. This step removes that one attribute from those two inputs.

Material's table of contents (partials/toc.html) also writes `<label class="md-nav__title"
for="__toc">`, but the `__toc` checkbox it points to is written by the navigation only for pages
that are in the menu. Our menu lists sections only, so on every other page with headings (a
story, the accessibility statement) the label points at nothing, which is invalid. There the
`for` attribute is dropped: the label is only a heading, with nothing to open or close.

Zensical (0.0.73) writes the same toggles, and also `<label class="md-overlay" for="__drawer"
aria-hidden="true">`: `aria-hidden` is not allowed on a label tied to a form control. The label
is empty (it is the dimmed overlay that closes the menu), so dropping `aria-hidden` changes
nothing a screen reader announces. Run `python -m generator.postbuild SITE_DIR` after
`zensical build` to apply these fixes to a Zensical-built site.

Nothing else is changed. In `python -m generator build`, `fix_html` runs inside MkDocs as each
page and HTML template is written (generator/mkdocs_fast.py, registered by build.py, as Zensical
ignores MkDocs plugins and `hooks:`), before the swap, so the published site is always the fixed
one and no page is read and written twice. Each rewrite is an exact string
replacement: if a theme upgrade changes the markup, the rewrite simply stops matching and
tests/test_vnu.py reports the error again.
"""
from __future__ import annotations

from pathlib import Path

from generator.write import write_atomic

REWRITES: tuple[tuple[str, str], ...] = tuple(
    (
        f'<input class="md-toggle" data-md-toggle="{name}" type="checkbox" id="__{name}" autocomplete="off">',
        f'<input class="md-toggle" data-md-toggle="{name}" type="checkbox" id="__{name}">',
    )
    for name in ("drawer", "search")
) + (
    ('<label class="md-overlay" for="__drawer" aria-hidden="true">', '<label class="md-overlay" for="__drawer">'),
)


TOC_LABEL = '<label class="md-nav__title" for="__toc">'
TOC_INPUT = 'id="__toc"'


def fix_html(text: str) -> str:
    """One page's HTML with the rewrites applied."""
    for old, new in REWRITES:
        text = text.replace(old, new, 1)
    if TOC_LABEL in text and TOC_INPUT not in text:
        text = text.replace(TOC_LABEL, '<label class="md-nav__title">')
    return text


def postprocess_site(site_dir: Path) -> int:
    """Apply the rewrites to every HTML file under site_dir; returns how many files changed."""
    changed = 0
    for path in sorted(Path(site_dir).rglob("*.html")):
        text = path.read_text("utf-8")
        fixed = fix_html(text)
        if fixed != text:
            write_atomic(path, fixed)
            changed += 1
    return changed


def main(argv: list[str] | None = None) -> int:
    """`python -m generator.postbuild SITE_DIR`: fix a site built by `zensical build` (or mkdocs)."""
    import sys

    args = sys.argv[1:] if argv is None else argv
    if len(args) != 1 or not Path(args[0]).is_dir():
        print("usage: python -m generator.postbuild SITE_DIR", file=sys.stderr)
        return 2
    print(f"fixed {postprocess_site(Path(args[0]))} HTML files in {args[0]}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
