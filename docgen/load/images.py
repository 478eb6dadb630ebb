"""Photos and emblems must really be JPEG or PNG images of sane size (spec: Paths)."""

from __future__ import annotations

from pathlib import Path

from .values import ValueProblem

MAX_PIXELS = 60_000_000     # a 60-megapixel photo is already larger than any camera phone's
MAX_BYTES = 40 * 1024 * 1024


def check_image(path: Path) -> Path:
    if not path.exists():
        raise ValueProblem(f"找不到图片文件 {path}")
    if not path.is_file():
        raise ValueProblem(f"{path} 不是文件")
    size = path.stat().st_size
    if size > MAX_BYTES:
        raise ValueProblem(f"图片 {path.name} 过大（{size // 1048576} MB），请压缩到 {MAX_BYTES // 1048576} MB 以内")
    with path.open("rb") as fh:
        head = fh.read(32)
    if head[4:12] in (b"ftypheic", b"ftypheix", b"ftypmif1", b"ftyphevc", b"ftypavif"):
        raise ValueProblem(f"图片 {path.name} 是 HEIC/AVIF 格式（苹果手机默认），请转换为 JPEG 或 PNG")
    if not (head.startswith(b"\xff\xd8\xff") or head.startswith(b"\x89PNG\r\n\x1a\n")):
        raise ValueProblem(f"{path.name} 不是 JPEG 或 PNG 图片")
    from PIL import Image

    try:
        with Image.open(path) as im:
            w, h = im.size
            if w * h > MAX_PIXELS:
                raise ValueProblem(f"图片 {path.name} 像素过多（{w}×{h}），可能是损坏或恶意文件，请缩小后再用")
            im.verify()
    except ValueProblem:
        raise
    except Image.DecompressionBombError:
        raise ValueProblem(f"图片 {path.name} 像素过多，可能是损坏或恶意文件") from None
    except Exception:
        raise ValueProblem(f"图片 {path.name} 已损坏，无法读取") from None
    return path
