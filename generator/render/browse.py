"""Stories worth browsing: list rows with a small photo and summary, links to browse by school and
by tag, and newer/older links between story pages.

Each piece is a fixed size (a row per story on a paginated page; one link per school and per tag
in use; two neighbours), so no page grows with the number of stories but the paginated lists.
"""
from __future__ import annotations

from generator import routes
from generator.models import Story
from generator.render.parts import Index, story_item
from generator.render.text import esc
from generator.routes import Here


def thumbnail(index: Index, here: Here, story: Story) -> str:
    """The story's smallest published copy, lazy, with its width, height and alt text ('' without a photo)."""
    image = index.images.get(story.id)
    if not image or not story.image:
        return ""
    path, width, height = image.path, image.width, image.height
    if image.smaller and image.width and image.height:
        path, width = image.smaller[0]
        height = max(1, round(image.height * width / image.width))
    size = f' width="{width}" height="{height}"' if width and height else ""
    focus = story.image.focus
    style = f' style="object-position: {focus[0]:g}% {focus[1]:g}%"' if focus else ""
    return (f'<img class="story-row-image" src="{here.to(path)}" alt="{esc(story.image.alt)}"{size}'
            f' loading="lazy" decoding="async"{style}>')


def story_row(index: Index, here: Here, story: Story, heading: str = "h3") -> str:
    """A story in a list: its title (a heading, first for screen readers), date and school, photo and summary."""
    return story_item(index, here, story, "story-row", thumbnail(index, here, story), heading)


def story_rows(index: Index, here: Here, stories: list[Story], heading: str = "h3") -> str:
    return '<ul class="story-rows">\n' + "\n".join(story_row(index, here, s, heading) for s in stories) + "\n</ul>"


def browse_nav(index: Index, here: Here) -> str:
    """Links to each school's page and each tag in use: the existing pages, never a list of every story."""
    plan = index.plan
    schools = [(here.to(routes.school(school.id)), esc(school.name)) for school in plan.site.schools]
    tags = [(here.to(routes.tag(tag)), esc(name)) for tag, name in plan.settings.tags.items()
            if plan.stories_by_tag.get(tag)]
    groups = []
    if schools:
        groups.append(_group("By school", schools))
    if tags:
        groups.append(_group("By tag", tags))
    if not groups:
        return ""
    return ('<nav class="browse-nav" aria-label="Browse stories">\n<p class="filter-label">Browse stories</p>\n'
            + "\n".join(groups) + "\n</nav>")


def _group(title: str, links: list[tuple[str, str]]) -> str:
    items = "\n".join(f'<li><a href="{href}">{text}</a></li>' for href, text in links)
    return (f'<details class="browse-group">\n<summary>{title} <span class="count">({len(links)})</span></summary>\n'
            f'<ul class="filter-list">\n{items}\n</ul>\n</details>')


def story_pager(here: Here, newer: Story | None, older: Story | None) -> str:
    """Links to the next newer and the next older story on the site."""
    items = []
    for story, css, rel, label in ((newer, "newer", "prev", "Newer story"), (older, "older", "next", "Older story")):
        if story:
            items.append(f'<li class="story-pager-{css}"><a rel="{rel}" href="{here.to(routes.story(story.id))}">'
                         f'<span class="story-pager-label">{label}<span class="visually-hidden">:</span></span> '
                         f"{esc(story.title)}</a></li>")
    if not items:
        return ""
    return '<nav class="story-pager" aria-label="Newer and older stories">\n<ul>\n' + "\n".join(items) + "\n</ul>\n</nav>"
