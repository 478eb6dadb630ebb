"""Photos and emblems must really be JPEG or PNG images of sane size (spec: Paths).

`check_image` decodes every pixel at check time, so a truncated JPEG or a PNG with a text-chunk
bomb fails `docgen check` with the file named, never the drawing later. The drawing code gets its
pixels from `open_for_drawing`, through the same decoder, so what was checked is what is drawn.
"""

from __future__ import annotations

import contextlib
import warnings
from pathlib import Path

from ..errors import InputError, Place
from .files import file_problem
from .values import ValueProblem

MAX_PIXELS = 60_000_000     # a 60-megapixel photo is already larger than any camera phone's
MAX_BYTES = 40 * 1024 * 1024
_HEIF = (b"ftypheic", b"ftypheix", b"ftypmif1", b"ftyphevc", b"ftypavif")


def check_image(path: Path) -> Path:
    decode_image(path)
    return path


def open_for_drawing(path: Path):
    """The decoded image (RGB or RGBA, EXIF rotation applied) for drawing; an InputError naming
    the file if it changed since the check and no longer decodes."""
    try:
        return decode_image(path)
    except ValueProblem as exc:
        raise InputError.at(Place(Path(path).name), str(exc)) from None


def decode_image(path: Path):
    """The whole image decoded into RGB, or RGBA when it has real transparency, with its EXIF
    rotation applied; ValueProblem with a Chinese reason naming the file otherwise."""
    from PIL import Image, ImageOps

    why = file_problem(path, MAX_BYTES, "图片文件")
    if why:
        raise ValueProblem(why if "过大" not in why
                           else f"图片 {path.name} 过大，请压缩到 {MAX_BYTES // 1048576} MB 以内")
    try:
        with open(path, "rb") as fh:
            head = fh.read(32)
    except OSError:
        raise ValueProblem(f"无法读取图片 {path}") from None
    if head[4:12] in _HEIF:
        raise ValueProblem(f"图片 {path.name} 是 HEIC/AVIF 格式（苹果手机默认），请转换为 JPEG 或 PNG")
    if not (head.startswith(b"\xff\xd8\xff") or head.startswith(b"\x89PNG\r\n\x1a\n")):
        raise ValueProblem(f"{path.name} 不是 JPEG 或 PNG 图片")
    im: Image.Image     # opened as an ImageFile, then maybe an upright copy
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")     # Pillow's English DecompressionBombWarning and friends
        try:
            with Image.open(path, formats=("JPEG", "PNG")) as im:
                w, h = im.size
                if w * h > MAX_PIXELS:
                    raise ValueProblem(f"图片 {path.name} 像素过多（{w}×{h}），可能是损坏或恶意文件，请缩小后再用")
                im.load()                   # every pixel: a truncated file fails here, not when drawn
                with contextlib.suppress(Exception):   # a broken EXIF block: the pixels are fine, draw them unrotated
                    im = ImageOps.exif_transpose(im)
                return _for_drawing(im)
        except ValueProblem:
            raise
        except Image.DecompressionBombError:
            raise ValueProblem(f"图片 {path.name} 像素过多，可能是损坏或恶意文件") from None
        except MemoryError:
            raise ValueProblem(f"图片 {path.name} 解码所需内存过大，可能是损坏或恶意文件") from None
        except Exception as exc:
            reason = "（数据不完整，文件被截断）" if "truncated" in str(exc) else \
                "（内含的文字块过大，可能是恶意文件）" if "too large" in str(exc).lower() else ""
            raise ValueProblem(f"图片 {path.name} 已损坏{reason}，无法读取；"
                               "请用看图软件打开后重新另存为 JPEG") from None


def _for_drawing(im):
    """Any mode a JPEG or PNG decodes to -> RGB or RGBA with the right tones: 16-bit greyscale is
    scaled to 8 bits (a plain convert clips it to white), palette and LA transparency kept,
    CMYK turned into RGB, an alpha channel that is fully opaque dropped."""
    mode = im.mode
    if mode.startswith("I;16") or mode in ("I", "F"):
        im = im.convert("I") if mode != "F" else im
        high = im.getextrema()[1] or 0
        scale = 255 / 65535 if high > 255 else 1.0
        im = im.point(lambda v: v * scale).convert("L")
        mode = "L"
    if mode in ("RGBA", "LA", "PA", "La", "RGBa") or "transparency" in im.info:
        im = im.convert("RGBA")
        if im.getchannel("A").getextrema() == (255, 255):
            im = im.convert("RGB")
        return im
    return im if mode == "RGB" else im.convert("RGB")
