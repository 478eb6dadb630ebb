"""The TOML file -> Document, every rule of spec/input.md checked, every problem collected."""

from __future__ import annotations

import gc
import re
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from .. import catalog, cn
from ..errors import Collector, InputError, Place
from ..model import (
    Attachment,
    Contact,
    Document,
    Issuer,
    Item,
    Notice,
    NoticeSource,
    Plan,
    PrintOptions,
    Section,
    Stage,
    Table,
    Target,
    Union,
)
from . import values
from .files import file_problem, read_limited
from .images import check_image
from .roster import MAX_BYTES as ROSTER_MAX_BYTES, read_roster
from .toml_file import MAX_TOML_BYTES, Context, Node, read_toml
from .unions import TomlPlaces, build_union, merge, warn_structure

# Campaign presets, plaque sizes and font roles are files in the template folders (docgen.catalog).


def one_of(options: tuple[str, ...]):
    def parse(v):
        s = values.text(v, printed=False)
        if s not in options:
            raise values.ValueProblem(f"{values.quoted(s)} 不是可选值，应为 {' | '.join(options)} 之一")
        return s
    return parse


def boolean(v):
    if not isinstance(v, bool):
        raise values.ValueProblem(f"{values.quoted(v)} 应为 true 或 false（不加引号）")
    return v


def doc_number(v):
    s = values.text(v)
    if why := cn.check_doc_number(s):
        raise values.ValueProblem(f"{values.quoted(s)} {why}")
    return s


def contact_phone(v):
    s = values._phone_text(v)
    try:
        return values.office_phone(s)[0]
    except values.ValueProblem:
        return values.mobile(s)


def campaign_in(user_dir: Path | None):
    def parse(v):
        s = values.text(v, printed=False)
        if catalog.preset_file(s, user_dir) is None:
            presets = catalog.available_presets(user_dir)
            labelled = {name: p.label for name, p in presets.items()}
            raise values.ValueProblem(f"{values.quoted(s)} 不是已有的活动预设。{catalog.choices('活动', labelled)}"
                                      "（自己的活动：在模板文件夹里加 plan/<名称>/preset.toml）")
        return s
    return parse


def plaque_size(v, user_dir: Path | None = None):
    """A plaque size: a preset name of templates/print/plaque-sizes.toml (the user's too), or WxH."""
    s = values.text(v, printed=False).lower().replace("×", "x").replace("*", "x").replace(" ", "")
    presets = catalog.plaque_sizes(user_dir)
    if s in presets:
        return s
    m = re.fullmatch(r"(\d+(?:\.\d+)?)x(\d+(?:\.\d+)?)(mm)?", s)
    if not m or not all(50 <= float(g) <= 6000 for g in m.group(1, 2)):
        names = {name: f"{p.width_mm:g}×{p.height_mm:g}" for name, p in presets.items()}
        raise values.ValueProblem(f"{values.quoted(v)} 应为 宽x高（毫米，50 至 6000），如 400x2400，或预设名。"
                                  f"{catalog.choices('牌匾尺寸', names)}")
    return f"{m.group(1)}x{m.group(2)}"


def load_toml(path: Path, roster: bool = True) -> Document:
    data, lines, _ = read_toml(path)
    out = Collector()
    root = Node(data, "", Context(path, lines, out))
    root.allow("version", "templates", "roster", "issuer", "plan", "notice", "unions", "print")
    version = root.get("version", lambda v: values.integer(v), default=1)
    if version not in (None, 1):
        root.error("version", f"不支持的版本 {version}，本程序只认识 version = 1")
    templates = root.path_value("templates")
    if templates is None and isinstance(data.get("templates"), str):      # "" or "  ": no folder named
        root.error("templates", "模板文件夹不能为空；不用自己的模板时删去这一行")
    if templates and not templates.is_dir():
        root.error("templates", f"模板文件夹 {templates} " + ("不是文件夹" if templates.exists() else "不存在"))
        templates = None
    issuer = _issuer(root.table("issuer"))
    plan = _plan(root.table("plan"), templates)
    notice = _notice(root.table("notice"), plan)
    options = _print(root.table("print"), templates)
    unions = _unions(root, out)
    roster_path = root.path_value("roster")
    roster_problem = roster_path and file_problem(roster_path, ROSTER_MAX_BYTES, "花名册文件")
    if roster_problem:
        root.error("roster", roster_problem)
    elif roster_path and roster:
        unions = _with_roster(unions, roster_path, root.place("roster"), path, out)
    out.raise_if_any()
    return Document(source=path, version=1, templates=templates, roster=roster_path, issuer=issuer, plan=plan,
                    notice=notice, unions=tuple(unions), print=options, warnings=tuple(str(w) for w in out.warnings))


def load_roster_only(path: Path) -> Document:
    out = Collector()
    unions = _with_roster([], path.absolute(), Place(path.name), path, out)
    out.raise_if_any()
    return Document(source=path, unions=tuple(unions), warnings=tuple(str(w) for w in out.warnings))


# ---- tables ---------------------------------------------------------------------------------


def _issuer(node: Node | None) -> Issuer | None:
    if node is None:
        return None
    node.allow("name", "mark", "doc_number", "date", "sealed", "cc", "printer", "print_date", "contact")
    name = node.text("name", required=True, max_len=40)
    when = node.get("date", values.a_date, required=True)
    contact = None
    if c := node.table("contact"):
        c.allow("name", "phone")
        contact = Contact(name=c.text("name", required=True, max_len=20) or "", phone=c.get("phone", contact_phone))
    issuer_kwargs: dict[str, Any] = dict(
        mark=node.text("mark", max_len=40) or None,
        doc_number=node.get("doc_number", doc_number),
        sealed=node.get("sealed", boolean, default=True),
        cc=node.texts("cc"),
        printer=node.text("printer", max_len=40) or "",          # defaults: see docs/gongwen-rules.md
        print_date=node.get("print_date", values.a_date),
        contact=contact,
    )
    if not name or not when:
        return None
    return Issuer(name=name, date=when, **issuer_kwargs)


def _plan(node: Node | None, templates: Path | None = None) -> Plan | None:
    if node is None:
        return None
    node.allow("campaign", "title", "scope", "recipients", "start", "end", "intro", "targets", "stages",
               "sections", "attachments")
    campaign = node.get("campaign", campaign_in(templates), required=True)
    scope = node.text("scope", required=True, max_len=30)
    recipients = node.texts("recipients", required=True)
    start = node.get("start", values.a_month, required=True)
    end = node.get("end", values.a_month, required=True)
    if start and end and end < start:
        node.error("end", f"结束月份 {end} 早于开始月份 {start}")
    targets = _targets(node.tables("targets"), start, end)
    stages = _stages(node.tables("stages", required=True), start, end)
    sections = tuple(s for n in node.tables("sections") if (s := _section(n)))
    attachments = tuple(a for n in node.tables("attachments") if (a := _attachment(n)))
    fields = dict(title=node.text("title", max_len=120) or None, intro=node.text("intro", multiline=True) or None)
    if not (campaign and scope and recipients and start and end and stages):
        return None
    return Plan(campaign=campaign, scope=scope, recipients=recipients, start=start, end=end, stages=stages,
                targets=targets, sections=sections, attachments=attachments, **fields)


def _targets(nodes: list[Node], start, end) -> tuple[Target, ...]:
    out: list[Target] = []
    for n in nodes:
        n.allow("year", "coverage", "note")
        year = n.get("year", lambda v: values.integer(v, minimum=1949), required=True)
        coverage = n.get("coverage", values.number, required=True)
        if coverage is not None and not 0 < coverage <= 100:
            n.error("coverage", f"{coverage:g} 超出范围，覆盖率应大于 0、不超过 100（百分数）")
            coverage = None
        if year and start and end and not start.year <= year <= end.year:
            n.error("year", f"{year} 年不在方案起止年份 {start.year}—{end.year} 之内")
        if out and year is not None and year <= out[-1].year:
            n.error("year", f"{year} 应晚于上一项的 {out[-1].year} 年（年份按升序排列）")
        elif out and coverage is not None and coverage < out[-1].coverage:
            n.error("coverage", f"{coverage:g}% 低于上一年的 {out[-1].coverage:g}%，覆盖率不应下降")
        note = n.text("note", max_len=200) or ""
        if year and coverage:
            out.append(Target(year, coverage, note))
    return tuple(out)


def _stages(nodes: list[Node], start, end) -> tuple[Stage, ...]:
    out: list[Stage] = []
    for n in nodes:
        n.allow("name", "start", "end", "text")
        name = n.text("name", required=True, max_len=40)
        s = n.get("start", values.a_month, required=True)
        e = n.get("end", values.a_month, required=True)
        text = n.text("text", multiline=True) or ""
        if s and e:
            if e < s:
                n.error("end", f"结束月份 {e} 早于开始月份 {s}")
            elif start and end and (s < start or e > end):
                n.error("start" if s < start else "end", f"阶段 {s}—{e} 超出方案起止 {start}—{end}")
            elif out and s <= out[-1].end:
                n.error("start", f"开始月份 {s} 与上一阶段（至 {out[-1].end}）重叠或次序颠倒，"
                                 "阶段应按时间先后排列、互不重叠")
        if name and s and e:
            out.append(Stage(name, s, e, text))
    return tuple(out)


def _section(n: Node) -> Section | None:
    n.allow("title", "paragraphs", "items", "before")
    title = n.text("title", required=True, max_len=40)
    items = []
    raw_items = n.data.get("items", [])
    if not isinstance(raw_items, list) or not all(isinstance(i, dict) for i in raw_items):
        n.error("items", "应为表的列表，如 [ { title = \"…\", text = \"…\" } ]")
    else:
        for i, raw in enumerate(raw_items, start=1):
            item = Node(raw, n.key_path(f"items[{i}]"), n.ctx)
            item.allow("title", "text")
            t = item.text("title", required=True, max_len=60)
            if t:
                items.append(Item(t, item.text("text", multiline=True) or ""))
    section = Section(title=title or "", paragraphs=n.texts("paragraphs", multiline=True), items=tuple(items),
                      before=n.text("before") or None)
    return section if title else None


def _attachment(n: Node) -> Attachment | None:
    n.allow("title", "paragraphs", "table")
    title = n.text("title", required=True, max_len=80)
    paragraphs = n.texts("paragraphs", multiline=True)
    table = None
    if t := n.table("table"):
        t.allow("columns", "rows")
        columns = t.texts("columns", required=True)
        rows = []
        raw_rows = t.data.get("rows", [])
        if not isinstance(raw_rows, list):
            t.error("rows", "应为行的列表，每行是一个文字列表")
        else:
            for i, raw in enumerate(raw_rows, start=1):
                key = f"rows[{i}]"
                if not isinstance(raw, list):
                    t.error(key, "每行应为文字列表，如 [\"队伍建设\", \"……\"]")
                    continue
                if columns and len(raw) != len(columns):
                    t.error(key, f"有 {len(raw)} 格，与 {len(columns)} 列不符")
                cells = []
                for j, cell in enumerate(raw, start=1):
                    try:
                        cells.append(values.text(cell, multiline=True))
                    except values.ValueProblem as exc:
                        t.error(f"{key}[{j}]", str(exc))
                rows.append(tuple(cells))
        if columns:
            table = Table(columns, tuple(rows))
    if not paragraphs and table is None and title:
        n.error(None, "附件需要内容：paragraphs 或 table")
    return Attachment(title, paragraphs, table) if title else None


def _notice(node: Node | None, plan: Plan | None) -> Notice | None:
    if node is None:
        return None
    node.allow("kind", "recipients", "body", "requirements", "source")
    kind = node.get("kind", one_of(("yinfa", "zhuanfa")), required=True)
    recipients = node.texts("recipients")
    if not recipients:
        if plan is not None:
            recipients = plan.recipients
        elif kind == "zhuanfa" and not _has_plan_problem(node):     # a broken [plan] is reported as such
            node.error("recipients", "没有 [plan] 时必须填写 notice.recipients（主送机关）")
    if kind == "yinfa" and plan is None and not _has_plan_problem(node):
        node.error("kind", "印发通知（yinfa）需要 [plan] 表；转发上级文件请用 kind = \"zhuanfa\"")
    source = None
    src = node.table("source", required=kind == "zhuanfa")
    if src is not None:
        if kind == "yinfa":
            node.warn("source", "只用于转发通知（kind = \"zhuanfa\"），印发通知不使用它")
        src.allow("title", "doc_number", "issuer", "date", "file", "text_file")
        key = "file" if "file" in src.data or "text_file" not in src.data else "text_file"   # text_file: older name
        text_file = src.path_value(key)
        text = None
        if text_file is not None:
            text = _read_source_file(src, key, text_file)
        source = NoticeSource(title=src.text("title", required=True, max_len=120) or "",
                              doc_number=src.get("doc_number", doc_number) or "",
                              issuer=src.text("issuer", max_len=40) or "", date=src.get("date", values.a_date),
                              text_file=text_file, text=text)
    if not kind:
        return None
    return Notice(kind=kind, recipients=recipients, body=node.text("body", multiline=True) or None,
                  requirements=node.texts("requirements", multiline=True), source=source)


def _has_plan_problem(node: Node) -> bool:
    return any(p.place.key.startswith("plan") for p in node.ctx.collector.problems)


MAX_SOURCE_BYTES = 20 * 1024 * 1024     # a forwarded .docx may carry pictures; only its text is read


def _read_source_file(node: Node, key: str, path: Path) -> str | None:
    """The forwarded document's text: a .txt (UTF-8 or GB18030) or a .docx (its paragraphs)."""
    suffix = path.suffix.lower()
    if suffix not in (".txt", ".docx"):
        node.error(key, f"{path.name} 应为 .docx 或 .txt 文件")
        return None
    try:
        raw = read_limited(path, MAX_SOURCE_BYTES if suffix == ".docx" else MAX_TOML_BYTES,
                           "Word 文件" if suffix == ".docx" else "文本文件")
    except InputError as exc:
        node.error(key, exc.message)
        return None
    if suffix == ".docx":
        if _unpacked_bytes(raw) > MAX_SOURCE_XML_BYTES:
            node.error(key, f"{path.name} 解压后超过 {MAX_SOURCE_XML_BYTES // 1048576} MB，不像一份公文；"
                            "可在 Word 中另存为 .txt 后重试")
            return None
        text = _docx_text(raw)
        if text is None:
            node.error(key, f"{path.name} 不是有效的 .docx 文件（可在 Word 中另存为 .docx 或 .txt 后重试）")
            return None
        if len(text) > MAX_TOML_BYTES // 2:
            node.error(key, f"{path.name} 的正文过长（超过 {MAX_TOML_BYTES // 2:,} 字），不像一份公文")
            return None
    else:
        try:
            text = raw.decode("utf-8-sig")
        except UnicodeDecodeError:
            try:
                text = raw.decode("gb18030")
            except UnicodeDecodeError:
                node.error(key, f"{path.name} 不是 UTF-8 文本文件")
                return None
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\t", " ")   # Word's tabs: spaces
    if why := values.bad_character(text, multiline=True):
        node.error(key, f"{path.name} {why}")
        return None
    return text.strip()


MAX_SOURCE_XML_BYTES = 32 * 1024 * 1024     # a forwarded .docx unpacked: a 465 KB file held 301 MB


def _docx_text(raw: bytes) -> str | None:
    """Paragraphs of a .docx body, a blank line between them (python-docx reads the package);
    None for anything that is not a readable .docx."""
    import io
    import zipfile

    import docx
    from lxml.etree import LxmlError

    try:
        document = docx.Document(io.BytesIO(raw))
    except (zipfile.BadZipFile, KeyError, ValueError, LxmlError, RecursionError):     # a broken part
        return None
    return "\n\n".join(p.text.strip() for p in document.paragraphs if p.text.strip())


def _unpacked_bytes(raw: bytes) -> int:
    """What a .docx's parts take unpacked, by the sizes the zip states (zipfile stops reading a
    part at its stated size, and a false one fails the part's CRC)."""
    import io
    import zipfile

    try:
        with zipfile.ZipFile(io.BytesIO(raw)) as package:
            return sum(info.file_size for info in package.infolist())
    except (zipfile.BadZipFile, ValueError):
        return 0            # not a zip: _docx_text says so


def _print(node: Node | None, templates: Path | None = None) -> PrintOptions:
    if node is None:
        return PrintOptions()
    node.allow("hotline", "slogan", "services", "qr", "emblem", "plaque_size", "plaque_color", "fonts")
    hotline = node.get("hotline", lambda v: values.office_phone(v)[0].display, default="12351")
    emblem = node.path_value("emblem")
    if emblem:
        try:
            check_image(emblem)
        except values.ValueProblem as exc:
            node.error("emblem", str(exc))
    fonts = {}
    if f := node.table("fonts"):
        roles = tuple(catalog.font_roles())
        f.allow(*roles)
        for role in roles:
            if p := f.path_value(role):
                fonts[role] = p
                if not p.is_file():
                    f.error(role, f"找不到字体文件 {p}")
                else:
                    _check_font(f, role, p)
    given: dict[str, Any] = {"slogan": node.text("slogan", max_len=30) or ""} if "slogan" in node.data else {}
    return PrintOptions(
        hotline=hotline, **given,                        # slogan = "" prints none; no key, the default
        services=node.texts("services"), qr=node.get("qr", one_of(("vcard", "tel", "none")), default="vcard"),
        emblem=emblem, plaque_size=node.get("plaque_size", lambda v: plaque_size(v, templates), default="county"),
        plaque_color=node.get("plaque_color", one_of(("black", "red")), default="black"), fonts=fonts)


def _check_font(node: Node, role: str, path: Path) -> None:
    from .. import fonts

    try:
        fonts.check_usable(path, role)
    except InputError as exc:
        node.error(role, exc.message)


def _unions(root: Node, out: Collector) -> list[Union]:
    result: list[Union] = []
    names: dict[str, int] = {}
    for n in root.tables("unions"):
        n.allow("name", "employer", "founded", "office", "members", "officers")
        officers = []           # (values, places) per officer table
        for o in n.tables("officers"):
            o.allow("name", "role", "office_phone", "mobile", "photo")
            cells = {k: _as_typed(k, v) for k, v in o.data.items()}
            places = {k: o.place(k) for k in o.data}
            cells.setdefault("name", None)
            places.setdefault("name", o.place())
            officers.append((cells, places))
        if "name" not in n.data:
            n.error("name", "缺少必填字段 " + n.key_path("name"))
            continue
        runs = {k: [(v, [n.place(k)])] for k, v in n.data.items() if k not in ("name", "officers")}
        union = build_union((n.data["name"], n.place("name")), runs, officers, TomlPlaces, root.ctx.file, out)
        if union is None:
            continue
        if union.name in names:
            n.error("name", f"工会“{union.name}”重复出现（另见 unions[{names[union.name]}]），同一工会只写一次")
            continue
        names[union.name] = len(result) + 1
        warn_structure(union, n.place(), out)
        result.append(union)
    return result


def _as_typed(key: str, value):
    # A TOML float for a phone (1.39E+10) is scientific notation whose digits are gone: keep it as
    # written so the phone parser refuses it, as it does for such an Excel cell.
    if key in ("mobile", "office_phone") and isinstance(value, float):
        return f"{value:.2E}"
    return value


def _with_roster(unions: list[Union], roster: Path, place: Place, named_in: Path, out: Collector) -> list[Union]:
    with cycle_collector_paused():
        return _roster_unions(unions, roster, out)


@contextmanager
def cycle_collector_paused():
    """A big roster makes millions of small objects and no cycles: the cycle collector only
    rescans them (measured: 100,000 rows, 27-35% of the load's CPU time). Restores the state
    it found, so a caller that had paused it keeps it paused."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def _roster_unions(unions: list[Union], roster: Path, out: Collector) -> list[Union]:
    try:
        read = read_roster(roster)
    except InputError as exc:
        for p in exc.problems:
            out.error(p.place, p.message)
        return unions
    for where, message in read.warnings:
        out.warn(where, message)
    by_name = {u.name: i for i, u in enumerate(unions)}
    merged = list(unions)
    raws = read.unions
    for i, raw in enumerate(raws):
        raws[i] = None          # type: ignore[call-overload]  # each union's rows freed once built
        union = build_union(raw.name, raw.runs, ((raw.officer_values(row), row[0]) for row in raw.rows),
                            raw.places, roster, out)
        if union is None:
            continue
        if union.name in by_name:
            i = by_name[union.name]
            merged[i] = merge(merged[i], union)
        else:
            by_name[union.name] = len(merged)
            warn_structure(union, raw.name[1], out)
            merged.append(union)
    return merged
