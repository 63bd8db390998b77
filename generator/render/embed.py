"""A small "next key dates" page per school, for school websites to show in an iframe.

Standalone HTML (embed/<school id>/index.html, copied as it is by MkDocs and Zensical): no theme,
header or menu, no script, no cookies, no inline style, one small stylesheet of its own. It fits an
iframe 300 px wide. Links open the full site in a new tab; the last one is the school's calendar.
"""
from __future__ import annotations

from generator import routes
from generator.dates import when_html
from generator.models import Event, School
from generator.plan import SitePlan
from generator.render.text import esc
from generator.routes import Here
from generator.status import status_of

EMBED_EVENTS = 5  # the next key dates shown

CSS = """\
html { color-scheme: light; }
body { margin: 0; padding: 0.75rem; background: #fff; color: #1f1f1f; overflow-wrap: anywhere;
       font: 0.95rem/1.4 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif; }
h1 { margin: 0 0 0.5rem; font-size: 1.1rem; line-height: 1.25; color: #1a237e; }
a { color: #1a237e; }
a:hover { text-decoration-thickness: 2px; }
a:focus-visible { outline: 2px solid #1a237e; outline-offset: 2px; }
ol { margin: 0; padding: 0; list-style: none; }
li { padding: 0.5rem 0; border-top: 1px solid #c5c5c5; }
li:first-child { border-top: 0; padding-top: 0; }
.title { font-weight: 600; }
.when, .for { display: block; font-size: 0.875rem; color: #3d3d3d; }
.status { display: inline-block; margin-top: 0.125rem; padding: 0 0.25rem; border: 1px solid currentcolor;
          font-size: 0.8125rem; font-weight: 600; color: #8a1c00; }
.cancelled .title a { text-decoration-line: line-through underline; }
.none { margin: 0; }
.more { margin: 0.75rem 0 0; padding-top: 0.5rem; border-top: 1px solid #c5c5c5; font-size: 0.875rem; }
.more a, footer a { display: inline-block; padding: 0.25rem 0; margin-right: 0.75rem; }
footer { margin-top: 0.5rem; font-size: 0.8125rem; }
"""


def render_embeds(plan: SitePlan) -> dict[str, str]:
    """Docs path → text: each school's embed page, and their stylesheet."""
    files = {routes.docs_path(routes.embed(school.id)): embed_page(plan, school) for school in plan.schools.values()}
    files[routes.EMBED_CSS] = CSS
    return files


def embed_page(plan: SitePlan, school: School) -> str:
    here = Here(routes.embed(school.id))
    events = [event for event in plan.upcoming if plan.includes(event, school.id)][:EMBED_EVENTS]
    name = esc(school.name)
    if events:
        listed = "<ol>\n" + "\n".join(_key_date(plan, here, event) for event in events) + "\n</ol>"
    else:
        listed = '<p class="none">No key dates are coming up yet.</p>'
    return f"""<!DOCTYPE html>
<html lang="en-GB">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex">
<title>Next key dates for {name} – {esc(plan.settings.site_name)}</title>
<link rel="stylesheet" href="{here.to(routes.EMBED_CSS)}">
<link rel="icon" href="{here.to(routes.FAVICON)}">
</head>
<body>
<main>
<h1>Next key dates for {name}</h1>
{listed}
<p class="more">{_link(here, routes.school(school.id), f"More from {school.name}")}
{_link(here, routes.school_calendar(school.id), "Calendar feed (iCal)")}</p>
</main>
<footer>{_link(here, routes.ACCESSIBILITY, "Accessibility")}
{_link(here, routes.PRIVACY, "Privacy")}</footer>
</body>
</html>
"""


def _key_date(plan: SitePlan, here: Here, event: Event) -> str:
    label = status_of(event.status).words.label
    status = f'\n<span class="status">{esc(label)}</span>' if label else ""
    ids = event.school_ids
    names = [plan.schools[i].name if i in plan.schools else i for i in ids] if ids is not None else []
    schools = f'\n<span class="for">{esc(_join(names))}</span>' if names else ""
    return (f'<li class="{event.status}">\n<span class="title">{_link(here, routes.event(event.id), event.title)}</span>\n'
            f'<span class="when">{when_html(event, plan.zone)}</span>{schools}{status}\n</li>')


def _link(here: Here, path: str, text: str) -> str:
    """A link that opens the full site in a new tab (the embed sits in another site's page)."""
    return f'<a href="{here.to(path)}" target="_blank" rel="noopener">{esc(text)}</a>'


def _join(names: list[str]) -> str:
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]
