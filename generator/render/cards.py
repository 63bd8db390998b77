"""Link-preview card images (1200x630 JPEG) for stories, key dates and the site, drawn with Pillow.

Pure: a card is a function of its CardSpec (the words it shows), the photo's bytes and the font
bytes, all passed in. The same inputs give the same bytes (no timestamps, no EXIF, fixed JPEG
settings), so the images stage (generator.pictures) caches a card by card_key() and a re-run renders nothing. Text stays
at least MARGIN px from every edge, where platforms crop and round corners.
"""
from __future__ import annotations

import hashlib
import io
import json
from dataclasses import dataclass
from functools import cached_property, lru_cache

import PIL
from PIL import Image, ImageDraw, ImageEnhance, ImageFilter, ImageFont, ImageOps

from generator.plan import CardSpec

__all__ = ["CardFonts", "CardSpec", "card_key", "draw_card", "render_card"]

WIDTH, HEIGHT = 1200, 630
MARGIN = 60
MAX_BYTES = 300_000
QUALITIES = (85, 75, 65, 55, 45)  # the first that fits under MAX_BYTES; fixed, so bytes are too
CARD_VERSION = "3"  # raise when the drawing changes, so cached cards are redrawn

BACKGROUND = (26, 35, 126)   # indigo 900, the site's primary colour family
BAND = (26, 35, 126)
ACCENT = (255, 213, 79)      # amber 300: 9.4:1 on BACKGROUND
TEXT = (255, 255, 255)       # 13.2:1 on BACKGROUND
MUTED = (197, 202, 233)      # indigo 100: 8.2:1 on BACKGROUND
ELLIPSIS = "…"


@dataclass(frozen=True)
class CardFonts:
    """TrueType font files' bytes (None: Pillow's built-in scalable font)."""

    bold: bytes | None = None
    regular: bytes | None = None

    @cached_property
    def digest(self) -> bytes:
        """What every card's look depends on besides its spec: the drawing's version, Pillow's, the fonts."""
        digest = hashlib.sha256(f"{CARD_VERSION} {PIL.__version__}".encode())
        for font in (self.bold, self.regular):
            digest.update(hashlib.sha256(font or b"").digest())
        return digest.digest()


def card_key(spec: CardSpec, photo: bytes | None, fonts: CardFonts) -> str:
    """A hash of every input of render_card (and Pillow's version), for build.py's cache."""
    digest = hashlib.sha256(fonts.digest)
    for part in (json.dumps(vars(spec), sort_keys=True).encode("utf-8"), photo or b""):
        digest.update(hashlib.sha256(part).digest())
    return digest.hexdigest()


def render_card(spec: CardSpec, photo: bytes | None, fonts: CardFonts) -> bytes:
    """The card as JPEG bytes, under MAX_BYTES."""
    return _jpeg(draw_card(spec, photo, fonts))


def draw_card(spec: CardSpec, photo: bytes | None, fonts: CardFonts) -> Image.Image:
    """The card as an image: the photo above a title band, or a branded card without one."""
    canvas = Image.new("RGB", (WIDTH, HEIGHT), BACKGROUND)
    picture = _open_photo(photo) if photo else None
    if picture is not None:
        _photo_card(canvas, picture, spec, fonts)
    else:
        _branded_card(canvas, spec, fonts)
    return canvas


def _open_photo(data: bytes) -> Image.Image | None:
    try:
        with Image.open(io.BytesIO(data)) as opened:
            opened.draft("RGB", (WIDTH, HEIGHT))  # JPEG: decode at a reduced scale, still ≥ the card
            image = ImageOps.exif_transpose(opened)
            if image.mode in ("RGBA", "LA", "P"):
                image = image.convert("RGBA")
                flat = Image.new("RGB", image.size, (255, 255, 255))
                flat.paste(image, mask=image.getchannel("A"))
                return flat
            return image.convert("RGB")
    except (OSError, ValueError, Image.DecompressionBombError):
        return None  # the checker refuses such a photo; a branded card is the safe fallback


def _photo_card(canvas: Image.Image, picture: Image.Image, spec: CardSpec, fonts: CardFonts) -> None:
    width = WIDTH - 2 * MARGIN
    size, lines = _fit(spec.title, fonts.bold, width, sizes=(54, 48, 42), lines_for=lambda size: 3)
    title_font, footer_font = _font(fonts.bold, size), _font(fonts.regular, 28)
    line_height = round(size * 1.2)
    band = 36 + line_height * len(lines) + 14 + 34 + MARGIN
    photo_height = HEIGHT - band
    canvas.paste(crop_photo(picture, (WIDTH, photo_height), spec.focus), (0, 0))
    draw = ImageDraw.Draw(canvas)
    draw.rectangle((0, photo_height, WIDTH, HEIGHT), fill=BAND)
    draw.rectangle((0, photo_height, WIDTH, photo_height + 5), fill=ACCENT)
    y = photo_height + 36
    for line in lines:
        _line(draw, y, line, title_font, TEXT)
        y += line_height
    _line(draw, HEIGHT - MARGIN - 34, _clip(f"{spec.kicker} · {spec.footer}", footer_font, width), footer_font, MUTED)


def crop_box(size: tuple[int, int], target: tuple[int, int], focus: tuple[float, float]) -> tuple[float, float, float, float]:
    """The part of a photo of `size` that fills `target`, as large as it can be, centred on `focus`
    (percentages across and down) as far as the photo's edges allow."""
    width, height = size
    scale = max(target[0] / width, target[1] / height)
    crop_w, crop_h = target[0] / scale, target[1] / scale
    left = min(max(focus[0] / 100 * width - crop_w / 2, 0), width - crop_w)
    top = min(max(focus[1] / 100 * height - crop_h / 2, 0), height - crop_h)
    return left, top, left + crop_w, top + crop_h


# Without a focal point, a crop that would cut more than this share off either side is not made:
# the whole photo is shown, on a blurred, darkened fill of itself, so nothing of its subject is lost.
MAX_BLIND_CROP = 0.15


def crop_photo(picture: Image.Image, target: tuple[int, int], focus: tuple[float, float] | None) -> Image.Image:
    """The photo at `target` size: cropped around `focus` when the story names one; otherwise cropped
    from the centre only where little is lost, else shown whole over a blurred fill of itself."""
    if focus is not None:
        return picture.resize(target, Image.Resampling.LANCZOS, box=crop_box(picture.size, target, focus))
    left, top, right, bottom = crop_box(picture.size, target, (50, 50))
    kept = min((right - left) / picture.width, (bottom - top) / picture.height)
    if kept >= 1 - MAX_BLIND_CROP:
        return picture.resize(target, Image.Resampling.LANCZOS, box=(left, top, right, bottom))
    fill = ImageOps.fit(picture.reduce(4) if min(picture.size) >= 64 else picture, target)
    fill = ImageEnhance.Brightness(fill.filter(ImageFilter.GaussianBlur(24))).enhance(0.55)
    whole = ImageOps.contain(picture, target, Image.Resampling.LANCZOS)
    fill.paste(whole, ((target[0] - whole.width) // 2, (target[1] - whole.height) // 2))
    return fill


def _branded_card(canvas: Image.Image, spec: CardSpec, fonts: CardFonts) -> None:
    width = WIDTH - 2 * MARGIN
    draw = ImageDraw.Draw(canvas)
    brand_font, kicker_font, footer_font = _font(fonts.regular, 30), _font(fonts.bold, 32), _font(fonts.bold, 36)
    _line(draw, MARGIN, _clip(spec.brand, brand_font, width), brand_font, MUTED)
    draw.rectangle((MARGIN, 112, MARGIN + 120, 117), fill=ACCENT)
    _line(draw, 140, _clip(spec.kicker, kicker_font, width), kicker_font, ACCENT)
    footer_top = HEIGHT - MARGIN - 44
    top, room = 204, footer_top - 24 - 204
    size, lines = _fit(spec.title, fonts.bold, width, sizes=(72, 64, 56, 48),
                       lines_for=lambda size: room // round(size * 1.18))
    title_font, line_height = _font(fonts.bold, size), round(size * 1.18)
    for number, line in enumerate(lines):
        _line(draw, top + number * line_height, line, title_font, TEXT)
    _line(draw, footer_top, _clip(spec.footer, footer_font, width), footer_font, TEXT)


def _line(draw: ImageDraw.ImageDraw, y: int, text: str, font, fill) -> None:
    """One line of text whose ink starts at MARGIN, even where a glyph overhangs to the left."""
    draw.text((MARGIN - min(0, font.getbbox(text)[0]), y), text, font=font, fill=fill)


def _measure(font, text: str) -> float:
    """The width the line's ink takes from MARGIN: its advance or its ink, whichever is wider."""
    if not text:
        return 0
    left, _, right, _ = font.getbbox(text)
    return max(font.getlength(text), right) - min(0, left)


def _fit(text: str, font_data: bytes | None, width: int, sizes: tuple[int, ...], lines_for) -> tuple[int, list[str]]:
    """The largest size at which `text` wraps into lines_for(size) lines; else the smallest, cut with '…'."""
    for size in sizes:
        lines = _wrap(text, _font(font_data, size), width)
        if len(lines) <= lines_for(size):
            return size, lines
    size = sizes[-1]
    font = _font(font_data, size)
    lines = _wrap(text, font, width)[:max(1, lines_for(size))]
    lines[-1] = _ellipsize(lines[-1], font, width)
    return size, lines


def _wrap(text: str, font, width: int) -> list[str]:
    """Greedy word wrap by measured width; a word wider than a line is split between characters."""
    lines: list[str] = []
    line = ""
    for word in text.split():
        candidate = f"{line} {word}" if line else word
        if _measure(font, candidate) <= width:
            line = candidate
            continue
        if line:
            lines.append(line)
        while _measure(font, word) > width:
            cut = _longest_start(word, font, width, "")
            lines.append(word[:cut])
            word = word[cut:]
        line = word
    if line:
        lines.append(line)
    return lines or [""]


def _clip(text: str, font, width: int) -> str:
    """The text, cut at a word with '…' if it is wider than `width`."""
    return text if _measure(font, text) <= width else _ellipsize(text, font, width)


def _ellipsize(text: str, font, width: int) -> str:
    """The longest start of `text` ending at a word, then '…', that fits `width`."""
    words = text.split()
    while words:
        candidate = " ".join(words).rstrip(" ,;:·-–—.") + ELLIPSIS
        if _measure(font, candidate) <= width:
            return candidate
        words.pop()
    return text[:_longest_start(text, font, width, ELLIPSIS)] + ELLIPSIS


def _longest_start(text: str, font, width: int, suffix: str) -> int:
    """How many characters of `text` fit `width` with `suffix` after them (at least 1)."""
    count = len(text)
    while count > 1 and _measure(font, text[:count] + suffix) > width:
        count -= 1
    return count


@lru_cache(maxsize=64)
def _font(data: bytes | None, size: int):
    if data is None:
        return ImageFont.load_default(size=size)
    return ImageFont.truetype(io.BytesIO(data), size=size)


def _jpeg(canvas: Image.Image) -> bytes:
    """Baseline JPEG with no metadata, at the first quality that fits under MAX_BYTES.

    Huffman optimisation would save ~8% and double the encoding time, the larger part of a card's
    cost on a first build; 4:2:0 chroma keeps white text on the dark band crisp enough.
    """
    for quality in QUALITIES:
        buffer = io.BytesIO()
        canvas.save(buffer, "JPEG", quality=quality, optimize=False, progressive=False, subsampling="4:2:0")
        data = buffer.getvalue()
        if len(data) < MAX_BYTES:
            return data
    return data

