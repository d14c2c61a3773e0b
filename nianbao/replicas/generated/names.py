"""Synthetic but plausible places: county names, `www.<pinyin>.gov.cn` hosts, the units that publish reports.

Names are drawn from common place-name characters with their pinyin, so hosts look like real county hosts
(`www.anping.gov.cn`) without being a list of real ones; the nine bundled replica hosts are never drawn.
"""

from __future__ import annotations

import random
from dataclasses import dataclass

from nianbao.corpus.agencies import Agency
from nianbao.replicas.catalogue import PORTALS, SIBLINGS

_SYLLABLES = (
    ("安", "an"),
    ("宁", "ning"),
    ("平", "ping"),
    ("青", "qing"),
    ("山", "shan"),
    ("河", "he"),
    ("东", "dong"),
    ("西", "xi"),
    ("南", "nan"),
    ("北", "bei"),
    ("阳", "yang"),
    ("城", "cheng"),
    ("丰", "feng"),
    ("泉", "quan"),
    ("林", "lin"),
    ("江", "jiang"),
    ("水", "shui"),
    ("石", "shi"),
    ("龙", "long"),
    ("新", "xin"),
    ("永", "yong"),
    ("华", "hua"),
    ("兴", "xing"),
    ("昌", "chang"),
    ("定", "ding"),
    ("保", "bao"),
    ("武", "wu"),
    ("明", "ming"),
    ("清", "qing"),
    ("云", "yun"),
    ("德", "de"),
    ("福", "fu"),
    ("泰", "tai"),
    ("康", "kang"),
    ("乐", "le"),
    ("宜", "yi"),
    ("沙", "sha"),
    ("金", "jin"),
    ("玉", "yu"),
    ("广", "guang"),
    ("高", "gao"),
    ("临", "lin"),
    ("海", "hai"),
    ("湖", "hu"),
    ("溪", "xi"),
    ("川", "chuan"),
    ("桥", "qiao"),
    ("峰", "feng"),
    ("岭", "ling"),
    ("源", "yuan"),
    ("关", "guan"),
    ("台", "tai"),
    ("鹤", "he"),
    ("汾", "fen"),
    ("柳", "liu"),
    ("梅", "mei"),
    ("桐", "tong"),
    ("蒙", "meng"),
    ("襄", "xiang"),
    ("盘", "pan"),
)
PROVINCES = (
    "山东省",
    "河南省",
    "河北省",
    "江苏省",
    "浙江省",
    "安徽省",
    "湖北省",
    "湖南省",
    "四川省",
    "江西省",
    "山西省",
    "陕西省",
    "福建省",
    "广西壮族自治区",
    "云南省",
    "贵州省",
)
DEPARTMENTS = (
    "发展和改革局",
    "教育和体育局",
    "公安局",
    "民政局",
    "司法局",
    "财政局",
    "人力资源和社会保障局",
    "自然资源局",
    "住房和城乡建设局",
    "交通运输局",
    "水利局",
    "农业农村局",
    "商务局",
    "文化和旅游局",
    "卫生健康局",
    "应急管理局",
    "审计局",
    "市场监督管理局",
    "统计局",
    "医疗保障局",
    "退役军人事务局",
    "生态环境分局",
)
BUNDLED_HOSTS = frozenset(p.host for p in (*PORTALS.values(), *SIBLINGS.values()))
"""The replicas' own hosts: a generated portal never takes one (nor its bare registrable domain)."""


@dataclass(frozen=True)
class Place:
    """A county-level unit of the generated world and the names its portal uses."""

    province: str
    city: str
    city_pinyin: str
    county: str  # 安平县
    pinyin: str  # anping
    code: str  # six digits, synthetic (9xxxxx: no real administrative code starts with 9)

    @property
    def host(self) -> str:
        return f"www.{self.pinyin}.gov.cn"

    def agencies(self, rng: random.Random, count: int) -> list[Agency]:
        """The county government first, then departments, towns and street offices."""
        gov = Agency(f"{self.county}人民政府", self.province, self.city, self.county, "本机关")
        out = [gov]
        depts = rng.sample(DEPARTMENTS, min(count, len(DEPARTMENTS)))
        while len(out) < count:
            kind = rng.random()
            if kind < 0.55 and depts:
                out.append(Agency(f"{self.county}{depts.pop()}", self.province, self.city, self.county, "我局"))
                continue
            a, b = rng.sample(_SYLLABLES, 2)
            if kind < 0.8:
                name = f"{self.county}{a[0]}{b[0]}镇人民政府"
                unit = Agency(name, self.province, self.city, self.county, "我镇")
            else:
                name = f"{self.county}{a[0]}{b[0]}街道办事处"
                unit = Agency(name, self.province, self.city, self.county, "我街道")
            if all(u.name != unit.name for u in out):
                out.append(unit)
        return out


def draw_places(rng: random.Random, count: int) -> list[Place]:
    """`count` distinct places; cities group 3–8 counties, as a city's 集约化 platform serves several."""
    places: list[Place] = []
    taken = {h.removeprefix("www.").split(".")[0] for h in BUNDLED_HOSTS}
    city: tuple[str, str, str] | None = None
    left_in_city = 0
    while len(places) < count:
        if left_in_city == 0:
            a, b = rng.sample(_SYLLABLES, 2)
            city = (rng.choice(PROVINCES), f"{a[0]}{b[0]}市", f"{a[1]}{b[1]}")
            left_in_city = rng.randint(3, 8)
        a, b = rng.sample(_SYLLABLES, 2)
        pinyin = f"{a[1]}{b[1]}"
        if pinyin in taken:
            continue
        taken.add(pinyin)
        left_in_city -= 1
        assert city is not None
        suffix = rng.choice(("县", "县", "县", "区", "市"))
        code = f"9{len(places):05d}"
        places.append(Place(city[0], city[1], city[2], f"{a[0]}{b[0]}{suffix}", pinyin, code))
    return places
