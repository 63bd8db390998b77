"""Photos: made safe before they enter git (add-photo), checked (check), and sized for the site (build).

Git history is public and permanent, so a photo is cleaned on the way in: `add-photo` turns it
the right way up, shrinks it to at most MAX_SIDE pixels on the long side and writes it again with
no metadata at all (EXIF with its GPS location, device and time; XMP; comments; colour profiles,
after converting the pixels to sRGB). `check` refuses a photo that still carries EXIF or XMP, or is
oversized, and names that command. The build makes smaller copies for srcset, each cached under
the hash of what goes into it, so a re-run encodes nothing and the same photo gives the same bytes.
"""
from __future__ import annotations

import hashlib
import io
import re
import warnings
from dataclasses import dataclass
from pathlib import Path

import PIL
import yaml
from PIL import Image, ImageCms, ImageOps, UnidentifiedImageError

from generator.errors import display_path
from generator.write import write_atomic

MAX_SIDE = 2000             # pixels on the long side, for a photo in content/
MAX_PIXELS = 100_000_000    # more than any phone or most cameras make: beyond it, a decompression bomb
FORMATS = {"JPEG": ".jpg", "PNG": ".png", "WEBP": ".webp"}  # Pillow's name → the file name's ending
SUFFIXES = {".jpg": "JPEG", ".jpeg": "JPEG", ".png": "PNG", ".webp": "WEBP"}
NAMES = {"JPEG": "JPEG", "PNG": "PNG", "WEBP": "WebP", "GIF": "GIF", "BMP": "BMP", "TIFF": "TIFF", "MPO": "JPEG"}
QUALITY = 85                # add-photo's JPEG and WebP quality
WIDTHS = (400, 800, 1200)   # the smaller copies for srcset, each made only when the photo is wider
SIZED_QUALITY = 80
SIZED_VERSION = "1"         # raise when the resizing changes, so cached copies are made again
GPS_IFD = 0x8825


class PhotoError(ValueError):
    """A photo that cannot be used, with what to do about it."""

    def __init__(self, message: str, fix: str = ""):
        super().__init__(message)
        self.message, self.fix = message, fix


def add_photo_command(story: str = "STORY_FILE", photo: str = "PHOTO") -> str:
    return f"python -m generator add-photo {story} {photo}"


def _open(source: Path | bytes) -> Image.Image:
    """The image, header read only; refuses what is not a picture and decompression bombs."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", Image.DecompressionBombWarning)  # MAX_PIXELS below decides
        try:
            image = Image.open(io.BytesIO(source) if isinstance(source, bytes) else source)
        except Image.DecompressionBombError:
            raise _bomb() from None
        except (UnidentifiedImageError, OSError, ValueError, SyntaxError):
            raise PhotoError("the file is not a picture that can be read (a renamed document, or a damaged or "
                             "HEIC photo?)",
                             "open it and save or export it as JPEG, PNG or WebP (on an iPhone: Settings, "
                             "Camera, Formats, Most Compatible)") from None
    if image.width * image.height > MAX_PIXELS:
        image.close()
        raise _bomb()
    return image


def _bomb() -> PhotoError:
    return PhotoError(f"the picture claims to be over {MAX_PIXELS // 1_000_000} million pixels: no photo is that "
                      "big (a decompression bomb?)", "use the original photo from the camera or phone")


def _format(image: Image.Image) -> str:
    """JPEG, PNG or WEBP; refuses anything else (GIF, BMP, TIFF …) and animations."""
    found = "JPEG" if image.format == "MPO" else image.format or ""  # MPO: a phone's JPEG with a depth map
    if found not in FORMATS:
        raise PhotoError(f"the file is a {NAMES.get(found, found or 'unknown')} image, not a JPEG, PNG or WebP photo",
                         "open it and save or export it as JPEG, PNG or WebP")
    if getattr(image, "is_animated", False) and found != "JPEG":
        raise PhotoError("the file is an animation, not a photo", "save one frame as JPEG, PNG or WebP")
    return found


def metadata(image: Image.Image) -> list[str]:
    """What the photo still carries that add-photo removes: ['EXIF data with a GPS location', 'XMP data'] …"""
    found = []
    exif = image.getexif()
    if exif or image.info.get("exif"):
        found.append("EXIF data with a GPS location" if exif.get_ifd(GPS_IFD) or GPS_IFD in exif
                     else "EXIF data (camera, time taken)")
    if image.info.get("xmp") or image.info.get("XML:com.adobe.xmp"):
        found.append("XMP data")
    return found


def inspect_photo(path: Path, name: str, story: str = "STORY_FILE") -> tuple[str, str] | None:
    """`check`'s verdict on a photo in content/: None when it is fine, else (problem, fix).

    Reads the header only (about a tenth of a millisecond), so checking thousands of stories
    stays quick. The format is the file's content, not its name.
    """
    try:
        with _open(path) as image:
            found = _format(image)
            problems = [f"it still carries {', '.join(metadata(image))}"] if metadata(image) else []
            if max(image.size) > MAX_SIDE:
                problems.append(f"it is {image.width}x{image.height} pixels (at most {MAX_SIDE} on the long side)")
    except PhotoError as exc:
        return f"'{name}': {exc.message}", f"{exc.fix}, then run  {add_photo_command(story)}"
    fix = add_photo_command(story, display_path(path))
    if SUFFIXES.get(path.suffix.lower()) != found:
        return f"'{name}' is a {NAMES[found]} image but its name ends {path.suffix}", \
            f"run  {fix}  (it saves the photo under the right name)"
    if problems:
        return (f"the photo '{name}' is not ready to publish: " + " and ".join(problems),
                f"run  {fix}  to shrink it and remove its metadata")
    return None


def clean_photo(data: bytes) -> tuple[bytes, str]:
    """The photo the right way up, at most MAX_SIDE on the long side, in sRGB and with no metadata.

    Returns the new bytes and the file name ending (.jpg, .png or .webp: the format is kept).
    """
    with _open(data) as image:
        found = _format(image)
        try:
            image.load()
            upright = ImageOps.exif_transpose(image)
        except (OSError, ValueError, SyntaxError) as exc:
            raise PhotoError(f"the photo could not be read to the end ({exc})",
                             "open it and save or export it again as JPEG, PNG or WebP") from None
    picture = _to_srgb(upright)
    if picture.mode not in ("RGB", "RGBA", "L", "LA"):
        picture = picture.convert("RGBA" if "transparency" in picture.info or picture.mode in ("PA", "RGBa") else "RGB")
    if found == "JPEG" and picture.mode not in ("RGB", "L"):
        picture = picture.convert("RGB")
    if max(picture.size) > MAX_SIDE:
        scale = MAX_SIDE / max(picture.size)
        size = (max(1, round(picture.width * scale)), max(1, round(picture.height * scale)))
        picture = picture.resize(size, Image.Resampling.LANCZOS)
    picture.info = {}  # Pillow copies comments and colour profiles from here when saving
    out = io.BytesIO()
    if found == "JPEG":
        picture.save(out, "JPEG", quality=QUALITY, optimize=True, progressive=True)
    elif found == "PNG":
        picture.save(out, "PNG", optimize=True)
    else:
        picture.save(out, "WEBP", quality=QUALITY, method=4)
    return out.getvalue(), FORMATS[found]


def _to_srgb(image: Image.Image) -> Image.Image:
    """Pixels converted to sRGB when the photo has another colour profile (a phone's Display P3)."""
    icc = image.info.get("icc_profile")
    if not icc or image.mode not in ("RGB", "RGBA"):
        return image
    try:
        profile = ImageCms.ImageCmsProfile(io.BytesIO(icc))
        if "srgb" in ImageCms.getProfileDescription(profile).lower().replace(" ", ""):
            return image
        converted = ImageCms.profileToProfile(image, profile, ImageCms.createProfile("sRGB"), outputMode=image.mode)
        return converted if converted is not None else image
    except (ImageCms.PyCMSError, OSError, ValueError):
        return image  # an unreadable profile: the pixels are kept as they are


# ---- add-photo: write the clean photo beside the story and point image.src at it

@dataclass
class Added:
    photo: Path
    new_block: bool          # an image: block was added: alt and consent still to fill in
    previous: str | None     # the file image.src named before, when it was another file


def add_photo(story_file: Path, photo: Path) -> Added:
    """Clean `photo`, write it beside the story as <story id>.<ext> and set image.src in the story file.

    The story file is edited as text, so its comments and layout stay as they were.
    """
    try:
        data = photo.read_bytes()
        text = story_file.read_text("utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise PhotoError(f"cannot read {exc.filename if isinstance(exc, OSError) else story_file}: "
                         f"{getattr(exc, 'strerror', None) or exc}") from None
    cleaned, suffix = clean_photo(data)
    target = story_file.parent / f"{story_file.stem}{suffix}"
    edited, new_block, previous = set_image_src(text, target.name)
    _replace(target, cleaned)
    _replace(story_file, edited.encode("utf-8"))
    return Added(target, new_block, previous if previous != target.name else None)


def set_image_src(text: str, name: str) -> tuple[str, bool, str | None]:
    """The story text with image.src set to `name`; whether an image: block was added; the old src."""
    newline = "\r\n" if "\r\n" in text else "\n"
    lines = text.splitlines(keepends=True)
    start = next((i for i, line in enumerate(lines) if re.match(r"image\s*:", line)), None)
    if start is None:
        block = [f"image:{newline}", f"  src: {name}{newline}",
                 f"  alt:      # what the photo shows, without names: check fails until you write it{newline}",
                 f"  consent:  # true once consent is held for everyone identifiable: check fails until then{newline}"]
        if lines and not lines[-1].endswith(("\n", "\r")):
            lines[-1] += newline
        edited, new_block, previous = "".join(lines + block), True, None
    else:
        if not re.match(r"image\s*:\s*(#.*)?$", lines[start].rstrip("\r\n")):
            raise PhotoError("image: is written on one line; add-photo edits the block form",
                             "write it as  image:  then  src:, alt: and consent:  on their own indented lines")
        end = start + 1
        while end < len(lines) and (not lines[end].strip() or lines[end][0] in " \t#"):
            end += 1
        body = lines[start + 1:end]
        indent = next((m.group(0) for line in body if (m := re.match(r"[ \t]+(?=[^\s#])", line))), "  ")
        found = next((i for i, line in enumerate(body) if re.match(rf"{indent}src\s*:", line)), None)
        previous = None
        if found is None:
            body.insert(0, f"{indent}src: {name}{newline}")
        else:
            previous = _scalar(body[found])
            body[found] = f"{indent}src: {name}{newline}"
        edited, new_block = "".join(lines[:start + 1] + body + lines[end:]), False
    try:
        data = yaml.safe_load(edited)
        ok = isinstance(data, dict) and isinstance(data.get("image"), dict) and data["image"].get("src") == name
    except yaml.YAMLError:
        ok = False
    if not ok:  # never leave a story file that reads differently from what was meant
        raise PhotoError("could not set image.src in the story file: its image: block is laid out unusually",
                         f"set  src: {name}  under image: by hand")
    return edited, new_block, previous


def _scalar(line: str) -> str | None:
    try:
        value = yaml.safe_load(line.strip())
        return str(value.get("src")) if isinstance(value, dict) and value.get("src") is not None else None
    except yaml.YAMLError:
        return None


def _replace(path: Path, data: bytes) -> None:
    write_atomic(path, data)


# ---- the build: smaller copies for srcset

@dataclass(frozen=True)
class Sized:
    """A photo as the site serves it: its pixel size and the smaller copies (width, height, JPEG bytes)."""

    width: int
    height: int
    copies: tuple[tuple[int, int, bytes], ...]


def size_photo(data: bytes, cache_dir: Path | None = None) -> Sized:
    """The photo's size and a JPEG copy at each of WIDTHS narrower than it, cached by content hash.

    A copy's key is the hash of the photo's bytes, the width, the quality, this code's version and
    Pillow's, so a cached copy is used only when encoding again would give the same bytes.
    """
    with _open(data) as image:
        width, height = image.size
    wanted = [(w, max(1, round(height * w / width))) for w in WIDTHS if w < width]
    digest = hashlib.sha256(data).hexdigest()
    copies, picture = [], None
    for w, h in wanted:
        key = hashlib.sha256(f"{SIZED_VERSION} {PIL.__version__} {SIZED_QUALITY} {w}x{h} {digest}".encode()).hexdigest()
        cached = cache_dir / f"{key[:40]}.jpg" if cache_dir else None
        if cached is not None:
            try:
                copies.append((w, h, cached.read_bytes()))
                continue
            except OSError:
                pass
        if picture is None:
            picture = _flat(data)
        out = io.BytesIO()
        picture.resize((w, h), Image.Resampling.LANCZOS).save(out, "JPEG", quality=SIZED_QUALITY, optimize=True,
                                                               progressive=True)
        copies.append((w, h, out.getvalue()))
        if cached is not None:
            cached.parent.mkdir(parents=True, exist_ok=True)
            _replace(cached, out.getvalue())
    return Sized(width, height, tuple(copies))


def _flat(data: bytes) -> Image.Image:
    """The decoded photo as RGB, transparency on white."""
    with _open(data) as image:
        try:
            image.load()
        except (OSError, ValueError, SyntaxError) as exc:
            raise PhotoError(f"the photo could not be read to the end ({exc})",
                             f"add it again with  {add_photo_command()}") from None
        if image.mode in ("RGBA", "LA", "PA") or "transparency" in image.info:
            rgba = image.convert("RGBA")
            flat = Image.new("RGB", rgba.size, (255, 255, 255))
            flat.paste(rgba, mask=rgba.getchannel("A"))
            return flat
        return image.convert("RGB")
