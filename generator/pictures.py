"""The images stage: each story's photo as published, its smaller sizes, and every card image.

It reads the photo files the site plan names and draws the cards it specifies. Both are cached
under the hash of everything that goes into them (smaller sizes in an `images` folder, cards in a
`cards` folder), so a re-run encodes and draws nothing that has not changed.
"""
from __future__ import annotations

import multiprocessing
import os
from collections.abc import Iterable
from concurrent.futures import ProcessPoolExecutor
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
    photo_files: list[tuple[str, bytes | Path]] = field(default_factory=list)  # bytes, or the file holding them
    card_files: list[tuple[str, bytes | Path]] = field(default_factory=list)


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
        made.photo_files.append((photo.path, photo.source))  # copied as it is: never held for the writer
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
    cards = [(card.spec, data.get(card.photo) if card.photo else None) for card in plan.cards]
    for card, drawn in zip(plan.cards, draw_cards(cards, fonts, card_cache), strict=True):
        made.card_files.append((card.path, drawn))
    return made


PARALLEL_CARDS = 24  # fewer cards to draw than this: starting worker processes costs more than it saves


def draw_cards(cards: list[tuple[CardSpec, bytes | None]], fonts: CardFonts,
               cache_dir: Path | None) -> list[bytes | Path]:
    """Every card, from the cache where it is there; the others drawn over all cores, then cached.

    With a cache, a card is its cached file (the writer copies it; 5,000 cards are some 380 MB,
    never held at once); without one, its bytes. A card's bytes depend only on its spec, photo
    and fonts, so the order in which the workers draw them changes nothing.
    """
    keys = [card_key(spec, photo, fonts) for spec, photo in cards] if cache_dir is not None else []
    found: list[bytes | Path | None] = [None] * len(cards)
    if cache_dir is not None:
        present = _cached_names(cache_dir)
        found = [cache_dir / name if name in present else None for name in (f"{key}.jpg" for key in keys)]
    missing = [i for i, hit in enumerate(found) if hit is None]
    workers = min(os.cpu_count() or 1, 4)
    if len(missing) >= PARALLEL_CARDS and workers > 1:
        with ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("fork"),
                                 initializer=_set_worker_fonts, initargs=(fonts,)) as pool:
            _keep(found, missing, pool.map(_draw_in_worker, [cards[i] for i in missing], chunksize=8), keys, cache_dir)
    else:
        _keep(found, missing, (render_card(cards[i][0], cards[i][1], fonts) for i in missing), keys, cache_dir)
    return [data for data in found if data is not None]


def _keep(found: list[bytes | Path | None], missing: list[int], drawn: Iterable[bytes], keys: list[str],
          cache_dir: Path | None) -> None:
    """Each card as it is drawn: into the cache (then only its path is kept), or kept as bytes."""
    for i, data in zip(missing, drawn, strict=True):
        if cache_dir is None:
            found[i] = data
        else:
            found[i] = path = cache_dir / f"{keys[i]}.jpg"
            write_atomic(path, data)


def _cached_names(folder: Path) -> set[str]:
    """The files in the card cache, from one listing rather than a stat per card (a damaged entry
    cannot be there: write_atomic renames a whole file)."""
    try:
        with os.scandir(folder) as entries:
            return {entry.name for entry in entries if entry.is_file()}
    except OSError:  # no cache yet
        return set()


_worker_fonts: CardFonts | None = None


def _set_worker_fonts(fonts: CardFonts) -> None:
    global _worker_fonts
    _worker_fonts = fonts


def _draw_in_worker(card: tuple[CardSpec, bytes | None]) -> bytes:
    assert _worker_fonts is not None
    return render_card(card[0], card[1], _worker_fonts)
