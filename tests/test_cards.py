"""Card images: 1200x630 JPEGs, one per story and per event, small, clean of metadata, the same every build."""
from __future__ import annotations

import io
import random
import shutil
from pathlib import Path

import pytest
from conftest import NOW, REPO, published, render_all
from PIL import Image

from generator import pictures
from generator.clock import resolve_now
from generator.dates import when_text
from generator.event_schools import titled
from generator.pictures import card_fonts as _card_fonts
from generator.plan import make_plan
from generator.publish import Published
from generator.render.cards import (
    BACKGROUND,
    BAND,
    HEIGHT,
    MARGIN,
    MAX_BYTES,
    WIDTH,
    CardFonts,
    CardSpec,
    card_key,
    draw_card,
    render_card,
)
from generator.routes import SITE_CARD
from generator.routes import card as card_path

SITE = REPO / "tests" / "data" / "site"
ROBOT = "2026-11-20-robotics-final"
LONG_TITLE = ("Pneumonoultramicroscopicsilicovolcanoconiosis and Llanfairpwllgwyngyllgogerychwyrndrobwllllantysiliogogogoch: "
              "an extraordinarily long headline")[:120]


def _plan(settings, schools=()):
    return make_plan(Published(settings, resolve_now(NOW, settings.zone), list(schools), [], []))


def story_card_spec(story, settings, schools, has_photo: bool) -> CardSpec:
    return _plan(settings, schools.values()).story_card(story, has_photo)


def event_card_spec(event, settings, schools=()) -> CardSpec:
    return _plan(settings, schools).event_card(event)


def _load(content: Path) -> Published:
    return published(content, NOW)


@pytest.fixture(scope="module")
def site() -> Published:
    return _load(SITE)


@pytest.fixture(scope="module")
def files(site) -> dict:
    return render_all(site)


def _cards(files) -> dict[str, bytes]:
    return {path: data for path, data in files.items() if path.startswith("cards/") or path == SITE_CARD}


def _noise_photo(width=2000, height=1500) -> bytes:
    """The hardest photo for JPEG: random pixels (seeded, so the test is the same every run)."""
    image = Image.frombytes("RGB", (width, height), random.Random(7).randbytes(width * height * 3))
    buffer = io.BytesIO()
    image.save(buffer, "PNG")
    return buffer.getvalue()


def test_one_card_per_live_story_and_per_event(site, files):
    expected = {card_path(story.id) for story in site.stories} | {card_path(event.id) for event in site.events}
    assert set(_cards(files)) == expected | {SITE_CARD}
    for held in site.held:
        assert card_path(held.story.id) not in files  # an embargoed headline must not leak through its card


def test_cards_are_1200x630_jpegs_under_300kb_without_metadata(files):
    for path, data in _cards(files).items():
        assert len(data) < MAX_BYTES == 300_000, path
        with Image.open(io.BytesIO(data)) as image:
            assert image.format == "JPEG" and image.size == (WIDTH, HEIGHT) == (1200, 630), path
            assert image.mode == "RGB"
            assert not image.getexif() and "exif" not in image.info and "icc_profile" not in image.info, path
            assert not image.info.get("progressive"), path


def test_cards_are_byte_identical_across_builds(site, files):
    again = render_all(site)
    assert _cards(again) == _cards(files)


def test_a_noisy_photo_still_makes_a_card_under_300kb(site):
    story = next(s for s in site.stories if s.id == ROBOT)
    schools = {school.id: school for school in site.schools}
    data = render_card(story_card_spec(story, site.settings, schools, True), _noise_photo(), _card_fonts())
    assert len(data) < MAX_BYTES
    assert Image.open(io.BytesIO(data)).size == (WIDTH, HEIGHT)


def _margins_plain(image: Image.Image, colour, top: int = 0) -> bool:
    """No text in the margins: the strips MARGIN wide along the left, right and bottom edges (from
    `top` down) and, for a whole card, along the top edge are all the background colour."""
    strips = [(0, top, MARGIN, HEIGHT), (WIDTH - MARGIN, top, WIDTH, HEIGHT), (0, HEIGHT - MARGIN, WIDTH, HEIGHT)]
    if top == 0:
        strips.append((0, 0, WIDTH, MARGIN))
    return all(image.crop(box).getcolors() == [((box[2] - box[0]) * (box[3] - box[1]), colour)] for box in strips)


@pytest.mark.parametrize("fonts", [_card_fonts(), CardFonts()], ids=["dejavu", "pillow-default"])
@pytest.mark.parametrize("title", ["Short", "Year 9 robotics team reach the national final", LONG_TITLE,
                                   "W" * 120, "Ünïcödé «quotes» — and a very long line " * 3],
                         ids=["short", "typical", "long-words", "one-wide-word", "unicode"])
def test_text_keeps_clear_of_the_edges(title, fonts):
    branded = draw_card(CardSpec("event", title[:120], "Key date · Exam results " * 4,
                                 "Wednesday 20 January to Thursday 21 January 2027, 4pm to 7pm " * 2,
                                 "Plymouth Schools News and Key Dates", "alt"), None, fonts)
    assert _margins_plain(branded, BACKGROUND)
    with_photo = draw_card(CardSpec("story", title[:120], "Plymstock School, Hele's School and UTC Plymouth",
                                    "Wednesday 30 September 2026", "Plymouth Schools News and Key Dates", "alt"),
                           _noise_photo(400, 300), fonts)
    band_top = HEIGHT - 200  # the band is at least this tall
    assert _margins_plain(with_photo, BAND, top=band_top)


def test_a_photo_card_shows_the_photo_and_a_branded_card_does_not(site):
    story = next(s for s in site.stories if s.id == ROBOT)
    schools = {school.id: school for school in site.schools}
    photo = (story.folder / story.image.src).read_bytes()
    with_photo = draw_card(story_card_spec(story, site.settings, schools, True), photo, _card_fonts())
    without = draw_card(story_card_spec(story, site.settings, schools, False), None, _card_fonts())
    assert with_photo.getpixel((WIDTH // 2, 100)) != BACKGROUND
    assert without.getpixel((WIDTH // 2, 30)) == BACKGROUND


def test_a_transparent_png_photo_is_flattened_onto_white():
    image = Image.new("RGBA", (1600, 900), (0, 0, 0, 0))
    buffer = io.BytesIO()
    image.save(buffer, "PNG")
    card = draw_card(CardSpec("story", "T", "S", "D", "B", "alt"), buffer.getvalue(), CardFonts())
    assert card.getpixel((WIDTH // 2, 50)) == (255, 255, 255)


def test_an_unreadable_photo_gives_a_branded_card():
    card = draw_card(CardSpec("story", "T", "S", "D", "B", "alt"), b"not an image", CardFonts())
    assert card.getpixel((5, 5)) == BACKGROUND


def test_event_cards_carry_the_date_in_words_and_the_status(site):
    for event in site.events:
        spec = event_card_spec(event, site.settings, site.schools)
        names = {school.id: school for school in site.schools}
        assert spec.footer == when_text(event, site.settings.zone) and spec.title == titled(event, names)
        assert event.title in spec.alt and spec.footer in spec.alt
        if event.status == "cancelled":
            assert spec.kicker.startswith("Cancelled")


def test_story_card_alt_text_describes_the_photo(site):
    story = next(s for s in site.stories if s.id == ROBOT)
    schools = {school.id: school for school in site.schools}
    assert story_card_spec(story, site.settings, schools, True).alt.startswith(story.image.alt)
    assert story.title in story_card_spec(story, site.settings, schools, False).alt


def test_the_cache_key_changes_with_every_input():
    spec = CardSpec("story", "T", "S", "D", "B", "alt")
    keys = {card_key(spec, None, CardFonts()), card_key(spec, b"photo", CardFonts()),
            card_key(CardSpec("story", "T2", "S", "D", "B", "alt"), None, CardFonts()),
            card_key(spec, None, CardFonts(bold=b"font"))}
    assert len(keys) == 4
    assert card_key(spec, None, CardFonts()) == card_key(CardSpec("story", "T", "S", "D", "B", "alt"), None, CardFonts())


def test_a_rerun_draws_nothing_and_gives_the_same_bytes(site, files, tmp_path, monkeypatch):
    cache = tmp_path / "cards"
    first = render_all(site, cache)
    assert _cards(first) == _cards(files)
    assert len(list(cache.glob("*.jpg"))) == len(_cards(files))

    def refuse(*args):
        raise AssertionError("a card was drawn again")

    monkeypatch.setattr(pictures, "render_card", refuse)
    assert _cards(render_all(site, cache)) == _cards(files)


def test_a_changed_title_draws_only_that_card(tmp_path, monkeypatch):
    content = tmp_path / "content"
    shutil.copytree(SITE, content)
    cache = tmp_path / "cache"
    render_all(_load(content), cache)
    story = content / "stories" / f"{ROBOT}.yaml"
    story.write_text(story.read_text("utf-8").replace("national final", "grand final"), "utf-8")
    drawn = []
    real = pictures.render_card
    monkeypatch.setattr(pictures, "render_card", lambda spec, photo, fonts: drawn.append(spec.title) or real(spec, photo, fonts))
    render_all(_load(content), cache)
    assert drawn == ["Year 9 robotics team reach the grand final"]


def test_a_school_s_own_date_names_its_school_on_its_card(site):
    careers = next(e for e in site.events if e.id == "careers-evening-2027")
    spec = event_card_spec(careers, site.settings, site.schools)
    assert spec.title == "Careers evening (Hele's School)" and "Hele's School" in spec.alt
    every = next(e for e in site.events if e.schools == "all")
    assert event_card_spec(every, site.settings, site.schools).title == every.title
