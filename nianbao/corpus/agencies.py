"""Plausible reporting units with their regions, for synthetic reports.

Real-style names (county governments, towns, street offices, county departments) of real counties, so that
the extractor's region lookup is exercised the way real reports exercise it; the reports built on them say
everywhere that they are synthetic.
"""

from __future__ import annotations

import random
from dataclasses import dataclass


@dataclass(frozen=True)
class Agency:
    name: str
    province: str
    city: str
    county: str
    short: str  # how the body text refers to itself (我街道, 我局 …)


# (province, city, county, towns, street offices, portal host)
COUNTIES: tuple[tuple[str, str, str, tuple[str, ...], tuple[str, ...], str], ...] = (
    (
        "山东省",
        "济宁市",
        "汶上县",
        ("康驿镇", "南旺镇", "次丘镇", "寅寺镇"),
        ("汶上街道", "中都街道"),
        "www.wenshang.gov.cn",
    ),
    (
        "山东省",
        "济宁市",
        "兖州区",
        ("新兖镇", "漕河镇", "小孟镇"),
        ("兴隆庄街道", "鼓楼街道", "酒仙桥街道"),
        "www.yanzhou.gov.cn",
    ),
    (
        "山东省",
        "潍坊市",
        "临朐县",
        ("五井镇", "柳山镇", "九山镇"),
        ("冶源街道", "东城街道", "城关街道"),
        "www.linqu.gov.cn",
    ),
    (
        "山东省",
        "枣庄市",
        "市中区",
        ("西王庄镇", "孟庄镇"),
        ("矿区街道", "光明路街道", "文化路街道"),
        "www.zzszq.gov.cn",
    ),
    ("河南省", "洛阳市", "西工区", ("红山乡",), ("西工街道", "王城路街道", "金谷园街道"), "www.xigong.gov.cn"),
    ("山东省", "济宁市", "嘉祥县", ("纸坊镇", "梁宝寺镇", "马村镇"), ("嘉祥街道", "卧龙山街道"), "www.jiaxiang.gov.cn"),
    ("山东省", "济宁市", "梁山县", ("小安山镇", "寿张集镇"), ("水泊街道", "梁山街道"), "www.liangshan.gov.cn"),
    ("江苏省", "徐州市", "沛县", ("龙固镇", "杨屯镇", "大屯镇"), ("沛城街道", "汉源街道"), "www.px.gov.cn"),
    ("浙江省", "金华市", "浦江县", ("黄宅镇", "岩头镇"), ("浦南街道", "仙华街道"), "www.pj.gov.cn"),
    ("河北省", "保定市", "涞水县", ("永阳镇", "义安镇"), ("泉水街道",), "www.lsx.gov.cn"),
    ("四川省", "乐山市", "夹江县", ("甘江镇", "华头镇"), ("漹城街道",), "www.jiajiang.gov.cn"),
    ("安徽省", "阜阳市", "临泉县", ("杨桥镇", "鲖城镇", "谭棚镇"), ("城关街道",), "www.linquan.gov.cn"),
)
DEPARTMENTS = ("教育和体育局", "市场监督管理局", "自然资源局", "卫生健康局", "住房和城乡建设局", "民政局", "司法局")


def random_agency(rng: random.Random) -> tuple[Agency, str]:
    """A unit and its portal host."""
    province, city, county, towns, streets, host = rng.choice(COUNTIES)
    kind = rng.random()
    if kind < 0.35 and streets:
        street = rng.choice(streets)
        return Agency(f"{county}{street}办事处", province, city, county, "我街道"), host
    if kind < 0.65 and towns:
        town = rng.choice(towns)
        return Agency(f"{county}{town}人民政府", province, city, county, "我镇"), host
    if kind < 0.9:
        return Agency(f"{county}{rng.choice(DEPARTMENTS)}", province, city, county, "我局"), host
    return Agency(f"{county}人民政府", province, city, county, "本机关"), host
