"""Roster spreadsheets (CSV, XLSX, XLS) -> raw union records with the place of every cell.

Real workbooks carry title rows above the header, a 序号 column and union names in merged
cells; the header row is the first row naming 工会名称 (or `union`), and an empty union cell
continues the union above it. Values stay raw here; docgen.load.unions validates them.
"""

from __future__ import annotations

import io
import operator
import re
import unicodedata
import zlib
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from msgspec import Struct

from ..errors import InputError, Place
from .files import read_limited
from .values import CellError

# header text -> field; union fields first, officer fields after
HEADERS: dict[str, str] = {
    "工会名称": "name", "union": "name",
    "单位名称": "employer", "企业名称": "employer", "employer": "employer",
    "成立日期": "founded", "建会日期": "founded", "建会时间": "founded", "founded": "founded",
    "办公地点": "office", "办公室": "office", "office": "office",
    "会员人数": "members", "会员数": "members", "members": "members",
    "姓名": "officer.name", "name": "officer.name",
    "职务": "officer.role", "role": "officer.role",
    "办公电话": "officer.office_phone", "座机": "officer.office_phone", "office_phone": "officer.office_phone",
    "手机": "officer.mobile", "手机号码": "officer.mobile", "手机号": "officer.mobile", "mobile": "officer.mobile",
    "照片": "officer.photo", "photo": "officer.photo",
}
IGNORED = {"序号", "编号", "no", "no."}

Cell = tuple[Any, Place]


OFFICER_FIELDS = ("name", "role", "office_phone", "mobile", "photo")


class RosterPlaces:
    """The places of one roster's cells, made only when a message needs one: a 100,000-row
    roster has 800,000 cells and a Place for each cost a second and 100 MB."""

    __slots__ = ("file", "officer_headers", "officer_order", "union_headers")

    def __init__(self, file: str, union_headers: dict[str, str], officer_headers: dict[str, str]):
        self.file = file
        self.union_headers = union_headers          # field -> header as written
        self.officer_headers = officer_headers      # officer field -> header ("姓名" if no such column)
        # (field, index in a row tuple) in column order: the order a missing field's place follows
        self.officer_order = tuple((f, 1 + OFFICER_FIELDS.index(f)) for f in officer_headers)

    def union_place(self, number: int, field: str) -> Place:
        return Place(self.file, None, "", number, self.union_headers[field])

    def officer_place(self, number: int, field: str) -> Place:
        return Place(self.file, None, "", number, self.officer_headers[field])

    def origin(self, number: int) -> str:
        return f"{self.file} 第{number}行"


class RawUnion:
    """One union's rows, compact (raw values and row numbers; places are made on demand).

    `runs`: union field -> runs of one repeated value, (value, [row numbers]), in row order;
    `rows`: one tuple per officer row, (row number, *values in OFFICER_FIELDS order), None where
    the cell is empty."""

    __slots__ = ("name", "places", "rows", "runs", "source")

    def __init__(self, name: Cell, places: RosterPlaces, source: Path | None = None):
        self.name = name
        self.runs: dict[str, list[tuple[Any, list[int]]]] = {}
        self.rows: list[tuple] = []
        self.source = source
        self.places = places

    def officer_values(self, row: tuple) -> dict[str, Any]:
        """An officer row's non-empty values by field, in column order; "name" always present."""
        values = {f: row[i] for f, i in self.places.officer_order if row[i] is not None}
        values.setdefault("name", None)
        return values

    @property
    def fields(self) -> dict[str, list[Cell]]:
        """Every non-empty union field value with its place, in row order (for readers of cells)."""
        return {f: [(v, self.places.union_place(n, f)) for v, numbers in runs for n in numbers]
                for f, runs in self.runs.items()}

    @property
    def officers(self) -> list[dict[str, Cell]]:
        """Each officer row's cells with their places (for readers of cells)."""
        return [{f: (v, self.places.officer_place(row[0], f)) for f, v in self.officer_values(row).items()}
                for row in self.rows]


class RosterRead(Struct):
    """What a roster file gave: its unions as read, and its warnings."""

    unions: list[RawUnion]
    warnings: list[tuple[Place, str]]


def read_roster(path: Path, shown_as: str | None = None) -> RosterRead:
    name = shown_as or path.name
    rows = _rows(path, name)
    return _records(rows, name, path)


# ---- files -> (excel row number, [cell values]) --------------------------------------------

MAX_BYTES = 64 * 1024 * 1024        # a 200,000-row roster is well under this in any format
MAX_ROWS = 200_000                  # rows read (Excel numbering); a value below is an error
MAX_COLUMNS = 256                   # columns read; a value further right is an error
# uncompressed sizes of the parts of an .xlsx (a zip): a 2 MB file may hold gigabytes of XML
MAX_SHEET_XML = 160 * 1024 * 1024
MAX_SHARED_STRINGS_XML = 48 * 1024 * 1024
MAX_OTHER_XML = 16 * 1024 * 1024
SAVE_AS_XLSX = "请用 Excel 或 WPS 打开它，另存为“Excel 工作簿（.xlsx）”后再用"

Rows = Iterator[tuple[int, list[Any]]]   # streamed: a big roster is never held twice


def _rows(path: Path, name: str) -> Rows:
    data = read_limited(path, MAX_BYTES, "花名册文件", Place(name))
    suffix = path.suffix.lower()
    ole = data[:8] == b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
    if suffix in (".xlsx", ".xlsm", ".xls"):
        _refuse_disguised(data, name, suffix, ole)
    if suffix in (".xlsx", ".xlsm") and not ole:
        return _xlsx_rows(data, name)
    if suffix == ".xls" or (suffix in (".xlsx", ".xlsm") and ole):
        return _xls_rows(data, name, encrypted_xlsx=suffix != ".xls")
    if suffix in (".csv", ".txt", ".tsv"):
        return _csv_rows(data, name)
    raise InputError.at(Place(name), f"不支持的花名册格式 {suffix or '（无扩展名）'}，应为 .xlsx、.xls 或 .csv")


def _refuse_disguised(data: bytes, name: str, suffix: str, ole: bool) -> None:
    """Web pages and CSV saved under an Excel name (common from web systems): say what they are."""
    if ole or data[:4] == b"PK\x03\x04":
        return
    head = data[:4096].lstrip(b"\xef\xbb\xbf\xff\xfe\x00 \t\r\n").lower().replace(b"\x00", b"")
    if not data.strip():
        raise InputError.at(Place(name), "文件是空的，不是 Excel 表格")
    if head.startswith(b"<") and any(tag in head for tag in (b"<html", b"<table", b"<!doctype html", b"<meta")):
        what = "网页（HTML）文件"
    elif head.startswith(b"<?xml") and b"spreadsheet" in head:
        what = "Excel 2003 XML 表格"
    elif head.startswith(b"{\\rtf"):
        what = "RTF 文档"
    elif head.startswith(b"%pdf"):
        what = "PDF 文件"
    elif _looks_like_text(data[:4096]):
        what = "文本（CSV）文件"
    else:
        what = "无法识别的文件"
    raise InputError.at(Place(name), f"文件扩展名是 {suffix}，但内容是{what}，不是真正的 Excel 表格。{SAVE_AS_XLSX}"
                                     + ("（或把扩展名改为 .csv）" if what.startswith("文本") else ""))


def _looks_like_text(head: bytes) -> bool:
    for encoding in ("utf-8", "utf-16", "gb18030"):
        try:
            text = head.decode(encoding)
        except UnicodeDecodeError:
            # the sample may end inside a character
            try:
                text = head[:-3].decode(encoding)
            except UnicodeDecodeError:
                continue
        if text and sum(ch.isprintable() or ch in "\r\n\t" for ch in text) >= 0.95 * len(text):
            return True
    return False


def _check_xlsx_parts(data: bytes, name: str) -> None:
    """Before openpyxl sees the zip: every part within its uncompressed budget, and no XML part
    with a DOCTYPE (real workbooks never have one; entity bombs and XXE need it)."""
    import zipfile

    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        infos = archive.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, EOFError, OSError, NotImplementedError):
        raise InputError.at(Place(name),
                            f"无法打开 Excel 文件：文件已损坏，或不是 .xlsx 格式。{SAVE_AS_XLSX}") from None
    if len(infos) > 10_000:
        raise InputError.at(Place(name), f"Excel 文件内部有 {len(infos)} 个部件，超出正常范围，可能是损坏或恶意文件")
    with archive:
        for info in infos:
            part = info.filename.lower()
            if part.startswith("xl/worksheets/"):
                limit = MAX_SHEET_XML
            elif part.endswith("sharedstrings.xml"):
                limit = MAX_SHARED_STRINGS_XML
            elif part.endswith((".xml", ".rels")):
                limit = MAX_OTHER_XML
            else:
                continue
            if info.file_size > limit:
                what = "共享字符串表" if limit == MAX_SHARED_STRINGS_XML else f"部件 {info.filename}"
                raise InputError.at(Place(name), f"Excel 文件的{what}解压后有 {info.file_size // 1048576} MB，"
                                                 f"超过上限 {limit // 1048576} MB，可能是损坏或恶意文件（“压缩炸弹”）")
            try:
                with archive.open(info) as fh:
                    head = fh.read(65536)
            except (zipfile.BadZipFile, NotImplementedError, RuntimeError, ValueError, EOFError, OSError, zlib.error):
                raise InputError.at(Place(name), f"无法打开 Excel 文件：部件 {info.filename} 已损坏") from None
            if b"<!doctype" in head.lower() or b"<!entity" in head.lower():
                raise InputError.at(Place(name), f"Excel 文件的部件 {info.filename} 含 DOCTYPE/实体声明，"
                                                 "正常的 Excel 文件没有这些，可能是恶意文件，已拒绝读取")


def _xlsx_rows(data: bytes, name: str) -> Rows:
    import warnings
    import zipfile

    _check_xlsx_parts(data, name)
    with warnings.catch_warnings():
        # openpyxl warns in English (no default style; a date serial out of range, whose cell
        # becomes an error value that the field checks then name)
        warnings.simplefilter("ignore")
        try:
            book = _load_workbook(data)
        except (zipfile.BadZipFile, KeyError):
            raise InputError.at(Place(name),
                                f"无法打开 Excel 文件：文件已损坏，或不是 .xlsx 格式。{SAVE_AS_XLSX}") from None
        except Exception as exc:  # openpyxl raises ValueError, TypeError, its own InvalidFileException, …
            raise InputError.at(Place(name), f"无法打开 Excel 文件：{_xml_reason(exc)}。{SAVE_AS_XLSX}") from None
        try:
            if not book.worksheets:
                raise InputError.at(Place(name), "Excel 文件中没有工作表")
            yield from _sheet_rows(book.worksheets[0], name)
        finally:
            book.close()


_MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
_ROW, _CELL, _VALUE, _INLINE, _TEXT, _RUN, _SI = (_MAIN + t for t in ("row", "c", "v", "is", "t", "r", "si"))


def _load_workbook(data: bytes):
    """openpyxl's read-only workbook, with its shared-string table read by lxml (openpyxl builds
    an object per string, which for 100,000 rows costs seconds)."""
    from openpyxl.packaging.manifest import Manifest  # noqa: F401  (imported by the reader)
    from openpyxl.reader.excel import SHARED_STRINGS, ExcelReader

    class Reader(ExcelReader):
        def read_strings(self):
            part = self.package.find(SHARED_STRINGS)
            if part is not None:
                with self.archive.open(part.PartName[1:]) as src:
                    self.shared_strings = _shared_strings(src)

    reader = Reader(io.BytesIO(data), read_only=True, data_only=True)
    reader.read()
    return reader.wb


def _shared_strings(src) -> list[str]:
    from lxml import etree

    strings: list[str] = []
    for _, si in etree.iterparse(src, events=("end",), tag=_SI, resolve_entities=False, no_network=True,
                                 load_dtd=False, huge_tree=False):
        first = si[0] if len(si) == 1 else None         # the common <si><t>…</t></si>, without a path
        text = (first.text or "") if first is not None and first.tag == _TEXT else _rich_text(si)
        strings.append(text.replace("x005F_", "") if "x005F_" in text else text)
        si.clear()
        while si.getprevious() is not None:
            del si.getparent()[0]
    return strings


def _rich_text(element) -> str:
    """The text of an <si> or <is>: its <t>, or the <t> of each run; phonetic guides left out."""
    parts = []
    for child in element.iterchildren(_TEXT, _RUN):
        if child.tag == _TEXT:
            parts.append(child.text or "")
        else:
            parts.extend(t.text or "" for t in child.iterchildren(_TEXT))
    return "".join(parts)


def _sheet_rows(sheet, name: str) -> Rows:
    """The rows that exist in the sheet's XML, streamed with lxml (C speed, no DTD, no entities,
    no network): the stored used range (`dimension`) may claim A1:XFD1048576 and is not
    trusted, and nothing is padded beyond the last filled cell. openpyxl supplies the workbook
    around it: shared strings, which styles are dates, the date epoch."""
    from lxml import etree
    from openpyxl.utils import column_index_from_string, get_column_letter

    cell_value = _CellReader(sheet)
    strings = cell_value.strings
    special = cell_value.dates | cell_value.scientific      # styles whose numbers are not plain
    columns = {get_column_letter(i): i for i in range(1, MAX_COLUMNS + 1)}
    number = 0
    ref = ""
    with sheet._get_source() as src:
        rows = etree.iterparse(src, events=("end",), tag=_ROW, resolve_entities=False, no_network=True,
                               load_dtd=False, huge_tree=False)
        try:
            for _, row in rows:
                r = row.get("r")
                number = int(r) if r is not None else number + 1
                if not 1 <= number <= 1_048_576:
                    raise ValueError("row number")
                values: list[Any] = []
                for cell in row.iterchildren(_CELL):
                    ref = cell.get("r")
                    if ref:
                        letters = ref.rstrip("0123456789")
                        column = columns.get(letters) or column_index_from_string(letters)
                    else:
                        column = len(values) + 1
                    # the common cells, a shared string or a plain number, read here: element
                    # paths and a call per cell cost more than the parsing itself
                    kind = cell.get("t")
                    first = cell[0] if len(cell) else None
                    if first is None or first.tag != _VALUE:
                        value = cell_value(cell, kind or "n", first)
                    elif kind == "s":
                        raw = first.text
                        value = strings[int(raw)] if raw else None
                    elif kind is None:
                        raw = first.text
                        style = cell.get("s")
                        if not raw:
                            value = None
                        elif (int(style) if style else 0) in special:
                            value = cell_value(cell, "n", first)
                        else:
                            value = float(raw) if "." in raw or "e" in raw or "E" in raw else int(raw)
                    else:
                        value = cell_value(cell, kind, first)
                    if column == len(values) + 1 and column <= MAX_COLUMNS:
                        values.append(value)
                        continue
                    if column > MAX_COLUMNS:
                        if value not in (None, ""):
                            _limited_row([None] * (column - 1) + [value], number, name, get_column_letter)
                        continue
                    gap = column - 1 - len(values)
                    if gap < 0:
                        continue            # a repeated reference: the first wins
                    values.extend([None] * gap)
                    values.append(value)
                ref = ""
                row.clear()
                while row.getprevious() is not None:
                    del row.getparent()[0]
                if number > MAX_ROWS:
                    _limited_row(values, number, name, get_column_letter)
                elif any(v is not None for v in values):
                    yield number, values
        except InputError:
            raise
        except Exception as exc:
            # ref: the cell being read ("" between rows: the failure is in the next row; None: a
            # cell of this row without a reference)
            inside = ref is None or ref or number == 0
            where = Place(name, row=number + (0 if inside else 1) or None, column=_ref_column(ref or ""))
            raise InputError.at(where, f"单元格无法读取：{_xml_reason(exc)}。{SAVE_AS_XLSX}") from None


def _ref_column(ref: str) -> str:
    letters = ref.rstrip("0123456789")
    return f"{letters}列" if letters.isalpha() and len(letters) <= 3 else ""


class _CellReader:
    """A cell's value as openpyxl would read it (data_only): shared strings, inline strings,
    numbers, booleans, dates by style; error cells as CellError; numbers shown as 1.39E+10
    as that text (their digits are gone)."""

    def __init__(self, sheet):
        from openpyxl.cell.read_only import ReadOnlyCell
        from openpyxl.utils.datetime import from_excel, from_ISO8601

        self.from_excel, self.from_iso = from_excel, from_ISO8601
        book = sheet.parent
        self.strings = sheet._shared_strings
        self.epoch = book.epoch
        self.dates = set(book._date_formats)
        self.durations = set(book._timedelta_formats)
        self.scientific = {i for i in range(len(book._cell_styles))
                           if "E+" in (ReadOnlyCell(sheet, 1, 1, 0, "n", i).number_format or "").upper()}

    def __call__(self, cell, kind: str, first):
        """`kind` is the cell's t attribute ("n" when absent), `first` its first child or None."""
        if kind == "inlineStr":
            inline = next(cell.iterchildren(_INLINE), None)
            return None if inline is None else _rich_text(inline)
        if first is None:
            return None
        value_element = first if first.tag == _VALUE else next(cell.iterchildren(_VALUE), None)
        raw = None if value_element is None else value_element.text
        if not raw:
            return None
        if kind == "s":
            return self.strings[int(raw)]
        if kind == "n":
            value = float(raw) if any(ch in raw for ch in ".eE") else int(raw)
            style = int(cell.get("s", 0) or 0)
            if style in self.dates:
                try:
                    return self.from_excel(value, self.epoch, timedelta=style in self.durations)
                except (OverflowError, ValueError):
                    return CellError("#VALUE!")
            if style in self.scientific:
                return f"{value:.2E}"
            return value
        if kind == "str":
            return raw
        if kind == "b":
            return bool(int(raw))
        if kind == "e":
            return CellError(raw)
        if kind == "d":
            return self.from_iso(raw)
        raise ValueError(f"cell type {kind}")


def _limited_row(values: list[Any], number: int, name: str, letter=None) -> list[Any] | None:
    """The row's values if within MAX_ROWS x MAX_COLUMNS; an error naming the first value outside."""
    if len(values) > MAX_COLUMNS:
        far = next((i for i in range(MAX_COLUMNS, len(values)) if values[i] not in (None, "")), None)
        if far is not None:
            column = f"{letter(far + 1)}列" if letter else f"第{far + 1}列"
            raise InputError.at(Place(name, row=number, column=column),
                                f"超出读取范围：花名册最多 {MAX_COLUMNS} 列，"
                                "请删除表格右侧的多余内容")
        values = values[:MAX_COLUMNS]
    if number > MAX_ROWS:
        if any(v not in (None, "") for v in values):
            raise InputError.at(Place(name, row=number), f"超出读取范围：花名册最多 {MAX_ROWS} 行，"
                                                         "请删除表格下方的多余内容，或把花名册拆成几个文件")
        return None
    return values


def _xls_rows(data: bytes, name: str, encrypted_xlsx: bool) -> Rows:
    import xlrd

    encrypted = "Excel 文件设置了打开密码（已加密），docgen 无法读取。请在 Excel 中取消密码后另存"
    try:
        book = xlrd.open_workbook(file_contents=data, on_demand=True)
    except Exception as exc:  # xlrd raises XLRDError, CompDocError, struct.error, IndexError, …
        if encrypted_xlsx or "encrypt" in str(exc).lower():
            raise InputError.at(Place(name), encrypted) from None
        raise InputError.at(Place(name),
                            f"无法打开 .xls 文件：文件已损坏，或不是 Excel 97-2003 格式。{SAVE_AS_XLSX}") from None
    try:
        if book.nsheets < 1:
            raise InputError.at(Place(name), "Excel 文件中没有工作表")
        try:
            sheet = book.sheet_by_index(0)
        except Exception:
            raise InputError.at(Place(name), f"无法读取 .xls 文件的第一个工作表：文件已损坏。{SAVE_AS_XLSX}") from None
        for r in range(sheet.nrows):
            row = []
            for c in range(sheet.ncols):
                cell = sheet.cell(r, c)
                if cell.ctype == xlrd.XL_CELL_DATE:
                    try:
                        row.append(xlrd.xldate_as_datetime(cell.value, book.datemode))
                    except Exception:
                        raise InputError.at(Place(name, row=r + 1, column=_letter(c)),
                                            f"日期单元格的序号 {cell.value!r} 不是有效日期") from None
                elif cell.ctype in (xlrd.XL_CELL_EMPTY, xlrd.XL_CELL_BLANK):
                    row.append(None)
                elif cell.ctype == xlrd.XL_CELL_ERROR:
                    row.append(CellError(xlrd.error_text_from_code.get(cell.value, "#错误")))
                else:
                    row.append(cell.value)
            values = _limited_row(row, r + 1, name, _letter)
            if values is not None:
                yield r + 1, values
    finally:
        book.release_resources()


def _letter(index: int) -> str:
    from openpyxl.utils import get_column_letter

    return get_column_letter(index + 1)


def _xml_reason(exc: Exception) -> str:
    """An openpyxl / XML failure in Chinese: the English text is never shown."""
    text = str(exc)
    kind = type(exc).__name__
    if kind in ("EntitiesForbidden", "DTDForbidden", "ExternalReferenceForbidden", "NotSupportedError"):
        return "含实体或外部引用声明，可能是恶意文件"
    if kind == "ParseError" or "XML" in kind or "not well-formed" in text:
        return "内部 XML 格式错误，文件已损坏"
    if "column name" in text or "coordinate" in text.lower():
        return "单元格引用无效"
    if isinstance(exc, IndexError):
        return "引用了不存在的共享字符串，文件已损坏"
    if "invalid literal" in text or "could not convert" in text:
        return "单元格的值与其类型不符"
    if "encrypt" in text.lower():
        return "文件已加密"
    if isinstance(exc, MemoryError):
        return "内容过大"
    return "文件已损坏，或不是 Excel 生成的 .xlsx 文件"


def decode_csv(data: bytes, name: str) -> str:
    """UTF-8 (with or without BOM), UTF-16 (Excel's "Unicode text") or GB18030: detected, not asked."""
    if data.startswith(b"\xef\xbb\xbf"):
        return _decode_or_locate(data, 3, "utf-8", name, "UTF-8")
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return _decode_or_locate(data, 0, "utf-16", name, "UTF-16")
    head = data[:2000]
    if head and head.count(b"\x00") > len(head) // 4:  # UTF-16 without BOM
        even_nuls = head[0::2].count(b"\x00")
        odd_nuls = head[1::2].count(b"\x00")
        return _decode_or_locate(data, 0, "utf-16-be" if even_nuls > odd_nuls else "utf-16-le", name, "UTF-16")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as utf8_error:
        try:
            return data.decode("gb18030")
        except UnicodeDecodeError:
            line = data[:utf8_error.start].count(b"\n") + 1
            raise InputError.at(Place(name, row=line), "无法识别文件编码（不是 UTF-8、GB18030 或 UTF-16），"
                                                       "请在 Excel 中另存为“CSV UTF-8（逗号分隔）”") from None


def _decode_or_locate(data: bytes, skip: int, encoding: str, name: str, label: str) -> str:
    try:
        return data[skip:].decode(encoding)
    except UnicodeDecodeError as exc:
        good = data[skip:skip + exc.start].decode(encoding, errors="replace")
        line = good.count("\n") + 1
        raise InputError.at(Place(name, row=line), f"文件开头标明是 {label} 编码，但这一行有不是 {label} 的字节"
                                                   "（文件已损坏，或被其他编码的内容拼接过），"
                                                   "请在 Excel 中重新另存为“CSV UTF-8（逗号分隔）”") from None


def _lines(text: str) -> Iterator[str]:
    """The text's lines with their endings, one at a time (a StringIO or splitlines() would hold
    a second copy of a big roster)."""
    start, size = 0, len(text)
    while start < size:
        end = text.find("\n", start)
        end = size if end < 0 else end + 1
        yield text[start:end]
        start = end


def _csv_rows(data: bytes, name: str) -> Rows:
    import csv

    text = decode_csv(data, name)
    del data
    if "\x00" in text:
        line = text[:text.index("\x00")].count("\n") + 1
        raise InputError.at(Place(name, row=line), "文件中有空字符，可能不是文本格式的 CSV")
    first = next((line for line in _lines(text) if line.strip()), "")
    delimiter = "\t" if first.count("\t") > first.count(",") else ","
    reader = csv.reader(_lines(text), delimiter=delimiter)
    number = 0
    try:
        for number, row in enumerate(reader, start=1):
            values = _limited_row([v if v.strip() else None for v in row], number, name)
            if values is not None:
                yield number, values
    except csv.Error as exc:
        why = ("单元格过长" if "field larger" in str(exc)
               else "引号不配对或有多余的引号" if "quote" in str(exc) else "格式错误")
        raise InputError.at(Place(name, row=number + 1), f"CSV {why}，请在 Excel 中打开检查后重新另存") from None
    # csv's line_num counts physical lines; a quoted cell with a line break would shift later
    # rows, so rows are numbered by record, as Excel shows them


# ---- rows -> records ----------------------------------------------------------------------


def _norm_header(value) -> str:
    if value is None:
        return ""
    return unicodedata.normalize("NFKC", str(value)).strip().replace(" ", "").replace("\n", "").lower()


def _records(rows: Rows, name: str, path: Path) -> RosterRead:
    header_at = next(((number, row) for number, row in rows
                      if any(_norm_header(v) in ("工会名称", "union") for v in row)), None)
    if header_at is None:
        raise InputError.at(Place(name), "找不到表头行：表头中应有“工会名称”列（可在其上方保留标题行）")
    header_row_number, header = header_at
    warnings: list[tuple[Place, str]] = []
    columns: dict[int, tuple[str, str]] = {}   # index -> (field, header text as written)
    seen: dict[str, str] = {}
    for index, value in enumerate(header):
        key = _norm_header(value)
        if not key or key in IGNORED:
            continue
        target = HEADERS.get(key)
        if target is None:
            warnings.append((Place(name, row=header_row_number, column=str(value).strip()),
                             f"未识别的列“{str(value).strip()}”，已忽略"))
            continue
        if target in seen:
            raise InputError.at(Place(name, row=header_row_number, column=str(value).strip()),
                                f"列“{str(value).strip()}”与列“{seen[target]}”表示同一字段，请只保留一列")
        seen[target] = str(value).strip()
        columns[index] = (target, str(value).strip())

    union_headers = {f: h for f, h in columns.values() if not f.startswith("officer.")}
    officer_headers = {f.removeprefix("officer."): h for f, h in columns.values() if f.startswith("officer.")}
    officer_headers.setdefault("name", "姓名")
    places = RosterPlaces(name, union_headers, officer_headers)
    unions: dict[str, RawUnion] = {}
    current: RawUnion | None = None
    # worked out once: which cells of a row are read, in the order [union name, other union
    # fields, officer fields in OFFICER_FIELDS order]
    name_index = next(i for i, (f, _) in columns.items() if f == "name")
    union_plan = [(i, f) for i, (f, _) in columns.items() if f != "name" and not f.startswith("officer.")]
    officer_at = {f.removeprefix("officer."): i for i, (f, _) in columns.items() if f.startswith("officer.")}
    width = max(columns) + 1
    picks = [name_index, *(i for i, _ in union_plan), *(officer_at.get(f, -1) for f in OFFICER_FIELDS)]
    pick = operator.itemgetter(*picks)
    union_fields = [f for _, f in union_plan]
    first_officer = 1 + len(union_fields)
    for number, row in rows:
        if total := _totals_word(row):
            warnings.append((Place(name, row=number), f"是“{total}”行，不是工会或人员，已略过"))
            continue
        if len(row) < width:
            row.extend([None] * (width - len(row)))
        row.append(None)                        # what an absent officer column reads
        cells = [(v.strip() or None) if isinstance(v, str) else v for v in pick(row)]
        officer = cells[first_officer:]
        has_officer = officer.count(None) != len(OFFICER_FIELDS)
        union_name = cells[0]
        if union_name is None and not has_officer and cells.count(None) == len(cells):
            continue
        if union_name is not None:
            key = str(union_name).strip()
            current = unions.get(key)
            if current is None:
                place = Place(name, None, "", number, union_headers["name"])
                current = unions[key] = RawUnion((union_name, place), places, source=path)
        elif current is None:
            raise InputError.at(Place(name, row=number, column="工会名称"), "工会名称为空，且上方没有可延续的工会")
        for f, v in zip(union_fields, cells[1:first_officer], strict=True):
            if v is None:
                continue
            runs = current.runs.get(f)
            if runs is None:
                current.runs[f] = [(v, [number])]
            elif type(v) is type(last := runs[-1][0]) and v == last:
                runs[-1][1].append(number)      # the same value as the row above: one run, one parse
            else:
                runs.append((v, [number]))
        if has_officer:
            current.rows.append((number, *officer))
    return RosterRead(list(unions.values()), warnings)


_TOTALS = re.compile(r"(合计|总计|小计|共计|总数|合\s*计|总\s*计)\s*[:：]?")


def _totals_word(row: list[Any]) -> str | None:
    """The word of an Excel totals row (合计, 总计…) in its first filled cell, or None."""
    first = None
    for first in row:
        if first is not None:
            break
    if (isinstance(first, str) and first.lstrip()[:1] in "合总小共"
            and _TOTALS.fullmatch(unicodedata.normalize("NFKC", first).strip())):
        return first.strip()
    return None


def _clean(value):
    if isinstance(value, str):
        value = value.strip()
        return value or None
    return value
