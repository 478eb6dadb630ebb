"""Load: an input file (TOML, or a roster for print commands) -> one validated Document.

    doc = load(Path("county.toml"))
    require(doc, "plan", "issuer")      # InputError naming the missing table
"""

from __future__ import annotations

from pathlib import Path

from ..errors import InputError, Place
from ..model import Document

ROSTER_SUFFIXES = (".xlsx", ".xlsm", ".xls", ".csv", ".tsv", ".txt")


def load(path: Path | str, *, roster: bool = True) -> Document:
    """`roster=False` leaves the `roster` file unread: plan and notice never use unions, so a
    roster being edited in Excel (or a slow one) cannot hold up or fail a document."""
    path = Path(path)
    if not path.exists():
        raise InputError.at(Place(path.name), f"找不到输入文件 {path}")
    if path.is_dir():
        raise InputError.at(Place(path.name), f"{path} 是文件夹，应为 .toml 文件或花名册（.xlsx/.xls/.csv）")
    suffix = path.suffix.lower()
    if suffix in ROSTER_SUFFIXES:
        from .document import load_roster_only

        return load_roster_only(path)
    if suffix not in (".toml", ""):
        raise InputError.at(Place(path.name),
                            f"不支持的输入文件类型 {suffix}，应为 .toml 文件或花名册（.xlsx/.xls/.csv）")
    from .document import load_toml

    return load_toml(path, roster=roster)


_TABLE_NAMES = {"plan": "[plan] 表", "issuer": "[issuer] 表", "notice": "[notice] 表",
                "unions": "[[unions]] 或 roster 花名册"}


def require(doc: Document, *tables: str, command: str = "") -> None:
    """Raise an InputError naming each table the command needs and the file lacks."""
    missing = [t for t in tables if not getattr(doc, t)]
    if missing:
        names = "、".join(_TABLE_NAMES[t] for t in missing)
        who = f"docgen {command} " if command else ""
        them = "它们" if len(missing) > 1 else "它"
        raise InputError.at(Place(doc.source.name), f"缺少 {names}，{who}需要{them}")
