"""Story pages, the paginated archive (all, by year, by tag) and the school pages."""
from __future__ import annotations

from collections.abc import Iterator
from functools import partial

from generator import routes
from generator.dates import clock, date_html, day_words
from generator.fragment_cache import fragment
from generator.models import School, Story
from generator.render.browse import browse_nav, story_pager, story_rows
from generator.render.comms import comms_panel_html, story_draft
from generator.render.follow import follow_jump, follow_school, follow_tag
from generator.render.parts import (
    MORE_FROM,
    SCHOOL_PAST,
    SCHOOL_STORIES,
    SCHOOL_UPCOMING,
    Index,
    StoryImage,
    image_tag,
    key_dates,
    link_list,
    page,
    pages_of,
    pagination,
    school_links,
    story_cards,
    story_lines,
)
from generator.render.search_meta import school_search, story_search
from generator.render.social import feed_links, page_head, story_head
from generator.render.text import esc, markdown_html
from generator.routes import Here

Pages = Iterator[tuple[str, str]]  # (site path, page text)


def render_story(index: Index, story: Story, newer: Story | None = None, older: Story | None = None) -> Pages:
    """A story's page; `newer` and `older` are its neighbours on the site, for the links between stories.

    Kept between builds (generator/fragment_cache.py) by all it is made from: the story, its
    neighbours, the stories under "More from", its photo, its preview hold and the feeds it announces
    (the settings and schools are the cache's salt). It reads no clock, so a story that did not
    change, nor its neighbours, is not assembled again: most of the generator step at 1,000 stories.
    """
    more = _more_from(index, story)
    photo = index.images.get(story.id)
    held = index.plan.site.previewed.get(story.id)
    feeds = feed_links(index.plan, [s for s in story.school if s in index.plan.schools])
    listed = [other for _school_id, others in more for other in others]
    inputs = (story, newer, older, photo, held and held.due, held is not None, feeds,
              [(school_id, [other.id for other in others]) for school_id, others in more], *listed)
    yield routes.story(story.id), fragment("story page", inputs,
                                           partial(_story_page, index, story, newer, older, more, photo))


def _more_from(index: Index, story: Story) -> list[tuple[str, list[Story]]]:
    """For each of the story's schools, a few of its other stories (newest first), none listed twice."""
    shown = {story.id}
    more = []
    for school_id in story.school:
        others = []
        for other in index.plan.stories_by_school[school_id]:  # newest first; stop after a few
            if other.id not in shown:
                others.append(other)
                shown.add(other.id)
                if len(others) == MORE_FROM:
                    break
        if others:
            more.append((school_id, others))
    return more


def _story_page(index: Index, story: Story, newer: Story | None, older: Story | None,
                more: list[tuple[str, list[Story]]], photo: StoryImage | None) -> str:
    here = Here(routes.story(story.id))
    body = [f"<h1>{esc(story.title)}</h1>", _preview_banner(index, story),
            f'<p class="story-meta">{date_html(story.date)} · {school_links(index, here, story.school)}</p>']
    image = image_tag(index, here, story, "story-image", lazy=False)
    if image:
        body.append(f'<figure class="story-figure">{image}</figure>')
    body.append(f'<div class="story-body">\n{markdown_html(story.body)}\n</div>')
    if story.tags:
        tags = index.plan.settings.tags
        links = [(here.to(routes.tag(tag)), esc(tags[tag])) for tag in story.tags]
        body.append(f'<div class="story-tags">\n<p class="story-tags-label">Tags</p>\n{link_list(links, "tag-list")}\n</div>')
    for school_id, others in more:
        name = esc(index.plan.schools[school_id].name)
        body.append(f'<section class="more-from">\n<h2>More from {name}</h2>\n{story_lines(index, here, others)}\n'
                    f'<p><a href="{here.to(routes.school(school_id))}">All news and key dates from {name}</a></p>\n</section>')
    body.append(story_pager(here, newer, older))
    draft = story_draft(story, index.plan.settings, index.plan.schools)
    body.append(comms_panel_html(draft, here.to(routes.card(story.id)), "Share this story", here.to(routes.PLANNER)))
    head = story_head(index.plan, story, photo.path if photo else None) | story_search(index.plan, story)
    return page(story.title, body, story.summary, head)


def _preview_banner(index: Index, story: Story) -> str:
    """On a preview build only: says the story is a draft or under embargo, so nobody mistakes it for live."""
    held = index.plan.site.previewed.get(story.id)
    if held is None:
        return ""
    if held.due is None:
        words = "This is a draft: it is on no public page, feed or calendar until its <code>draft: true</code> line is removed."
    else:
        due = held.due.astimezone(index.plan.zone)
        words = (f"It is under embargo until {clock(due)} on {day_words(due.date())} (UK time) and appears "
                 "nowhere on the public site before then.")
    return (f'<div class="status-banner status-preview" role="note"><p><strong>Not yet published.</strong> '
            f"{words}</p></div>")


def _year_nav(index: Index, here: Here) -> str:
    years = [(here.to(routes.stories_year(year)), str(year)) for year in index.plan.stories_by_year]
    if not years:
        return ""
    listed = link_list(years, "year-list", current=here.to(here.url))
    return f'<nav class="year-nav" aria-label="Stories by year">\n<p class="filter-label">Stories by year</p>\n{listed}\n</nav>'


def _story_list_pages(index: Index, base: str, title: str, stories: list[Story], description: str,
                      up: tuple[str, str] | None = None, by_year: bool = False, tag: str | None = None,
                      school: School | None = None) -> Pages:
    """Pages of a story list, newest first, PAGE_SIZE to a page; year headings when by_year.

    `up` is (site path, escaped link text) of the page this list belongs to. A tag's or a school's
    pages announce its own feeds for autodiscovery.
    """
    chunks = pages_of(stories)
    for number, chunk in enumerate(chunks, 1):
        here = Here(routes.page_of(base, number))
        heading = title if number == 1 else f"{title}, page {number} of {len(chunks)}"
        body = [f"<h1>{esc(heading)}</h1>"]
        if up:
            body.append(f'<p class="up-link"><a href="{here.to(up[0])}">{up[1]}</a></p>')
        if base.startswith(routes.STORIES):
            body.append(_year_nav(index, here))
            body.append(browse_nav(index, here))
        if not chunk:
            body.append("<p>No stories yet.</p>")
        elif by_year:
            years: dict[int, list[Story]] = {}
            for story in chunk:
                years.setdefault(story.date.year, []).append(story)
            for year, group in years.items():
                body.append(f"<h2>{year}</h2>\n{story_rows(index, here, group)}")
        else:
            body.append(story_rows(index, here, chunk, "h2"))
        body.append(pagination(here, base, number, len(chunks), f"Pages of {title.lower()}"))
        if tag:
            body.append(follow_tag(index.plan, here, tag))
        head = page_head(index.plan, heading, description, here.url, tag=tag, schools=[school] if school else ())
        yield here.url, page(heading, body, description, head)


def render_archive(index: Index) -> Pages:
    """/stories/ (all, paginated, year headings) and /stories/<year>/ (paginated)."""
    yield from _story_list_pages(index, routes.STORIES, "Stories", index.plan.stories,
                                 "Good-news stories from Plymouth's secondary schools, newest first.", by_year=True)
    for year, stories in index.plan.stories_by_year.items():
        yield from _story_list_pages(index, routes.stories_year(year), f"Stories from {year}", stories,
                                     f"Good-news stories from Plymouth's secondary schools in {year}.",
                                     up=(routes.STORIES, "All stories"))


def render_tags(index: Index) -> Pages:
    """/tags/ and a paginated page per tag that has stories."""
    names = index.plan.settings.tags
    here = Here(routes.TAGS)
    used = [tag for tag in names if index.plan.stories_by_tag.get(tag)]
    counts = "\n".join(f'<li><a href="{here.to(routes.tag(tag))}">{esc(names[tag])}</a> '
                       f'<span class="count">({_stories(len(index.plan.stories_by_tag[tag]))})</span></li>' for tag in used)
    body = ["<h1>Tags</h1>", '<ul class="tag-index">\n' + counts + "\n</ul>" if used else "<p>No stories yet.</p>"]
    description = "Stories from Plymouth's secondary schools by topic."
    yield here.url, page("Tags", body, description, page_head(index.plan, "Tags", description, here.url))
    for tag in used:
        title = f"Stories tagged {names[tag]}"
        yield from _story_list_pages(index, routes.tag(tag), title, index.plan.stories_by_tag[tag],
                                     f"{title} from Plymouth's secondary schools.", up=(routes.TAGS, "All tags"), tag=tag)


def render_schools(index: Index) -> Pages:
    """/schools/, a page per school and, for a school with many stories, its paginated list."""
    here = Here(routes.SCHOOLS)
    items = []
    for school in index.plan.site.schools:
        trust = f'<div class="school-trust">{esc(school.trust)}</div>' if school.trust else ""
        items.append(f'<li><a href="{here.to(routes.school(school.id))}">{esc(school.name)}</a>{trust}</li>')
    body = ["<h1>Schools</h1>", '<ul class="school-list">\n' + "\n".join(items) + "\n</ul>"]
    description = "The secondary schools in the partnership: their news and key dates."
    yield here.url, page("Schools", body, description, page_head(index.plan, "Schools", description, here.url))
    for school in index.plan.site.schools:
        yield from _school(index, school)


def _school(index: Index, school: School) -> Pages:
    here = Here(routes.school(school.id))
    name = esc(school.name)
    facts = []
    if school.trust:
        facts.append(f"<dt>Trust</dt><dd>{esc(school.trust)}</dd>")
    if school.website:
        facts.append(f'<dt>Website</dt><dd><a href="{esc(school.website)}">{name} website</a></dd>')
    body = [f"<h1>{name}</h1>"]
    if facts:
        body.append('<dl class="school-facts">\n' + "\n".join(facts) + "\n</dl>")
    body.append(follow_jump(index.plan, school.id))
    stories = index.plan.stories_by_school.get(school.id, [])
    news = ["<h2>Latest stories</h2>"]
    if stories:
        news.append(story_cards(index, here, stories[:SCHOOL_STORIES]))
    else:  # an empty school page still serves its parents: key dates first, then how to send a story
        news.append(f'<p class="no-stories">No stories from {name} yet. Staff at {name} can '
                    f'<a href="{here.to(routes.SUBMIT)}">send a story or a key date</a>: the partnership\'s '
                    "communications team checks it before it is published.</p>")
    if len(stories) > SCHOOL_STORIES:
        news.append(f'<p class="more-link"><a href="{here.to(routes.school_stories(school.id))}">'
                    f"All {len(stories)} stories from {name}</a></p>")
    upcoming = _first(index, index.plan.upcoming, school.id, SCHOOL_UPCOMING)
    past = _first(index, index.plan.past, school.id, SCHOOL_PAST)
    dates = ["<h2>Key dates</h2>"]
    dates.append("<h3>Coming up</h3>\n" + (key_dates(index, here, upcoming) if upcoming else "<p>No key dates coming up.</p>"))
    if past:
        dates.append("<h3>Recent</h3>\n" + key_dates(index, here, past))
    dates.append(f'<ul class="more-links"><li><a href="{here.to(routes.events_school(school.id))}">All key dates for {name}</a></li>'
                 f'<li><a href="{here.to(routes.EVENTS)}">All key dates for every school</a></li></ul>')
    body += (news + dates) if stories else dates
    body.append(follow_school(index.plan, here, school.id))
    if not stories:
        body += news
    description = f"News and key dates from {school.name}."
    head = page_head(index.plan, school.name, description, here.url, schools=[school]) | school_search(index.plan, school)
    yield here.url, page(school.name, body, description, head)
    if len(stories) > SCHOOL_STORIES:
        yield from _story_list_pages(index, routes.school_stories(school.id), f"Stories from {school.name}", stories,
                                     f"Every story from {school.name}, newest first.",
                                     up=(routes.school(school.id), f"{name}: news and key dates"), school=school)


def _first(index: Index, events, school_id: str, limit: int) -> list:
    found = []
    for event in events:
        if index.plan.includes(event, school_id):
            found.append(event)
            if len(found) == limit:
                break
    return found


def _stories(count: int) -> str:
    return f"{count} stor{'y' if count == 1 else 'ies'}"
