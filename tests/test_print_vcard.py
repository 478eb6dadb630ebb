"""The card's vCard read back by two independent parsers: vobject, and the strict RFC 2426
validator of the `vcard` package. Extensions, dotted names and the office address survive."""

from __future__ import annotations

import sys
import warnings
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent / "print"))
import print_fixtures as F  # noqa: E402

from docgen.cn import parse_office_phone  # noqa: E402
from docgen.model import PrintOptions, Union  # noqa: E402
from docgen.printing import qr  # noqa: E402

vobject = pytest.importorskip("vobject")
pytest.importorskip("vcard")


def card_for(name="阿依古丽·买买提", office_phone="0792-8567890转8012", office="综合楼三楼302室"):
    base = F.officer(name, "主席", 3)
    officer = type(base)(name=name, role=base.role, role_class=base.role_class, mobile=base.mobile,
                         office_phone=parse_office_phone(office_phone)[0] if office_phone else None)
    return qr.vcard(officer, Union("安徽某某机械有限公司工会委员会", office=office))


def strict_properties(text: str) -> dict:
    """{name: [values]} after the `vcard` package has validated every property.

    That validator knows only Latin-1 text, so the UTF-8 bytes are handed to it as Latin-1
    characters (NEL, 0x85, would count as a line break there and is swapped for 0x86); the
    ASCII parts, phone numbers and separators, reach it unchanged."""
    from vcard import vcard_validators
    from vcard.vcard_validator import VCard

    latin = text.encode("utf-8").decode("latin-1").replace("\x85", "\x86")
    card = VCard(latin)
    out: dict = {}
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        for prop in card.properties:
            handler = vcard_validators.__dict__.get(f"handle_{prop.name.lower()}")
            if handler:
                handler(prop)                       # raises on an invalid property
            out.setdefault(prop.name, []).append(prop.values)
    return out


def test_office_extension_survives_both_parsers():
    text = card_for()
    parsed = vobject.readOne(text)
    tels = {t.params["TYPE"][0].upper(): t.value for t in parsed.tel_list}
    assert tels == {"CELL": "13900000003", "WORK": "07928567890,8012"}    # comma: pause, then 8012
    strict = strict_properties(text)
    assert [["07928567890\\,8012"]] in strict["TEL"]                        # one value, escaped comma


def test_dotted_name_splits_given_first():
    parsed = vobject.readOne(card_for())
    assert (parsed.n.value.family, parsed.n.value.given) == ("买买提", "阿依古丽")
    assert parsed.fn.value == "阿依古丽·买买提"
    three = vobject.readOne(card_for("穆罕默德·阿卜杜拉·艾山"))
    assert (three.n.value.family, three.n.value.given, three.n.value.additional) == ("艾山", "穆罕默德", "阿卜杜拉")
    han = vobject.readOne(card_for("欧阳建国"))
    assert (han.n.value.family, han.n.value.given) == ("欧阳", "建国")


def test_office_address_as_adr_only_when_given():
    parsed = vobject.readOne(card_for(office="天堂镇人民路1号, A座"))
    assert parsed.adr.value.street == "天堂镇人民路1号, A座" and parsed.adr.params["TYPE"] == ["work"]
    assert strict_properties(card_for(office="天堂镇人民路1号, A座"))["ADR"]
    assert "ADR" not in card_for(office="")
    assert "adr" not in vobject.readOne(card_for(office="")).contents


def test_strict_reader_accepts_the_whole_card():
    strict = strict_properties(card_for())
    assert set(strict) == {"BEGIN", "VERSION", "N", "FN", "ORG", "TITLE", "TEL", "ADR", "END"}


def test_hotline_link():
    assert qr.hotline_link(PrintOptions()) == "tel:12351"
    assert qr.hotline_link(PrintOptions(hotline="0556-2172583-801")) == "tel:05562172583;ext=801"
    assert qr.hotline_link(PrintOptions(qr="none")) == ""
