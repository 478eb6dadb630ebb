"""docgen all: every product the input allows, checked before anything is written."""

from __future__ import annotations

import re
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent / "print"))
import print_fixtures as F  # noqa: E402

from conftest import edited  # noqa: E402

pdfplumber = pytest.importorskip("pdfplumber")


def squeeze(text: str) -> str:
    return re.sub(r"\s+", "", text)


def listing(folder: Path) -> list[str]:
    return sorted(str(p.relative_to(folder)) for p in folder.rglob("*")) if folder.exists() else []


def test_all_on_the_sample_makes_every_product(sample_toml, tmp_path, capsys):
    out = tmp_path / "out"
    code, stdout, stderr = F.run(["all", sample_toml, "-o", out, "--jobs", "1"], capsys)
    assert code == 0, stderr
    names = listing(out)
    docx = [n for n in names if n.endswith(".docx")]
    assert len(docx) == 2 and any(n.startswith("关于印发") and n.endswith("通知.docx") for n in docx)
    assert any(n.endswith("实施方案.docx") and not n.startswith("关于印发") for n in docx)
    for product in ("胸卡.pdf", "联系卡.pdf", "桌牌.pdf", "牌匾/manifest.csv", "牌匾/proof.pdf"):
        assert product in names, product
    assert len([n for n in names if n.startswith("牌匾/") and n.endswith(".pdf") and "proof" not in n]) == 12
    assert len([n for n in names if n.startswith("公示牌/") and n.endswith(".pdf")]) == 11   # one has no officers yet
    assert "公示牌/manifest.csv" in names                                     # the board folder's batch record
    assert "公示牌/岳西县顺达物流有限公司工会委员会.pdf" not in names
    last = stdout.strip().splitlines()[-1]
    assert last.startswith("全部完成：7 种产品")
    for product in ("实施方案", "通知", "胸卡", "联系卡", "桌牌", "公示牌", "牌匾"):
        assert product in last
    assert "警告" in stderr                                                    # the loader's warnings are shown
    assert not [n for n in names if ".~docgen" in n]


def test_all_on_a_roster_makes_only_the_print_products(tmp_path, capsys):
    roster = tmp_path / "r.csv"
    roster.write_text("工会名称,姓名,职务,手机\n甲公司工会委员会,张三,主席,13905561234\n", encoding="utf-8")
    out = tmp_path / "out"
    code, stdout, _ = F.run(["all", roster, "-o", out, "-q"], capsys)
    assert code == 0
    assert listing(out) == ["公示牌", "公示牌/manifest.csv", "公示牌/甲公司工会委员会.pdf", "桌牌.pdf", "牌匾", "牌匾/01-甲公司工会委员会.pdf",
                            "牌匾/manifest.csv", "牌匾/proof.pdf", "联系卡.pdf", "胸卡.pdf"]
    assert "未生成：实施方案（没有 [plan]）；通知（没有 [notice]）" in stdout


def test_a_bad_record_in_any_product_leaves_everything_unwritten(sample_dir, tmp_path, capsys):
    toml = edited(sample_dir / "county.toml", '[print]', '[[unions]]\nname = "岳西县某\U0002A6D6公司工会委员会"\n\n'
                  '[[unions.officers]]\nname = "张三"\nrole = "主席"\nmobile = "13905561234"\n\n[print]')
    out = tmp_path / "out"
    code, _, stderr = F.run(["all", toml, "-o", out, "-q"], capsys)
    assert code == 2
    assert listing(out) == []
    for product in ("胸卡", "联系卡", "桌牌", "公示牌", "牌匾"):     # [胸卡] or, one fault, [胸卡、联系卡]
        assert re.search(rf"\[([^\]]*、)?{product}(、[^\]]*)?\]", stderr), product
    assert "U+2A6D6" in stderr


def test_pdf_without_libreoffice_writes_nothing(sample_toml, tmp_path, capsys, monkeypatch):
    from docgen import convert

    monkeypatch.setattr(convert, "CANDIDATES", ())
    monkeypatch.setenv("PATH", str(tmp_path / "empty"))
    out = tmp_path / "out"
    code, _, stderr = F.run(["all", sample_toml, "-o", out, "--pdf", "-q"], capsys)
    assert code == 1 and "LibreOffice" in stderr
    assert listing(out) == []


FORTY_ROSTER = """序号,工会名称,成立日期,办公地点,姓名,职务,办公电话,手机
1,岳西县天峰茶业有限公司工会委员会,2024-06-18,办公楼二楼206室,刘建华,工会主席,0556-2172601,13905561201
2,,,,王丽娟,副主席,,13905561202
3,{forty},2024-02-20,开发区天堂大道88号综合办公楼三楼东侧302室,欧阳建国,主席,0556-2190188,15105561888
4,,,,赵昇,常务副主席,,15105561889
5,岳西县人民医院工会委员会,2024-05-01,行政楼四楼,朱文斌,工会主席,0556-2172300-801,13705560001
6,安徽某某（集团）有限公司工会委员会,2024-03-09,综合楼三楼302室,陈志强,主席,0556-2188001,13805562001
7,岳西县温泉镇旅游服务行业工会联合会,2024-08-08,温泉镇文化站,钱玥,主席,,18656120001
"""


def test_a_forty_character_name_prints_whole_on_plaques_boards_and_desk_plates(tmp_path, capsys):
    roster = tmp_path / "unions.csv"
    roster.write_text(FORTY_ROSTER.format(forty=F.FORTY_UNION), encoding="utf-8")
    out = tmp_path / "out"
    code, stdout, stderr = F.run(["all", roster, "-o", out, "-q", "--jobs", "1"], capsys)
    assert code == 0, stderr
    plaque = next((out / "牌匾").glob("02-*.pdf"))
    board = out / "公示牌" / f"{F.FORTY_UNION}.pdf"
    checked = 0
    for path in (plaque, board, out / "桌牌.pdf"):
        boxes = F.page_boxes(path)
        with pdfplumber.open(path) as pdf:
            for page, box in zip(pdf.pages, boxes):
                chars = page.chars
                text = "".join(c["text"] for c in chars)
                if "欧阳建国" not in text and "赵昇" not in text and path != plaque:
                    continue
                height = float(page.height)
                trim = box["trim"]
                body = [c for c in chars if height - c["top"] > 8 * 2.835 or path != out / "桌牌.pdf"]
                for c in body:                                      # nothing clipped at the trim
                    assert trim[0] - 0.01 <= c["x0"] and c["x1"] <= trim[2] + 0.01, (path.name, c["text"])
                    assert trim[1] - 0.01 <= height - c["bottom"] and height - c["top"] <= trim[3] + 0.01
                # nothing missing: every character of the name is there, as many times as it occurs
                from collections import Counter
                need = Counter(F.FORTY_UNION)
                have = Counter(text)
                assert all(have[ch] >= n for ch, n in need.items()), path.name
                checked += 1
    assert checked == 1 + 1 + 2                                    # plaque, board, two desk plates


def _docx_text(path: Path) -> str:
    import docx

    return "\n".join(p.text for p in docx.Document(str(path)).paragraphs)


def test_all_writes_one_number_once_and_plan_alone_keeps_its_head(sample_toml, tmp_path, capsys):
    """One 发文字号, one document: with a notice, `all` writes the plan as the notice's attachment
    (no red head, no number); `docgen plan` alone writes the plan as a 文件 of its own."""
    out = tmp_path / "out"
    code, _, stderr = F.run(["all", sample_toml, "-o", out, "--jobs", "1"], capsys)
    assert code == 0, stderr
    notice = next(out.glob("关于印发*.docx"))
    plan = next(p for p in out.glob("*实施方案.docx") if not p.name.startswith("关于印发"))
    number = "岳工发〔2012〕5号"
    assert number in _docx_text(notice) and "岳西县总工会文件" in _docx_text(notice)
    assert number not in _docx_text(plan) and "岳西县总工会文件" not in _docx_text(plan)
    alone = tmp_path / "alone.docx"
    code, _, stderr = F.run(["plan", sample_toml, "-o", alone], capsys)
    assert code == 0, stderr
    assert number in _docx_text(alone) and "岳西县总工会文件" in _docx_text(alone)
