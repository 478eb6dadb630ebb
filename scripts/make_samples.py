"""Rebuild samples/roster.xlsx and samples/roster-template.xlsx from samples/roster.csv.

The workbook looks like one a county office keeps: a title row, a 序号 column, union cells merged
over their officers' rows, real date cells, and phone columns formatted as text so Excel keeps
leading zeros. Run: python scripts/make_samples.py
"""

from __future__ import annotations

import csv
from datetime import datetime
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, Side

SAMPLES = Path(__file__).resolve().parent.parent / "samples"
HEADER = ["序号", "工会名称", "单位名称", "成立日期", "办公地点", "会员人数", "姓名", "职务", "办公电话", "手机"]
UNION_COLUMNS = range(2, 7)       # B..F hold union fields, merged over the officers' rows
TEXT_COLUMNS = (9, 10)            # 办公电话, 手机
WIDTHS = [6, 44, 40, 12, 20, 10, 10, 18, 20, 16]
FIXED_TIME = datetime(2024, 1, 1)  # workbook properties, so rebuilding gives the same content


def sheet_with_header(title: str):
    book = Workbook()
    sheet = book.active
    sheet.title = "工会信息"
    book.properties.created = book.properties.modified = FIXED_TIME
    book.properties.creator = "docgen"
    sheet.append([title])
    sheet.merge_cells(start_row=1, start_column=1, end_row=1, end_column=len(HEADER))
    sheet.cell(1, 1).font = Font(name="黑体", size=16)
    sheet.cell(1, 1).alignment = Alignment(horizontal="center")
    sheet.append(HEADER)
    thin = Side(style="thin")
    for col, width in enumerate(WIDTHS, start=1):
        sheet.column_dimensions[chr(64 + col)].width = width
        cell = sheet.cell(2, col)
        cell.font = Font(name="宋体", bold=True)
        cell.border = Border(thin, thin, thin, thin)
    sheet.freeze_panes = "A3"
    return book, sheet


def build_roster() -> None:
    with (SAMPLES / "roster.csv").open(encoding="utf-8-sig", newline="") as fh:
        rows = list(csv.reader(fh))[1:]
    book, sheet = sheet_with_header("岳西县企业工会“双亮”信息登记表")
    groups: list[tuple[int, int]] = []
    for row in rows:
        values: list = list(row)
        values[0] = int(values[0])
        values[3] = datetime.strptime(values[3], "%Y-%m-%d") if values[3] else None
        values[5] = int(values[5]) if values[5] else None
        sheet.append([v if v != "" else None for v in values])
        r = sheet.max_row
        sheet.cell(r, 4).number_format = "yyyy-mm-dd"
        for col in TEXT_COLUMNS:
            sheet.cell(r, col).number_format = "@"
        if row[1]:
            groups.append((r, r))
        else:
            groups[-1] = (groups[-1][0], r)
    for first, last in groups:
        if last > first:
            for col in UNION_COLUMNS:
                sheet.merge_cells(start_row=first, start_column=col, end_row=last, end_column=col)
                sheet.cell(first, col).alignment = Alignment(vertical="center", wrap_text=True)
    book.save(SAMPLES / "roster.xlsx")


def build_template() -> None:
    book, sheet = sheet_with_header("工会信息登记表（请从第3行起填写，一名工会干部一行）")
    for r in range(3, 503):
        for col in TEXT_COLUMNS:
            sheet.cell(r, col).number_format = "@"
        sheet.cell(r, 4).number_format = "yyyy-mm-dd"
    book.save(SAMPLES / "roster-template.xlsx")


if __name__ == "__main__":
    build_roster()
    build_template()
    print("wrote samples/roster.xlsx, samples/roster-template.xlsx")
