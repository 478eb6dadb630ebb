"""Documents for print tests, built in Python (no loader needed): long names, rare characters,
missing photos, a hundred officers, 常务副主席."""

from __future__ import annotations

import io
from pathlib import Path

from docgen.model import Document, Officer, Phone, PrintOptions, Union

LONG_UNION = "安徽省安庆市岳西县经济开发区某某某新材料科技股份有限公司联合工会委员会"   # 37
FORTY_UNION = "中国安徽省安庆市岳西县经济开发区天堂镇某某某新材料科技股份有限公司联合工会委员会"
assert len(FORTY_UNION) == 40, len(FORTY_UNION)

SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈"
GIVEN = ["伟", "芳", "娜", "秀英", "敏", "静", "丽", "强", "磊", "军", "洋", "勇", "艳", "杰", "娟", "涛", "明",
         "超", "秀兰", "霞", "平", "刚", "桂英", "堃", "喆", "珺", "昇", "犇", "燚", "垚", "赟", "祎", "玥", "瑄", "旻"]


def mobile(n: int) -> Phone:
    digits = f"139{n:08d}"
    return Phone("mobile", digits, f"{digits[:3]} {digits[3:7]} {digits[7:]}")


def office(n: int) -> Phone:
    number = f"21{n:05d}"
    return Phone("landline", f"0556{number}", f"0556-{number}")


def role_class(role: str) -> str:
    r = role.removeprefix("工会")
    if "副主席" in r:
        return "vice-chair"
    return "chair" if r.endswith("主席") else "other"


def officer(name: str, role: str, n: int = 1, photo: Path | None = None, phones: bool = True) -> Officer:
    return Officer(name=name, role=role, role_class=role_class(role),
                   office_phone=office(n) if phones else None, mobile=mobile(n) if phones else None, photo=photo)


def document(unions, source: Path = Path("county.toml"), **print_options) -> Document:
    return Document(source=source, unions=tuple(unions), print=PrintOptions(
        services=print_options.pop("services", ("入会咨询", "劳动合同指导", "法律援助", "困难帮扶")), **print_options))


def small_document(photo: Path | None = None, **print_options) -> Document:
    unions = [
        Union("安徽某某机械有限公司工会委员会", (
            officer("张三", "主席", 1, photo=photo),
            officer("李四", "常务副主席", 2),
            officer("王五", "委员", 3),
        ), office="综合楼三楼302室"),
        Union(LONG_UNION, (officer("欧阳建国", "工会主席", 4), officer("王堃", "副主席", 5)),
              office="安徽省岳西县经济开发区天堂大道88号综合办公楼三楼东侧302室"),
    ]
    return document(unions, **print_options)


def hundred_officers(photo_dir: Path | None = None, unions_count: int = 20) -> Document:
    """5 officers in each of 20 unions: long names, rare characters, some with photos, some without."""
    unions = []
    n = 0
    photos = make_photos(photo_dir) if photo_dir else []
    for u in range(unions_count):
        name = [LONG_UNION, FORTY_UNION, "岳西县总工会机关工会委员会", "安徽某某（集团）有限公司工会",
                "岳西县天堂镇某某村股份经济合作社工会联合会"][u % 5]
        name = name if u < 5 else name[:3] + f"第{u}" + name[3:]
        officers = []
        for k, role in enumerate(["主席", "常务副主席", "副主席", "委员", "女职工委员会主任"]):
            person = SURNAMES[n % len(SURNAMES)] + GIVEN[n % len(GIVEN)]
            if n % 17 == 5:
                person = "欧阳" + GIVEN[n % len(GIVEN)]
            photo = photos[(n // 3) % len(photos)] if photos and n % 3 == 0 else None
            officers.append(officer(person, role, n, photo=photo, phones=n % 11 != 7))
            n += 1
        unions.append(Union(name, tuple(officers), office="综合楼三楼302室"))
    return document(unions)


def make_photos(folder: Path) -> list[Path]:
    """A portrait JPEG, a landscape JPEG with EXIF orientation 6 (shot sideways), and a PNG."""
    from PIL import Image, ImageDraw

    folder.mkdir(parents=True, exist_ok=True)
    out = []
    # portrait: blue background, a face-like ellipse in the upper part
    im = Image.new("RGB", (600, 840), (70, 120, 200))
    d = ImageDraw.Draw(im)
    d.ellipse((190, 150, 410, 420), fill=(235, 200, 170))
    d.rectangle((120, 470, 480, 840), fill=(30, 30, 40))
    p = folder / "portrait.jpg"
    im.save(p, "JPEG", quality=90)
    out.append(p)
    # stored landscape, EXIF says rotate 90° clockwise to view (orientation 6)
    rotated = im.rotate(90, expand=True)      # what a sideways phone stores
    exif = Image.Exif()
    exif[0x0112] = 6
    p = folder / "sideways.jpg"
    rotated.save(p, "JPEG", quality=90, exif=exif.tobytes())
    out.append(p)
    p = folder / "photo.png"
    im.resize((300, 420)).save(p, "PNG")
    out.append(p)
    return out


def png_bytes(image) -> bytes:
    buf = io.BytesIO()
    image.save(buf, "PNG")
    return buf.getvalue()


# --- input files and the command line -----------------------------------------------------

def toml_text(unions, print_table: str = "", templates: str | None = None) -> str:
    """A TOML input with [[unions]] given as (name, [(officer name, role, mobile, office phone, photo)])."""
    out = []
    if templates:
        out.append(f'templates = "{templates}"\n')
    for name, officers, *rest in unions:
        out.append(f'[[unions]]\nname = "{name}"\n')
        if rest:
            out.append(f'office = "{rest[0]}"\n')
        for person in officers:
            person_name, role, mobile_no, office_no, photo = (list(person) + [None] * 5)[:5]
            out.append(f'\n[[unions.officers]]\nname = "{person_name}"\nrole = "{role}"\n')
            if mobile_no:
                out.append(f'mobile = "{mobile_no}"\n')
            if office_no:
                out.append(f'office_phone = "{office_no}"\n')
            if photo:
                out.append(f'photo = "{photo}"\n')
        out.append("\n")
    if print_table:
        out.append("[print]\n" + print_table + "\n")
    return "".join(out)


def write_input(folder: Path, unions, print_table: str = "", templates: str | None = None) -> Path:
    path = folder / "county.toml"
    path.write_text(toml_text(unions, print_table, templates), encoding="utf-8")
    return path


def run(args, capsys=None):
    """docgen with these arguments in this process: (exit status, stdout, stderr)."""
    from docgen.cli import main

    try:
        main([str(a) for a in args])
        code = 0
    except SystemExit as exc:
        code = exc.code if isinstance(exc.code, int) else 1
    if capsys is not None:
        captured = capsys.readouterr()
        return code, captured.out, captured.err
    return code, "", ""


def subset_font(source: Path, target: Path, text: str) -> Path:
    """A TrueType face holding only the characters of `text` (plus ASCII): a stand-in for a
    user's GB2312-only font that lacks a rare name character."""
    from fontTools import subset

    options = subset.Options()
    options.layout_features = []
    options.name_IDs = ["*"]
    options.notdef_outline = True
    font = subset.load_font(str(source), options)
    sub = subset.Subsetter(options)
    sub.populate(unicodes=sorted({ord(c) for c in text} | set(range(0x20, 0x7F)) | {0x3000}))
    sub.subset(font)
    subset.save_font(font, str(target), options)
    return target


# --- reading PDFs ---------------------------------------------------------------------------

def page_boxes(pdf_path: Path) -> list[dict]:
    """MediaBox, TrimBox, BleedBox, CropBox of each page, as pdfium reports them (points)."""
    import pypdfium2 as pdfium

    doc = pdfium.PdfDocument(str(pdf_path))
    try:
        out = []
        for i in range(len(doc)):
            p = doc[i]
            out.append({"media": p.get_mediabox(), "trim": p.get_trimbox(), "bleed": p.get_bleedbox(),
                        "crop": p.get_cropbox()})
            p.close()
        return out
    finally:
        doc.close()


def render_png(pdf_path: Path, page: int, dpi: int = 300):
    import pypdfium2 as pdfium

    doc = pdfium.PdfDocument(str(pdf_path))
    try:
        p = doc[page]
        image = p.render(scale=dpi / 72).to_pil()
        p.close()
        return image
    finally:
        doc.close()
