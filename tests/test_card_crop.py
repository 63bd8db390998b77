"""Card crops keep the subject: around `image.focus` when a story names one; otherwise the whole
photo whenever a centre crop would lose much of it (the bundled robotics photo keeps its aerial
and its tracks)."""
from __future__ import annotations

import io
from dataclasses import replace

import pytest
from conftest import REPO
from PIL import Image, ImageDraw
from pydantic import ValidationError

from generator.handles import FOCUS_WORDS
from generator.models import Image as ImageRecord
from generator.pictures import card_fonts
from generator.plan import CardSpec
from generator.render.cards import HEIGHT, WIDTH, crop_box, crop_photo, draw_card

SPEC = CardSpec("story", "Year 9 robotics team reach the national final", "Plymstock School", "20 November 2026",
                "Plymouth Schools", "alt")
RED = (230, 20, 20)


def _jpeg(image: Image.Image) -> bytes:
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=95)
    return buffer.getvalue()


def _photo_with_marker(size: tuple[int, int], at: tuple[float, float]) -> bytes:
    """A grey photo with a red disc at `at` (percentages across and down)."""
    image = Image.new("RGB", size, (120, 120, 120))
    x, y = at[0] / 100 * size[0], at[1] / 100 * size[1]
    ImageDraw.Draw(image).ellipse((x - 40, y - 40, x + 40, y + 40), fill=RED)
    return _jpeg(image)


def _pixels(image: Image.Image):
    data = image.convert("RGB").tobytes()
    return zip(data[0::3], data[1::3], data[2::3], strict=True)


def _red_pixels(card: Image.Image, box=(0, 0, WIDTH, HEIGHT), most: int = 90) -> int:
    return sum(1 for r, g, b in _pixels(card.crop(box)) if r > 180 and g < most and b < most)


def test_crop_box_centres_the_focus_within_the_photo():
    assert crop_box((1000, 2000), (1000, 500), (50, 50)) == (0, 750, 1000, 1250)
    assert crop_box((1000, 2000), (1000, 500), (50, 90)) == (0, 1500, 1000, 2000)  # clamped at the bottom
    assert crop_box((1000, 2000), (1000, 500), (50, 0)) == (0, 0, 1000, 500)
    assert crop_box((3000, 1000), (1000, 500), (10, 50)) == (0, 0, 2000, 1000)


@pytest.mark.parametrize("focus", [(85, 90), (15, 8), (50, 100)])
def test_the_focus_point_stays_on_the_card(focus):
    """A tall photo, its subject near an edge: with focus it is on the card, cropped from the middle it is not."""
    photo = _photo_with_marker((900, 1800), focus)
    with_focus = draw_card(replace(SPEC, focus=focus), photo, card_fonts())
    assert _red_pixels(with_focus) > 1000
    centred = draw_card(replace(SPEC, focus=(50, 50)), photo, card_fonts())
    assert _red_pixels(centred) == 0  # the same crop about the centre loses it: the test can fail


def test_without_focus_a_photo_much_taller_than_the_card_is_shown_whole():
    photo = Image.new("RGB", (1200, 800), (120, 120, 120))
    draw = ImageDraw.Draw(photo)
    draw.rectangle((560, 0, 640, 30), fill=RED)      # the very top
    draw.rectangle((560, 770, 640, 800), fill=RED)   # the very bottom
    card = draw_card(SPEC, _jpeg(photo), card_fonts())
    photo_area = card.crop((0, 0, WIDTH, 300))
    top, bottom = _red_pixels(photo_area, (0, 0, WIDTH, 40)), _red_pixels(card, (0, 150, WIDTH, 420))
    assert top > 200 and bottom > 200


def test_without_focus_a_photo_close_to_the_cards_shape_is_cropped_not_shrunk():
    photo = Image.new("RGB", (1200, 440), (0, 140, 60))
    picture = crop_photo(Image.open(io.BytesIO(_jpeg(photo))).convert("RGB"), (1200, 421), None)
    assert picture.size == (1200, 421)
    assert all(abs(a - b) < 12 for a, b in zip(picture.getpixel((2, 2)), (0, 140, 60), strict=True))  # no fill


def test_the_robotics_card_keeps_the_robots_aerial_and_tracks():
    photo = (REPO / "content" / "stories" / "2026-11-20-robotics-final.jpg").read_bytes()
    card = draw_card(SPEC, photo, card_fonts()).convert("RGB")
    band_top = next(y for y in range(HEIGHT) if card.getpixel((WIDTH - 5, y)) == (255, 213, 79))  # the accent line
    # The aerial's red tip (at 7-16% down the photo) is in the top fifth of the photo area.
    assert _red_pixels(card, (0, 0, WIDTH, band_top // 5), most=130) > 50
    # The tracks' dark grey (down to 75% of the photo) still shows above the band.
    tracks = _pixels(card.crop((0, band_top * 3 // 5, WIDTH, band_top)))
    assert sum(1 for r, g, b in tracks if r < 60 and g < 60 and b < 70 and abs(r - b) < 15) > 2000


@pytest.mark.parametrize("value, expected", [([50, 30], (50.0, 30.0)), ([0, 100], (0.0, 100.0)),
                                             ([12.5, 80], (12.5, 80.0)), ("top", (50, 0))])
def test_good_focus_values(value, expected):
    image = ImageRecord.model_validate({"src": "a.jpg", "alt": "A robot", "consent": True, "focus": value})
    assert image.focus == expected
    assert set(FOCUS_WORDS) >= {"top", "centre", "bottom", "left", "right"}


@pytest.mark.parametrize("value, message", [
    ([50, 130], "130 (down) is not a percentage"), ([-1, 5], "-1 (across) is not a percentage"),
    ([50], "got a list of 1"), ([1, 2, 3], "got a list of 3"), ("middle", "unknown focus 'middle'"),
    ("Top", "focus: top"), ([True, 5], "got the value true"), (50, "got the number 50"),
])
def test_bad_focus_values(value, message):
    with pytest.raises(ValidationError) as error:
        ImageRecord.model_validate({"src": "a.jpg", "alt": "A robot", "consent": True, "focus": value})
    said = " ".join(f"{e['msg']} {(e.get('ctx') or {}).get('fix', '')}" for e in error.value.errors())
    assert message in said


def test_list_cards_crop_the_photo_around_its_focus():
    """The story lists crop photos with CSS (object-fit: cover): the focal point is their object-position."""
    from conftest import published

    from generator.plan import StoryImage, make_plan
    from generator.render.pages import render_pages

    site = published(REPO / "tests" / "data" / "site", "2026-11-23T12:00")
    robot = next(s for s in site.stories if s.id == "2026-11-20-robotics-final")
    image = robot.image.model_copy(update={"focus": (50.0, 12.5)})
    stories = [s.model_copy(update={"image": image}) if s is robot else s for s in site.stories]
    site = replace(site, stories=stories)
    images = {robot.id: StoryImage(f"images/stories/{robot.id}.png", 120, 80)}
    pages = dict(render_pages(make_plan(site), images, []))
    assert 'class="story-card-image"' in pages["index.md"]
    assert 'style="object-position: 50% 12.5%"' in pages["index.md"]
