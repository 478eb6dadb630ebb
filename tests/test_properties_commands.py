"""Property tests through every command: random valid inputs give files that reopen with every
name present; random invalid ones give a clean exit 2 and write nothing."""

from __future__ import annotations

import json
import re
import zipfile
from pathlib import Path

import click
import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from docgen.cli import main

# GB2312 level-1 hanzi: every bundled face has them, so any name drawn from them must print
HANZI = st.builds(lambda hi, lo: bytes([hi, lo]).decode("gb2312"), st.integers(0xB0, 0xD7), st.integers(0xA1, 0xF9))
# names shaped like real ones (place, firm, 有限公司, 工会委员会): the fitting rules break only at
# such parts, and a 30-character run with no break point is rightly refused (spec: print.md)
words = lambda lo, hi: st.lists(HANZI, min_size=lo, max_size=hi).map("".join)  # noqa: E731
union_name = st.builds(lambda place, firm, kind: f"{place}县{firm}{kind}工会委员会", words(1, 3), words(2, 12),
                       st.sampled_from(["有限公司", "股份有限公司", "", "分公司"]))
person = st.lists(HANZI, min_size=2, max_size=4).map("".join)
officer = st.fixed_dictionaries({
    "name": person, "role": st.sampled_from(["主席", "副主席", "常务副主席"]),
    "mobile": st.integers(10**9, 10**10 - 1).map(lambda n: f"13{n:09d}"[:11]),
})
unions = st.lists(st.fixed_dictionaries({"name": union_name, "officers": st.lists(officer, min_size=1, max_size=3)}),
                  min_size=1, max_size=4, unique_by=lambda u: u["name"])

SETTINGS = settings(max_examples=6, deadline=None, suppress_health_check=list(HealthCheck))


def write_input(folder: Path, us) -> Path:
    lines = ['[[unions]]\n' + f'name = {json.dumps(u["name"], ensure_ascii=False)}\nfounded = 2024-06-01\n'
             + "".join("[[unions.officers]]\n" + "".join(f"{k} = {json.dumps(v, ensure_ascii=False)}\n" for k, v in o.items())
                       for o in u["officers"]) for u in us]
    f = folder / "u.toml"
    f.write_text("\n".join(lines), encoding="utf-8")
    return f


def run(args):
    command = click.Command("docgen", callback=lambda: main([str(a) for a in args]))
    return CliRunner().invoke(command, [], catch_exceptions=False)


def pdf_text(path: Path) -> str:
    import pypdfium2 as pdfium

    doc = pdfium.PdfDocument(str(path))
    try:
        return "".join(doc[i].get_textpage().get_text_range() for i in range(len(doc)))
    finally:
        doc.close()


@SETTINGS
@given(us=unions)
def test_every_print_command_prints_every_name(tmp_path_factory, us):
    folder = tmp_path_factory.mktemp("p")
    source = write_input(folder, us)
    out = folder / "out"
    for args in (["badges", source, "-o", out / "b.pdf"], ["cards", source, "-o", out / "c.pdf"],
                 ["deskplates", source, "-o", out / "d.pdf"], ["board", source, "-o", out / "board"],
                 ["plaques", source, "-o", out / "plaques"]):
        result = run(args + ["-q"])
        assert result.exit_code == 0, (args[0], result.output)
    people = [o["name"] for u in us for o in u["officers"]]
    for name in ("b.pdf", "c.pdf", "d.pdf"):
        text = re.sub(r"\s", "", pdf_text(out / name))
        assert all(p in text for p in people), name
    boards = "".join(re.sub(r"\s", "", pdf_text(p)) for p in sorted((out / "board").glob("*.pdf")))
    assert all(p in boards for p in people) and all(u["name"] in boards for u in us)
    plaques = [p for p in (out / "plaques").glob("*.pdf") if p.name != "proof.pdf"]
    assert len(plaques) == len(us)
    for u in us:   # a vertical plaque: the name's characters, in order, one per line
        assert any(u["name"] in re.sub(r"\s", "", pdf_text(p)) for p in plaques), u["name"]


@SETTINGS
@given(us=unions, scope=st.lists(HANZI, min_size=1, max_size=6).map("".join))
def test_plan_reopens_with_python_docx(tmp_path_factory, us, scope):
    import docx

    folder = tmp_path_factory.mktemp("d")
    sample = (Path(__file__).parent.parent / "samples" / "county.toml").read_text(encoding="utf-8")
    sample = sample.replace('roster = "roster.xlsx"\n', "").replace('scope = "全县"', f'scope = "{scope}"')
    (folder / "county.toml").write_text(sample, encoding="utf-8")
    result = run(["plan", folder / "county.toml", "-o", folder / "p.docx"])
    assert result.exit_code == 0, result.output
    text = "\n".join(p.text for p in docx.Document(str(folder / "p.docx")).paragraphs)
    assert scope in text and "第四阶段" in text
    with zipfile.ZipFile(folder / "p.docx") as z:
        assert z.testzip() is None


BREAKERS = [
    ("name", "\u200b"), ("name", "\U0001F600"), ("mobile", "123"), ("role", ""), ("name", "张" * 25),
]


@SETTINGS
@given(us=unions, which=st.integers(0, 100), breaker=st.sampled_from(BREAKERS),
       command=st.sampled_from(["badges", "cards", "deskplates", "board", "plaques"]))
def test_invalid_inputs_exit_2_and_write_nothing(tmp_path_factory, us, which, breaker, command):
    folder = tmp_path_factory.mktemp("x")
    field, value = breaker
    officers = [o for u in us for o in u["officers"]]
    target = officers[which % len(officers)]
    target[field] = value if field in ("role", "mobile") or len(value) > 2 else target[field] + value
    source = write_input(folder, us)
    result = run([command, source, "-o", folder / "out" / ("x.pdf" if command in ("badges", "cards", "deskplates") else "d")])
    assert result.exit_code == 2, result.output
    assert "Traceback" not in result.output
    assert not (folder / "out").exists()
