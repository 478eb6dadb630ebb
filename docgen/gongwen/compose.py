"""Model + templates -> blocks: the 实施方案 and its 印发 or 转发 notice.

All wording comes from templates/plan and templates/notice; this module decides only order,
numbering and which GB/T 9704 element each piece of text is.
"""

from __future__ import annotations

from msgspec.structs import replace

from .. import cn, templating
from ..errors import InputError, Place
from ..model import Document, Issuer, Plan
from . import blocks as b, markup, units as u
from .pagination import paginate
from .presets import Preset, arrange, load_preset
from .render import ATTACHMENT
from .stage_match import match_stage
from .titles import break_title

TITLE_EM = u.TYPE_WIDTH / (u.TITLE_SIZE_PT * u.TWIPS_PER_PT)     # 20 characters of 2号
PLAN, NOTICE = "plan", "notice"


class Composer:
    """Renders templates for one input document, collecting warnings."""

    def __init__(self, doc: Document):
        self.doc = doc
        self.warnings: list[str] = []

    @property
    def plan(self) -> Plan:
        """The plan, which compose_plan and compose_notice require before composing any part of it."""
        assert self.doc.plan is not None
        return self.doc.plan

    def render(self, name: str, **extra) -> str:
        ctx = dict(issuer=self.doc.issuer, plan=self.doc.plan, notice=self.doc.notice, **extra)
        return templating.render(name, user_dir=self.doc.templates, **ctx).strip()

    # ---- shared elements ---------------------------------------------------------------------

    def head(self, issuer: Issuer) -> list[b.Block]:
        """版头 (7.2): red mark, 发文字号 and red rule; without a mark, only the 发文字号 if any."""
        if issuer.mark:
            out: list[b.Block] = [b.Mark(issuer.mark)]
            if issuer.doc_number:
                out.append(b.DocNumber(issuer.doc_number))
            return [*out, b.RedRule()]
        return [b.DocNumber(issuer.doc_number, under_mark=False)] if issuer.doc_number else []

    def title(self, text: str, issuer: Issuer | None = None) -> b.Title:
        """Two blank lines under the red rule (7.3.1), one under a bare 发文字号, none at the top."""
        blank = 0 if issuer is None else 2 if issuer.mark else 1 if issuer.doc_number else 0
        return b.Title(tuple(break_title(text, TITLE_EM)), blank)

    def closing(self, issuer: Issuer) -> list[b.Block]:
        """署名, 成文日期 (7.3.5) and 附注 (7.3.6); pagination keeps body text on their page."""
        out: list[b.Block] = [b.Signature(issuer.name, cn.date_cn(issuer.date), issuer.sealed)]
        if issuer.contact:
            out.append(b.Annotation(self.render("plan/annotation.j2", contact=issuer.contact)))
        return out

    def banji(self, issuer: Issuer) -> b.Banji:
        """版记 (7.4). What the input leaves out is filled by the rules of docs/gongwen-rules.md,
        and each use of a rule is reported, never a made-up name."""
        if not issuer.printer:
            self.warnings.append(f"issuer.printer（印发机关）未填写：版记按规则写发文机关“{issuer.name}”；"
                                 "如由办公室印发，请填写 printer")
        if issuer.print_date is None:
            self.warnings.append(f"issuer.print_date（印发日期）未填写：版记按规则写成文日期 {cn.date_cn(issuer.date)}")
        return b.Banji(issuer.cc, issuer.printer or issuer.name, cn.date_cn(issuer.print_date or issuer.date))

    # ---- the plan ------------------------------------------------------------------------------

    def plan_title(self, preset: Preset) -> str:
        plan = self.plan
        return plan.title or self.render(preset.title, scope=plan.scope)

    def plan_body(self, preset: Preset, title: str) -> list[b.Block]:
        """Opening paragraph and numbered sections (一、二、… computed, so inserts renumber)."""
        plan = self.plan
        ctx = dict(scope=plan.scope, title=title, campaign=preset.name, stages=self.stages(preset),
                   targets=plan.targets)
        out: list[b.Block] = []
        intro = plan.intro or (self.render(preset.intro, **ctx) if preset.intro else "")
        out += markup.parse(intro)
        numbering = markup.Numbering()
        for entry in arrange(preset, plan.sections, self.doc.source):
            out.append(b.Heading(1, numbering.next(1) + entry.title))
            if entry.section is not None:
                text = self.render("plan/section.j2", section=entry.section, **ctx)
            else:
                assert entry.body is not None     # an entry is the user's section or the preset's body
                text = self.render(entry.body, **ctx)
            out += markup.parse(text, numbering)
        return out

    def stages(self, preset: Preset) -> list[dict]:
        """Stages with their text: the user's, else the preset's default for a standard stage."""
        plan = self.plan
        out = []
        for i, stage in enumerate(plan.stages, 1):
            text = stage.text
            if not text and (default := match_stage(stage.name, preset.stages, i - 1)):
                rendered = self.render(default, scope=plan.scope, campaign=preset.name, stage=stage)
                text = "\n".join(markup.blocks_of(rendered))   # one paragraph a line, like user text
            if not text:
                self.warnings.append(f"plan.stages[{i}] “{stage.name}”没有 text，预设中也没有意思相近的阶段，"
                                     "只写出一句阶段名称和起止时间；请在 text 中写明这一阶段做什么")
            out.append(dict(name=stage.name, start=stage.start, end=stage.end, text=text))
        return out

    def attachments(self, plan: Plan) -> tuple[list[b.Block], list[b.Block]]:
        """(附件说明, attachment pages): each page new, "附件N" on line 1, title on line 3."""
        if not plan.attachments:
            return [], []
        titles = tuple(a.title.rstrip("。，；、：.") for a in plan.attachments)   # 7.3.4: no end punctuation
        pages: list[b.Block] = []
        single = len(plan.attachments) == 1
        for n, att in enumerate(plan.attachments, 1):
            pages += [b.PageBreak(), b.AttachmentLabel(ATTACHMENT if single else f"{ATTACHMENT}{n}"),
                      b.Title(tuple(break_title(att.title, TITLE_EM)), 1, blank_lines_after=1)]
            pages += [b.Paragraph((b.Span(p),)) for p in att.paragraphs]
            if att.table is not None:
                pages.append(b.TableBlock(att.table))
        return [b.AttachmentNote(titles)], pages


def _require(doc: Document, *tables: str, command: str) -> None:
    from ..load import require  # InputError naming the missing table

    require(doc, *tables, command=command)


def compose_plan(doc: Document, attached: bool = False) -> b.Composition:
    """The 实施方案 as a document of its own: 版头, 主送, sections, 署名, attachments, 版记.

    `attached`: the plan as its 印发 notice carries it (seed 004): no red head, no 发文字号 (the
    notice bears the number), no 主送, 署名 or 版记 — title, body and the plan's own attachments."""
    _require(doc, "issuer", "plan", command=PLAN)
    c, issuer, plan = Composer(doc), doc.issuer, doc.plan
    assert issuer is not None and plan is not None     # _require
    preset = load_preset(plan.campaign, doc.templates)
    title = c.plan_title(preset)
    if attached:
        return b.Composition(title, issuer.date, issuer.name, paginate(_attached_plan(c, preset, title)), c.warnings)
    head = c.head(issuer)
    if issuer.doc_number and doc.notice is not None and doc.notice.kind == "zhuanfa":
        c.warnings.append(f"issuer.doc_number “{issuer.doc_number}”同时印在转发通知和实施方案上：一个发文字号只属于"
                          "一份文件，请把实施方案放在另一个输入文件中，写它自己的发文字号")
    note, pages = c.attachments(plan)
    blocks = [*head, c.title(title, issuer), b.Recipients(plan.recipients),
              *c.plan_body(preset, title), *note, *c.closing(issuer), *pages, c.banji(issuer)]
    return b.Composition(title, issuer.date, issuer.name, paginate(blocks), c.warnings)


def _attached_plan(c: Composer, preset: Preset, title: str) -> list[b.Block]:
    """The plan under its 印发 notice: title, a blank line, the body, 附件说明 and attachments."""
    note, pages = c.attachments(c.plan)
    body = c.plan_body(preset, title)
    if body and isinstance(body[0], b.Paragraph):
        body[0] = replace(body[0], blank_lines_before=1)
    return [c.title(title), *body, *note, *pages]


def compose_notice(doc: Document) -> b.Composition:
    """印发 (our plan follows on a new page) or 转发 (a superior's document follows)."""
    _require(doc, "issuer", "notice", command=NOTICE)
    notice = doc.notice
    assert notice is not None     # _require
    if notice.kind == "yinfa":
        _require(doc, "plan", command=NOTICE)
        return _yinfa(doc)
    return _zhuanfa(doc)


def _yinfa(doc: Document) -> b.Composition:
    c, issuer, plan, notice = Composer(doc), doc.issuer, doc.plan, doc.notice
    assert issuer is not None and plan is not None and notice is not None     # compose_notice required them
    preset = load_preset(plan.campaign, doc.templates)
    plan_title = c.plan_title(preset)
    title = c.render("notice/yinfa/title.j2", plan_title=plan_title)
    body = _paragraphs(notice.body) if notice.body else c.render("notice/yinfa/body.j2", plan_title=plan_title,
                                                                 campaign=preset.name, scope=plan.scope)
    blocks = [*c.head(issuer), c.title(title, issuer), b.Recipients(notice.recipients),
              *markup.parse(body), *c.closing(issuer),
              b.PageBreak(), *_attached_plan(c, preset, plan_title), c.banji(issuer)]
    return b.Composition(title, issuer.date, issuer.name, paginate(blocks), c.warnings)


def _zhuanfa(doc: Document) -> b.Composition:
    c, issuer, notice = Composer(doc), doc.issuer, doc.notice
    assert issuer is not None and notice is not None     # compose_notice required them
    source = notice.source
    if source is None:
        raise InputError.at(Place(doc.source.name, key="notice.source"),
                            "转发通知（kind = \"zhuanfa\"）需要 [notice.source] 表，写明被转发文件的标题等")
    ctx = dict(source=source)
    title = c.render("notice/zhuanfa/title.j2", **ctx)
    full_title = c.render("notice/zhuanfa/source_title.j2", **ctx)
    body = _paragraphs(notice.body) if notice.body else c.render("notice/zhuanfa/body.j2", **ctx)
    requirements = c.render("notice/zhuanfa/requirements.j2", **ctx) if notice.requirements else ""
    blocks = [*c.head(issuer), c.title(title, issuer), b.Recipients(notice.recipients),
              *markup.parse(body), *markup.parse(requirements)]
    text = (source.text or "").strip()
    if not text:      # nothing attached, so no 附件说明 (7.3.4): the body names the document
        c.warnings.append("转发通知没有附上被转发文件的原文（[notice.source] file），通知后不附原文，也不写附件说明")
    blocks += c.closing(issuer)
    if text:
        blocks += _forwarded(c, full_title, text, ctx)
    blocks.append(c.banji(issuer))
    return b.Composition(title, issuer.date, issuer.name, paginate(blocks), c.warnings)


def _forwarded(c: Composer, full_title: str, text: str, ctx: dict) -> list[b.Block]:
    """The forwarded document on a new page: its 文号, title, date line, then its text (seed 000)."""
    source = ctx["source"]
    out: list[b.Block] = [b.PageBreak()]
    if source.doc_number:
        out.append(b.Paragraph((b.Span(source.doc_number),), indent=False, align="center"))
    out.append(b.Title(tuple(break_title(full_title, TITLE_EM)), 1 if source.doc_number else 0))
    if source.date:
        out.append(b.Paragraph((b.Span(c.render("notice/zhuanfa/source_date.j2", **ctx), "kai"),),
                               indent=False, align="center"))
    paragraphs = markup.plain_paragraphs(text)
    skip = {_bare(full_title), _bare(source.title), _bare(source.doc_number or "\0")}
    while paragraphs and _bare(paragraphs[0]) in skip:
        paragraphs.pop(0)
    # Its 署名 and date closing the text repeat the title and the date line above: dropped, as in
    # the seed (a forwarded document shows its date under its title, 7.3.1, and no 署名 of its own).
    name = _bare(source.issuer) if source.issuer and source.issuer in full_title else "\0"
    date = _bare(cn.date_cn(source.date)) if source.date else "\0"
    closing = {name, date, name + date}
    while paragraphs and _bare(paragraphs[-1]) in closing:
        paragraphs.pop()
    body = markup.forwarded(paragraphs)
    if body and isinstance(body[0], b.Paragraph):
        lead = body[0]
        if _is_recipients(lead.text):          # its 主送 stays flush left (7.3.2)
            lead = replace(lead, indent=False)
        body[0] = replace(lead, blank_lines_before=1)
    return out + body


def _is_recipients(text: str) -> bool:
    """A 主送 line: names ending in a colon, no sentence in it."""
    text = text.strip()
    return text.endswith(("：", ":")) and not any(mark in text for mark in "。；？！") and len(text) <= 200


def _bare(text: str) -> str:
    return "".join(text.split())


def _paragraphs(text: str) -> str:
    """User text: every line break starts a paragraph (markup needs a blank line for that)."""
    return "\n\n".join(line for line in text.splitlines() if line.strip())
