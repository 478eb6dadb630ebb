"""Make benchmarks/data/plan-template.docx, the docxtpl template of W1 (run once; the file is committed).

    python benchmarks/baselines/make_plan_template.py

The template is the sample 实施方案 as docgen writes it (same page setup, styles, footers with
page numbers, red rule, 版记), with the input's values replaced by Jinja tags, as someone
preparing a docxtpl template by hand would leave it: runs of one Chinese face merged into one
run whose Latin letters and digits use Times New Roman (the style's rule, so digits still print
in Times New Roman), and each value written as a tag. plan_docxtpl.py renders it.
"""

from __future__ import annotations

import copy
import io
import re
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

from lxml import etree

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
TARGET = ROOT / "benchmarks" / "data" / "plan-template.docx"
W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
q = lambda tag: f"{{{W}}}{tag}"  # noqa: E731

# values of samples/county.toml as they appear in the document -> the tag that writes them;
# longest first, applied to the text of each merged run
TAGS = [
    ("岳西县总工会办公室", "{{ issuer.printer }}"),
    ("岳西县总工会文件", "{{ issuer.mark }}"),
    ("岳工发〔2012〕5号", "{{ issuer.doc_number }}"),
    ("关于在全县企业工会开展", "关于在{{ plan.scope }}企业工会开展"),
    ("各乡镇工会联合会、各企业工会、开发区工委：", "{{ plan.recipients|join('、') }}："),
    ("全县“双亮”活动从2012年5月开始，至2014年12月底结束，分四个阶段进行。",
     "{{ plan.scope }}“双亮”活动从{{ start }}开始，至{{ end }}底结束，分{{ stage_count }}个阶段进行。"),
    ("抄送：县委办公室，县人大常委会办公室，县政府办公室，县政协办公室。", "抄送：{{ issuer.cc|join('，') }}。"),
    ("（联系人：王晓东，联系电话：0556-2172583）", "（联系人：{{ issuer.contact.name }}，联系电话：{{ issuer.contact.phone }}）"),
    ("2012年5月3日印发", "{{ print_date }}印发"),
    ("2012年5月3日", "{{ date }}"),
    ("岳西县总工会", "{{ issuer.name }}"),
]
STAGE = re.compile(r"^第([一二三四五六七八九十]+)阶段：(.+)（(.+)）$")
ORDINALS = "一二三四五六七八九十"


def tagged(text: str) -> str:
    if text.startswith("2012年全县企业工会实施"):
        return "{{ targets }}"
    m = STAGE.match(text)
    if m:
        i = ORDINALS.index(m.group(1))
        return f"第{m.group(1)}阶段：{{{{ plan.stages[{i}].name }}}}（{{{{ stages[{i}] }}}}）"
    for value, tag in TAGS:
        text = text.replace(value, tag)
    return text


def face(run) -> str | None:
    fonts = run.find(f"{q('rPr')}/{q('rFonts')}")
    return None if fonts is None else fonts.get(q("eastAsia"))


def merge_runs(p) -> None:
    """Adjacent text runs in one Chinese face become one run (Latin in Times New Roman)."""
    groups: list[list] = []
    for run in p.findall(q("r")):
        is_text = run.find(q("t")) is not None and len(run) <= 2
        if is_text and groups and groups[-1][0] is not None and face(groups[-1][-1]) == face(run):
            groups[-1].append(run)
        else:
            groups.append([run] if is_text else [None, run])
    for group in groups:
        if group[0] is None:
            continue
        first = group[0]
        text = "".join(r.find(q("t")).text or "" for r in group)
        fonts = first.find(f"{q('rPr')}/{q('rFonts')}")
        if fonts is not None:
            ea = fonts.get(q("eastAsia"))
            for key in ("ascii", "hAnsi", "cs"):
                fonts.set(q(key), "Times New Roman")
            fonts.set(q("eastAsia"), ea)
        first.find(q("t")).text = tagged(text)
        first.find(q("t")).set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
        for r in group[1:]:
            p.remove(r)


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "plan.docx"
        subprocess.run([sys.executable, "-m", "docgen", "plan", str(ROOT / "samples" / "county.toml"), "-o", str(out)],
                       check=True, cwd=ROOT, stdout=subprocess.DEVNULL)
        source = zipfile.ZipFile(out)
        root = etree.fromstring(source.read("word/document.xml"))
        for p in root.iter(q("p")):
            merge_runs(p)
        buf = io.BytesIO()
        with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
            for info in source.infolist():
                data = source.read(info.filename)
                if info.filename == "word/document.xml":
                    data = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)
                z.writestr(copy.copy(info), data)
    TARGET.parent.mkdir(parents=True, exist_ok=True)
    TARGET.write_bytes(buf.getvalue())
    print(f"wrote {TARGET}")


if __name__ == "__main__":
    main()
