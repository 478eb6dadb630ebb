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
    toml_case("notice-source-text-missing", "[[unions]]", '[notice]\nkind = "zhuanfa"\n[notice.source]\ntitle = "意见"\ntext_file = "nope.txt"\n\n[[unions]]', ["notice.source.text_file", "找不到文件"]),
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
