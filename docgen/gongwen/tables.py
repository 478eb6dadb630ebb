"""Attachment tables: 4号仿宋, single borders, header row repeated on every page.

Column widths come from the text: a column whose longest paragraph fits in its fair share gets
just that width (so labels such as 队伍建设 stay on one line) and the rest is shared among the
wide columns ("water filling").
"""

from __future__ import annotations

from xml.etree.ElementTree import Element

from ..model import Table
from . import units as u, xml
from .text import runs, width_twips

SHORT_CELL_EM = 8      # a column whose cells are all this short is centred


def column_widths(table: Table, total: int = u.TYPE_WIDTH) -> list[int]:
    """Widths in twips, summing to `total`."""
    pad = 2 * u.TABLE_CELL_MARGIN + u.SMALL_PITCH // 2
    natural = []
    for col in range(len(table.columns)):
        cells = [table.columns[col], *(row[col] for row in table.rows if col < len(row))]
        longest = max((width_twips(p, u.SMALL_SIZE_PT) for c in cells for p in c.split("\n")), default=0)
        natural.append(longest + pad)
    widths = [0] * len(natural)
    open_cols = set(range(len(natural)))
    remaining = total
    while open_cols:
        share = remaining / len(open_cols)
        narrow = [c for c in open_cols if natural[c] <= share]
        if not narrow:
            for c in open_cols:
                widths[c] = int(share)
            break
        for c in narrow:
            widths[c] = natural[c]
            remaining -= natural[c]
            open_cols.discard(c)
    if not open_cols and remaining > 0:   # everything fits: spread the slack evenly
        extra = remaining // len(widths)
        widths = [w + extra for w in widths]
    widths[-1] += total - sum(widths)
    return widths


def _borders() -> Element:
    sides = ("top", "left", "bottom", "right", "insideH", "insideV")
    line = {"val": "single", "sz": u.TABLE_BORDER, "space": 0, "color": "000000"}
    return xml.props("tblBorders", *(xml.el(s, line) for s in sides))


def _cell(text: str, width: int, header: bool, centred: bool) -> Element:
    tcpr = xml.props("tcPr", xml.el("tcW", {"w": width, "type": "dxa"}), xml.el("vAlign", {"val": "center"}))
    cell = xml.el("tc", None, tcpr)
    align = "center" if header or centred else "both"
    for line in text.split("\n") or [""]:
        ppr = xml.props("pPr", xml.el("pStyle", {"val": "GwTable"}), xml.el("jc", {"val": align}))
        cell.append(xml.el("p", None, ppr, *runs(line, "hei" if header else "fangsong")))
    return cell


def table(model: Table) -> Element:
    widths = column_widths(model)
    centred = [all(len(p) <= SHORT_CELL_EM for r in model.rows if c < len(r) for p in r[c].split("\n"))
               for c in range(len(model.columns))]
    tblpr = xml.props(
        "tblPr",
        xml.el("tblW", {"w": u.TYPE_WIDTH, "type": "dxa"}),
        xml.el("jc", {"val": "center"}),
        _borders(),
        xml.el("tblLayout", {"type": "fixed"}),
        xml.props("tblCellMar", xml.el("left", {"w": u.TABLE_CELL_MARGIN, "type": "dxa"}),
                  xml.el("right", {"w": u.TABLE_CELL_MARGIN, "type": "dxa"})),
    )
    grid = xml.el("tblGrid", None, *(xml.el("gridCol", {"w": w}) for w in widths))
    tbl = xml.el("tbl", None, tblpr, grid)
    header = xml.el("tr", None, xml.props("trPr", xml.el("cantSplit"), xml.el("tblHeader")))
    header.extend(_cell(t, w, True, True) for t, w in zip(model.columns, widths, strict=False))
    tbl.append(header)
    for row in model.rows:
        tr = xml.el("tr")
        cells = list(row) + [""] * (len(widths) - len(row))
        tr.extend(_cell(t, w, False, centred[i]) for i, (t, w) in enumerate(zip(cells, widths, strict=False)))
        tbl.append(tr)
    return tbl
