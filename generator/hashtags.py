"""A hashtag as content and settings write it: one word without '#', checked with a fix that says how.

Stories' `social.hashtags`, events' `messages:` and the site-wide `hashtags` setting all use these
types, so every list of hashtags gives the same advice.
"""
from __future__ import annotations

import re
from typing import Annotated, Any

from pydantic import BeforeValidator, PlainValidator, WithJsonSchema

from generator.fields import describe, fail
from generator.posts import HASHTAG


def parse_hashtag(value: Any) -> str:
    if not isinstance(value, str):
        raise fail(f"expected a hashtag, got {describe(value)}", 'write the word in quotes, e.g. "PlymouthSchools"')
    if value.startswith("#"):
        raise fail("write the hashtag without '#': in YAML a '#' starts a comment",
                   f"write it as {value.lstrip('#')}  (the '#' is added for you)")
    if not HASHTAG.match(value):
        fixed = "".join(part[:1].upper() + part[1:] for part in re.split(r"[^A-Za-z0-9_]+", value))
        raise fail(f"a hashtag is one word of letters, digits and '_', got {describe(value)}",
                   f"write it as {fixed}" if fixed else "use letters, digits and '_' only, e.g. PlymouthSchools")
    if value.isdigit():
        raise fail(f"a hashtag needs at least one letter, got {describe(value)}", f"add a word, e.g. Results{value}")
    return value


def hashtag_list(value: Any) -> Any:
    if value is None:
        raise fail("there are no hashtags here: a '#' starts a comment in YAML, so '#Word' reads as nothing",
                   "write hashtags without '#', in square brackets:  hashtags: [PlymouthSchools, Science]")
    return [value] if isinstance(value, str) else value


Hashtag = Annotated[str, PlainValidator(parse_hashtag),
                    WithJsonSchema({"type": "string", "pattern": HASHTAG.pattern})]
Hashtags = Annotated[list[Hashtag], BeforeValidator(hashtag_list)]
