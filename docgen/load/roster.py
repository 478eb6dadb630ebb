"""Roster spreadsheets (CSV, XLSX, XLS) -> raw union records with the place of every cell.

Real workbooks carry title rows above the header, a 序号 column and union names in merged
cells; the header row is the first row naming 工会名称 (or `union`), and an empty union cell
continues the union above it. Values stay raw here; docgen.load.unions validates them.
"""

from __future__ import annotations

import csv
import io
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..errors import InputError, Place

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


@dataclass
class RawUnion:
    name: Cell
    fields: dict[str, list[Cell]] = field(default_factory=dict)     # every non-empty value seen, in row order
    officers: list[dict[str, Cell]] = field(default_factory=list)
    source: Path | None = None


@dataclass
class RosterRead:
    unions: list[RawUnion]
    warnings: list[tuple[Place, str]]


def read_roster(path: Path, shown_as: str | None = None) -> RosterRead:
    name = shown_as or path.name
    rows = _rows(path, name)
    return _records(rows, name, path)


# ---- files -> (excel row number, [cell values]) --------------------------------------------


def _rows(path: Path, name: str) -> list[tuple[int, list[Any]]]:
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise InputError.at(Place(name), f"找不到花名册文件 {path}") from None
    except OSError as exc:
        raise InputError.at(Place(name), f"无法读取花名册文件：{exc.strerror}") from None
    suffix = path.suffix.lower()
    ole = data[:8] == b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
    if suffix in (".xlsx", ".xlsm") and not ole:
        return _xlsx_rows(data, name)
    if suffix == ".xls" or (suffix in (".xlsx", ".xlsm") and ole):
        return _xls_rows(data, name, encrypted_xlsx=suffix != ".xls")
    if suffix in (".csv", ".txt", ".tsv"):
        return _csv_rows(data, name)
    raise InputError.at(Place(name), f"不支持的花名册格式 {suffix or '（无扩展名）'}，应为 .xlsx、.xls 或 .csv")


def _xlsx_rows(data: bytes, name: str) -> list[tuple[int, list[Any]]]:
    import zipfile

    import openpyxl

    try:
        book = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, ValueError, OSError, TypeError) as exc:
        raise InputError.at(Place(name), f"无法打开 Excel 文件（文件已损坏或不是 .xlsx）：{type(exc).__name__}") from None
    except Exception as exc:  # openpyxl raises its own InvalidFileException and friends
        raise InputError.at(Place(name), f"无法打开 Excel 文件：{exc}") from None
    try:
        sheet = book.worksheets[0]
        out = []
        for row in sheet.iter_rows():
            number = next((c.row for c in row if getattr(c, "row", None)), None)
            if number is None:
                continue
            out.append((number, [_xlsx_value(c) for c in _pad(row)]))
        return out
    finally:
        book.close()


def _pad(row):
    # read-only rows skip leading empty cells only in sparse sheets; keep column positions
    cells = []
    for c in row:
        col = getattr(c, "column", None)
        while col and len(cells) < col - 1:
            cells.append(None)
        cells.append(c)
    return cells


def _xlsx_value(cell):
    if cell is None:
        return None
    value = cell.value
    fmt = (getattr(cell, "number_format", "") or "").upper()
    if isinstance(value, (int, float)) and not isinstance(value, bool) and "E+" in fmt:
        # shown as 1.39E+10: whatever the cell holds, the user sees (and may have pasted) lost digits
        return f"{value:.2E}"
    return value


def _xls_rows(data: bytes, name: str, encrypted_xlsx: bool) -> list[tuple[int, list[Any]]]:
    import xlrd

    try:
        book = xlrd.open_workbook(file_contents=data)
    except xlrd.XLRDError as exc:
        if encrypted_xlsx or "encrypt" in str(exc).lower():
            raise InputError.at(Place(name), "Excel 文件设置了打开密码（已加密），docgen 无法读取。请在 Excel 中取消密码后另存") from None
        raise InputError.at(Place(name), f"无法打开 .xls 文件：{exc}") from None
    except Exception as exc:
        if encrypted_xlsx:
            raise InputError.at(Place(name), "Excel 文件设置了打开密码（已加密），docgen 无法读取。请在 Excel 中取消密码后另存") from None
        raise InputError.at(Place(name), f"无法打开 .xls 文件（文件已损坏？）：{type(exc).__name__}") from None
    sheet = book.sheet_by_index(0)
    out = []
    for r in range(sheet.nrows):
        row = []
        for c in range(sheet.ncols):
            cell = sheet.cell(r, c)
            if cell.ctype == xlrd.XL_CELL_DATE:
                row.append(xlrd.xldate_as_datetime(cell.value, book.datemode))
            elif cell.ctype in (xlrd.XL_CELL_EMPTY, xlrd.XL_CELL_BLANK):
                row.append(None)
            elif cell.ctype == xlrd.XL_CELL_ERROR:
                row.append(f"#错误{cell.value}")
            else:
                row.append(cell.value)
        out.append((r + 1, row))
    return out


def decode_csv(data: bytes, name: str) -> str:
    """UTF-8 (with or without BOM), UTF-16 (Excel's "Unicode text") or GB18030: detected, not asked."""
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8", errors="strict")
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError:
            raise InputError.at(Place(name), "文件看起来是 UTF-16 编码但内容已损坏，请在 Excel 中重新另存为 CSV UTF-8") from None
    head = data[:2000]
    if head and head.count(b"\x00") > len(head) // 4:  # UTF-16 without BOM
        even_nuls = head[0::2].count(b"\x00")
        odd_nuls = head[1::2].count(b"\x00")
        try:
            return data.decode("utf-16-be" if even_nuls > odd_nuls else "utf-16-le")
        except UnicodeDecodeError:
            raise InputError.at(Place(name), "无法识别文件编码，请在 Excel 中另存为“CSV UTF-8（逗号分隔）”") from None
    for encoding in ("utf-8", "gb18030"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise InputError.at(Place(name), "无法识别文件编码（不是 UTF-8、GB18030 或 UTF-16），请在 Excel 中另存为“CSV UTF-8（逗号分隔）”")


def _csv_rows(data: bytes, name: str) -> list[tuple[int, list[Any]]]:
    text = decode_csv(data, name)
    if "\x00" in text:
        raise InputError.at(Place(name), "文件中有空字符，可能不是文本格式的 CSV")
    first = next((line for line in text.splitlines() if line.strip()), "")
    delimiter = "\t" if first.count("\t") > first.count(",") else ","
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    out = []
    try:
        for row in reader:
            out.append((reader.line_num, [v if v.strip() else None for v in row]))
    except csv.Error as exc:
        raise InputError.at(Place(name, row=reader.line_num), f"CSV 格式错误：{exc}") from None
    # csv's line_num counts physical lines; a quoted cell with a line break shifts later rows, which
    # is also how Excel would number them only if it had no such cells, so use record order instead.
    return [(i, row) for i, (_, row) in enumerate(out, start=1)]


# ---- rows -> records ----------------------------------------------------------------------


def _norm_header(value) -> str:
    if value is None:
        return ""
    return unicodedata.normalize("NFKC", str(value)).strip().replace(" ", "").replace("\n", "").lower()


def _records(rows: list[tuple[int, list[Any]]], name: str, path: Path) -> RosterRead:
    header_at = next((i for i, (_, row) in enumerate(rows) if any(_norm_header(v) in ("工会名称", "union") for v in row)), None)
    if header_at is None:
        raise InputError.at(Place(name), "找不到表头行：表头中应有“工会名称”列（可在其上方保留标题行）")
    header_row_number, header = rows[header_at]
    warnings: list[tuple[Place, str]] = []
    columns: dict[int, tuple[str, str]] = {}   # index -> (field, header text as written)
    seen: dict[str, str] = {}
    for index, value in enumerate(header):
        key = _norm_header(value)
        if not key or key in IGNORED:
            continue
        target = HEADERS.get(key)
        if target is None:
            warnings.append((Place(name, row=header_row_number, column=str(value).strip()), f"未识别的列“{str(value).strip()}”，已忽略"))
            continue
        if target in seen:
            raise InputError.at(Place(name, row=header_row_number, column=str(value).strip()),
                                f"列“{str(value).strip()}”与列“{seen[target]}”表示同一字段，请只保留一列")
        seen[target] = str(value).strip()
        columns[index] = (target, str(value).strip())

    unions: dict[str, RawUnion] = {}
    current: RawUnion | None = None
    for number, row in rows[header_at + 1:]:
        cells = {f: (_clean(row[i]) if i < len(row) else None, Place(name, row=number, column=h)) for i, (f, h) in columns.items()}
        if all(v is None for v, _ in cells.values()):
            continue
        union_cell = cells.get("name")
        if union_cell and union_cell[0] is not None:
            key = str(union_cell[0]).strip()
            current = unions.get(key)
            if current is None:
                current = unions[key] = RawUnion(name=union_cell, source=path)
        elif current is None:
            raise InputError.at(Place(name, row=number, column="工会名称"), "工会名称为空，且上方没有可延续的工会")
        for f, (v, place) in cells.items():
            if f == "name" or f.startswith("officer.") or v is None:
                continue
            current.fields.setdefault(f, []).append((v, place))
        officer = {f.removeprefix("officer."): c for f, c in cells.items() if f.startswith("officer.") and c[0] is not None}
        if officer:
            officer.setdefault("name", (None, Place(name, row=number, column=seen.get("officer.name", "姓名"))))
            current.officers.append(officer)
    return RosterRead(list(unions.values()), warnings)


def _clean(value):
    if isinstance(value, str):
        value = value.strip()
        return value or None
    return value
