"""Photos: every mode a JPEG or PNG decodes to is drawn with its real tones (a 16-bit greyscale
PNG once printed as a white box), and the renderer takes its pixels from the checked decoder."""

from __future__ import annotations

import io
import struct
import zlib
from pathlib import Path

import pytest
from PIL import Image

from docgen.load.images import decode_image, open_for_drawing
from docgen.load.values import ValueProblem


def save(path: Path, im: Image.Image, fmt: str = "PNG", **kw) -> Path:
    im.save(path, fmt, **kw)
    return path


def png16_rgb(path: Path, rgb=(65535, 32768, 0)) -> Path:
    def chunk(kind, body):
        return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))

    raw = b"".join(b"\x00" + struct.pack(">HHH", *rgb) * 8 for _ in range(8))
    path.write_bytes(b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", 8, 8, 16, 2, 0, 0, 0))
                     + chunk(b"IDAT", zlib.compress(raw)) + chunk(b"IEND", b""))
    return path


def palette_with_transparency(folder: Path) -> Path:
    path = folder / "p.png"
    im = Image.new("P", (8, 8), 1)
    im.putpalette([255, 0, 0, 0, 0, 255] + [0] * 762)
    im.paste(0, (0, 0, 4, 8))
    im.save(path, "PNG", transparency=0)
    return path


@pytest.mark.parametrize("make, mode, pixel", [
    (lambda p: save(p / "g16.png", Image.new("I;16", (8, 8), 30000)), "RGB", (116, 116, 116)),
    (lambda p: save(p / "g16dark.png", Image.new("I;16", (8, 8), 2000)), "RGB", (7, 7, 7)),
    (lambda p: save(p / "la.png", Image.new("LA", (8, 8), (100, 128))), "RGBA", (100, 100, 100, 128)),
    (lambda p: save(p / "la-opaque.png", Image.new("LA", (8, 8), (100, 255))), "RGB", (100, 100, 100)),
    (palette_with_transparency, "RGBA", (0, 0, 255, 255)),
    (lambda p: save(p / "cmyk.jpg", Image.new("CMYK", (8, 8), (0, 255, 255, 0)), "JPEG", quality=100), "RGB", (255, 0, 0)),
    (lambda p: png16_rgb(p / "rgb16.png"), "RGB", (255, 128, 0)),
    (lambda p: save(p / "bw.png", Image.new("1", (8, 8), 1)), "RGB", (255, 255, 255)),
    (lambda p: save(p / "grey.jpg", Image.new("L", (8, 8), 90), "JPEG", quality=100), "RGB", (90, 90, 90)),
])
def test_every_mode_is_converted_with_its_tones(tmp_path, make, mode, pixel):
    im = decode_image(make(tmp_path))
    assert im.mode == mode
    got = im.getpixel((6, 6))
    assert all(abs(a - b) <= 2 for a, b in zip(got, pixel)), got


def test_renderer_draws_a_16_bit_grey_photo_grey(tmp_path):
    from docgen.printing.units import Box
    from docgen.printing.render import _prepare_picture

    photo = save(tmp_path / "g16.png", Image.new("I;16", (60, 80), 30000))
    data, _ = _prepare_picture(photo, Box(0, 0, 30, 40), "cover")
    drawn = Image.open(io.BytesIO(data)).convert("RGB")
    r, g, b = drawn.getpixel((drawn.width // 2, drawn.height // 2))
    assert 100 <= r <= 130 and r == g == b, (r, g, b)


def test_badge_prints_a_16_bit_grey_photo_grey(tmp_path):
    """Through the real command: the photo frame holds mid-grey, not the white box of before."""
    import click
    import pypdfium2
    from click.testing import CliRunner

    from docgen.cli import main

    save(tmp_path / "g16.png", Image.new("I;16", (300, 400), 30000))
    (tmp_path / "roster.csv").write_text("工会名称,姓名,职务,手机,照片\n甲公司工会委员会,张三,主席,13905561234,g16.png\n",
                                         encoding="utf-8")
    out = tmp_path / "badges.pdf"
    command = click.Command("docgen", callback=lambda: main(["badges", str(tmp_path / "roster.csv"), "-o", str(out)]))
    result = CliRunner().invoke(command, [], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    page = pypdfium2.PdfDocument(str(out))[0].render(scale=0.5).to_pil().convert("RGB")
    rgb = page.tobytes()
    grey = sum(1 for i in range(0, len(rgb), 3)
               if 105 <= rgb[i] <= 128 and abs(rgb[i] - rgb[i + 1]) <= 3 and abs(rgb[i + 1] - rgb[i + 2]) <= 3)
    assert grey > 400, grey           # the photo area (about 40 x 50 pixels at this scale) is grey


def test_drawing_a_file_that_broke_after_the_check_is_an_input_error(tmp_path):
    from docgen.errors import InputError

    path = tmp_path / "zhang.jpg"
    buf = io.BytesIO()
    Image.effect_noise((100, 120), 50).convert("RGB").save(buf, "JPEG")
    path.write_bytes(buf.getvalue()[:800])
    with pytest.raises(ValueProblem, match="截断"):
        decode_image(path)
    with pytest.raises(InputError) as info:
        open_for_drawing(path)
    assert info.value.exit_code == 2 and "zhang.jpg" in info.value.lines()[0]
