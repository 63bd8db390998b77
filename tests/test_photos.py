"""Photos: add-photo makes them safe (upright, at most 2000 px, no metadata), check refuses unsafe
ones, and the build makes cached, deterministic smaller sizes for srcset.

The refusals' exact messages are bad-input cases (tests/data/invalid/photo-*).
"""
from __future__ import annotations

import io
from pathlib import Path

import lxml.html
import pytest
from conftest import NOW, published, render_all
from PIL import Image

import generator.images
from generator.images import MAX_SIDE, PhotoError, add_photo, clean_photo, set_image_src

STORY = "stories/2026-11-20-robotics-final.yaml"
ROBOT = "2026-11-20-robotics-final"
GPS = 0x8825


def _exif(orientation: int | None = None) -> bytes:
    exif = Image.Exif()
    exif[0x010F] = "PhoneMaker"          # Make
    exif[0x0110] = "Phone 15"            # Model
    exif[0x0132] = "2026:11:20 12:34:56"  # DateTime
    if orientation:
        exif[0x0112] = orientation
    gps = exif.get_ifd(GPS)
    gps[1], gps[2], gps[3], gps[4] = "N", (50.0, 22.0, 30.0), "W", (4.0, 8.0, 0.0)  # Plymouth
    return exif.tobytes()


def _photo(path: Path, size=(3000, 2000), fmt="JPEG", orientation=None, **options) -> Path:
    image = Image.new("RGB", size, (200, 60, 40))
    image.paste((20, 200, 40), (0, 0, size[0] // 3, size[1] // 4))  # a green block, top left
    image.save(path, fmt, exif=_exif(orientation), **options)
    return path


def _with_image(content: Path, src: str) -> Path:
    story = content / STORY
    story.write_text(story.read_text("utf-8") + f"image:\n  src: {src}\n  alt: Four pupils holding a small tracked robot\n"
                     "  consent: true\n", "utf-8")
    return story


def test_a_photo_with_gps_is_refused_then_added_safely_then_accepted(content, run_cli, tmp_path):
    original = _photo(content / "stories" / f"{ROBOT}.jpg")
    story = _with_image(content, f"{ROBOT}.jpg")
    assert Image.open(original).getexif().get_ifd(GPS)  # the test photo really has a location
    code, out, _ = run_cli("check", "--content", "content", "--now", NOW)
    assert code == 1 and "still carries EXIF data with a GPS location" in out and "python -m generator add-photo" in out

    before = story.read_text("utf-8")
    code, out, _ = run_cli("add-photo", str(story), str(original))
    assert code == 0, out
    assert f"wrote {original}: upright, at most 2000 pixels, with no EXIF, location or other metadata" in out
    assert story.read_text("utf-8") == before  # src already named this file: nothing else changed
    with Image.open(original) as cleaned:
        assert cleaned.format == "JPEG" and max(cleaned.size) <= MAX_SIDE and cleaned.size == (2000, 1333)
        assert len(cleaned.getexif()) == 0 and "exif" not in cleaned.info
        assert not {"xmp", "icc_profile", "comment"} & set(cleaned.info)
    data = original.read_bytes()
    assert b"Exif" not in data and b"PhoneMaker" not in data and b"Phone 15" not in data

    code, out, _ = run_cli("check", "--content", "content", "--now", NOW)
    assert code == 0, out


def test_add_photo_turns_the_photo_the_right_way_up(tmp_path):
    """EXIF orientation 6: the camera was turned; the pixels are stored sideways."""
    path = _photo(tmp_path / "sideways.jpg", size=(300, 200), orientation=6)
    data, suffix = clean_photo(path.read_bytes())
    with Image.open(io.BytesIO(data)) as image:
        assert suffix == ".jpg" and image.size == (200, 300)
        assert image.getpixel((190, 10))[1] > 150  # the green top-left block is now top right
        assert len(image.getexif()) == 0


@pytest.mark.parametrize("fmt, suffix, options", [
    ("PNG", ".png", {}), ("WEBP", ".webp", {"quality": 90}),
], ids=["png", "webp"])
def test_png_and_webp_keep_their_format_and_lose_their_metadata(tmp_path, fmt, suffix, options):
    from PIL import ImageCms

    icc = ImageCms.ImageCmsProfile(ImageCms.createProfile("LAB")).tobytes()
    path = _photo(tmp_path / f"photo{suffix}", size=(2600, 1300), fmt=fmt, icc_profile=icc, **options)
    assert Image.open(path).getexif()
    data, found = clean_photo(path.read_bytes())
    with Image.open(io.BytesIO(data)) as image:
        assert found == suffix and image.format == fmt and image.size == (2000, 1000)
        assert len(image.getexif()) == 0 and not {"exif", "xmp", "icc_profile"} & set(image.info)


def test_the_same_photo_gives_the_same_bytes(tmp_path):
    data = _photo(tmp_path / "a.jpg").read_bytes()
    assert clean_photo(data) == clean_photo(data)


@pytest.mark.parametrize("data, message", [
    (b"GIF89a" + b"\0" * 40, "not a picture that can be read"),
    (b"%PDF-1.7\n", "not a picture that can be read"),
], ids=["broken gif", "a pdf"])
def test_add_photo_refuses_what_is_not_a_photo(content, run_cli, tmp_path, data, message):
    bad = tmp_path / "photo.jpg"
    bad.write_bytes(data)
    story = content / STORY
    before = story.read_bytes()
    code, out, _ = run_cli("add-photo", str(story), str(bad))
    assert code == 1 and message in out and "fix:" in out
    assert story.read_bytes() == before and not list((content / "stories").glob(f"{ROBOT}.*g"))


def test_add_photo_refuses_a_gif_by_its_content(content, run_cli, tmp_path):
    gif = tmp_path / "photo.jpg"
    Image.new("P", (20, 20)).save(gif, "GIF")
    code, out, _ = run_cli("add-photo", str(content / STORY), str(gif))
    assert code == 1 and "the file is a GIF image, not a JPEG, PNG or WebP photo" in out


def test_add_photo_usage_errors(content, run_cli, tmp_path):
    photo = _photo(tmp_path / "p.jpg", size=(40, 30))
    code, _, err = run_cli("add-photo", str(content / "events.yaml"), str(photo))
    assert code == 2 and "is not a story file" in err
    code, _, err = run_cli("add-photo", str(content / STORY), str(tmp_path / "missing.jpg"))
    assert code == 2 and "no photo at" in err


def test_add_photo_adds_an_image_block_that_check_refuses_until_it_is_filled_in(content, run_cli, tmp_path):
    story = content / STORY
    before = story.read_text("utf-8")
    code, out, _ = run_cli("add-photo", str(story), str(_photo(tmp_path / "IMG_1234.png", fmt="PNG")))
    assert code == 0, out
    assert "fill in its alt" in out and "check fails until both are filled in" in out
    assert "Commit 2026-11-20-robotics-final.png, never the original IMG_1234.png" in out
    text = story.read_text("utf-8")
    assert text.startswith(before) and text[len(before):].startswith(f"image:\n  src: {ROBOT}.png\n  alt: ")
    code, out, _ = run_cli("check", "--content", "content", "--now", NOW)
    assert code == 1
    assert "image.alt: expected text, got nothing" in out and "image.consent: expected true or false, got nothing" in out
    story.write_text(text.replace("  alt:  ", "  alt: Pupils with a robot  ").replace("  consent:  ", "  consent: true  "))
    code, out, _ = run_cli("check", "--content", "content", "--now", NOW)
    assert code == 0, out


@pytest.mark.parametrize("text, expected, new_block, previous", [
    ("title: T\nimage:\n  src: old.jpg   # the old one\n  alt: A\n  consent: true\ntags: []\n",
     "title: T\nimage:\n  src: x.jpg\n  alt: A\n  consent: true\ntags: []\n", False, "old.jpg"),
    ("title: T\nimage:  # a photo\n    alt: A\n    consent: true\n# trailing comment\n",
     "title: T\nimage:  # a photo\n    src: x.jpg\n    alt: A\n    consent: true\n# trailing comment\n", False, None),
    ("title: T\r\nbody: B\r\n",
     "title: T\r\nbody: B\r\nimage:\r\n  src: x.jpg\r\n", True, None),
    ("title: T", "title: T\nimage:\n  src: x.jpg\n", True, None),
], ids=["replace src", "add src to a block", "no block, CRLF", "no final newline"])
def test_set_image_src_edits_only_that_line(text, expected, new_block, previous):
    edited, added, old = set_image_src(text, "x.jpg")
    assert edited.startswith(expected) and (added, old) == (new_block, previous)


def test_set_image_src_refuses_a_one_line_image():
    with pytest.raises(PhotoError, match="one line"):
        set_image_src("title: T\nimage: {src: a.jpg, alt: A, consent: true}\n", "x.jpg")


def test_a_withdrawn_story_needs_no_photo(content, run_cli):
    story = _with_image(content, f"{ROBOT}.jpg")  # the photo file was deleted when consent was withdrawn
    story.write_text(story.read_text("utf-8") + "withdrawn: true\n", "utf-8")
    code, out, _ = run_cli("check", "--content", "content", "--now", NOW)
    assert code == 0 and "1 withdrawn" in out, out


# ---------------------------------------------------------------------- the build's smaller sizes

@pytest.fixture
def sized(content, tmp_path):
    """The base content with a 1600 x 1000 photo (cleaned by add-photo), and a cache folder."""
    photo = _photo(tmp_path / "camera.jpg", size=(1600, 1000))
    add_photo(_with_image(content, "placeholder.jpg"), photo)
    return published(content, NOW), tmp_path / "cache" / "cards"


def test_the_build_makes_smaller_copies_and_a_srcset(sized):
    site, cache = sized
    files = render_all(site, cache)
    widths = {}
    for width in (400, 800, 1200):
        with Image.open(io.BytesIO(files[f"images/stories/w{width}/{ROBOT}.jpg"])) as image:
            widths[width] = image.size
            assert image.format == "JPEG" and len(image.getexif()) == 0
    assert widths == {400: (400, 250), 800: (800, 500), 1200: (1200, 750)}
    page = lxml.html.fragment_fromstring(files[f"stories/{ROBOT}.md"].decode().split("---\n", 2)[2], create_parent="div")
    image = page.find(".//img")
    assert image.get("srcset") == (f"../../images/stories/w400/{ROBOT}.jpg 400w, ../../images/stories/w800/{ROBOT}.jpg 800w, "
                                   f"../../images/stories/w1200/{ROBOT}.jpg 1200w, ../../images/stories/{ROBOT}.jpg 1600w")
    assert image.get("sizes") and image.get("src") == f"../../images/stories/{ROBOT}.jpg"
    card = lxml.html.fragment_fromstring(files["index.md"].decode().split("---\n", 2)[-1], create_parent="div")
    card_image = card.find_class("story-card-image")[0]
    assert card_image.get("srcset").startswith("images/stories/w400/") and card_image.get("sizes")


def test_a_rerun_encodes_nothing_and_gives_the_same_bytes(sized, monkeypatch):
    site, cache = sized
    first = render_all(site, cache)
    assert len(list((cache.parent / "images").glob("*.jpg"))) == 3

    def refuse(data):
        raise AssertionError("a photo was decoded again")

    monkeypatch.setattr(generator.images, "_flat", refuse)
    again = render_all(site, cache)
    assert {p: d for p, d in again.items() if p.startswith("images/")} == \
        {p: d for p, d in first.items() if p.startswith("images/")}


def test_smaller_copies_are_the_same_bytes_without_a_cache(sized, tmp_path):
    site, _cache = sized
    one, two = render_all(site), render_all(site, tmp_path / "other" / "cards")
    assert one[f"images/stories/w800/{ROBOT}.jpg"] == two[f"images/stories/w800/{ROBOT}.jpg"]
