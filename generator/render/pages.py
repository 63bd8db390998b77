"""Markdown pages for the site, written as HTML blocks so every value is escaped exactly once."""
from __future__ import annotations

from generator.publish import Published
from generator.render.text import day_in_words, esc, front_matter, markdown_html


def render_pages(site: Published, images: dict[str, str]) -> dict[str, str]:
    """All generated pages, keyed by their path under the docs folder."""
    pages: dict[str, str] = {}
    pages["index.md"] = _home(site)
    pages["stories/index.md"] = _story_list(site)
    for story in site.stories:
        pages[f"stories/{story.id}.md"] = _story(site, story, images.get(story.id))
    pages["schools/index.md"] = _school_list(site)
    for school in site.schools:
        pages[f"schools/{school.id}.md"] = _school(site, school)
    pages["events/index.md"] = _event_list(site)
    for event in site.events:
        pages[f"events/{event.id}.md"] = _event(site, event)
    return pages


def _school_names(site: Published, ids) -> str:
    by_id = {s.id: s for s in site.schools}
    return ", ".join(f'<a href="../../schools/{i}/">{esc(by_id[i].name)}</a>' for i in ids if i in by_id)


def _story_item(story, prefix: str) -> str:
    return (f'<li><a href="{prefix}{story.id}/">{esc(story.title)}</a> '
            f'<time datetime="{story.date.isoformat()}">{esc(day_in_words(story.date))}</time></li>')


def _home(site: Published) -> str:
    stories = "\n".join(_story_item(s, "stories/") for s in site.stories[:10])
    upcoming = [e for e in site.events if e.last_day >= site.now.date()][:6]
    events = "\n".join(f'<li><a href="events/{e.id}/">{esc(e.title)}</a> {esc(day_in_words(e.start_day))}</li>'
                       for e in upcoming)
    return (front_matter(title=site.settings.site_name) + f"# {esc(site.settings.site_name)}\n\n"
            f"## Latest stories\n\n<ul>\n{stories}\n</ul>\n\n## Coming up\n\n<ul>\n{events}\n</ul>\n")


def _story_list(site: Published) -> str:
    items = "\n".join(_story_item(s, "") for s in site.stories)
    return front_matter(title="Stories") + f"# Stories\n\n<ul>\n{items}\n</ul>\n"


def _story(site: Published, story, image: str | None) -> str:
    figure = ""
    if image and story.image:
        figure = f'<p><img src="../../{esc(image)}" alt="{esc(story.image.alt)}"></p>\n'
    return (front_matter(title=story.title, description=story.summary)
            + f"<h1>{esc(story.title)}</h1>\n\n"
            f'<p><time datetime="{story.date.isoformat()}">{esc(day_in_words(story.date))}</time> · '
            f"{_school_names(site, story.school)}</p>\n\n{figure}"
            f'<div class="story-body">\n{markdown_html(story.body)}\n</div>\n')


def _school_list(site: Published) -> str:
    items = "\n".join(f'<li><a href="{s.id}/">{esc(s.name)}</a></li>' for s in site.schools)
    return front_matter(title="Schools") + f"# Schools\n\n<ul>\n{items}\n</ul>\n"


def _school(site: Published, school) -> str:
    stories = [s for s in site.stories if school.id in s.school]
    items = "\n".join(_story_item(s, "../../stories/") for s in stories) or "<li>No stories yet.</li>"
    return front_matter(title=school.name) + f"<h1>{esc(school.name)}</h1>\n\n<ul>\n{items}\n</ul>\n"


def _event_list(site: Published) -> str:
    items = "\n".join(f'<li><a href="{e.id}/">{esc(e.title)}</a> {esc(day_in_words(e.start_day))}</li>'
                      for e in site.events)
    return front_matter(title="Key dates") + f"# Key dates\n\n<ul>\n{items}\n</ul>\n"


def _event(site: Published, event) -> str:
    description = markdown_html(event.description) if event.description else ""
    return (front_matter(title=event.title) + f"<h1>{esc(event.title)}</h1>\n\n"
            f"<p>{esc(day_in_words(event.start_day))}</p>\n{description}\n")
