"""A print-stage error names the roster row the record came from, not only the union."""

from __future__ import annotations

from click.testing import CliRunner

import click

from docgen.cli import main


def test_missing_glyph_names_roster_row(tmp_path):
    roster = tmp_path / "r.csv"
    roster.write_text("工会名称,姓名,职务,手机\n甲公司工会委员会,张三,主席,13905561234\n"
                      "甲公司工会委员会,李\U0002A6D6,副主席,13905561235\n", encoding="utf-8")
    out = tmp_path / "out"
    command = click.Command("docgen", callback=lambda: main(["badges", str(roster), "-o", str(out / "b.pdf")]))
    result = CliRunner().invoke(command, [], catch_exceptions=False)
    assert result.exit_code == 2
    assert "r.csv 第3行" in result.output and "U+2A6D6" in result.output
    assert not out.exists() or not any(out.iterdir())
