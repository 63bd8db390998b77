"""The post counts' shortcuts for ASCII text give what the full counts give (generator/posts.py)."""
from __future__ import annotations

import unicodedata

import pytest

from generator.posts import _HEAVY, _URLISH, X_LINK, bluesky_length, utf16_length, x_length

TEXTS = ["", "Year 9 robotics team reach the national final", "plymouth.gov.uk and https://example.org/a?b=1",
         "Café – résumé", "e\u0301 composed by NFC", "学校のニュース 🎉", "\u0958 stays decomposed"]
LINK = "https://news.plymouthschools.org.uk/stories/x/"


def _full_x_length(text: str, link: str | None) -> int:
    """x_length without shortcuts: NFC always, every character's weight looked up."""
    def weighted(piece: str) -> int:
        return len(piece) + len(_HEAVY.findall(piece))

    def other(piece: str) -> int:
        total = position = 0
        for match in _URLISH.finditer(piece):
            total += weighted(piece[position:match.start()]) + max(weighted(match.group()), X_LINK)
            position = match.end()
        return total + weighted(piece[position:])

    text = unicodedata.normalize("NFC", text)
    pieces = text.split(unicodedata.normalize("NFC", link)) if link else [text]
    return X_LINK * (len(pieces) - 1) + sum(other(piece) for piece in pieces)


@pytest.mark.parametrize("text", TEXTS)
def test_counts_match_the_full_counts(text):
    post = f"{text}\n\n{LINK}\n\n#PlymouthSchools"
    assert x_length(post, LINK) == _full_x_length(post, LINK)
    assert x_length(text) == _full_x_length(text, None)
    assert bluesky_length(post) == len(unicodedata.normalize("NFC", post))
    assert utf16_length(post) == len(unicodedata.normalize("NFC", post).encode("utf-16-le")) // 2
