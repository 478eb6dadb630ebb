"""Input data for the print workloads: a roster of unions and their officers, generated.

The same file is given to docgen and to the baseline. It looks like a county's real roster: a
title row above the header, a 序号 column, the union name only on a union's first row (the cells
below are left empty, as merged cells are read), chairs and vice-chairs with the usual role
texts, a 委员 or 女职工委员会主任 here and there (not on badges), office phones with area code,
sometimes an extension, mobiles, names with compound surnames and a few rarer characters, and
some long union names that need two lines on a badge.

    rows = roster(1000)                 # the officers that get a badge, in roster order
    write_xlsx(path, rows)              # openpyxl, write-only
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date
from pathlib import Path

SURNAMES = ("王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈"
            "姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤")
COMPOUND = ("欧阳", "司马", "诸葛", "上官", "东方", "慕容", "令狐", "皇甫")
GIVEN = ("建国华丽娟志强伟芳敏静秀英明军杰涛超勇艳霞平刚桂兰玉梅晓燕红文斌雪淑芬国庆海波俊峰宏亮永红春梅金凤"
         "家豪子涵思远佳怡浩然欣悦宇轩梓萱一鸣雨桐晨曦")
RARE = "堃喆昇珺玥燚犇垚瑄旻翀"                        # in the bundled faces, outside most name lists
PLACES = ("岳西县", "潜山市", "太湖县", "宿松县", "望江县", "怀宁县", "桐城市", "安庆市大观区", "安庆市宜秀区")
TOWNS = ("城关镇", "温泉镇", "天堂镇", "店前镇", "黄尾镇", "毛尖山乡", "经济开发区", "高新技术产业园区")
BRANDS = ("天峰", "华安", "鹏程", "大别山", "顺达", "金山", "新星", "皖西", "长江", "宏远", "明珠", "恒通", "振兴",
          "绿源", "天柱", "瑞丰", "永安", "东方红", "兴业", "华信", "嘉禾", "同心", "聚力", "博远")
TRADES = ("茶业", "机械制造", "建筑安装工程", "物流", "纺织服装", "电子科技", "农产品开发", "食品加工", "新材料",
          "汽车零部件", "医药化工", "旅游开发", "商贸", "水电开发", "竹木制品", "包装印刷", "生态农业")
FORMS = ("有限公司", "有限公司", "有限责任公司", "股份有限公司", "集团有限公司")
OFFICES = ("办公楼二楼206室", "综合楼三楼302室", "行政楼四楼", "车间办公区", "调度中心二楼", "项目部办公室", "生产楼一楼101室")
VICE_ROLES = ("副主席", "工会副主席", "常务副主席", "专职副主席", "兼职副主席")
CHAIR_ROLES = ("主席", "工会主席", "主席", "工会主席", "主席（兼）")
OTHER_ROLES = ("委员", "女职工委员会主任", "经费审查委员会主任")
MOBILE_PREFIXES = ("139", "138", "137", "135", "136", "150", "151", "152", "158", "159", "177", "180", "186", "189", "199")


@dataclass(frozen=True)
class Row:
    union: str          # the union's name (repeated here; written only on its first row)
    employer: str
    founded: date
    office: str
    members: int
    name: str
    role: str
    office_phone: str   # "" when none
    mobile: str         # "" when none
    badge: bool         # a chair or vice-chair: gets a badge by default


def _person(rng: random.Random) -> str:
    family = rng.choice(COMPOUND) if rng.random() < 0.02 else rng.choice(SURNAMES)
    given = rng.choice(GIVEN)
    if rng.random() < 0.05:
        given = rng.choice(RARE)
    elif rng.random() < 0.6:
        given += rng.choice(GIVEN)
    return family + given


def _union(rng: random.Random, k: int) -> tuple[str, str]:
    """(union name, employer); about one in eight is long (needs two lines on a badge)."""
    kind = rng.random()
    brand = rng.choice(BRANDS) + rng.choice(BRANDS)[:1] if rng.random() < 0.5 else rng.choice(BRANDS)
    if kind < 0.08:
        town = rng.choice(TOWNS)
        return f"{rng.choice(PLACES)}{town}{rng.choice(('联合工会委员会', '工会联合会'))}", ""
    if kind < 0.20:
        employer = (f"安徽省{rng.choice(PLACES)}{rng.choice(TOWNS)}{brand}{rng.choice(TRADES)}"
                    f"{rng.choice(('集团股份有限公司', '股份有限公司', '有限责任公司'))}")
        return employer + rng.choice(("工会委员会", "联合工会委员会")), employer
    employer = f"{rng.choice(PLACES)}{brand}{rng.choice(TRADES)}{rng.choice(FORMS)}"
    return employer + "工会委员会", employer


def roster(badges: int, seed: int = 2012) -> list[Row]:
    """Rows of unions with officers until exactly `badges` chairs and vice-chairs are in it."""
    rng = random.Random(seed)
    rows: list[Row] = []
    seen: set[str] = set()
    count, k = 0, 0
    while count < badges:
        k += 1
        name, employer = _union(rng, k)
        if name in seen:
            continue
        seen.add(name)
        founded = date(rng.randint(1995, 2024), rng.randint(1, 12), rng.randint(1, 28))
        office = rng.choice(OFFICES)
        members = rng.randint(12, 1500)
        exchange = f"0556-2{rng.randint(100000, 999999)}"
        roles = [rng.choice(CHAIR_ROLES)] + [rng.choice(VICE_ROLES) for _ in range(rng.choice((1, 1, 1, 2)))]
        roles = roles[:badges - count]
        if rng.random() < 0.3:
            roles.append(rng.choice(OTHER_ROLES))
        for i, role in enumerate(roles):
            badge = role not in OTHER_ROLES
            office_phone = "" if rng.random() < 0.15 else (exchange if i == 0 else f"0556-2{rng.randint(100000, 999999)}")
            if office_phone and rng.random() < 0.05:
                office_phone += f"-{800 + i}"
            mobile = "" if (office_phone and rng.random() < 0.05) else \
                f"{rng.choice(MOBILE_PREFIXES)}{rng.randint(0, 99999999):08d}"
            rows.append(Row(name, employer, founded, office, members, _person(rng), role, office_phone, mobile, badge))
            count += badge
    return rows


def roster_of_unions(count: int, seed: int = 2012) -> list[Row]:
    """Rows of exactly `count` unions (for plaques: one per union)."""
    rows = roster(3 * count + 50, seed)        # about 2.3 badges a union
    names = unions(rows)[:count]
    if len(names) < count:
        raise ValueError("not enough unions generated")
    keep = set(names)
    return [r for r in rows if r.union in keep]


def unions(rows: list[Row]) -> list[str]:
    """Union names in roster order, each once."""
    return list(dict.fromkeys(r.union for r in rows))


HEADER = ("序号", "工会名称", "单位名称", "成立日期", "办公地点", "会员人数", "姓名", "职务", "办公电话", "手机")


def write_xlsx(path: Path, rows: list[Row]) -> Path:
    import openpyxl

    book = openpyxl.Workbook(write_only=True)
    sheet = book.create_sheet("工会干部花名册")
    sheet.append(["某县企业工会“双亮”工会干部花名册"])
    sheet.append(list(HEADER))
    previous = None
    for i, r in enumerate(rows, start=1):
        first = r.union != previous
        previous = r.union
        sheet.append([i, r.union if first else None, (r.employer or None) if first else None,
                      r.founded if first else None, r.office if first else None, r.members if first else None,
                      r.name, r.role, r.office_phone or None, r.mobile or None])
    book.save(path)
    return path
