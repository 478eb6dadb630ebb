"""Build the bad-input corpus: one folder per case with its input files and `expect.toml`.

Run once after changing a case: python tests/badinput/make_cases.py. The folders are committed,
so the corpus is plain files a reader can open; this script only saves typing them by hand.

expect.toml: args (the command line, file names relative to the case folder), exit (0, 1 or 2),
contains (fragments the message must hold: the field or column and what is wrong).
"""

from __future__ import annotations

import io
import shutil
import zlib
import struct
from pathlib import Path

HERE = Path(__file__).resolve().parent / "cases"

BASE = '''version = 1

[issuer]
name = "岳西县总工会"
doc_number = "岳工发〔2012〕5号"
date = 2012-05-03

[plan]
campaign = "shuangliang"
scope = "全县"
recipients = ["各乡镇工会联合会", "各企业工会"]
start = "2012-05"
end = "2014-12"

[[plan.targets]]
year = 2012
coverage = 50

[[plan.targets]]
year = 2014
coverage = 100

[[plan.stages]]
name = "制定方案、宣传发动"
start = "2012-05"
end = "2012-05"

[[plan.stages]]
name = "全面推进、有序覆盖"
start = "2012-06"
end = "2014-12"

[[unions]]
name = "岳西县天峰茶业有限公司工会委员会"
founded = 2024-03-18

[[unions.officers]]
name = "刘建华"
role = "工会主席"
mobile = "13905561201"
'''

ROSTER_HEADER = "工会名称,姓名,职务,办公电话,手机\n"


def toml_case(name, old, new, contains, exit=2, extra_files=None, args=None):
    assert old in BASE, (name, old)
    text = BASE.replace(old, new, 1)
    if any(f.startswith("tpl/") for f in extra_files or {}) and "templates =" not in text:
        text = text.replace("version = 1", 'version = 1\ntemplates = "tpl"', 1)
    files = {"county.toml": text.encode("utf-8")}
    files.update(extra_files or {})
    return name, files, {"args": args or ["check", "county.toml"], "exit": exit, "contains": contains}


def roster_case(name, rows: str, contains, exit=2, encoding="utf-8", filename="roster.csv"):
    data = rows.encode(encoding) if isinstance(rows, str) else rows
    return name, {filename: data}, {"args": ["check", filename], "exit": exit, "contains": contains}


def png_bomb() -> bytes:
    """A 30000 x 30000 greyscale PNG that compresses to a few hundred kilobytes."""
    width = height = 30000
    raw = zlib.compressobj(9)
    row = b"\x00" + b"\x00" * width
    body = b"".join(raw.compress(row) for _ in range(height)) + raw.flush()

    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)) + chunk(b"IDAT", body) + chunk(b"IEND", b"")


def small_jpeg() -> bytes:
    from PIL import Image

    buf = io.BytesIO()
    Image.new("RGB", (30, 40), (200, 200, 200)).save(buf, "JPEG")
    return buf.getvalue()


def truncated_jpeg() -> bytes:
    """A JPEG cut off after its first few kilobytes: the header reads, the pixels do not."""
    from PIL import Image

    buf = io.BytesIO()
    pixels = bytes((i * 7919) % 251 for i in range(300 * 300 * 3))      # busy, so it compresses poorly
    Image.frombytes("RGB", (300, 300), pixels).save(buf, "JPEG", quality=95)
    data = buf.getvalue()
    return data[: len(data) // 3]


def cff_font() -> bytes:
    """A tiny CFF-outline OpenType font: valid, but reportlab cannot embed it."""
    from fontTools.fontBuilder import FontBuilder
    from fontTools.pens.t2CharStringPen import T2CharStringPen

    fb = FontBuilder(1000, isTTF=False)
    fb.setupGlyphOrder([".notdef", "uni5F20"])
    fb.setupCharacterMap({0x5F20: "uni5F20"})
    pen = T2CharStringPen(600, None)
    pen.moveTo((0, 0)); pen.lineTo((500, 0)); pen.lineTo((500, 500)); pen.closePath()
    fb.setupCFF("TestCFF", {"FullName": "TestCFF"}, {".notdef": pen.getCharString(), "uni5F20": pen.getCharString()}, {})
    fb.setupHorizontalMetrics({".notdef": (600, 0), "uni5F20": (600, 0)})
    fb.setupHorizontalHeader(ascent=800, descent=-200)
    fb.setupNameTable({"familyName": "TestCFF", "styleName": "Regular"})
    fb.setupOS2()
    fb.setupPost()
    buf = io.BytesIO()
    fb.save(buf)
    return buf.getvalue()


# Template folders (templates = "tpl"): layouts and presets are checked like the input, with
# file, line and key; Windows paths in double quotes; names that do not exist list those that do.
MINE = 'title = "我的胸卡"\nsize_mm = [85.6, 54]\n\n[[elements]]\ntype = "image"\nbox_mm = [1, 1, 10, 10]\nsource = "{}"\n'
TEMPLATE_CASES = [
    toml_case("toml-windows-path-users", 'mobile = "13905561201"', 'mobile = "13905561201"\nphoto = "C:\\Users\\张三\\照片\\刘建华.jpg"', ["county.toml 第41行", "请改用单引号或正斜杠"]),
    toml_case("toml-windows-path-new", "[[unions]]", '[print]\nemblem = "D:\\new\\会徽.png"\n\n[[unions]]', ["county.toml 第34行", "请改用单引号或正斜杠"]),
    toml_case("campaign-unknown-lists", 'campaign = "shuangliang"', 'campaign = "shuangzhen"', ["county.toml 第9行: plan.campaign", "可用的活动：双亮（shuangliang）、双争（shuangzheng）"]),
    toml_case("layout-unknown-lists", "version = 1", "version = 1", ["没有名为“badge-mini”的版式", "badge-qr：胸卡"], args=["badges", "county.toml", "--layout", "badge-mini"]),
    toml_case("layout-nan-size", "version = 1", 'version = 1\ntemplates = "tpl"', ["badge-mine.toml 第2行: size_mm", "nan"], args=["badges", "county.toml", "--layout", "badge-mine"],
              extra_files={"tpl/print/badge-mine.toml": 'title = "我的胸卡"\nsize_mm = [nan, nan]\n'.encode()}),
    toml_case("layout-inf-box", "version = 1", 'version = 1\ntemplates = "tpl"', ["badge-mine.toml 第6行: elements[1].box_mm", "inf"], args=["badges", "county.toml", "--layout", "badge-mine"],
              extra_files={"tpl/print/badge-mine.toml": 'title = "我的胸卡"\nsize_mm = [85.6, 54]\n\n[[elements]]\ntype = "rect"\nbox_mm = [0, 0, inf, 10]\n'.encode()}),
    toml_case("layout-syntax-chinese", "version = 1", 'version = 1\ntemplates = "tpl"', ["badge-mine.toml 第2行", "TOML 语法错误"], args=["badges", "county.toml", "--layout", "badge-mine"],
              extra_files={"tpl/print/badge-mine.toml": 'title = "我的胸卡"\nsize_mm = 85.6, 54\n'.encode()}),
    toml_case("layout-unknown-key-line", "version = 1", 'version = 1\ntemplates = "tpl"', ["badge-mine.toml 第8行: elements[1].strok", "是否指 elements[1].stroke"], args=["badges", "county.toml", "--layout", "badge-mine"],
              extra_files={"tpl/print/badge-mine.toml": 'title = "我的胸卡"\nsize_mm = [85.6, 54]\n\n[[elements]]\ntype = "rect"\nbox_mm = [0, 0, 10, 10]\nfill = "red"\nstrok = "black"\n'.encode()}),
    toml_case("layout-image-outside", "version = 1", 'version = 1\ntemplates = "tpl"', ["badge-mine.toml 第7行: elements[1].source", "模板文件夹"], args=["badges", "county.toml", "--layout", "badge-mine"],
              extra_files={"tpl/print/badge-mine.toml": MINE.format("../../logo.jpg").encode(), "logo.jpg": "jpeg"}),
    toml_case("layout-image-truncated", "version = 1", 'version = 1\ntemplates = "tpl"', ["badge-mine.toml 第7行: elements[1].source", "损坏"], args=["badges", "county.toml", "--layout", "badge-mine"],
              extra_files={"tpl/print/badge-mine.toml": MINE.format("logo.jpg").encode(), "tpl/print/logo.jpg": "truncated"}),
    toml_case("layout-image-not-image", "version = 1", 'version = 1\ntemplates = "tpl"', ["badge-mine.toml 第7行: elements[1].source", "不是 JPEG 或 PNG"], args=["badges", "county.toml", "--layout", "badge-mine"],
              extra_files={"tpl/print/badge-mine.toml": MINE.format("logo.png").encode(), "tpl/print/logo.png": b"<html></html>"}),
    toml_case("preset-user-bad-key", 'campaign = "shuangliang"', 'campaign = "mine"\n# 自己的活动预设在 tpl/plan/mine/', ["preset.toml 第6行: sections[1].last", "true 或 false"], args=["plan", "county.toml"],
              extra_files={"tpl/plan/mine/preset.toml": 'name = "我的活动"\ntitle = "title.j2"\n\n[[sections]]\ntitle = "实施步骤"\nlast = "yes"\nbody = "steps.j2"\n'.encode()}),
    toml_case("plaque-size-unknown-lists", "version = 1", "version = 1", ["--size", "可用的牌匾尺寸：", "400×2400（county）", "landscape-large"], args=["plaques", "county.toml", "--size", "countyy"]),
]


# ---- hostile spreadsheets and images (small files; bombs that need size are made at test time) --

_NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_PKG = "http://schemas.openxmlformats.org/package/2006/relationships"


def xlsx(rows_xml: str, *, dimension: str = "A1:D2", sheets: bool = True, shared: str | None = None,
         sheet_head: str = "", date_style: bool = False) -> bytes:
    """A minimal .xlsx written by hand, so a case can hold what Excel never writes."""
    import zipfile

    def part(xml: str) -> str:
        return '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>' + xml

    overrides = '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
    overrides += '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
    rels = f'<Relationship Id="rId1" Type="{_REL}/worksheet" Target="worksheets/sheet1.xml"/>'
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as archive:
        class Fixed:        # fixed dates, so regenerating the corpus changes nothing
            @staticmethod
            def writestr(name, text):
                archive.writestr(zipfile.ZipInfo(name, (2024, 1, 1, 0, 0, 0)), text, zipfile.ZIP_DEFLATED)
        z = Fixed
        if shared is not None:
            overrides += '<Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/>'
            rels += f'<Relationship Id="rId2" Type="{_REL}/sharedStrings" Target="sharedStrings.xml"/>'
            z.writestr("xl/sharedStrings.xml", shared)
        if date_style:
            overrides += '<Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>'
            rels += f'<Relationship Id="rId3" Type="{_REL}/styles" Target="styles.xml"/>'
            z.writestr("xl/styles.xml", part(f'<styleSheet xmlns="{_NS}"><cellXfs count="2"><xf numFmtId="0"/>'
                                             '<xf numFmtId="14" applyNumberFormat="1"/></cellXfs></styleSheet>'))
        z.writestr("[Content_Types].xml", part(
            '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
            f'<Default Extension="xml" ContentType="application/xml"/>{overrides}</Types>'))
        z.writestr("_rels/.rels", part(f'<Relationships xmlns="{_PKG}"><Relationship Id="rId1" '
                                       f'Type="{_REL}/officeDocument" Target="xl/workbook.xml"/></Relationships>'))
        listed = '<sheet name="花名册" sheetId="1" r:id="rId1"/>' if sheets else ""
        z.writestr("xl/workbook.xml", part(f'<workbook xmlns="{_NS}" xmlns:r="{_REL}"><sheets>{listed}</sheets></workbook>'))
        z.writestr("xl/_rels/workbook.xml.rels", part(f'<Relationships xmlns="{_PKG}">{rels}</Relationships>'))
        z.writestr("xl/worksheets/sheet1.xml", '<?xml version="1.0" encoding="UTF-8"?>' + sheet_head +
                   f'<worksheet xmlns="{_NS}"><dimension ref="{dimension}"/><sheetData>{rows_xml}</sheetData></worksheet>')
    return buf.getvalue()


def cell(ref: str, text: str) -> str:
    return f'<c r="{ref}" t="inlineStr"><is><t>{text}</t></is></c>'


XLSX_HEAD = '<row r="1">' + cell("A1", "工会名称") + cell("B1", "姓名") + cell("C1", "职务") + cell("D1", "成立日期") + "</row>"
XLSX_ROW2 = '<row r="2">' + cell("A2", "甲公司工会委员会") + cell("B2", "张三") + cell("C2", "主席") + "</row>"
LAUGHS = ('<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol1 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">'
          '<!ENTITY lol2 "&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;">]>')
XXE = '<!DOCTYPE x [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>'


def png(mode: str = "RGB", size=(30, 40), text_bomb: int = 0) -> bytes:
    """A small PNG; with `text_bomb` bytes of zeros packed into a zTXt chunk (Pillow refuses
    text chunks over 1 MB decompressed, which is the point)."""
    from PIL import Image

    buf = io.BytesIO()
    Image.new(mode, size, 128 if mode in ("L", "I;16") else (120, 120, 120)).save(buf, "PNG")
    data = buf.getvalue()
    if not text_bomb:
        return data

    def chunk(kind, body):
        return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))

    packed = zlib.compress(b"\x00" * text_bomb, 9)
    return data[:33] + chunk(b"zTXt", b"Comment\x00\x00" + packed) + data[33:]


def photo_case(name, photo_file: str, data, contains, command="badges", exit=2):
    """A roster whose one officer's photo is `photo_file`, run through a print command."""
    rows = "工会名称,姓名,职务,手机,照片\n甲公司工会委员会,张三,主席,13905561234," + photo_file + "\n"
    return name, {"roster.csv": rows.encode("utf-8"), photo_file: data}, \
        {"args": [command, "roster.csv"], "exit": exit, "contains": contains}


def xlsx_case(name, data: bytes, contains, command="check", filename="roster.xlsx", exit=2):
    return name, {filename: data}, {"args": [command, filename], "exit": exit, "contains": contains}


CASES = [
    # TOML syntax
    toml_case("toml-missing-bracket", "[plan]", "[plan", ["第8行", "TOML 语法错误", "右方括号"]),
    toml_case("toml-unquoted-text", 'scope = "全县"', "scope = 全县", ["TOML 语法错误", "引号"]),
    toml_case("toml-unterminated-string", 'scope = "全县"', 'scope = "全县', ["TOML 语法错误", "结束引号"]),
    toml_case("toml-duplicate-key", 'scope = "全县"', 'scope = "全县"\nscope = "全市"', ["TOML 语法错误", "重复"]),
    toml_case("toml-windows-backslash", "[[unions]]", '[print.fonts]\nsong = "C:\\Windows\\Fonts\\simsun.ttc"\n\n[[unions]]', ["反斜杠"]),
    ("toml-gbk-encoding", {"county.toml": BASE.encode("gbk")}, {"args": ["check", "county.toml"], "exit": 2, "contains": ["UTF-8"]}),
    # types and keys
    toml_case("type-coverage-text", "coverage = 50", 'coverage = "50%"', ["plan.targets[1].coverage", "应为数字"]),
    toml_case("type-recipients-text", 'recipients = ["各乡镇工会联合会", "各企业工会"]', 'recipients = "各乡镇工会联合会"', ["plan.recipients", "文字列表"]),
    toml_case("type-campaign-list", 'campaign = "shuangliang"', 'campaign = ["shuangliang"]', ["plan.campaign", "应为文字"]),
    toml_case("type-members-float", "founded = 2024-03-18", "founded = 2024-03-18\nmembers = 12.5", ["unions[1].members", "整数"]),
    toml_case("type-sealed-text", 'date = 2012-05-03', 'date = 2012-05-03\nsealed = "yes"', ["issuer.sealed", "true 或 false"]),
    toml_case("unknown-key-top", "version = 1", 'version = 1\nrostr = "a.xlsx"', ["rostr", "是否指 roster"]),
    toml_case("unknown-key-typo", "[[plan.stages]]", "[[plan.stage]]", ["plan.stage", "是否指 plan.stages"]),
    toml_case("unknown-officer-key", 'mobile = "13905561201"', 'mobile = "13905561201"\nwechat = "x"', ["unions[1].officers[1].wechat", "未知字段"]),
    toml_case("version-2", "version = 1", "version = 2", ["version", "不支持的版本"]),
    # required fields and values
    toml_case("missing-issuer-name", 'name = "岳西县总工会"\n', "", ["issuer.name", "缺少必填字段"]),
    toml_case("missing-issuer-date", "date = 2012-05-03\n", "", ["issuer.date", "缺少必填字段"]),
    toml_case("missing-plan-scope", 'scope = "全县"\n', "", ["plan.scope", "缺少必填字段"]),
    toml_case("date-impossible", "date = 2012-05-03", 'date = "2012-02-30"', ["issuer.date", "不是存在的日期"]),
    toml_case("date-with-time", "date = 2012-05-03", "date = 2012-05-03T08:30:00", ["issuer.date", "时间部分"]),
    toml_case("month-13", 'end = "2014-12"', 'end = "2014-13"', ["plan.end", '"2014-13" 不是有效月份，应为 YYYY-MM']),
    toml_case("plan-end-before-start", 'start = "2012-05"\nend = "2014-12"', 'start = "2012-05"\nend = "2011-12"', ["plan.end", "早于"]),
    toml_case("stage-overlap", 'start = "2012-06"\nend = "2014-12"', 'start = "2012-05"\nend = "2014-12"', ["plan.stages[2].start", "重叠"]),
    toml_case("stage-outside-plan", 'start = "2012-06"\nend = "2014-12"', 'start = "2012-06"\nend = "2015-06"', ["plan.stages[2].end", "超出方案起止"]),
    toml_case("stage-end-before-start", 'start = "2012-06"\nend = "2014-12"', 'start = "2012-06"\nend = "2012-04"', ["plan.stages[2].end", "早于"]),
    toml_case("targets-not-ascending", "year = 2014", "year = 2012", ["plan.targets[2].year", "升序"]),
    toml_case("coverage-decreasing", "coverage = 100", "coverage = 40", ["plan.targets[2].coverage", "不应下降"]),
    toml_case("coverage-over-100", "coverage = 100", "coverage = 120", ["plan.targets[2].coverage", "超出范围"]),
    toml_case("coverage-zero", "coverage = 50", "coverage = 0", ["plan.targets[1].coverage", "超出范围"]),
    toml_case("doc-number-leading-zero", "岳工发〔2012〕5号", "岳工发〔2012〕05号", ["issuer.doc_number", "前导0"]),
    toml_case("doc-number-di", "岳工发〔2012〕5号", "岳工发〔2012〕第5号", ["issuer.doc_number", "第"]),
    toml_case("doc-number-square-brackets", "岳工发〔2012〕5号", "岳工发[2012]5号", ["issuer.doc_number", "六角括号"]),
    toml_case("campaign-unknown", 'campaign = "shuangliang"', 'campaign = "双亮"', ["plan.campaign", "shuangliang"]),
    toml_case("notice-zhuanfa-without-source", "[[unions]]", '[notice]\nkind = "zhuanfa"\n\n[[unions]]', ["notice.source", "缺少"]),
    toml_case("notice-source-text-missing", "[[unions]]", '[notice]\nkind = "zhuanfa"\n[notice.source]\ntitle = "意见"\ntext_file = "nope.txt"\n\n[[unions]]', ["notice.source.text_file", "找不到文本文件", "nope.txt"]),
    toml_case("print-qr-unknown", "[[unions]]", '[print]\nqr = "wechat"\n\n[[unions]]', ["print.qr", "vcard | tel | none"]),
    toml_case("print-plaque-size", "[[unions]]", '[print]\nplaque_size = "40x24000"\n\n[[unions]]', ["print.plaque_size", "宽x高"]),
    toml_case("print-font-cff", "[[unions]]", '[print.fonts]\nhei = "cff.otf"\n\n[[unions]]', ["print.fonts.hei", "TrueType"], extra_files={"cff.otf": None}),
    toml_case("templates-missing", "version = 1", 'version = 1\ntemplates = "my-templates"', ["templates", "不存在"]),
    # names and text
    toml_case("union-name-10000-chars", 'name = "岳西县天峰茶业有限公司工会委员会"', 'name = "' + "工" * 10000 + '"', ["unions[1].name", "超过上限 60"]),
    toml_case("person-name-too-long", 'name = "刘建华"', 'name = "' + "刘" * 21 + '"', ["unions[1].officers[1].name", "超过上限 20"]),
    toml_case("name-control-char", 'name = "刘建华"', 'name = "刘建\\u0007华"', ["unions[1].officers[1].name", "控制字符 U+0007"]),
    toml_case("name-zero-width", 'name = "刘建华"', 'name = "刘建\\u200b华"', ["unions[1].officers[1].name", "零宽字符 U+200B"]),
    toml_case("name-right-to-left", 'name = "刘建华"', 'name = "刘建\\u202e华"', ["unions[1].officers[1].name", "方向控制字符 U+202E"]),
    toml_case("name-emoji", 'name = "刘建华"', 'name = "刘建华\\U0001F600"', ["unions[1].officers[1].name", "表情符号"]),
    toml_case("name-emoji-flag", "name = \"岳西县天峰茶业有限公司工会委员会\"", 'name = "岳西县天峰茶业有限公司工会委员会\\U0001F1E8\\U0001F1F3"', ["unions[1].name", "表情符号"]),
    toml_case("union-name-path-chars", "name = \"岳西县天峰茶业有限公司工会委员会\"", 'name = "../CON/a\\\\b 工会"', ["工会：1 个"], exit=0),
    toml_case("jinja-in-data-is-text", 'name = "刘建华"', 'name = "{{ 7*7 }}"', ["工会：1 个"], exit=0),
    # phones
    toml_case("mobile-10-digits", 'mobile = "13905561201"', 'mobile = "1390556120"', ["unions[1].officers[1].mobile", "不是11位手机号"]),
    toml_case("mobile-scientific", 'mobile = "13905561201"', "mobile = 1.39E+10", ["unions[1].officers[1].mobile", "科学计数法"]),
    toml_case("office-phone-garbage", 'mobile = "13905561201"', 'mobile = "13905561201"\noffice_phone = "办公室电话"', ["unions[1].officers[1].office_phone", "不是有效的办公电话"]),
    # photos and paths
    toml_case("photo-climbs-out", 'mobile = "13905561201"', 'mobile = "13905561201"\nphoto = "../../etc/passwd"', ["unions[1].officers[1].photo", "跳出了所在文件夹"]),
    toml_case("photo-missing", 'mobile = "13905561201"', 'mobile = "13905561201"\nphoto = "photos/none.jpg"', ["unions[1].officers[1].photo", "找不到图片"]),
    toml_case("photo-not-an-image", 'mobile = "13905561201"', 'mobile = "13905561201"\nphoto = "photo.jpg"', ["unions[1].officers[1].photo", "不是 JPEG 或 PNG"], extra_files={"photo.jpg": b"this is a text file"}),
    toml_case("photo-heic", 'mobile = "13905561201"', 'mobile = "13905561201"\nphoto = "IMG_0001.HEIC"', ["unions[1].officers[1].photo", "HEIC"], extra_files={"IMG_0001.HEIC": b"\x00\x00\x00\x18ftypheic\x00\x00\x00\x00mif1heic" + b"\x00" * 64}),
    toml_case("photo-decompression-bomb", 'mobile = "13905561201"', 'mobile = "13905561201"\nphoto = "bomb.png"', ["unions[1].officers[1].photo", "像素过多"], extra_files={"bomb.png": "bomb"}),
    toml_case("photo-ok-jpeg", 'mobile = "13905561201"', 'mobile = "13905561201"\nphoto = "photos/liu.jpg"', ["工会：1 个"], exit=0, extra_files={"photos/liu.jpg": "jpeg"}),
    # rosters
    roster_case("roster-utf16-excel-unicode-text", (ROSTER_HEADER + "甲公司工会委员会,张三,主席,0556-2172583,13905561234\n").replace(",", "\t"), ["工会：1 个", "主席 1"], exit=0, encoding="utf-16", filename="roster.txt"),
    roster_case("roster-gb18030", ROSTER_HEADER + "甲公司工会委员会,张堃,主席,0556-2172583,13905561234\n", ["工会：1 个"], exit=0, encoding="gb18030"),
    roster_case("roster-mobile-short", ROSTER_HEADER + "甲公司工会委员会,张三,主席,0556-2172583,1390556123\n", ['roster.csv 第2行 手机: "1390556123" 不是11位手机号']),
    roster_case("roster-mobile-scientific-csv", ROSTER_HEADER + "甲公司工会委员会,张三,主席,,1.39E+10\n", ["第2行 手机", "科学计数法"]),
    roster_case("roster-no-header", "名称,姓名\n甲,张三\n", ["工会名称"]),
    roster_case("roster-officer-without-name", ROSTER_HEADER + "甲公司工会委员会,,主席,,13905561234\n", ["第2行 姓名", "缺少姓名"]),
    roster_case("roster-first-union-cell-empty", ROSTER_HEADER + ",张三,主席,,13905561234\n", ["第2行 工会名称", "上方没有可延续的工会"]),
    roster_case("roster-bad-date", "工会名称,成立日期,姓名,职务\n甲公司工会委员会,2024-13-01,张三,主席\n", ["第2行 成立日期", "不是存在的日期"]),
    roster_case("roster-date-with-time", "工会名称,成立日期,姓名,职务\n甲公司工会委员会,2024-03-01 10:00,张三,主席\n", ["第2行 成立日期", "时间部分"]),
    roster_case("roster-corrupt-xlsx", b"PK\x03\x04garbage", ["无法打开 Excel 文件"], filename="roster.xlsx"),
    roster_case("roster-encrypted-xlsx", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 1024, ["密码"], filename="roster.xlsx"),
    roster_case("roster-unsupported-format", b"{}", ["不支持的输入文件类型 .json"], filename="roster.json"),
    roster_case("roster-union-name-control", ROSTER_HEADER + "甲公司\x1b工会委员会,张三,主席,,13905561234\n", ["第2行 工会名称", "控制字符 U+001B"]),
    # hostile spreadsheets, run through check and the print commands
    xlsx_case("xlsx-billion-laughs", xlsx(XLSX_HEAD, sheet_head=LAUGHS), ["roster.xlsx", "DOCTYPE", "恶意文件"], command="badges"),
    xlsx_case("xlsx-xxe-shared-strings", xlsx(XLSX_HEAD + '<row r="2"><c r="A2" t="s"><v>0</v></c></row>', shared=
              f'<?xml version="1.0"?>{XXE}<sst xmlns="{_NS}"><si><t>&xxe;</t></si></sst>'), ["roster.xlsx", "sharedStrings.xml", "DOCTYPE"]),
    xlsx_case("xlsx-cell-at-xfd1048576", xlsx(XLSX_HEAD + XLSX_ROW2 + '<row r="1048576">' + cell("XFD1048576", "x") + "</row>",
              dimension="A1:XFD1048576"), ["roster.xlsx 第1048576行 XFD列", "超出读取范围"], command="plaques"),
    xlsx_case("xlsx-far-dimension-empty", xlsx(XLSX_HEAD + XLSX_ROW2, dimension="A1:XFD1048576"), ["工会：1 个"], exit=0),
    xlsx_case("xlsx-bad-cell-ref", xlsx(XLSX_HEAD + XLSX_ROW2 + '<row r="3">' + cell("ZZZZZ3", "x") + "</row>"),
              ["roster.xlsx 第3行", "单元格引用无效", "另存为"]),
    xlsx_case("xlsx-bad-number-value", xlsx(XLSX_HEAD + XLSX_ROW2 + '<row r="3"><c r="A3"><v>abc</v></c></row>'),
              ["roster.xlsx 第3行", "值与其类型不符"], command="badges"),
    xlsx_case("xlsx-bad-shared-string-index", xlsx(XLSX_HEAD + '<row r="2"><c r="A2" t="s"><v>99</v></c></row>',
              shared=f'<?xml version="1.0"?><sst xmlns="{_NS}"><si><t>a</t></si></sst>'), ["roster.xlsx 第2行", "共享字符串"]),
    xlsx_case("xlsx-date-serial-out-of-range", xlsx(XLSX_HEAD + '<row r="2">' + cell("A2", "甲公司工会委员会") + cell("B2", "张三")
              + cell("C2", "主席") + '<c r="D2" s="1"><v>99999999999</v></c></row>', date_style=True),
              ["roster.xlsx 第2行 成立日期", "Excel 错误值"], command="plaques"),
    xlsx_case("xlsx-no-sheets", xlsx(XLSX_HEAD, sheets=False), ["roster.xlsx", "没有工作表"]),
    xlsx_case("xlsx-html-saved-as-xls", b"<html><head><meta charset='utf-8'></head><body><table><tr><td>\xe5\xb7\xa5\xe4\xbc\x9a</td></tr></table></body></html>",
              ["roster.xls", "网页（HTML）", "另存为“Excel 工作簿（.xlsx）”"], command="badges", filename="roster.xls"),
    xlsx_case("xlsx-csv-saved-as-xlsx", (ROSTER_HEADER + "甲公司工会委员会,张三,主席,,13905561234\n").encode("gb18030"),
              ["roster.xlsx", "文本（CSV）", ".xlsx", ".csv"]),
    xlsx_case("xls-garbage", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x01" * 600, ["roster.xls", "无法打开 .xls"], filename="roster.xls"),
    roster_case("csv-bad-byte-after-bom", b"\xef\xbb\xbf" + ROSTER_HEADER.encode() + "甲公司工会委员会,张三,主席,,13905561234\n".encode()
                + b"\xd2\xd2\xb9\xab\xcb\xbe,\xc0\xee\xcb\xc4,\n", ["roster.csv 第3行", "UTF-8"]),
    roster_case("csv-unbalanced-quote-huge-cell", ROSTER_HEADER + '甲公司工会委员会,"张三' + "x" * 140000 + "\n", ["roster.csv 第2行", "CSV"]),
    roster_case("csv-too-many-columns", ROSTER_HEADER + "甲公司工会委员会,张三,主席,,13905561234" + "," * 300 + "x\n", ["roster.csv 第2行", "最多 256 列"]),
    # photos: decoded in full at check time, so the print commands never meet a broken one
    photo_case("photo-truncated-jpeg", "zhang.jpg", truncated_jpeg(), ["第2行 照片", "zhang.jpg", "截断"]),
    photo_case("photo-truncated-jpeg-check", "zhang.jpg", truncated_jpeg(), ["第2行 照片", "截断"], command="check"),
    photo_case("photo-ztxt-bomb", "zhang.png", png(text_bomb=8 * 1024 * 1024), ["第2行 照片", "zhang.png", "文字块过大"], command="cards"),
    photo_case("photo-16bit-grey-ok", "zhang.png", png("I;16"), ["工会：1 个"], command="check", exit=0),
    photo_case("photo-text-named-png", "zhang.png", b"not a picture", ["第2行 照片", "不是 JPEG 或 PNG"], command="deskplates"),
    # roster realities: read, with a warning naming file and row
    roster_case("realities-duplicate-officer", ROSTER_HEADER + "甲公司工会委员会,张三,主席,,13905561234\n甲公司工会委员会,张三,主席,,13905561234\n",
                ["roster.csv 第2行", "在第2、3行重复出现", "只印一次", "主席 1"], exit=0),
    roster_case("realities-future-founding", "工会名称,成立日期,姓名,职务\n甲公司工会委员会,2199-01-01,张三,主席\n",
                ["roster.csv 第2行 成立日期", "2199-01-01 在今天"], exit=0),
    roster_case("realities-two-chairs", ROSTER_HEADER + "甲公司工会委员会,张三,主席,,13905561234\n甲公司工会委员会,李四,工会主席,,13905561235\n",
                ["roster.csv 第2行", "有 2 位主席", "张三", "李四"], exit=0),
    roster_case("realities-role-typo", ROSTER_HEADER + "甲公司工会委员会,张三,主席,,13905561234\n甲公司工会委员会,李四,付主席,,13905561235\n",
                ["roster.csv 第3行 职务", "“付主席”是否应为“副主席”", "副主席 1"], exit=0),
    roster_case("realities-totals-row", "序号,工会名称,会员人数,姓名,职务\n1,甲公司工会委员会,30,张三,主席\n合计,,30,,\n",
                ["roster.csv 第3行", "“合计”行", "已略过", "工会：1 个"], exit=0),
    roster_case("realities-lost-leading-zero", ROSTER_HEADER + "甲公司工会委员会,张三,主席,7312345678,13905561234\n",
                ["roster.csv 第2行 办公电话", "丢失了开头的 0", "0731-2345678"], exit=0),
]


def main() -> None:
    if HERE.exists():
        shutil.rmtree(HERE)
    generated = {"bomb": png_bomb(), "jpeg": small_jpeg(), "truncated": truncated_jpeg()}
    for name, files, expect in CASES + TEMPLATE_CASES:
        folder = HERE / name
        for rel, data in files.items():
            if rel == "cff.otf":
                data = cff_font()
            elif isinstance(data, str):
                data = generated[data]
            (folder / rel).parent.mkdir(parents=True, exist_ok=True)
            (folder / rel).write_bytes(data)
        lines = [f"args = {expect['args']!r}".replace("'", '"'), f"exit = {expect['exit']}",
                 "contains = [" + ", ".join(_toml_str(c) for c in expect["contains"]) + "]"]
        (folder / "expect.toml").write_text("\n".join(lines) + "\n", encoding="utf-8")
    print(f"{len(CASES) + len(TEMPLATE_CASES)} cases in {HERE}")


def _toml_str(s: str) -> str:
    return "'" + s + "'" if "'" not in s and "\n" not in s else '"' + s.replace("\\", "\\\\").replace('"', '\\"') + '"'


if __name__ == "__main__":
    main()
