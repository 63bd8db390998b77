"""url_query percent-encodes exactly as urllib.parse.quote(safe='') and urlencode(quote_via=quote) do."""
from __future__ import annotations

from urllib.parse import quote, urlencode

import pytest

from generator.render.url_query import query, quote_all

TEXTS = ["", "plain", "a b+c/d?e=f&g#h", "~_.-", "Café – 学校 🎉", "line one\n\nline two\r\n", "%20 already", "'\"<>"]


@pytest.mark.parametrize("text", TEXTS)
def test_quote_all_is_quote_with_nothing_safe(text):
    assert quote_all(text) == quote(text, safe="")


def test_query_is_urlencode():
    values = {f"key {n}": text for n, text in enumerate(TEXTS)}
    assert query(values) == urlencode(values, quote_via=quote, safe="")
