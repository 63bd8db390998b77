"""A school's social media accounts (`social:` in content/schools.yaml) and a photo's focal point
(`image.focus`): their shapes, validated with errors that say what to write instead.

Handles are written without '@' (in YAML an '@' cannot start a plain value); where a post
names a school, generator.render.comms adds the '@' each channel expects.
"""
from __future__ import annotations

import re
from typing import Annotated, Any

from pydantic import BaseModel, ConfigDict, Field, PlainValidator, WithJsonSchema, model_validator

from generator.fields import describe, fail

# Each channel's handle: its pattern, what it is and an example for the fix.
_X = re.compile(r"^[A-Za-z0-9_]{1,15}$")
_BLUESKY = re.compile(r"^(?=.{3,253}$)(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z](?:[a-z0-9-]{0,61}[a-z0-9])?$")
_FACEBOOK = re.compile(r"^[A-Za-z0-9.]{5,50}$")
_INSTAGRAM = re.compile(r"^(?!\.)(?!.*\.\.)(?!.*\.$)[A-Za-z0-9._]{1,30}$")
_LINKEDIN = re.compile(r"^[A-Za-z0-9](?:[A-Za-z0-9-]{0,98}[A-Za-z0-9])?$")

HANDLES: dict[str, tuple[re.Pattern[str], str, str]] = {
    "x": (_X, "an X handle: 1 to 15 letters, digits or '_'", "PlymstockSch"),
    "bluesky": (_BLUESKY, "a Bluesky handle: a domain in small letters, such as name.bsky.social",
                "plymstock.bsky.social"),
    "facebook": (_FACEBOOK, "a Facebook page name: 5 to 50 letters, digits or '.'", "PlymstockSchool"),
    "instagram": (_INSTAGRAM, "an Instagram username: up to 30 letters, digits, '_' or '.' (not first, last or "
                              "doubled)", "plymstock_school"),
    "linkedin": (_LINKEDIN, "a LinkedIn page name: the part after linkedin.com/company/, letters, digits and '-'",
                 "plymstock-school"),
}
_NAMES = {"x": "X", "bluesky": "Bluesky", "facebook": "Facebook", "instagram": "Instagram", "linkedin": "LinkedIn"}
# Addresses people paste instead of the handle: the handle is what follows.
_ADDRESS = re.compile(r"^(?:https?://)?(?:www\.)?(?:x\.com|twitter\.com|bsky\.app/profile|facebook\.com|"
                      r"instagram\.com|linkedin\.com/company)/([^/?#\s]+)/?$", re.IGNORECASE)


def _handle(channel: str):
    pattern, what, example = HANDLES[channel]

    def parse(value: Any) -> str:
        if not isinstance(value, str):
            raise fail(f"expected {what}, got {describe(value)}", f"write it in quotes, e.g.  {channel}: \"{example}\"")
        pasted = _ADDRESS.match(value.strip())
        if pasted:
            raise fail(f"expected {what}, got an address", f"write the handle alone:  {channel}: {pasted.group(1)}")
        if value.startswith("@"):
            raise fail(f"write the {_NAMES[channel]} handle without '@'",
                       f"write  {channel}: {value.lstrip('@')}  (the '@' is added for you)")
        if channel == "bluesky" and pattern.match(value.lower()) and value != value.lower():
            raise fail(f"a Bluesky handle is written in small letters, got {value!r}",
                       f"write  bluesky: {value.lower()}")
        if not pattern.match(value):
            raise fail(f"expected {what}, got {value!r}", f"copy it from the school's profile, e.g.  {channel}: {example}")
        return value

    return Annotated[str, PlainValidator(parse), WithJsonSchema({"type": "string", "pattern": pattern.pattern})]


class SchoolSocial(BaseModel):
    """A school's accounts: handles or page names, without '@', each optional."""

    model_config = ConfigDict(extra="forbid", frozen=True)
    x: _handle("x") | None = Field(None, description="X handle without '@'", examples=["PlymstockSch"])  # type: ignore[valid-type]
    bluesky: _handle("bluesky") | None = Field(None, description="Bluesky handle (a domain)",  # type: ignore[valid-type]
                                                examples=["plymstock.bsky.social"])
    facebook: _handle("facebook") | None = Field(None, description="Facebook page name (after facebook.com/)",  # type: ignore[valid-type]
                                                  examples=["PlymstockSchool"])
    instagram: _handle("instagram") | None = Field(None, description="Instagram username without '@'",  # type: ignore[valid-type]
                                                    examples=["plymstock_school"])
    linkedin: _handle("linkedin") | None = Field(None, description="LinkedIn page name (after linkedin.com/company/)",  # type: ignore[valid-type]
                                                  examples=["plymstock-school"])

    @model_validator(mode="after")
    def _something(self) -> SchoolSocial:
        if not any((self.x, self.bluesky, self.facebook, self.instagram, self.linkedin)):
            raise fail("it names no account", "give at least one of x, bluesky, facebook, instagram, linkedin, "
                                              "or remove social:")
        return self


# ---- a photo's focal point

FOCUS_WORDS: dict[str, tuple[float, float]] = {
    "centre": (50, 50), "center": (50, 50), "top": (50, 0), "bottom": (50, 100), "left": (0, 50), "right": (100, 50),
    "top-left": (0, 0), "top-right": (100, 0), "bottom-left": (0, 100), "bottom-right": (100, 100),
}


def _parse_focus(value: Any) -> tuple[float, float]:
    fix = "write  focus: [50, 30]  (across, then down, as percentages from the top left) or a word such as top"
    if isinstance(value, str):
        if value in FOCUS_WORDS:
            return FOCUS_WORDS[value]
        if value.strip().lower() in FOCUS_WORDS:
            raise fail(f"unknown focus {value!r}", f"write it in small letters:  focus: {value.strip().lower()}")
        raise fail(f"unknown focus {value!r}", f"use one of {', '.join(FOCUS_WORDS)}, or two numbers: [50, 30]")
    if not isinstance(value, list) or len(value) != 2:
        got = f"a list of {len(value)}" if isinstance(value, list) else describe(value)
        raise fail(f"expected two numbers [across, down] or a word, got {got}", fix)
    for axis, number in zip(("across", "down"), value, strict=True):
        if isinstance(number, bool) or not isinstance(number, (int, float)):
            raise fail(f"expected a number from 0 to 100 ({axis}), got {describe(number)}", fix)
        if not 0 <= number <= 100:
            raise fail(f"{number} ({axis}) is not a percentage from 0 to 100",
                       "0 is the left (or top) edge, 100 the right (or bottom)")
    return float(value[0]), float(value[1])


Focus = Annotated[tuple[float, float], PlainValidator(_parse_focus), WithJsonSchema({"oneOf": [
    {"type": "array", "items": {"type": "number", "minimum": 0, "maximum": 100}, "minItems": 2, "maxItems": 2},
    {"type": "string", "enum": list(FOCUS_WORDS)}]})]
