"""Baseline for W1: the sample 实施方案 rendered by docxtpl from a prepared template.

    python plan_docxtpl.py COUNTY.toml OUT.docx

Reads the same TOML file, turns its values into the words the document uses (Chinese dates,
periods of the stages, the year targets) and renders benchmarks/data/plan-template.docx (made
by make_plan_template.py from docgen's own output, so text and styles are the same).
"""

import sys
import tomllib
from pathlib import Path

from docxtpl import DocxTemplate

TEMPLATE = Path(__file__).resolve().parents[1] / "data" / "plan-template.docx"
NUMERALS = "零一二三四五六七八九十"


def month(text):
    year, mon = text.split("-")
    return int(year), int(mon)


def period(start, end):
    (y1, m1), (y2, m2) = month(start), month(end)
    if (y1, m1) == (y2, m2):
        return f"{y1}年{m1}月"
    return f"{y1}年{m1}月至{m2}月" if y1 == y2 else f"{y1}年{m1}月至{y2}年{m2}月"


def targets(plan):
    parts = []
    for i, t in enumerate(plan["targets"]):
        if t["coverage"] >= 100:
            text = f"{t['year']}年基本实现全覆盖"
        elif i == 0:
            text = f"{t['year']}年{plan['scope']}企业工会实施“双亮”的覆盖面要达到{t['coverage']}%以上"
        else:
            text = f"{t['year']}年要达到{t['coverage']}%以上"
        parts.append(text + (f"，{t['note']}" if t.get("note") else ""))
    return "；".join(parts) + "。"


def main(source, out):
    data = tomllib.loads(Path(source).read_text(encoding="utf-8"))
    issuer, plan = data["issuer"], data["plan"]
    date = f"{issuer['date'].year}年{issuer['date'].month}月{issuer['date'].day}日"
    (y1, m1), (y2, m2) = month(plan["start"]), month(plan["end"])
    context = {
        "issuer": issuer,
        "plan": plan,
        "targets": targets(plan),
        "start": f"{y1}年{m1}月",
        "end": f"{y2}年{m2}月",
        "stage_count": NUMERALS[len(plan["stages"])],
        "stages": [period(s["start"], s["end"]) for s in plan["stages"]],
        "date": date,
        "print_date": date,
    }
    doc = DocxTemplate(TEMPLATE)
    doc.render(context)
    doc.save(out)


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
