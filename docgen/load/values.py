"""Parsing single values the way the input spec reads them. Each parser returns a typed value or
raises ValueProblem with a Chinese reason; the caller adds the place (TOML key or roster cell)."""

from __future__ import annotations

import re
import unicodedata
from datetime import date, datetime, time
from functools import lru_cache

from .. import cn
from ..model import Phone, RoleClass, YearMonth


class ValueProblem(ValueError):
    pass


class CellError:
    """An Excel error value (#VALUE!, #REF!, #N/A…) in a roster cell: never read as text."""

    def __init__(self, code: str):
        self.code = code

    def __str__(self) -> str:
        return self.code

    def __eq__(self, other) -> bool:
        return isinstance(other, CellError) and other.code == self.code

    def __hash__(self) -> int:
        return hash(self.code)


def quoted(value) -> str:
    text = str(value)
    return f"\"{text[:40]}…\"" if len(text) > 40 else f"\"{text}\""


# ---- text ---------------------------------------------------------------------------------

_ZERO_WIDTH = {0x200B, 0x200C, 0x200D, 0x2060, 0xFEFF, 0x180E}
_BIDI = {0x061C, 0x200E, 0x200F, *range(0x202A, 0x202F), *range(0x2066, 0x206A)}


def _is_emoji(cp: int) -> bool:
    return (
        0x1F000 <= cp <= 0x1FAFF
        or 0x2600 <= cp <= 0x27BF
        or cp in (0xFE0F, 0xFE0E, 0x2B50, 0x2B55, 0x2B1B, 0x2B1C, 0x3030, 0x303D, 0x20E3)
        or 0xE0000 <= cp <= 0xE007F
    )


_EMOJI = re.compile("[\U0001F000-\U0001FAFF\u2600-\u27BF\uFE0F\uFE0E\u2B50\u2B55\u2B1B\u2B1C\u3030\u303D"
                    "\u20E3\U000E0000-\U000E007F]")


def bad_character(text: str, multiline: bool = False) -> str | None:
    """A Chinese description of the first character that may not appear in printed text."""
    if text.isprintable() and not _EMOJI.search(text):
        return None     # the common case, at C speed: every character refused below is unprintable or emoji
    for ch in text:
        cp = ord(ch)
        if multiline and ch == "\n":
            continue
        label = f"U+{cp:04X}"
        if cp in _ZERO_WIDTH:
            return f"含零宽字符 {label}（常见于从网页或微信复制的文字），请删除"
        if cp in _BIDI:
            return f"含文字方向控制字符 {label}，请删除"
        if _is_emoji(cp):
            return f"含表情符号 {ch}（{label}），印刷品和公文中不能使用"
        cat = unicodedata.category(ch)
        if cat in ("Zl", "Zp"):         # U+2028/2029: Word and the PDF show no line break for them
            return f"含行分隔符 {label}，请改为普通换行"
        if cat in ("Cc", "Cf", "Cs") or 0xFDD0 <= cp <= 0xFDEF or cp & 0xFFFE == 0xFFFE:     # noncharacters
            return f"含控制字符 {label}，请删除"
    return None


def text(value, *, max_len: int | None = None, multiline: bool = False, printed: bool = True) -> str:
    if type(value) is str:      # the common case first: a roster calls this for every name
        s = unicodedata.normalize("NFC", value).strip()
    else:
        if isinstance(value, bool) or not isinstance(value, (str, int, float)):
            raise ValueProblem(f"应为文字，实际是{type_name(value)}")
        if isinstance(value, float) and value.is_integer():
            value = int(value)
        s = unicodedata.normalize("NFC", str(value)).strip()
    if multiline:
        s = s.replace("\r\n", "\n").replace("\r", "\n")
    if printed and (why := bad_character(s, multiline)):
        raise ValueProblem(f"{quoted(s)} {why}")
    if max_len is not None and len(s) > max_len:
        raise ValueProblem(f"长 {len(s)} 个字，超过上限 {max_len} 个字")
    return s


def type_name(value) -> str:
    if isinstance(value, CellError):
        return f"Excel 错误值 {value.code}（公式出错，或日期序号超出范围），请改为正确的值"
    return {
        bool: "真假值", int: "整数", float: "小数", str: "文字", list: "列表", dict: "表",
        date: "日期", datetime: "日期时间", time: "时间",
    }.get(type(value), type(value).__name__)


# ---- dates --------------------------------------------------------------------------------

_DATE_FORMS = (
    re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})"),
    re.compile(r"(\d{4})/(\d{1,2})/(\d{1,2})"),
    re.compile(r"(\d{4})\.(\d{1,2})\.(\d{1,2})"),
    re.compile(r"(\d{4})年(\d{1,2})月(\d{1,2})日"),
    re.compile(r"(\d{4})(\d{2})(\d{2})"),
)
_TIME_OF_DAY = re.compile(r"\d{1,2}:\d{2}")
_DATE_EXPECTED = "应为日期，如 2012-05-03、2012/5/3、2012.5.3、2012年5月3日 或 20120503"


_ISO_DATE = re.compile(r"(\d{4})-(\d{2})-(\d{2})", re.ASCII)


def a_date(value) -> date:
    if type(value) is str and (m := _ISO_DATE.fullmatch(value)):
        # 2012-05-03 as written, the common cell: what the forms below read, without their steps
        try:
            return date(int(m[1]), int(m[2]), int(m[3]))
        except ValueError:
            pass            # not a day that exists: said below
    if isinstance(value, datetime):
        if value.time() != time(0, 0):
            raise ValueProblem(f"{quoted(value)} 含时间部分，{_DATE_EXPECTED}")
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, time):
        raise ValueProblem(f"{quoted(value)} 是时间而不是日期，{_DATE_EXPECTED}")
    if isinstance(value, bool) or not isinstance(value, (str, int)):
        raise ValueProblem(f"应为日期，实际是{type_name(value)}")
    s = unicodedata.normalize("NFKC", str(value)).strip()
    if _TIME_OF_DAY.search(s):
        raise ValueProblem(f"{quoted(s)} 含时间部分，{_DATE_EXPECTED}")
    for form in _DATE_FORMS:
        m = form.fullmatch(s)
        if m:
            y, mo, d = (int(g) for g in m.groups())
            try:
                return date(y, mo, d)
            except ValueError:
                raise ValueProblem(f"{quoted(s)} 不是存在的日期") from None
    raise ValueProblem(f"{quoted(s)} 不是有效日期，{_DATE_EXPECTED}")


def a_month(value) -> YearMonth:
    """"YYYY-MM" (a TOML date is accepted; its day is ignored)."""
    if isinstance(value, datetime):
        raise ValueProblem(f"{quoted(value)} 含时间部分，应为 YYYY-MM")
    if isinstance(value, date):
        return YearMonth(value.year, value.month)
    if not isinstance(value, str):
        raise ValueProblem(f"应为月份文字 \"YYYY-MM\"，实际是{type_name(value)}")
    s = unicodedata.normalize("NFKC", value).strip()
    m = re.fullmatch(r"(\d{4})-(\d{1,2})", s) or re.fullmatch(r"(\d{4})年(\d{1,2})月", s)
    if not m or not 1 <= int(m.group(2)) <= 12:
        raise ValueProblem(f"{quoted(s)} 不是有效月份，应为 YYYY-MM")
    return YearMonth(int(m.group(1)), int(m.group(2)))


# ---- numbers ------------------------------------------------------------------------------


def integer(value, *, minimum: int | None = None) -> int:
    if isinstance(value, bool):
        raise ValueProblem("应为整数，实际是真假值")
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, str) and re.fullmatch(r"\s*\d+\s*", value):
        value = int(value)
    if not isinstance(value, int):
        raise ValueProblem(f"{quoted(value)} 应为整数")
    if minimum is not None and value < minimum:
        raise ValueProblem(f"{value} 应不小于 {minimum}")
    return value


def number(value) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise ValueProblem(f"{quoted(value)} 应为数字")
    return float(value)


# ---- phones -------------------------------------------------------------------------------


def _phone_text(value) -> str:
    if isinstance(value, bool):
        raise ValueProblem("应为电话号码，实际是真假值")
    if isinstance(value, float):
        if not value.is_integer() or abs(value) >= 1e15:
            raise ValueProblem(f"{quoted(value)} 是科学计数法或小数，已丢失位数；请把该列设为文本后重新输入")
        value = int(value)
    if not isinstance(value, (str, int)):
        raise ValueProblem(f"应为电话号码，实际是{type_name(value)}")
    return str(value)


def mobile(value) -> Phone:
    if type(value) is int and 13_000_000_000 <= value < 20_000_000_000:
        value = str(value)
    if (type(value) is str and len(value) == 11 and value.isascii() and value.isdigit()
            and value[0] == "1" and value[1] in "3456789"):
        # 11 plain digits: what cn.parse_mobile makes of them, without its cleaning steps
        return Phone("mobile", value, f"{value[:3]} {value[3:7]} {value[7:]}")
    s = _phone_text(value)
    try:
        return cn.parse_mobile(s)
    except cn.PhoneError as exc:
        raise ValueProblem(f"{quoted(s.strip())} {exc}") from None


def office_phone(value) -> tuple[Phone, str | None]:
    """The number and, when it was read with a guess the user should check, a warning."""
    if type(value) in (str, int):   # a union's rows repeat one office number: each parsed once
        return _office_phone(value)
    return _office_phone.__wrapped__(value)


# area-number as most rosters write it (0556-2172583, 010-12345678): what cn.parse_office_phone
# reads from it, without its cleaning steps (four-digit areas start 03-09, three-digit are 010, 02X)
_PLAIN_LANDLINE = re.compile(r"(0(?:10|2\d)|0[3-9]\d\d)-(\d{7,8})", re.ASCII)


@lru_cache(maxsize=4096, typed=True)
def _office_phone(value) -> tuple[Phone, str | None]:
    if type(value) is str and (m := _PLAIN_LANDLINE.fullmatch(value)):
        return Phone("landline", m[1] + m[2], value), None
    s = _phone_text(value)
    try:
        phone, local = cn.parse_office_phone(s)
    except cn.PhoneError as exc:
        restored = cn.restore_lost_zero(s)
        if restored is None:
            raise ValueProblem(f"{quoted(s.strip())} {exc}") from None
        return restored, (f"办公电话 {quoted(s.strip())} 似乎丢失了开头的 0（Excel 会去掉数字开头的 0），"
                          f"已按 {restored.display} 读入；请核对，并把该列设为文本")
    if local:
        return phone, f"办公电话 {phone.display} 没有区号，印出后外地职工无法直接拨打"
    return phone, None


# ---- roles --------------------------------------------------------------------------------


_SPACES = re.compile(r"\s+")
_BRACKETED_TAIL = re.compile(r"[（(].*?[)）]$")


@lru_cache(maxsize=1024)        # a roster repeats a handful of role texts on every row
def role_class(role: str) -> RoleClass:
    """Free-text role -> class (spec/input.md, Roles). 常务副主席 and friends are vice-chairs."""
    r = _SPACES.sub("", role)
    if r.startswith("工会"):
        r = r[2:]
    r = _BRACKETED_TAIL.sub("", r)  # 主席（兼）
    if "副主席" in r:
        return "vice-chair"
    if r.endswith("主席") and not any(w in r for w in ("名誉", "经费", "女职工", "委员会")):
        return "chair"
    return "other"
