"""The images stage: each story's photo as published, its smaller sizes, and every card image.

It reads the photo files the site plan names and draws the cards it specifies. Both are cached
under the hash of everything that goes into them (smaller sizes in an `images` folder, cards in a
`cards` folder), so a re-run encodes and draws nothing that has not changed.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from generator import routes
from generator.errors import display_path
from generator.images import PhotoError, size_photo
from generator.plan import CardSpec, SitePlan, StoryImage
from generator.render.cards import CardFonts, card_key, render_card
from generator.write import write_atomic

# fonts-dejavu-core (Debian, Ubuntu): the cards' fonts. Without it, Pillow's own scalable font.
CARD_FONTS = Path("/usr/share/fonts/truetype/dejavu")
MEDIA_TYPES = {".jpg": "image/jpeg", ".jpeg": "image/jpeg", ".png": "image/png", ".webp": "image/webp"}


class ImageFailed(Exception):
    """A photo could not be read (it passed check, so it changed or broke since)."""


@dataclass
class Images:
    """What the images stage made: each story's published photo, and the files to write."""

    photos: dict[str, StoryImage] = field(default_factory=dict)
    photo_files: list[tuple[str, bytes]] = field(default_factory=list)
    card_files: list[tuple[str, bytes]] = field(default_factory=list)


def card_fonts() -> CardFonts:
    def read(name: str) -> bytes | None:
        path = CARD_FONTS / name
        return path.read_bytes() if path.is_file() else None

    return CardFonts(bold=read("DejaVuSans-Bold.ttf"), regular=read("DejaVuSans.ttf"))


def make_images(plan: SitePlan, card_cache: Path | None = None, image_cache: Path | None = None) -> Images:
    """Read and size every photo in the plan, then draw every card (each cached when a folder is given)."""
    made = Images()
    data: dict[str, bytes] = {}
    for story_id, photo in plan.photos.items():
        data[story_id] = source = photo.source.read_bytes()
        made.photo_files.append((photo.path, source))
        try:
            sized = size_photo(source, image_cache)
        except PhotoError as exc:
            raise ImageFailed(f"{display_path(photo.source)}: {exc.message}; {exc.fix}") from None
        srcset = []
        for width, _height, copy in sized.copies:
            path = routes.sized_photo(story_id, width)
            made.photo_files.append((path, copy))
            srcset.append((path, width))
        made.photos[story_id] = StoryImage(photo.path, sized.width, sized.height, tuple(srcset), len(source),
                                           MEDIA_TYPES.get(photo.source.suffix.lower(), "application/octet-stream"))
    fonts = card_fonts()
    for card in plan.cards:
        photo_bytes = data.get(card.photo) if card.photo else None
        made.card_files.append((card.path, cached_card(card.spec, photo_bytes, fonts, card_cache)))
    return made


def cached_card(spec: CardSpec, photo: bytes | None, fonts: CardFonts, cache_dir: Path | None) -> bytes:
    """A card, drawn once, then kept in cache_dir under the hash of everything that goes into it."""
    if cache_dir is None:
        return render_card(spec, photo, fonts)
    cached = cache_dir / f"{card_key(spec, photo, fonts)}.jpg"
    try:
        return cached.read_bytes()
    except OSError:
        pass
    data = render_card(spec, photo, fonts)
    write_atomic(cached, data)
    return data
