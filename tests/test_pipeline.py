"""The product registry: one protocol for every product, one set of -o rules, batch folders that
hold one batch, --only reprints, outputs that never overwrite inputs."""

from __future__ import annotations

import csv
import io
import re
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent / "print"))
import print_fixtures as F
from conftest import edited

RARE = "岳西县某\U0002A6D6公司工会委员会"


def listing(folder: Path) -> list[str]:
    return sorted(str(p.relative_to(folder)) for p in folder.rglob("*")) if folder.exists() else []


def manifest_rows(folder: Path) -> list[dict]:
    return list(csv.DictReader(io.StringIO((folder / "manifest.csv").read_text(encoding="utf-8-sig"))))


# --- the registry itself --------------------------------------------------------------------------

def test_every_product_composes_without_writing_and_says_what_it_would_write(sample_toml, tmp_path):
    from docgen.load import load
    from docgen.pipeline import PRODUCTS, Options, compose

    doc = load(sample_toml)
    options = Options(folder=tmp_path / "out", quiet=True)
    assert list(PRODUCTS) == ["plan", "notice", "badges", "cards", "deskplates", "board", "plaques"]
    counts = {}
    for name, product in PRODUCTS.items():
        assert product.select(doc, options) is None, name
        prepared = compose(product, doc, options)
        assert prepared.product is product and prepared.target.parent == tmp_path / "out"
        counts[name] = prepared.count
    assert not (tmp_path / "out").exists()                                   # nothing written
    assert counts == {"plan": 1, "notice": 1, "badges": 21, "cards": 21, "deskplates": 21, "board": 11,
                      "plaques": 12}


def test_select_says_why_a_product_is_skipped(tmp_path):
    from docgen.load import load
    from docgen.pipeline import Options, schedule

    roster = tmp_path / "r.csv"
    roster.write_text("工会名称,姓名,职务,手机\n甲公司工会委员会,张三,委员,13905561234\n", encoding="utf-8")
    chosen = schedule(load(roster), Options(folder=tmp_path / "out", quiet=True))
    assert [s.product.name for s in chosen.steps] == ["board", "plaques"]
    assert chosen.skipped == ["实施方案（没有 [plan]）", "通知（没有 [notice]）", "胸卡（输入中没有工会主席、副主席）",
                              "联系卡（输入中没有工会主席、副主席）", "桌牌（输入中没有工会主席、副主席）"]


def test_check_reports_every_problem_all_would(sample_dir, tmp_path, capsys):
    """A name no face can print passed `check` and failed `all`; both now walk the registry."""
    toml = edited(sample_dir / "county.toml", "[print]", f'[[unions]]\nname = "{RARE}"\n\n[[unions.officers]]\n'
                  'name = "张三"\nrole = "主席"\nmobile = "13905561234"\n\n[print]')
    code, _, check_err = F.run(["check", toml], capsys)
    assert code == 2
    code, _, all_err = F.run(["all", toml, "-o", tmp_path / "out", "-q"], capsys)
    assert code == 2 and listing(tmp_path / "out") == []
    for product in ("胸卡", "联系卡", "桌牌", "公示牌", "牌匾"):     # [胸卡] or, one fault, [胸卡、联系卡]
        assert re.search(rf"\[([^\]]*、)?{product}(、[^\]]*)?\]", check_err), product
    assert check_err == all_err                                          # the same problems, word for word


def test_one_fault_two_products_stop_on_is_one_line(sample_dir, capsys):
    """A user preset with an unknown field stops the plan and its notice (which carries the plan):
    check says it once, naming both, not twice."""
    import shutil

    from docgen.resources import TEMPLATES

    mine = sample_dir / "my-templates" / "plan" / "mine"
    shutil.copytree(TEMPLATES / "plan" / "custom", mine)
    edited(mine / "preset.toml", "order = 9", "ordre = 9")
    toml = sample_dir / "county.toml"
    toml.write_text('templates = "my-templates"\n' + toml.read_text(encoding="utf-8"), encoding="utf-8")
    edited(toml, 'campaign = "shuangliang"', 'campaign = "mine"')
    code, _, err = F.run(["check", toml], capsys)
    assert code == 2
    faults = [line for line in err.splitlines() if "ordre" in line]
    assert len(faults) == 1 and "[实施方案、通知]" in faults[0] and "第4行" in faults[0], err


def test_plan_shows_the_loaders_warnings_as_check_does(sample_dir, capsys):
    """A loader warning from the TOML (not the roster, which plan does not read) reaches plan."""
    toml = edited(sample_dir / "county.toml", 'kind = "yinfa"', 'kind = "yinfa"\nsource = { title = "x" }')
    code, out, err = F.run(["plan", toml, "-o", sample_dir / "p.docx"], capsys)
    assert code == 0 and "已生成实施方案" in out
    warnings = [line for line in err.splitlines() if line.startswith("警告：")]
    assert any("只用于转发通知" in w for w in warnings)
    code, check_stdout, _ = F.run(["check", toml], capsys)
    for warning in warnings:
        assert warning.removeprefix("警告：") in check_stdout
    assert len(warnings) == len(set(warnings))                             # each once


# --- -o rules -------------------------------------------------------------------------------------

def test_o_adds_the_suffix_and_a_folder_gets_the_default_name(sample_toml, tmp_path, capsys):
    code, out, _ = F.run(["badges", sample_toml, "--output", tmp_path / "名单", "--quiet"], capsys)
    assert code == 0 and (tmp_path / "名单.pdf").is_file() and str(tmp_path / "名单.pdf") in out
    (tmp_path / "folder").mkdir()
    code, _, _ = F.run(["deskplates", sample_toml, "-o", tmp_path / "folder", "-q"], capsys)
    assert code == 0 and listing(tmp_path / "folder") == ["桌牌.pdf"]
    code, _, err = F.run(["cards", sample_toml, "-o", tmp_path / "cards.docx", "-q"], capsys)
    assert code == 2 and ".pdf 结尾" in err and not (tmp_path / "cards.docx").exists()


def test_a_batch_product_takes_a_folder(sample_toml, tmp_path, capsys):
    (tmp_path / "a.pdf").write_bytes(b"x")
    code, _, err = F.run(["board", sample_toml, "-o", tmp_path / "a.pdf", "-q"], capsys)
    assert code == 2 and "应为文件夹" in err
    code, _, err = F.run(["plaques", sample_toml, "-o", tmp_path / "b.pdf", "-q"], capsys)
    assert code == 2 and "应为文件夹" in err and not (tmp_path / "b.pdf").exists()
    code, _, err = F.run(["all", sample_toml, "-o", tmp_path / "c.pdf", "-q"], capsys)
    assert code == 2 and "应为文件夹" in err and not (tmp_path / "c.pdf").exists()


def test_only_without_o_names_a_subset_file(sample_dir, capsys, monkeypatch):
    monkeypatch.chdir(sample_dir)
    code, out, _ = F.run(["badges", "county.toml", "--only", "刘建华", "-q"], capsys)
    assert code == 0 and "已生成胸卡 1 张" in out
    assert listing(sample_dir / "out") == ["胸卡-刘建华.pdf"]
    code, _, _ = F.run(["deskplates", "county.toml", "--only", "天峰", "-q"], capsys)
    assert code == 0 and "桌牌-天峰.pdf" in listing(sample_dir / "out")


def test_every_summary_takes_sizes_and_bleed_from_the_layout(sample_toml, tmp_path, capsys):
    code, out, _ = F.run(["all", sample_toml, "-o", tmp_path / "out", "-q", "--jobs", "1"], capsys)
    assert code == 0
    lines = {line.split(" ", 1)[0]: line for line in out.splitlines()}
    assert "85.6 × 54 mm，出血 2 mm" in lines["已生成胸卡"]
    assert "90 × 54 mm，出血 2 mm" in lines["已生成联系卡"]
    assert "出血 2 mm" in lines["已生成桌牌"]
    assert "A3（297 × 420 mm），出血 3 mm" in lines["已生成公示牌"]
    assert "400 × 2400 mm 竖式，出血 3 mm" in lines["已生成牌匾"]


def test_board_bleed_is_the_layouts(tmp_path, capsys):
    templates = tmp_path / "tpl" / "print"
    templates.mkdir(parents=True)
    from docgen.resources import TEMPLATES

    text = (TEMPLATES / "print" / "board.toml").read_text(encoding="utf-8")
    assert "bleed_mm = 3" in text
    (templates / "board.toml").write_text(text.replace("bleed_mm = 3", "bleed_mm = 5"), encoding="utf-8")
    src = F.write_input(tmp_path, [("甲公司工会委员会", [("张三", "主席", "13905561234")])], templates="tpl")
    code, out, err = F.run(["board", src, "-o", tmp_path / "b", "-q"], capsys)
    assert code == 0, err
    assert "出血 5 mm" in out
    (boxes,) = F.page_boxes(tmp_path / "b" / "甲公司工会委员会.pdf")
    assert boxes["media"][2] - boxes["trim"][2] == pytest.approx(5 * 72 / 25.4, abs=0.01)


# --- outputs never touch inputs -------------------------------------------------------------------

@pytest.mark.parametrize("command,target", [("plan", "county.toml"), ("badges", "roster.csv"),
                                            ("plaques", "roster.xlsx")])
def test_an_output_that_is_an_input_is_refused(sample_dir, capsys, command, target):
    before = (sample_dir / target).read_bytes()
    source = sample_dir / ("roster.csv" if target == "roster.csv" else "county.toml")
    code, _, err = F.run([command, source, "-o", sample_dir / target, "-q"], capsys)
    assert code == 2 and "输入文件" in err and "不能覆盖" in err
    assert (sample_dir / target).read_bytes() == before


def test_nothing_is_written_into_the_template_folder(tmp_path, capsys):
    (tmp_path / "tpl" / "print").mkdir(parents=True)
    src = F.write_input(tmp_path, [("甲公司工会委员会", [("张三", "主席", "13905561234")])], templates="tpl")
    code, _, err = F.run(["badges", src, "-o", tmp_path / "tpl" / "print" / "badge", "-q"], capsys)
    assert code == 2 and "模板文件夹" in err
    assert listing(tmp_path / "tpl") == ["print"]


# --- one batch per folder -------------------------------------------------------------------------

UNIONS_A = [("甲公司工会委员会", [("张三", "主席", "13905561234")]), ("乙公司工会委员会", [("李四", "主席", "13905561235")])]
UNIONS_B = [("丙公司工会委员会", [("王五", "主席", "13905561236")])]


def test_boards_of_an_earlier_county_are_removed_notes_are_kept(tmp_path, capsys):
    out = tmp_path / "out"
    code, _, _ = F.run(["board", F.write_input(tmp_path, UNIONS_A), "-o", out, "-q"], capsys)
    assert code == 0 and listing(out) == ["manifest.csv", "乙公司工会委员会.pdf", "甲公司工会委员会.pdf"]
    (out / "说明.txt").write_text("keep", encoding="utf-8")
    code, stdout, _ = F.run(["board", F.write_input(tmp_path, UNIONS_B), "-o", out, "-q"], capsys)
    assert code == 0 and "已移除上一批清单中的 2 个旧文件" in stdout
    assert listing(out) == ["manifest.csv", "丙公司工会委员会.pdf", "说明.txt"]


def test_board_only_reprints_at_the_batch_size_and_keeps_the_rest(tmp_path, capsys):
    out = tmp_path / "out"
    src = F.write_input(tmp_path, UNIONS_A)
    code, _, _ = F.run(["board", src, "-o", out, "-q", "--size", "600x800"], capsys)
    kept = (out / "乙公司工会委员会.pdf").read_bytes()
    rows = manifest_rows(out)
    code, stdout, _ = F.run(["board", src, "-o", out, "-q", "--only", "张三"], capsys)
    assert code == 0 and "补印 1 份" in stdout and "600 × 800 mm" in stdout
    assert listing(out) == ["manifest.csv", "乙公司工会委员会.pdf", "甲公司工会委员会.pdf"]
    assert (out / "乙公司工会委员会.pdf").read_bytes() == kept and manifest_rows(out) == rows
    (boxes,) = F.page_boxes(out / "甲公司工会委员会.pdf")
    assert boxes["trim"][2] - boxes["trim"][0] == pytest.approx(600 * 72 / 25.4, abs=0.01)


def test_plaque_only_reprints_one_at_the_batch_size_and_keeps_every_file_and_row(tmp_path, capsys):
    out = tmp_path / "out"
    names = [(f"岳西县第{i}公司工会委员会", []) for i in range(1, 5)]
    src = F.write_input(tmp_path, names)
    code, _, _ = F.run(["plaques", src, "-o", out, "-q", "--size", "narrow", "--color", "red"], capsys)
    assert code == 0
    before = {p.name: p.read_bytes() for p in out.iterdir()}
    rows = manifest_rows(out)
    assert [r["尺寸"] for r in rows] == ["360 × 2200 mm"] * 4
    code, stdout, _ = F.run(["plaques", src, "-o", out, "-q", "--only", "第3公司"], capsys)
    assert code == 0, stdout
    assert "已生成牌匾 1 个" in stdout and "360 × 2200 mm" in stdout and "补印 1 个" in stdout
    after = {p.name: p.read_bytes() for p in out.iterdir()}
    assert sorted(after) == sorted(before)                                # nothing removed, no new name
    for name, data in before.items():
        if name.startswith(("01-", "02-", "04-")):
            assert after[name] == data, name                              # the others untouched
    assert manifest_rows(out) == rows
    (boxes,) = F.page_boxes(out / "03-岳西县第3公司工会委员会.pdf")
    assert boxes["trim"][3] - boxes["trim"][1] == pytest.approx(2200 * 72 / 25.4, abs=0.01)
    # the same character size as the batch: same file as in the whole batch
    assert after["03-岳西县第3公司工会委员会.pdf"] == before["03-岳西县第3公司工会委员会.pdf"]
    code, _, err = F.run(["plaques", src, "-o", out, "-q", "--only", "第3公司", "--size", "county"], capsys)
    assert code == 2 and "360 × 2200" in err


# --- progress -------------------------------------------------------------------------------------

class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_composing_shows_an_activity_line_on_a_terminal_only(sample_toml, tmp_path, monkeypatch):
    from docgen.load import load
    from docgen.pipeline import PRODUCTS, Options, compose

    doc = load(sample_toml)
    for stream, quiet, shown in ((Terminal(), False, True), (Terminal(), True, False), (io.StringIO(), False, False)):
        monkeypatch.setattr(sys, "stderr", stream)
        compose(PRODUCTS["plaques"], doc, Options(folder=tmp_path, quiet=quiet))
        assert ("牌匾：排版检查…" in stream.getvalue()) is shown


def test_desk_plate_problems_name_the_roster_row(tmp_path, capsys):
    roster = tmp_path / "r.csv"
    roster.write_text(f"工会名称,姓名,职务,手机\n甲公司工会委员会,张三,主席,13905561234\n{RARE},李四,主席,13905561235\n",
                      encoding="utf-8")
    code, _, err = F.run(["deskplates", roster, "-o", tmp_path / "d.pdf", "-q"], capsys)
    assert code == 2 and "r.csv 第3行" in err and "U+2A6D6" in err


# --- a big check shared by two processes ----------------------------------------------------------

@pytest.fixture
def shared_check(monkeypatch):
    """Any input is checked in two processes (as one of 5,000 officers and unions would be)."""
    import docgen.pipeline as pipeline
    from docgen.pipeline import shared

    calls = []
    real = shared.outcomes
    monkeypatch.setattr(pipeline, "SHARED_FROM", 0)
    monkeypatch.setattr(pipeline, "_default_jobs", lambda: 2)
    monkeypatch.setattr(shared, "EARLY_FROM_BYTES", 0)      # and its worker started before the input is read
    monkeypatch.setattr(shared, "outcomes", lambda *a: calls.append(a) or real(*a))
    return calls


def test_a_check_in_two_processes_says_what_one_process_says(sample_dir, capsys, monkeypatch, shared_check):
    toml = edited(sample_dir / "county.toml", "[print]", f'[[unions]]\nname = "{RARE}"\n\n[[unions.officers]]\n'
                  'name = "张三"\nrole = "付主席"\nmobile = "13905561234"\n\n[print]')
    shared_out = F.run(["check", toml], capsys)
    assert len(shared_check) == 1
    assert F.run(["check", toml, "--jobs", "1"], capsys) == shared_out and len(shared_check) == 1
    import docgen.pipeline as pipeline

    monkeypatch.setattr(pipeline, "SHARED_FROM", 10**9)
    alone = F.run(["check", toml], capsys)
    assert len(shared_check) == 1
    assert alone[0] == 2
    for product in ("胸卡", "公示牌", "牌匾"):         # the main process's products and the worker's
        assert re.search(rf"\[([^\]]*、)?{product}(、[^\]]*)?\]", alone[2]), product
    assert shared_out == alone


def test_an_input_saved_again_during_a_shared_check_is_refused(sample_dir, shared_check):
    from docgen.errors import EnvironmentProblem
    from docgen.load import load
    from docgen.pipeline import Options, schedule

    toml = sample_dir / "county.toml"
    doc = load(toml)
    edited(toml, 'name = "', 'name = "新')        # saved again: the other process reads something else
    with pytest.raises(EnvironmentProblem, match="检查过程中被修改"):
        schedule(doc, Options(keep_composed=False, quiet=True))


def test_a_shared_check_leaves_its_caller_drawing_and_collecting(sample_dir, shared_check):
    """The main process answers a shared check's tasks too, but not in the worker's settings for
    good: a caller of the pipeline (not the check command, which restores its own) that goes on to
    draw gets registered faces and its cycle collector back."""
    import gc

    from reportlab.pdfbase import pdfmetrics

    from docgen.load import load
    from docgen.pipeline import Options, schedule
    from docgen.printing import faces

    assert gc.isenabled()
    schedule(load(sample_dir / "county.toml"), Options(keep_composed=False, quiet=True))
    assert len(shared_check) == 1
    assert gc.isenabled()
    assert not faces._measuring
    assert pdfmetrics.getFont(faces.FaceSet().face("hei").name)      # registered: it can be drawn with
