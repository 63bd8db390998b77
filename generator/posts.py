"""Social post text: each channel's limit and count (CHANNELS), and how a suggested post is put together.

Shared by the validator (a story's own `social:` text must fit) and the share panel (the
suggested post is cut to fit). Every count errs on the long side, so a post we call short
enough always is: X counts a link as 23 characters and most other characters as 1, but CJK
characters and emoji as 2; Bluesky counts graphemes, never more than code points.
"""
from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass

X_LIMIT = 280
X_LINK = 23  # every link, whatever its length, once X has wrapped it in t.co
BLUESKY_LIMIT = 300
ELLIPSIS = "…"

# twitter-text's configuration (v3): these code points weigh 1, every other one 2.
_LIGHT = ((0, 4351), (8192, 8205), (8208, 8223), (8242, 8247))
# The characters outside _LIGHT: each adds 1 to a text's length (weighing 2, not 1). A regex counts
# them in C; a Python loop over every character of every post was a fifth of a page's cost.
_HEAVY = re.compile("[^" + "".join(f"\\U{low:08x}-\\U{high:08x}" for low, high in _LIGHT) + "]")
# Anything X might turn into a link: with a scheme, or a bare domain such as plymouth.gov.uk.
_URLISH = re.compile(r"https?://\S+|(?<![\w@.])(?:[A-Za-z0-9-]+\.)+[A-Za-z]{2,}(?:/\S*)?", re.IGNORECASE)
HASHTAG = re.compile(r"^[A-Za-z0-9_]+$")


def _weight(char: str) -> int:
    point = ord(char)
    return 1 if any(low <= point <= high for low, high in _LIGHT) else 2


def _weighted(text: str) -> int:
    # The usual case: every character weighs 1 (_LIGHT's first range); isascii() answers without a scan.
    if not text or text.isascii() or max(text) <= "\u10ff":
        return len(text)
    return len(text) + len(_HEAVY.findall(text))


def x_length(text: str, link: str | None = None) -> int:
    """Characters as X counts them: `link` (our own, a real address) counts 23 wherever it stands.

    Other link-like words count as 23 or their own length, whichever is more: X may or may not
    make them links, and either way the count is never short.
    """
    text = _nfc(text)
    pieces = text.split(_nfc(link)) if link else [text]
    return X_LINK * (len(pieces) - 1) + sum(_other_length(piece) for piece in pieces)


def _other_length(text: str) -> int:
    total = position = 0
    for match in _URLISH.finditer(text):
        total += _weighted(text[position:match.start()]) + max(_weighted(match.group()), X_LINK)
        position = match.end()
    return total + _weighted(text[position:])


def _nfc(text: str) -> str:
    """unicodedata.normalize("NFC", text); ASCII text is its own NFC, known without a pass over it."""
    return text if text.isascii() else unicodedata.normalize("NFC", text)


def bluesky_length(text: str) -> int:
    """Bluesky's count of graphemes, never under: code points after NFC; a link counts in full."""
    return len(_nfc(text))


def utf16_length(text: str) -> int:
    """Length in UTF-16 code units after NFC: what Facebook, LinkedIn and Instagram count, never under."""
    if text.isascii():
        return len(text)  # one unit a character
    return len(unicodedata.normalize("NFC", text).encode("utf-16-le")) // 2


@dataclass(frozen=True)
class Channel:
    """Where a post goes: its limit, how it counts a post that carries our link, and whether it may
    carry a link at all (Instagram captions may not: their links are not clickable)."""

    key: str
    name: str
    limit: int
    measure: Callable[[str, str], int]  # (post, our link) -> length
    link: bool = True
    short: bool = False  # True: the short text (a summary); False: the longer one (title and summary)
    note: str = ""  # what the comms panel says about the post


# One table for every channel: composing, cutting, testing and the panel all read it.
CHANNELS: dict[str, Channel] = {
    "facebook": Channel("facebook", "Facebook", 63_206, lambda post, link: utf16_length(post),
                        note="For Facebook (the longer text; the link shows its preview)"),
    "x": Channel("x", "X", X_LIMIT, lambda post, link: x_length(post, link), short=True,
                 note="For X (fits 280 characters; X counts the link as 23)"),
    "bluesky": Channel("bluesky", "Bluesky", BLUESKY_LIMIT, lambda post, link: bluesky_length(post), short=True,
                       note="For Bluesky (fits 300 characters)"),
    "linkedin": Channel("linkedin", "LinkedIn", 3_000, lambda post, link: utf16_length(post),
                        note="For LinkedIn (fits 3,000 characters)"),
    "instagram": Channel("instagram", "Instagram", 2_200, lambda post, link: utf16_length(post), link=False,
                         note="Instagram caption (no link: put the page in your bio; post the image below)"),
}
LINK_IN_BIO = "Read more: link in bio."


def compose(text: str, url: str, hashtags: Sequence[str] = (), credit: str = "") -> str:
    """The post as people copy it: the text, the credit (who it is from), the link, then the
    hashtags, each after a blank line. An empty part is left out."""
    parts = [text, credit, url]
    if hashtags:
        parts.append(" ".join(f"#{tag}" for tag in hashtags))
    return "\n\n".join(part for part in parts if part)


def fit_post(text: str, url: str, hashtags: Sequence[str] = (), platform: str = "x",
             credits: Sequence[str] = (), keep_text: bool = False) -> str:
    """compose(), cut to the channel's limit, the link left out where the channel takes none.

    `credits` are ways to name the school(s), best first (with handles, names only); the first
    that fits is used and one is always kept while any fits. The text is cut on a word boundary
    with '…' before hashtags go from the end, unless `keep_text` (a story's own words, already
    checked to fit X): then the credit and hashtags give way first and the text is cut last.
    """
    rules = CHANNELS[platform]
    link = url if rules.link else LINK_IN_BIO
    text = text.strip()

    def fits(post: str) -> bool:
        return rules.measure(post, url) <= rules.limit

    def variants() -> Iterator[tuple[str, list[str]]]:  # made as needed: the first usually fits
        for credit in (*credits, ""):
            for count in range(len(hashtags), -1, -1):
                yield credit, list(hashtags[:count])

    if keep_text:
        for credit, tags in variants():
            post = compose(text, link, tags, credit)
            if fits(post):
                return post
    for credit, tags in variants():
        post = compose(text, link, tags, credit)
        if fits(post):
            return post
        def fits_with(candidate: str, credit: str = credit, tags: list[str] = tags) -> bool:
            return fits(compose(candidate, link, tags, credit))

        short = _shorten(text, fits_with)
        if short:
            return compose(short, link, tags, credit)
    return link


def _shorten(text: str, fits: Callable[[str], bool]) -> str:
    """The longest start of `text` that ends at a word with '…' and fits; '' when none does."""
    words = text.split(" ")

    def cut(count: int) -> str:
        return " ".join(words[:count]).rstrip(" ,;:-–—.") + ELLIPSIS

    best = _longest(len(words) - 1, lambda n: fits(cut(n)) and cut(n) != ELLIPSIS)
    if best:
        return cut(best)
    # One word longer than the whole post (a pasted address, a long compound): cut inside it.
    characters = _longest(len(words[0]) - 1, lambda n: fits(words[0][:n] + ELLIPSIS))
    return words[0][:characters] + ELLIPSIS if characters else ""


def _longest(high: int, fits: Callable[[int], bool]) -> int:
    """The largest n in 1..high with fits(n), by bisection (fits is monotonic); 0 when none."""
    low, best = 1, 0
    while low <= high:
        middle = (low + high) // 2
        if fits(middle):
            best, low = middle, middle + 1
        else:
            high = middle - 1
    return best
