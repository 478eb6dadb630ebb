"""What the documents say: targets, stage lines, numbering, presets, notices (block level)."""

from __future__ import annotations

import msgspec
import pytest
from gongwen.helpers import HERE, composition, document, plain

from docgen import cn
from docgen.errors import InputError
from docgen.gongwen import blocks as b, compose_notice, compose_plan
from docgen.model import Item, Section, Target


def _plan_doc(name="county", **changes):
    doc = document(name)
    return msgspec.structs.replace(doc, plan=msgspec.structs.replace(doc.plan, **changes))


def headings(comp) -> list[str]:
    return [blk.text for blk in comp.blocks if isinstance(blk, b.Heading)]


def test_rebuilds_seed_001_headings_and_stage_lines_from_the_sample():
    expected = [plain(line) for line in (HERE / "seed001_outline.txt").read_text(encoding="utf-8").splitlines()
                if line and not line.startswith("#")]
    assert [plain(h) for h in headings(composition("county", "plan"))] == expected


def test_targets_sentence_reads_100_as_full_coverage():
    texts = composition("county", "plan").texts()
    assert ("2012年全县企业工会实施“双亮”的覆盖面要达到50%以上，其中国有企业、获市以上工会荣誉称号的非公企业工会"
            "要达到90%以上；2013年要达到75%以上；2014年基本实现全覆盖。") in texts


def test_targets_first_year_full_coverage_and_fractional_percent():
    doc = _plan_doc(targets=(Target(2012, 62.5), Target(2013, 100, "巩固提高")))
    texts = compose_plan(doc).texts()
    assert "2012年全县企业工会实施“双亮”的覆盖面要达到62.5%以上；2013年基本实现全覆盖，巩固提高。" in texts
    doc = _plan_doc(targets=(Target(2012, 100),))
    assert "2012年全县企业工会基本实现全覆盖。" in compose_plan(doc).texts()


def test_no_targets_no_sentence():
    texts = compose_plan(_plan_doc(targets=())).texts()
    assert not any("覆盖面" in t for t in texts)


def test_period_sentence_and_stage_defaults():
    texts = composition("county", "plan").texts()
    assert "全县“双亮”活动从2012年5月开始，至2014年12月底结束，分四个阶段进行。" in texts
    i = texts.index("第一阶段：制定方案、宣传发动（2012年5月）")
    assert texts[i + 1].startswith("岳西县总工会印发“双亮”活动实施方案。")     # preset default text


def test_user_stage_text_wins_and_unknown_stage_is_one_run_in_paragraph_with_warning():
    doc = document("county")
    stages = list(doc.plan.stages)
    stages[0] = msgspec.structs.replace(stages[0], text="县总工会召开动员会。\n各乡镇同步部署。")
    stages[1] = msgspec.structs.replace(stages[1], name="其他事项")
    comp = compose_plan(_plan_doc(stages=tuple(stages)))
    texts = comp.texts()
    i = texts.index("第一阶段：制定方案、宣传发动（2012年5月）")
    assert texts[i + 1:i + 3] == ["县总工会召开动员会。", "各乡镇同步部署。"]
    j = texts.index("第二阶段：其他事项（2012年6月至8月）。")
    assert texts[j + 1].startswith("第三阶段：")
    line = next(x for x in comp.blocks if isinstance(x, b.Paragraph) and x.text == texts[j])
    assert [s.face for s in line.spans] == ["kai", "fangsong"] and line.indent      # a paragraph, not a heading
    assert not any(isinstance(x, b.Heading) and "其他事项" in x.text for x in comp.blocks)
    assert len(comp.warnings) == 1 and "其他事项" in comp.warnings[0]


@pytest.mark.parametrize("name, opening", [
    ("动员部署", "岳西县总工会印发“双亮”活动实施方案。"),          # launch, by its words
    ("试点先行", "各级工会要按照统一部署和进度要求"),                # models
    ("检查验收", "企业工会要在“亮牌子、亮身份”的基础上"),            # review
])
def test_stage_defaults_found_by_meaning(name, opening):
    doc = document("county")
    stages = list(doc.plan.stages)
    stages[1] = msgspec.structs.replace(stages[1], name=name)
    comp = compose_plan(_plan_doc(stages=tuple(stages)))
    texts = comp.texts()
    j = texts.index(f"第二阶段：{name}（2012年6月至8月）")
    assert texts[j + 1].startswith(opening) and not comp.warnings


def test_single_stage_has_no_stage_count():
    doc = document("county")
    one = (msgspec.structs.replace(doc.plan.stages[0], end=doc.plan.end),)
    texts = compose_plan(_plan_doc(stages=one)).texts()
    assert "全县“双亮”活动从2012年5月开始，至2014年12月底结束。" in texts
    assert "第一阶段：制定方案、宣传发动（2012年5月至2014年12月）" in texts


def test_extra_section_inserted_before_renumbers():
    extra = Section("经费保障", paragraphs=("各级工会要安排专项经费。",), items=(Item("牌匾经费", "由企业工会列支"),),
                    before="组织领导")
    comp = compose_plan(_plan_doc(sections=(extra,)))
    assert [h for h in headings(comp) if "、" in h[:3]] == ["一、总体要求", "二、目标任务", "三、方法步骤", "四、经费保障", "五、组织领导"]
    texts = comp.texts()
    assert "（一）牌匾经费。由企业工会列支" in texts
    appended = compose_plan(_plan_doc(sections=(msgspec.structs.replace(extra, before=None),)))
    assert headings(appended)[-1] == "五、经费保障"


def test_unknown_before_is_an_input_error_naming_the_titles():
    extra = Section("经费保障", before="保障措施")
    with pytest.raises(InputError) as err:
        compose_plan(_plan_doc(sections=(extra,)))
    message = err.value.lines()[0]
    assert "plan.sections[1].before" in message and "保障措施" in message
    assert "总体要求、目标任务、方法步骤、组织领导" in message


def test_numbering_past_ten_and_custom_preset_order():
    comp = composition("custom", "plan")
    top = [h for h in headings(comp) if not h.startswith("第")]
    assert top[9:] == ["十、经费管理", "十一、经费保障", "十二、实施步骤"]
    assert [cn.heading_marker(1, n) for n in (10, 11, 20)] == ["十、", "十一、", "二十、"]
    texts = comp.texts()
    assert "（二）规范基层工会换届。督促到期未换届的基层工会按期换届。" in texts
    assert texts[texts.index("第二阶段：组织实施（2024年4月至11月）") + 1:][:2] == ["各单位按照方案要求抓好落实。", "区总工会每季度通报进展情况。"]


def test_title_from_preset_and_from_input():
    assert composition("county", "plan").title == "关于在全县企业工会开展“工会组织亮牌子、工会主席亮身份”活动的实施方案"
    assert composition("custom", "plan").title == "2024年蜀山区工会重点工作实施方案"


def test_shuangzheng_seven_model_areas():
    texts = composition("shuangzheng", "plan").texts()
    models = [t for t in texts if t.startswith("（") and "模范。" in t[:40]]
    assert len(models) == 7 and models[0].startswith("（一）做依法规范建会的模范。")
    assert models[-1].startswith("（七）做“绝对忠诚党的事业、竭诚服务职工群众”的模范。")
    assert "2015年全县基层工会参与“双争”活动的比例要达到60%以上；2016年基本实现全覆盖。" in texts


def test_liuyou_six_haves_six_norms_and_five_year_split():
    texts = composition("liuyou", "plan").texts()
    six = next(t for t in texts if t.startswith("（一）建设“六有”基层工会组织。"))
    assert six.count("；有") == 5
    assert "（二）建设“六个规范”基层工会组织" in texts
    areas = [t for t in texts if t[:2] in {f"{n}." for n in range(1, 7)}]
    assert [a.split("。")[0] for a in areas] == ["1.队伍建设规范化", "2.组织机构规范化", "3.履行职能规范化",
                                                "4.制度机制规范化", "5.职工之家建设规范化", "6.工作绩效规范化"]
    assert any("建会不满五年" in t and "建会五年以上（含五年）" in t for t in texts)


def test_yinfa_notice_then_plan_on_a_new_page():
    comp = composition("county", "notice")
    kinds = [type(blk).__name__ for blk in comp.blocks]
    assert comp.title == "关于印发《关于在全县企业工会开展“工会组织亮牌子、工会主席亮身份”活动的实施方案》的通知"
    brk = kinds.index("PageBreak")
    assert kinds[:brk][-2:] == ["Signature", "Annotation"]
    plan_title = comp.blocks[brk + 1]
    assert isinstance(plan_title, b.Title) and "".join(plan_title.lines) == composition("county", "plan").title
    assert kinds.count("Recipients") == 1 and kinds.count("Signature") == 1 and kinds[-1] == "Banji"
    body = comp.blocks[kinds.index("Recipients") + 1]
    assert body.text.startswith("现将《关于在全县企业工会开展")


def test_zhuanfa_with_forwarded_text():
    comp = composition("zhuanfa", "notice")
    texts = comp.texts()
    assert comp.title == "关于转发中华全国总工会《关于在企业工会实施“工会组织亮牌子、工会主席亮身份”的意见》的通知"
    assert texts[texts.index("各市总工会、省各产业工会、省直机关工会工委：") + 1].startswith(
        "现将中华全国总工会《关于在企业工会实施“工会组织亮牌子、工会主席亮身份”的意见》（总工发〔2012〕24号）转发给你们")
    reqs = [t for t in texts if t[:2] in ("一、", "二、", "三、")]
    assert [r[:2] for r in reqs[:3]] == ["一、", "二、", "三、"] and reqs[2].startswith("三、请各市总工会")
    kinds = [type(blk) for blk in comp.blocks]
    brk = kinds.index(b.PageBreak)
    assert comp.blocks[brk + 1].text == "总工发〔2012〕24号"
    assert "".join(comp.blocks[brk + 2].lines) == "中华全国总工会关于在企业工会实施“工会组织亮牌子、工会主席亮身份”的意见"
    assert comp.blocks[brk + 3].text == "（2012年3月21日）"
    forwarded = comp.blocks[brk + 4:]
    assert any(isinstance(x, b.Heading) and x.text == "一、实施“双亮”的重要意义" for x in forwarded)
    assert not any(isinstance(x, b.AttachmentNote) for x in comp.blocks)


def test_zhuanfa_without_a_file_attaches_nothing_and_has_no_attachment_note():
    comp = composition("zhuanfa-notext", "notice")
    assert not any(isinstance(x, (b.AttachmentNote, b.PageBreak)) for x in comp.blocks)
    assert not any(t.startswith("附件") for t in comp.texts())
    assert any("file" in w for w in comp.warnings)


def test_zhuanfa_source_file_may_be_a_docx(tmp_path):
    import docx as python_docx

    from docgen.load import load

    source = python_docx.Document()
    for line in ("关于在企业工会实施“双亮”的意见", "一、实施“双亮”的重要意义", "企业工会要亮出牌子。", "二、主要内容",
                 "附件：\t企业工会“双亮”登记表"):          # a tab, as Word documents have them
        source.add_paragraph(line)
    source.save(tmp_path / "意见.docx")
    text = (HERE / "zhuanfa.toml").read_text(encoding="utf-8").replace('file = "source.txt"', 'file = "意见.docx"')
    (tmp_path / "in.toml").write_text(text, encoding="utf-8")
    comp = compose_notice(load(tmp_path / "in.toml"))
    brk = [type(x) for x in comp.blocks].index(b.PageBreak)
    after = comp.blocks[brk:]
    assert any(isinstance(x, b.Heading) and x.text == "一、实施“双亮”的重要意义" for x in after)
    assert any(isinstance(x, b.Paragraph) and x.text == "企业工会要亮出牌子。" for x in after)
    assert any("附件： 企业工会“双亮”登记表" in x.text for x in after if isinstance(x, b.Paragraph))


def test_notice_body_from_input_replaces_template():
    doc = document("county")
    doc = msgspec.structs.replace(doc, notice=msgspec.structs.replace(doc.notice, body="第一段。\n第二段。"))
    texts = compose_notice(doc).texts()
    i = texts.index("各乡镇工会联合会、各企业工会、开发区工委：")
    assert texts[i + 1:i + 3] == ["第一段。", "第二段。"]


def test_plan_command_needs_plan_and_issuer_tables():
    with pytest.raises(InputError) as err:
        compose_plan(document("zhuanfa"))
    assert "[plan]" in err.value.lines()[0] and "docgen plan" in err.value.lines()[0]


def test_user_template_folder_overrides_prose(tmp_path):
    folder = tmp_path / "mine" / "plan" / "shuangliang"
    folder.mkdir(parents=True)
    (folder / "intro.j2").write_text("为做好{{ scope }}“双亮”工作，特制定本方案。", encoding="utf-8")
    doc = msgspec.structs.replace(document("county"), templates=tmp_path / "mine")
    assert "为做好全县“双亮”工作，特制定本方案。" in compose_plan(doc).texts()


def test_several_attachments_are_numbered():
    from docgen.model import Attachment
    atts = (Attachment("工会组织牌匾样式", ("牌匾为长方形。",)), Attachment("工会主席联系卡样式", ("正面印姓名。",)))
    comp = compose_plan(_plan_doc(attachments=atts))
    texts = comp.texts()
    assert "附件：1. 工会组织牌匾样式" in texts and "2. 工会主席联系卡样式" in texts
    labels = [x.text for x in comp.blocks if isinstance(x, b.AttachmentLabel)]
    assert labels == ["附件1", "附件2"]


def test_attached_plan_has_no_head_number_signature_or_banji():
    """One number, one document: the plan as its 印发 notice carries it (seed 004)."""
    comp = compose_plan(document("liuyou"), attached=True)
    kinds = {type(x) for x in comp.blocks}
    assert not kinds & {b.Mark, b.DocNumber, b.RedRule, b.Recipients, b.Signature, b.Banji}
    assert isinstance(comp.blocks[0], b.Title) and comp.blocks[0].blank_lines_before == 0
    assert b.AttachmentNote in kinds and b.TableBlock in kinds          # the plan's own 附件 stay
    notice = composition("liuyou", "notice")
    number = [x for x in notice.blocks if isinstance(x, b.DocNumber)]
    assert len(number) == 1                                              # the notice bears the number
    plan_part = notice.blocks[[type(x) for x in notice.blocks].index(b.PageBreak) + 1:]
    assert plan_part[0] == comp.blocks[0]                                 # the same title opens both


def test_prepare_writes_the_attached_form_on_request(tmp_path):
    from docgen import documents

    alone = documents.prepare(document("county"), "plan", folder=tmp_path)
    attached = documents.prepare(document("county"), "plan", folder=tmp_path, attached=True)
    assert "岳工发〔2012〕5号".encode() not in _document_xml(attached.data)
    assert "岳工发〔2012〕5号" in _document_xml(alone.data).decode()
    assert attached.title == alone.title


def _document_xml(data: bytes) -> bytes:
    """The document's visible text, run by run joined (a 文号 is cut into runs at its digits)."""
    import io
    import re
    import zipfile

    raw = zipfile.ZipFile(io.BytesIO(data)).read("word/document.xml").decode()
    return "".join(re.findall(r"<w:t(?: [^>]*)?>([^<]*)</w:t>", raw)).encode()


def test_missing_printer_and_print_date_follow_the_written_rule_and_are_reported():
    doc = document("county")
    bare = msgspec.structs.replace(doc, issuer=msgspec.structs.replace(doc.issuer, printer="", print_date=None))
    comp = compose_plan(bare)
    banji = next(x for x in comp.blocks if isinstance(x, b.Banji))
    assert banji.printer == "岳西县总工会" and banji.date == "2012年5月3日"       # no made-up 办公室
    assert any("issuer.printer" in w for w in comp.warnings) and any("issuer.print_date" in w for w in comp.warnings)
    assert not any("issuer.print" in w for w in compose_plan(doc).warnings)


@pytest.mark.parametrize("name, content, message", [
    ("a.pdf", b"%PDF-1.4", "应为 .docx 或 .txt 文件"),
    ("b.docx", b"not a zip", "不是有效的 .docx 文件"),
])
def test_zhuanfa_source_file_problems_name_the_field(tmp_path, name, content, message):
    from docgen.load import load

    (tmp_path / name).write_bytes(content)
    text = (HERE / "zhuanfa.toml").read_text(encoding="utf-8").replace('file = "source.txt"', f'file = "{name}"')
    (tmp_path / "in.toml").write_text(text, encoding="utf-8")
    with pytest.raises(InputError) as err:
        load(tmp_path / "in.toml")
    assert "notice.source.file" in err.value.lines()[0] and message in err.value.lines()[0]


def _forwarded_blocks(text: str, **source_changes) -> list:
    doc = document("zhuanfa")
    source = msgspec.structs.replace(doc.notice.source, text=text, **source_changes)
    comp = compose_notice(msgspec.structs.replace(doc, notice=msgspec.structs.replace(doc.notice, source=source)))
    brk = [type(x) for x in comp.blocks].index(b.PageBreak)
    return [x for x in comp.blocks[brk:] if isinstance(x, (b.Paragraph, b.Heading))]


def test_forwarded_text_keeps_its_recipients_flush_left_and_drops_its_repeated_closing():
    """The forwarded document's 主送 is not indented (7.3.2); its 署名 and date at the end repeat the
    title and the date line over its text, so they are not printed again as body paragraphs."""
    text = ("中华全国总工会关于在企业工会实施“工会组织亮牌子、工会主席亮身份”的意见\n\n"
            "各省、自治区、直辖市总工会，各全国产业工会：\n\n企业工会要亮出牌子。\n\n"
            "中华全国总工会\n\n2012年3月21日\n")
    blocks = _forwarded_blocks(text)
    texts = [x.text for x in blocks]
    lead = next(x for x in blocks if x.text.startswith("各省"))
    assert not lead.indent and lead.blank_lines_before == 1
    assert texts[-1] == "企业工会要亮出牌子。"
    assert next(x for x in blocks if x.text == "企业工会要亮出牌子。").indent


def test_forwarded_closing_kept_when_nothing_above_shows_it():
    text = "各省总工会：\n\n企业工会要亮出牌子。\n\n中华全国总工会\n\n2012年3月21日\n"
    texts = [x.text for x in _forwarded_blocks(text, date=None)]
    assert texts[-1] == "2012年3月21日"            # no date line under the title: the text keeps it
    texts = [x.text for x in _forwarded_blocks(text.replace("2012年3月21日", "2012年3月22日"))]
    assert texts[-2:] == ["中华全国总工会", "2012年3月22日"]   # a date that differs is the text's own


def test_a_plan_beside_a_zhuanfa_notice_is_warned_about_the_shared_doc_number():
    doc = document("liuyou")
    zhuanfa = document("zhuanfa").notice
    warnings = compose_plan(msgspec.structs.replace(doc, notice=zhuanfa)).warnings
    assert any("浔工字〔2022〕12号" in w and "一个发文字号只属于一份文件" in w for w in warnings)
    assert not any("发文字号只属于" in w for w in compose_plan(doc).warnings)          # yinfa: the notice owns it
