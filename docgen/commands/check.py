"""docgen check FILE: load and validate, print a short summary and the warnings; write nothing."""

from __future__ import annotations

from collections import Counter

import click

from . import options

ROLE_LABELS = {"chair": "主席", "vice-chair": "副主席", "other": "其他"}


@click.command("check", help="检查输入文件：按 docgen all 的方式排版检查全部产品，打印摘要和警告，不生成任何文件。")
@options.input_file
@options.jobs
@options.quiet
def command(file, jobs, quiet):
    from ..pipeline import Options, schedule
    from ..pipeline.shared import early_worker
    from ..printing.faces import measuring_only
    from .produce import load_input

    # a big roster is checked in two processes (--jobs 1: one, with half the memory); the second
    # starts now and reads the input meanwhile. Nothing is drawn: faces give their metrics only.
    with early_worker(file, jobs), measuring_only():
        doc = load_input(file, quiet)
        # every product `all` would make, composed, nothing written
        chosen = schedule(doc, Options(quiet=quiet, attach_plan=True, keep_composed=False, jobs=jobs))
    click.echo(summary(doc, [w for w in chosen.warnings if w not in doc.warnings]))


def summary(doc, more_warnings: list[str] | None = None) -> str:
    from .. import cn
    from ..catalog import preset_label

    lines = [f"文件：{doc.source}"]
    if doc.issuer:
        number = f"（{doc.issuer.doc_number}）" if doc.issuer.doc_number else ""
        lines.append(f"发文机关：{doc.issuer.name}{number}，成文日期 {cn.date_cn(doc.issuer.date)}")
    if doc.plan:
        p = doc.plan
        lines.append(f"实施方案：{preset_label(p.campaign, doc.templates)}，{p.scope}，"
                     f"{cn.month_range(p.start, p.end)}，{cn.count(len(p.stages))}个阶段，{len(p.targets)} 个年度目标")
    if doc.notice:
        lines.append(f"通知：{'印发' if doc.notice.kind == 'yinfa' else '转发'}")
    classes = Counter(o.role_class for u in doc.unions for o in u.officers)   # no (union, officer) list
    by_role = "，".join(f"{ROLE_LABELS[k]} {classes.get(k, 0)}" for k in ROLE_LABELS)
    lines.append(f"工会：{len(doc.unions)} 个；工会干部：{classes.total()} 人（{by_role}）")
    warnings = list(dict.fromkeys([*doc.warnings, *(more_warnings or [])]))
    if warnings:
        lines.append(f"警告 {len(warnings)} 条：")
        lines.extend(f"  {w}" for w in warnings)
    else:
        lines.append("没有警告。")
    return "\n".join(lines)
