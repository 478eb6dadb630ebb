"""Layout expressions: the plain-Python fast path gives exactly what Jinja gives, and hands every
case it does not cover (filters, globals, missing names, methods) to Jinja."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent / "print"))
import print_fixtures as F  # noqa: E402

from docgen import templating  # noqa: E402
from docgen.errors import Collector  # noqa: E402
from docgen.model import PrintOptions, Union  # noqa: E402
from docgen.printing import expr  # noqa: E402
from docgen.printing.products import officer_record  # noqa: E402
from docgen.printing.schema import Table  # noqa: E402
from docgen.resources import TEMPLATES  # noqa: E402


def records():
    doc = F.small_document()
    out = [officer_record(doc, u, o).values for u in doc.unions for o in u.officers]
    no_phone = F.officer("赵六", "副主席", phones=False)
    out.append(officer_record(doc, doc.unions[0], no_phone).values)
    tel = F.document([Union("某工会", (F.officer("孙七", "主席", 9),))], qr="tel")
    out.append(officer_record(tel, tel.unions[0], tel.unions[0].officers[0]).values)
    return out


def compiled(kind: str, source: str):
    table = Table({"x": source}, Path("t.toml"), "", Collector())
    return expr.template(table, "x", None) if kind == "text" else expr.condition(table, "x", None)


def jinja_only(item):
    return type(item)(item.source, item._compiled, None, item.where)     # the same, without the fast function


def layout_expressions():
    """Every text and when expression of the bundled layouts."""
    import tomllib

    found = set()
    for path in (TEMPLATES / "print").glob("*.toml"):
        data = tomllib.loads(path.read_text(encoding="utf-8"))
        for element in data.get("elements", []):
            for key, kind in (("text", "text"), ("when", "when"), ("data", "text"), ("source", "text")):
                if isinstance(element.get(key), str) and (kind == "when" or "{" in element[key]):
                    found.add((kind, element[key]))
    return sorted(found)


@pytest.mark.parametrize("kind, source", layout_expressions())
def test_bundled_layout_expressions_agree_with_jinja(kind, source):
    fast = compiled(kind, source)
    slow = jinja_only(fast)
    for values in records():
        if kind == "text":
            assert fast.render(values) == slow.render(values)
        else:
            assert fast.holds(values) == slow.holds(values)


@pytest.mark.parametrize("source", [
    "{{ officer.name }}", "手机 {{ officer.mobile }}", "{{ union.name }}（{{ officer.role }}）",
    "{{ 'a' if print.qr == 'vcard' else 'b' }}", "{{ officer.photo }}", "{{ 3 }}{{ print.qr != 'none' }}",
    "{% if qr_data %}x{% endif %}", "{% if officer.photo %}照片{% elif officer.mobile %}{{ officer.mobile }}\n{% else %}无{% endif %}",
    "{% if not officer.mobile %}{% if union.office %}{{ union.office }}{% endif %}{% endif %}-{{ officer.role }}",
])
def test_fast_templates_are_used_and_agree(source):
    fast = compiled("text", source)
    assert fast._fast is not None
    for values in records():
        assert fast._fast(values) == jinja_only(fast).render(values)


@pytest.mark.parametrize("source", ["officer.photo", "not qr_data", "qr_data and officer.mobile",
                                    "officer.mobile or officer.office_phone", "print.qr == 'tel'"])
def test_fast_conditions_are_used_and_agree(source):
    fast = compiled("when", source)
    assert fast._fast is not None
    for values in records():
        assert fast.holds(values) == jinja_only(fast).holds(values)


def test_chinese_date_filter_without_jinja():
    """A board's 工会概况 block gives every union's founding date through date_cn: in plain
    Python; a value the filter cannot take is Jinja's, with Jinja's message."""
    from datetime import date

    source = "{% if union.founded %}成立时间：{{ union.founded | date_cn }}。{% endif %}{{ union.name }}"
    fast = compiled("text", source)
    assert fast._fast is not None
    for founded in (date(2012, 5, 3), None):
        values = {"union": Union("某工会", founded=founded)}
        assert fast._fast(values) == jinja_only(fast).render(values)
    assert fast.render({"union": Union("某工会", founded=date(2012, 5, 3))}) == "成立时间：2012年5月3日。某工会"
    unguarded = compiled("text", "{{ union.founded | date_cn }}")
    with pytest.raises(expr.FieldProblem) as a:
        unguarded.render({"union": Union("某工会")})
    with pytest.raises(expr.FieldProblem) as b:
        jinja_only(unguarded).render({"union": Union("某工会")})
    assert str(a.value) == str(b.value)


@pytest.mark.parametrize("source", [
    "print.supervision_phone is defined and print.supervision_phone", "print.hotline is defined",
    "print.nope is not defined", "officer.photo is defined", "qr_data is defined", "union.chair is defined",
    "nobody is defined", "officer.name.nope is defined"])
def test_is_defined_agrees_with_jinja(source):
    """A board's 监督电话 block asks `print.supervision_phone is defined` on every board: answered
    without Jinja where the model says (a field, no such attribute), by Jinja otherwise."""
    fast = compiled("when", source)
    assert fast._fast is not None
    for values in records():
        assert fast.holds(values) == jinja_only(fast).holds(values)


@pytest.mark.parametrize("source", ["{{ officer.name|length }}", "{{ month_range(1, 2) }}",
                                    "{% for o in union.officers %}{{ o.name }}{% endfor %}",
                                    "{% if officer.name|length > 2 %}x{% endif %}"])
def test_other_shapes_stay_with_jinja(source):
    assert compiled("text", source)._fast is None


def test_what_the_fast_path_cannot_answer_is_answered_by_jinja():
    values = records()[0]
    # a method of a model object, a missing attribute and a missing name: Jinja's result or error
    assert compiled("text", "{{ union.officers }}").render(values) == jinja_only(
        compiled("text", "{{ union.officers }}")).render(values)
    for source in ("{{ officer.nickname }}", "{{ nobody.name }}"):
        fast, slow = compiled("text", source), jinja_only(compiled("text", source))
        with pytest.raises(expr.FieldProblem) as a:
            fast.render(values)
        with pytest.raises(expr.FieldProblem) as b:
            slow.render(values)
        assert str(a.value) == str(b.value)
    assert compiled("when", "officer.nickname").holds(values) is False      # undefined -> None, as Jinja
    assert compiled("when", "officer._secret_").holds(values) is False      # the sandbox's answer
    assert compiled("text", "{{ month_range }}")._fast is not None           # a global: Jinja resolves it
    assert compiled("text", "{{ month_range }}").render(values).startswith("<function")


def test_sandbox_still_guards_underscored_names():
    values = {"officer": F.officer("张三", "主席")}
    with pytest.raises(expr.FieldProblem):
        compiled("text", "{{ officer.__class__ }}").render(values)
    assert templating.environment(None).sandboxed
