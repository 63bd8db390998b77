"""Finding key dates: the quick views' names and the finder's controls for /events/.

The finder is progressive enhancement: the controls are in the page but hidden, and
docs/javascripts/key-dates.js shows them and filters the list by the data attributes on each key
date (parts.key_date_data). Without JavaScript the static pages do the same job: by school
(/events/school/<id>/), category, audience, and the quick views below.
"""
from __future__ import annotations

from generator import routes
from generator.render.parts import Index
from generator.render.text import esc

QUICK_VIEWS = [(routes.EVENTS_TODAY, "Today"), (routes.EVENTS_THIS_WEEK, "This week"),
               (routes.EVENTS_THIS_MONTH, "This month"), (routes.EVENTS_NEXT_MONTH, "Next month")]


def finder_html(index: Index) -> str:
    """Three labelled drop-downs (school, category, audience) and a live region for the count."""
    settings = index.plan.settings
    schools = sorted(((s.id, s.name) for s in index.plan.schools.values()), key=lambda item: item[1])
    fields = [("school", "School", "All schools", schools),
              ("category", "Category", "All categories", list(settings.categories.items())),
              ("audience", "Who it is for", "Everyone", list(settings.audiences.items()))]
    rows = []
    for key, label, everything, options in fields:
        choices = "".join(f'<option value="{esc(value)}">{esc(text)}</option>' for value, text in options)
        rows.append(f'<p class="finder-field"><label for="finder-{key}">{label}</label>'
                    f'<select id="finder-{key}" name="{key}" data-filter="{key}">'
                    f'<option value="">{everything}</option>{choices}</select></p>')
    return ('<div class="key-date-finder-area">\n<fieldset class="key-date-finder" data-finder hidden>\n'
            '<legend>Show only the key dates that match</legend>\n'
            + "\n".join(rows) + "\n"
            '<p class="finder-note">A school\'s own dates are shown with the dates for every school.</p>\n'
            '<p class="finder-field"><button type="button" data-finder-reset>Show every key date</button></p>\n'
            '</fieldset>\n'
            '<p class="finder-status" role="status" data-finder-status></p>\n</div>')
