"""The record a batch folder keeps of its batch: `manifest.csv`, one row per file.

A folder product (牌匾, 公示牌) writes one batch into its folder and lists it here. The next batch
into the same folder reads it to know what belonged to the previous one:
- a whole batch removes the files the previous manifest lists and the new one does not (a folder
  always holds one consistent batch; files docgen did not list are never touched);
- `--only` reprints the chosen files at the batch's size and keeps every other file and row.
UTF-8 with a BOM and CRLF lines, as Excel expects.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

from ..errors import EnvironmentProblem, InputError
from ..output import csv_cells, inside, remove

NAME = "manifest.csv"
FILE = "文件"
UNION = "工会名称"
SIZE = "尺寸"


def read(folder: Path) -> list[dict[str, str]]:
    """The rows of the folder's manifest, or [] when there is none (or it cannot be read)."""
    path = folder / NAME
    if not path.is_file():
        return []
    try:
        return [dict(r) for r in csv.DictReader(io.StringIO(path.read_text(encoding="utf-8-sig")))]
    except (OSError, UnicodeDecodeError, csv.Error):
        return []


def stamp(folder: Path) -> str | None:
    """The manifest as a batch found it (a digest; None without one), so that the batch is not
    written over one another run wrote meanwhile (see `unchanged_since`)."""
    import hashlib

    try:
        return hashlib.sha1((folder / NAME).read_bytes()).hexdigest()
    except OSError:
        return None


def unchanged_since(folder: Path, seen: str | None) -> None:
    """With the folder locked, before writing: a batch composed from one manifest must not be
    written over a batch that another run wrote while this one composed (it would remove the
    wrong files and leave that run's files unlisted). The folder stays as that run left it."""
    if stamp(folder) != seen:
        raise EnvironmentProblem(f"输出文件夹 {folder} 在本次运行排版期间被另一个 docgen 运行写入了一批文件，"
                                 "为免两批文件混在一起，本次未写入任何文件。请重新运行")


def listed_files(rows: list[dict[str, str]]) -> list[str]:
    """The PDF files a manifest lists, plain names only (the only files a batch may remove)."""
    names = [(r.get(FILE) or "").strip() for r in rows]
    return [n for n in names if n.lower().endswith(".pdf") and "/" not in n and "\\" not in n and n != "proof.pdf"]


def to_csv(header: list[str], rows: list[list]) -> bytes:
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\r\n")
    writer.writerow(header)
    writer.writerows(csv_cells(row) for row in rows)     # no cell Excel would run as a formula
    return buf.getvalue().encode("utf-8-sig")


def batch_size(rows: list[dict[str, str]]) -> str | None:
    """The size the rows were made at ("400 × 2400 mm" -> "400x2400"), when they agree."""
    sizes = {(r.get(SIZE) or "").replace("mm", "").replace("×", "x").replace(" ", "") for r in rows}
    sizes.discard("")
    return sizes.pop() if len(sizes) == 1 else None


def remove_stale(folder: Path, earlier: list[str], keep: set[str]) -> list[str]:
    removed = []
    for name in earlier:
        if name in keep:
            continue
        path = folder / name
        try:
            inside(folder, Path(name))
            if path.is_file():
                remove(path)
                removed.append(name)
        except (OSError, InputError):
            continue
    return removed
