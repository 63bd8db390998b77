"""Past dates are past: the notice on an ended key date's page, the link to the next date of its
series, and the search weight that ranks upcoming dates above past ones."""
from __future__ import annotations

from generator import routes
from generator.dates import when_html
from generator.models import Event
from generator.render.parts import Index, schools_note
from generator.render.text import esc
from generator.routes import Here

PASSED = "This date has passed."
PAST_SEARCH_BOOST = 0.1  # Material's search: an ended key date ranks below every current page

_AFTER = {  # what the notice adds about an ended date's status (a tentative date was never confirmed here)
    "tentative": "It was listed as to be confirmed, so check with your school whether it took place as shown.",
    "cancelled": "It had been cancelled.",
}


def passed_notice(index: Index, here: Here, event: Event) -> str:
    """'This date has passed.', then the next date of the same series, or where to find what is coming up."""
    words = f"<strong>{PASSED}</strong>" + (f" {_AFTER[event.status]}" if event.status in _AFTER else "")
    after = index.plan.next_in_series(event)
    if after is not None:
        onward = (f'The next one: <a href="{here.to(routes.event(after.id))}">{esc(after.title)}</a>'
                  f"{schools_note(index, after)}, {when_html(after, index.plan.zone)}.")
    else:
        onward = f'See the <a href="{here.to(routes.EVENTS)}">key dates coming up</a>.'
    return (f'<div class="status-banner status-passed passed-notice" role="note">'
            f"<p>{words}</p><p>{onward}</p></div>")


def search_rank(index: Index, event: Event) -> dict:
    """Front matter for the site search: an ended date's page ranks below the current ones."""
    return {"search": {"boost": PAST_SEARCH_BOOST}} if index.plan.ended(event) else {}
