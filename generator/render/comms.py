"""The comms panel for press and school staff: a post for every channel, share links and the card.

Every post comes from one mechanism, generator.posts.fit_post, driven by its channel's row of
generator.posts.CHANNELS (limit, how it counts, whether it may carry the link). Each post names
the school(s), with their handles on that channel where schools.yaml gives them, and carries the
site's hashtags (a story's own `social:` text and hashtags win). Pure functions.
"""
from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import NamedTuple

from generator import routes
from generator.config import Settings
from generator.dates import when_text
from generator.fragment_cache import fragment
from generator.models import Event, School, Story
from generator.posts import CHANNELS, fit_post
from generator.render.plaintext import markdown_plain
from generator.render.text import esc
from generator.render.url_query import quote_all
from generator.status import status_of

ALL_SCHOOLS = "Plymouth's secondary schools"


class ShareLink(NamedTuple):
    """One share target: a stable key (for CSS and tests), the label to show and the address."""

    key: str
    label: str
    href: str


def _join(names: Sequence[str]) -> str:
    return names[0] if len(names) == 1 else f"{', '.join(names[:-1])} and {names[-1]}"


def _mention(school: School, channel: str) -> str:
    """The school as a post on `channel` names it: its name, with its handle there if it has one."""
    handle = getattr(school.social, channel, None) if school.social else None
    if not handle:
        return school.name
    if channel == "linkedin":
        return f"{school.name} (linkedin.com/company/{handle})"
    return f"{school.name} (@{handle})"


def credits(schools: Sequence[School] | None, channel: str, word: str) -> list[str]:
    """Ways to name the schools on `channel`, best first: with handles, then names only.
    None: every school in the city."""
    if schools is None:
        return [f"{word} {ALL_SCHOOLS}"]
    if not schools:
        return []
    found = [f"{word} {_join([_mention(s, channel) for s in schools])}", f"{word} {_join([s.name for s in schools])}"]
    return list(dict.fromkeys(found))


@dataclass(frozen=True)
class Draft:
    """What a page's posts are made of, before each channel fits them."""

    url: str
    title: str
    short: str                 # for X and Bluesky
    long: str                  # for Facebook, LinkedIn and Instagram
    schools: list[School] | None  # None: every school
    word: str                  # "From" (a story) or "For" (a key date)
    hashtags: tuple[str, ...]
    own_text: bool = False     # a story's own social text: cut last


def post_for(draft: Draft, channel: str) -> str:
    """The draft as one post that fits `channel`, counted as that channel counts."""
    short = CHANNELS[channel].short
    return fit_post(draft.short if short else draft.long, draft.url, draft.hashtags, channel,
                    credits(draft.schools, channel, draft.word), keep_text=draft.own_text and short)


def posts_for(draft: Draft) -> dict[str, str]:
    """A post for every channel in CHANNELS, in the table's order."""
    return {channel: post_for(draft, channel) for channel in CHANNELS}


def story_draft(story: Story, settings: Settings, schools: Mapping[str, School]) -> Draft:
    social = story.social
    own = bool(social and social.text)
    text = social.text if social and social.text else story.summary
    tags = tuple(social.hashtags) if social and social.hashtags else tuple(settings.hashtags)
    return Draft(settings.url(routes.story(story.id)), story.title, text or "", f"{story.title}\n\n{text}",
                 [schools[s] for s in story.school if s in schools], "From", tags, own)


def event_draft(event: Event, settings: Settings, schools: Mapping[str, School]) -> Draft:
    url = settings.url(routes.event(event.id))
    status = status_of(event.status).words.share_prefix
    when = when_text(event, settings.zone)
    short = f"{status}{event.title}, {when}."
    lines = [f"{status}{event.title}", f"When: {when}."]
    if event.location:
        lines.append(f"Where: {event.location}.")
    long = "\n".join(lines)
    if event.description:
        long += "\n\n" + markdown_plain(event.description, url)
    ids = event.school_ids
    hosts = None if ids is None else [schools[s] for s in ids if s in schools]
    return Draft(url, event.title, short, long, hosts, "For", tuple(settings.hashtags))


def share_links(draft: Draft, posts: Mapping[str, str]) -> list[ShareLink]:
    """Share links: Facebook and LinkedIn take the link alone (they read the page's Open Graph
    tags); X and Bluesky open with their post written; WhatsApp and email carry the short text."""
    url = draft.url
    message = f"{draft.short}\n\n{url}"
    quoted: dict[str, str] = {}  # the address, the message (and often the X and Bluesky posts) twice each

    def quote(value: str) -> str:
        if value not in quoted:
            quoted[value] = quote_all(value)
        return quoted[value]

    def query(**values: str) -> str:
        return "&".join(f"{key}={quote(value)}" for key, value in values.items())

    return [
        ShareLink("facebook", "Facebook", "https://www.facebook.com/sharer/sharer.php?" + query(u=url)),
        ShareLink("x", "X", "https://x.com/intent/post?" + query(text=posts["x"])),
        ShareLink("bluesky", "Bluesky", "https://bsky.app/intent/compose?" + query(text=posts["bluesky"])),
        ShareLink("linkedin", "LinkedIn", "https://www.linkedin.com/sharing/share-offsite/?" + query(url=url)),
        ShareLink("whatsapp", "WhatsApp", "https://wa.me/?" + query(text=message)),
        ShareLink("email", "Email", f"mailto:?subject={quote(draft.title)}&body={quote(message)}"),
    ]


def comms_panel_html(draft: Draft, card_href: str, heading: str, planner_href: str) -> str:
    """The staff panel as one HTML block for a Markdown page (no newline inside: newlines in posts
    are <br> in text and &#10; in data-copy): a closed <details> "For press and school staff" with
    the share links, the page's address, the card to download and a post per channel, each with a
    copy button (hidden until the site's script finds a clipboard; no inline script). The print
    style sheet hides it. `card_href` and `planner_href`: the card's and the planner's addresses
    relative to the page. Kept between builds by its arguments (generator/fragment_cache.py)."""
    return fragment("comms panel", (draft, card_href, heading, planner_href),
                    lambda: _panel_html(draft, card_href, heading, planner_href))


def _panel_html(draft: Draft, card_href: str, heading: str, planner_href: str) -> str:
    posts = posts_for(draft)
    links = "".join(f'<li><a class="share-link share-{link.key}" href="{esc(link.href)}">'
                    f'{"Share by email" if link.key == "email" else f"Share on {esc(link.label)}"}</a></li>'
                    for link in share_links(draft, posts))
    cards = "".join(_post_card(key, esc(post)) for key, post in posts.items())  # each post escaped once
    name = card_href.rsplit("/", 1)[-1]
    return (f'<details class="comms-panel"><summary>For press and school staff</summary>'
            f'<div class="share-panel"><h2 id="share-heading">{esc(heading)}</h2>'
            f'<ul class="share-links">{links}</ul>'
            f'<p class="share-address">Link: <code>{esc(draft.url)}</code> {_copy(esc(draft.url), "Copy link")}</p>'
            f'<p class="share-image"><a href="{esc(card_href)}" download="{esc(name)}">Download the image</a> '
            f'(1200 × 630 JPEG, for Instagram and scheduling tools)</p>'
            f'<h3>Suggested posts</h3>{cards}'
            f'<p class="share-planner">What to post when, around every key date: '
            f'<a href="{esc(planner_href)}">the planner for communications officers</a>.</p></div></details>')


def _copy(escaped: str, label: str) -> str:
    """A copy button for an escaped value (its newlines kept as &#10;) with a plain-text label."""
    return (f'<button type="button" class="share-copy" data-copy="{escaped.replace(chr(10), "&#10;")}" '
            f'hidden>{esc(label)}</button>')


# What each channel's suggested post says around its text, the same on every page.
_CARD_OPEN = {key: f'<div class="suggested-post" data-platform="{key}"><p class="suggested-post-note">'
                   f'{esc(channel.note)}</p><p class="suggested-post-text">' for key, channel in CHANNELS.items()}
_CARD_COPY = {key: f"Copy the {channel.name} post" for key, channel in CHANNELS.items()}


def _post_card(key: str, escaped: str) -> str:
    """One channel's suggested post (already escaped): the note, the text and its copy button."""
    return f'{_CARD_OPEN[key]}{escaped.replace(chr(10), "<br>")}</p>{_copy(escaped, _CARD_COPY[key])}</div>'
