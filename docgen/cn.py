"""Chinese writing conventions, in one place: line breaks, numerals, headings, dates, phones, 文号.

Pure functions, no I/O. Templates reach them as Jinja filters (see docgen.templating).
"""

from __future__ import annotations

import re
import unicodedata
from datetime import date

from msgspec import Struct

from .model import Phone, YearMonth

# Line breaking: the one set of rules for titles, print fitting and the page predictor.
OPENING = "“‘《（「『【〔〈[("                      # never ends a line
CLOSING = "”’》）」』】〕〉])"                      # never starts a line
NO_LINE_START = CLOSING + "、，。；：？！…—·・%,.;:!?"
BREAK_AFTER = CLOSING + "，。、；：！？,.;:!?·・"    # a good place to end a line (阿依古丽·|买买提)

# Break opportunities. Two kinds, one set of rules:
# - running text (a paragraph, a title) may break between any two characters unless a closing
#   mark would start a line, an opening mark would end one, or a Latin word or number would split
#   (`can_break`); titles put their own costs on these (gongwen/titles.py);
# - a name (a plaque, a union on a badge) breaks only at sensible points: after punctuation or a
#   space, before an opening bracket, before or after a name part, or (weakly) after a place word
#   (`name_breaks`); never by a segmentation library (spec/print.md).
SPACES = " \u3000"
SEPARATORS = "·・|｜/／"    # "A · B": a break at a spaced separator drops the separator
# longest first, so 股份有限公司 wins over 有限公司 wins over 公司 at the same place; a 分公司
# or 总工会 stays whole (岳西分公司, never 岳西分|公司); 项目经理部 and 项目部 end the long
# names of a company's project departments (…第三标段|项目经理部工会委员会)
NAME_PARTS = ("联合工会委员会", "股份有限公司", "有限责任公司", "项目经理部", "工会委员会", "工会联合会", "工会小组",
              "有限公司", "委员会", "分公司", "总工会", "项目部", "公司")
PLACE_ENDINGS = ("街道", "省", "市", "县", "区", "镇")
# …市场, …市政, …区域, …县级, …市委: a place ending followed by these is part of another word
NOT_AFTER_PLACE = "场政民委级域直属辖内外"
NOT_PLACES = ("都市", "超市", "门市", "夜市", "集市")   # words ending in 市 that name no place (盐城市, 共青城市 do)


class Break(Struct, frozen=True, order=True):
    """A place to break: the line before ends at `end`, the next starts at `start` (spaces between
    the two are dropped). A weak break (after a place word) is used only when it does better."""

    end: int
    start: int
    weak: bool = False
    forced: bool = False


def can_break(text: str, i: int) -> bool:
    """Running text may break before text[i] (0 < i < len(text))."""
    prev, nxt = text[i - 1], text[i]
    if nxt in NO_LINE_START or nxt == " " or prev in OPENING:
        return False
    return not (prev.isascii() and nxt.isascii() and prev.isalnum() and nxt.isalnum())


def text_breaks(text: str) -> list[Break]:
    """Every break running text allows (newlines forced, spaces dropped at a break)."""
    found = []
    for i in range(1, len(text)):
        if text[i - 1] == "\n":
            found.append(Break(i - 1, i, forced=True))
        elif text[i] == "\n" or text[i - 1] in SPACES:
            continue
        elif text[i] in SPACES:
            j = i
            while j < len(text) and text[j] in SPACES:
                j += 1
            if 0 < j < len(text) and text[j] != "\n":
                found.append(Break(i, j))
        elif can_break(text, i):
            found.append(Break(i, i))
    return found


def name_part_spans(text: str) -> list[tuple[int, int]]:
    """Where the name parts are, longest match first, scanning left to right."""
    spans, i = [], 0
    while i < len(text):
        part = next((p for p in NAME_PARTS if text.startswith(p, i)), None)
        if part:
            spans.append((i, i + len(part)))
            i += len(part)
        else:
            i += 1
    return spans


def name_breaks(text: str) -> list[Break]:
    """Every sensible break in a name (newlines are forced breaks), sorted by position."""
    n = len(text)
    found: dict[tuple[int, int], Break] = {}
    spans = name_part_spans(text)
    inside = {p for s, e in spans for p in range(s + 1, e)}

    def add(end: int, start: int, weak: bool = False, forced: bool = False) -> None:
        if forced:
            found[(end, start)] = Break(end, start, forced=True)
            return
        if end <= 0 or start >= n or end > start or (end == start and end in inside):
            return
        if text[start] in NO_LINE_START or text[end - 1] in OPENING or text[start] == "\n" or text[end - 1] == "\n":
            return
        old = found.get((end, start))
        if old is None or (old.weak and not weak):
            found[(end, start)] = Break(end, start, weak)

    i = 0
    while i < n:
        ch = text[i]
        if ch == "\n":
            add(i, i + 1, forced=True)
        elif ch in SPACES:
            j = i
            while j < n and text[j] in SPACES:
                j += 1
            if j + 1 < n and text[j] in SEPARATORS and text[j + 1] in SPACES:
                j += 1
                while j < n and text[j] in SPACES:
                    j += 1
            add(i, j)
            i = j
            continue
        elif ch in BREAK_AFTER and i + 1 < n and text[i + 1] not in SPACES:
            add(i + 1, i + 1)
        elif ch in OPENING:
            add(i, i)
        i += 1
    for s, e in spans:
        if e - s > 2:           # never before a bare 公司: 安庆供电|公司 splits the unit's own name
            add(s, s)
        add(e, e)
    for ending in PLACE_ENDINGS:
        start = 0
        while (i := text.find(ending, start)) >= 0:
            p = i + len(ending)
            start = i + 1
            if (p < n and text[p] not in NOT_AFTER_PLACE and text[p] not in SPACES
                    and not text.endswith(NOT_PLACES, 0, p)):
                add(p, p, weak=True)
    return sorted(found.values())

_DIGITS = "零一二三四五六七八九"
_UNITS = ((10**8, "亿"), (10**4, "万"), (1000, "千"), (100, "百"), (10, "十"))


def numeral(n: int) -> str:
    """Integer to Chinese numerals as used in headings and counts: 十一, 二十, 一百零五, 一万零二十."""
    if n < 0:
        return "负" + numeral(-n)
    if n < 10:
        return _DIGITS[n]
    if n < 20:  # 十, 十一 … 十九: no leading 一 (GB/T 15835 usage in headings)
        return "十" + (_DIGITS[n - 10] if n > 10 else "")
    return _numeral_big(n)


def _numeral_big(n: int) -> str:
    for value, unit in _UNITS:
        if n >= value:
            head, rest = divmod(n, value)
            text = (numeral(head) if head >= 10 else _DIGITS[head]) + unit
            if rest == 0:
                return text
            # a gap of one or more magnitudes is read as a single 零: 一百零五, 一千零十
            if rest < value // 10:
                return text + "零" + _numeral_big_tail(rest)
            return text + _numeral_big_tail(rest)
    return _DIGITS[n]


def _numeral_big_tail(n: int) -> str:
    # inside a larger number 十 keeps its 一: 一百一十, 一千零一十
    if 10 <= n < 20:
        return "一十" + (_DIGITS[n - 10] if n > 10 else "")
    return _numeral_big(n)


def count(n: int) -> str:
    """A count before a measure word: 两个阶段, not 二个阶段; 十二个 and 二十个 keep 二."""
    return "两" if n == 2 else numeral(n)


def heading_marker(level: int, n: int) -> str:
    """The four GB/T 9704 heading levels: 一、 （一） 1. （1）."""
    if level == 1:
        return f"{numeral(n)}、"
    if level == 2:
        return f"（{numeral(n)}）"
    if level == 3:
        return f"{n}."
    if level == 4:
        return f"（{n}）"
    raise ValueError(f"heading level {level}")


def stage_name(n: int) -> str:
    return f"第{numeral(n)}阶段"


def date_cn(d: date) -> str:
    """2012年5月3日: Arabic numerals, no leading zeros (GB/T 9704 7.3.5)."""
    return f"{d.year}年{d.month}月{d.day}日"


def month_cn(ym: YearMonth) -> str:
    return f"{ym.year}年{ym.month}月"


def month_range(start: YearMonth, end: YearMonth) -> str:
    """2012年5月; 2012年6月至8月; 2012年9月至2014年6月."""
    if start == end:
        return month_cn(start)
    if start.year == end.year:
        return f"{start.year}年{start.month}月至{end.month}月"
    return f"{month_cn(start)}至{month_cn(end)}"


def coverage_cn(percent: float) -> str:
    """50 -> 50%, 62.5 -> 62.5%."""
    return f"{percent:g}%"


# ---- phones -------------------------------------------------------------------------------

_MOBILE = re.compile(r"1[3-9]\d{9}")
_LANDLINE = re.compile(r"(0\d{2,3})[- ]?(\d{7,8})(?:(?:-|转|－)(\d{1,6}))?")
_LOCAL = re.compile(r"(\d{7,8})(?:(?:-|转)(\d{1,6}))?")
_SERVICE = re.compile(r"(?:1|9)\d{4}|(?:400|800)\d{7}")
# Area codes are 010, 02X (three digits), otherwise four digits starting 03-09.
_THREE_DIGIT_AREA = re.compile(r"0(?:10|2\d)")


_MOBILE_NOISE = re.compile(r"[\s\-()]")
_SCIENTIFIC = re.compile(r"\d+(\.\d+)?[eE]\+?\d+")
_SPACES = re.compile(r"\s+")
_PAREN_AREA = re.compile(r"^\((0\d{2,3})\)\s*")
_ZERO_LOST = re.compile(r"[2-9]\d{8,10}")


class PhoneError(ValueError):
    """The text is not a phone number of the expected kind; str() is a Chinese reason."""


def _fold(text: str) -> str:
    text = unicodedata.normalize("NFKC", str(text)).strip()
    return text


def parse_mobile(text: str) -> Phone:
    """11 digits starting 1[3-9], after dropping spaces, hyphens, +86 and full-width forms."""
    raw = _fold(text)
    digits = _MOBILE_NOISE.sub("", raw)
    if digits.startswith("+86"):
        digits = digits[3:]
    elif digits.startswith("0086"):
        digits = digits[4:]
    elif len(digits) == 13 and digits.startswith("86"):
        digits = digits[2:]
    if _SCIENTIFIC.fullmatch(digits):
        raise PhoneError("是科学计数法，已丢失位数；请在 Excel 中把该列设为文本后重新输入")
    if not _MOBILE.fullmatch(digits):
        if digits.isdigit():
            raise PhoneError(f"不是11位手机号（{len(digits)}位）" if len(digits) != 11
                             else "不是有效手机号（应以13-19开头）")
        raise PhoneError("不是11位手机号")
    return Phone("mobile", digits, f"{digits[:3]} {digits[3:7]} {digits[7:]}")


def parse_office_phone(text: str) -> tuple[Phone, bool]:
    """An office number; returns (phone, local) where local means no area code (warn)."""
    raw = _fold(text)
    compact = _SPACES.sub(" ", raw).replace("（", "(").replace("）", ")")
    compact = _PAREN_AREA.sub(r"\1-", compact)  # (0556)2172583
    if _SCIENTIFIC.fullmatch(compact):
        raise PhoneError("是科学计数法，已丢失位数；请在 Excel 中把该列设为文本后重新输入")
    if _SERVICE.fullmatch(compact.replace("-", "").replace(" ", "")):
        d = compact.replace("-", "").replace(" ", "")
        disp = d if len(d) == 5 else f"{d[:3]}-{d[3:6]}-{d[6:]}"
        return Phone("service", d, disp), False
    m = _LANDLINE.fullmatch(compact)
    if m and _area_ok(m.group(1), m.group(2)):
        area, number, ext = m.groups()
        digits = area + number + (f",{ext}" if ext else "")
        return Phone("landline", digits, f"{area}-{number}" + (f"-{ext}" if ext else "")), False
    # 05562172583 written without separator: split by area-code length
    plain = compact.replace("-", "").replace(" ", "")
    if re.fullmatch(r"0\d{9,11}", plain):
        alen = 3 if _THREE_DIGIT_AREA.match(plain) else 4
        area, number = plain[:alen], plain[alen:]
        if 7 <= len(number) <= 8:
            return Phone("landline", plain, f"{area}-{number}"), False
    m = _LOCAL.fullmatch(compact)
    if m:
        number, ext = m.groups()
        return Phone("landline", number + (f",{ext}" if ext else ""), number + (f"-{ext}" if ext else "")), True
    if _MOBILE.fullmatch(plain):
        return parse_mobile(plain), False
    raise PhoneError("不是有效的办公电话，应为 区号-号码（如 0556-2172583，可带分机 -801 或 转801）、"
                     "12351 这样的服务号码或 400/800 号码")


def restore_lost_zero(text: str) -> Phone | None:
    """A landline whose leading 0 Excel dropped (5562172583 for 0556-2172583, a number cell or a
    CSV saved from one): the number with its 0 back, when that is a valid area code and number."""
    plain = _fold(text).replace("-", "").replace(" ", "")
    if not _ZERO_LOST.fullmatch(plain):
        return None
    try:
        phone, local = parse_office_phone("0" + plain)
    except PhoneError:
        return None
    return phone if phone.kind == "landline" and not local else None


def _area_ok(area: str, number: str) -> bool:
    # 010 and 02X are the three-digit codes; every four-digit code starts 03-09 (0211 is no code)
    if len(area) == 3:
        return bool(_THREE_DIGIT_AREA.fullmatch(area)) and 7 <= len(number) <= 8
    return area[1] not in "012" and 7 <= len(number) <= 8


# ---- 文号 ----------------------------------------------------------------------------------

_DOC_NUMBER = re.compile(r"(?P<org>[^\s〔〕\[\]]+?)〔(?P<year>\d{4})〕(?P<n>\d+)号")


def check_doc_number(text: str) -> str | None:
    """None if `text` is a valid 发文字号 (X〔YYYY〕N号), else a Chinese reason."""
    if "第" in text:
        return "发文字号中不加“第”字"
    if re.search(r"[\[\(（【［]\s*\d{4}\s*[\]\)）】］]", text):
        return "年份应使用六角括号〔〕，如 岳工发〔2012〕5号"
    m = _DOC_NUMBER.fullmatch(text)
    if not m:
        return "应为 机关代字〔年份〕序号号，如 岳工发〔2012〕5号"
    if m.group("n").startswith("0"):
        return "序号不编虚位（不加前导0），如 5号 而非 05号"
    if not 1949 <= int(m.group("year")) <= 2100:
        return "年份不是有效的四位年份"
    return None
