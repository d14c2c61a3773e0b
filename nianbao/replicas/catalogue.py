"""Which reports each replica holds: agencies, years, templates and the form each report takes.

Drawn from one seed so every run serves the same internet; the seed reports keep their real agency, year
and portal. Agency names are real public bodies; every number attached to them is synthetic.
"""

from __future__ import annotations

import hashlib
import random
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta

FORMS = ("page", "module", "images", "pdf", "scan", "picture", "doc", "docx", "wps", "gbk")
"""How a report is carried:
page    an HTML article whose body holds the report with HTML tables
module  the Hanweb annual-report module page (xxgkAnnualReport.jsp)
images  an HTML article whose tables are pictures
pdf/doc/docx/wps  a short article page linking the file that carries the report
scan    the same with an image-only (scanned) PDF
picture a title page linking the whole report as one picture (a "图片版")
gbk     an old HTML page encoded in GBK while declaring another charset
"""


@dataclass(frozen=True)
class ReplicaPortal:
    name: str
    host: str
    province: str
    city: str
    county: str
    region_code: str  # the six digits of the county inside an 18-char 统一社会信用代码
    agencies: tuple[str, ...]
    forms: tuple[str, ...]  # forms this platform uses, drawn at random for the non-seed reports
    reports: int  # how many reports besides the seed


@dataclass(frozen=True)
class SeedReport:
    number: str  # "000" … "004", the file prefix in shared/seeds
    portal: str
    agency: str
    year: int
    form: str
    published: datetime


@dataclass
class ReportSpec:
    """Everything needed to render one annual report deterministically."""

    report_id: str
    portal: str
    agency: str
    area_code: str
    year: int
    template: str  # "2021" or "2019" (国办公开办函 numbers of the report format)
    form: str
    published: datetime
    truth_seed: int
    article_id: int
    revision: int = 0
    seed: str | None = None  # the seed number when the body is a real report text
    extra: dict[str, str] = field(default_factory=dict)

    @property
    def title(self) -> str:
        return f"{self.agency}{self.year}年政府信息公开工作年度报告"

    def revised(self) -> ReportSpec:
        """The same report after its publisher corrects the numbers: a new truth, same URL."""
        return replace(self, revision=self.revision + 1, truth_seed=self.truth_seed + 7919)


PORTALS: dict[str, ReplicaPortal] = {
    p.name: p
    for p in (
        ReplicaPortal(
            "wenshang", "www.wenshang.gov.cn", "山东省", "济宁市", "汶上县", "370830",
            ("汶上县人民政府", "汶上县发展和改革局", "汶上县教育和体育局", "汶上县公安局", "汶上县财政局",
             "汶上县自然资源和规划局", "汶上县住房和城乡建设局", "汶上县卫生健康局", "中都街道办事处",
             "南旺镇人民政府", "康驿镇人民政府", "次丘镇人民政府", "汶上县民政局"),
            ("module", "module", "page", "pdf", "docx", "images"), 13,
        ),
        ReplicaPortal(
            "yanzhou", "www.yanzhou.gov.cn", "山东省", "济宁市", "兖州区", "370812",
            ("济宁市兖州区人民政府", "济宁市兖州区发展和改革局", "济宁市兖州区教育和体育局",
             "济宁市兖州区民政局", "济宁市兖州区人力资源和社会保障局", "济宁市兖州区市场监督管理局",
             "济宁市兖州区鼓楼街道办事处", "济宁市兖州区酒仙桥街道办事处", "济宁市兖州区大安镇人民政府",
             "济宁市兖州区新兖镇人民政府", "济宁市兖州区漕河镇人民政府"),
            ("page", "module", "pdf", "doc", "page"), 12,
        ),
        ReplicaPortal(
            "zzszq", "www.zzszq.gov.cn", "山东省", "枣庄市", "市中区", "370402",
            ("市中区人民政府", "市中区中心街街道办事处", "市中区光明路街道办事处", "市中区龙山路街道办事处",
             "市中区文化路街道办事处", "市中区税郭镇人民政府", "市中区孟庄镇人民政府", "市中区永安镇人民政府",
             "市中区西王庄镇人民政府", "市中区教育和体育局", "市中区卫生健康局", "市中区财政局"),
            ("page", "page", "doc", "docx", "pdf", "wps", "picture"), 13,
        ),
        ReplicaPortal(
            "linqu", "www.linqu.gov.cn", "山东省", "潍坊市", "临朐县", "370724",
            ("临朐县人民政府", "临朐县城关街道办事处", "临朐县东城街道办事处", "临朐县五井镇人民政府",
             "临朐县九山镇人民政府", "临朐县柳山镇人民政府", "临朐县教育和体育局", "临朐县公安局",
             "临朐县民政局", "临朐县自然资源和规划局", "临朐县卫生健康局"),
            ("page", "page", "docx", "pdf"), 12,
        ),
        ReplicaPortal(
            "xigong", "www.xigong.gov.cn", "河南省", "洛阳市", "西工区", "410303",
            ("洛阳市西工区人民政府", "西工区王城路街道办事处", "西工区金谷园街道办事处", "西工区道北路街道办事处",
             "西工区汉屯路街道办事处", "西工区唐宫路街道办事处", "西工区邙岭路街道办事处",
             "西工区红山街道办事处", "西工区发展和改革委员会", "西工区教育局", "西工区财政局"),
            ("pdf", "pdf", "scan", "pdf", "page"), 12,
        ),
    )
}

SIBLINGS: dict[str, ReplicaPortal] = {
    p.name: p
    for p in (
        ReplicaPortal(
            "jiaxiang", "www.jiaxiang.gov.cn", "山东省", "济宁市", "嘉祥县", "370829",
            ("嘉祥县人民政府", "嘉祥县嘉祥街道办事处", "嘉祥县卧龙山街道办事处", "嘉祥县纸坊镇人民政府",
             "嘉祥县梁宝寺镇人民政府", "嘉祥县教育和体育局", "嘉祥县财政局"),
            ("gbk", "page", "pdf", "module", "docx", "gbk"), 6,
        ),
        ReplicaPortal(
            "ycq", "www.ycq.gov.cn", "山东省", "枣庄市", "峄城区", "370404",
            ("峄城区人民政府", "峄城区坛山街道办事处", "峄城区吴林街道办事处", "峄城区古邵镇人民政府",
             "峄城区阴平镇人民政府", "峄城区底阁镇人民政府", "峄城区教育和体育局"),
            ("page", "wps", "doc", "page", "docx", "page"), 6,
        ),
        ReplicaPortal(
            "laocheng", "www.laocheng.gov.cn", "河南省", "洛阳市", "老城区", "410302",
            ("洛阳市老城区人民政府", "老城区西关街道办事处", "老城区东南隅街道办事处", "老城区邙山镇人民政府",
             "老城区教育局"),
            ("pdf", "page", "docx", "page"), 5,
        ),
        ReplicaPortal(
            "qingzhou", "www.qingzhou.gov.cn", "山东省", "潍坊市", "青州市", "370781",
            ("青州市人民政府", "青州市王府街道办事处", "青州市益都街道办事处", "青州市云门山街道办事处",
             "青州市教育和体育局"),
            ("page", "pdf", "docx", "page", "pdf"), 5,
        ),
    )
}
"""Sibling portals on the same platforms, served only when a world is built with `siblings=True`: they differ
from the bundled five the ways portals.md says siblings may (column ids, paging protocol, encodings, content
containers, folder names, detail-URL shapes, search page sizes), so a crawl of them proves that a new portal on
a known platform is a config entry."""


def portal_named(name: str) -> ReplicaPortal:
    """A bundled or sibling portal by name."""
    try:
        return PORTALS[name] if name in PORTALS else SIBLINGS[name]
    except KeyError:
        raise KeyError(f"unknown portal {name!r}; one of {', '.join([*PORTALS, *SIBLINGS])}") from None


SEEDS: tuple[SeedReport, ...] = (
    SeedReport("000", "wenshang", "汶上街道办事处", 2024, "page", datetime(2025, 1, 20, 9, 32)),
    SeedReport("001", "xigong", "西工区西工街道办事处", 2024, "pdf", datetime(2025, 1, 22, 16, 5)),
    SeedReport("002", "linqu", "临朐县冶源街道办事处", 2024, "page", datetime(2025, 1, 10, 10, 0)),
    SeedReport("003", "yanzhou", "济宁市兖州区兴隆庄街道", 2022, "images", datetime(2023, 1, 18, 15, 40)),
    SeedReport("004", "zzszq", "市中区矿区街道办事处", 2024, "page", datetime(2025, 1, 22, 15, 3)),
)

_CODE_CHARS = "0123456789ABCDEFGHJKLMNPQRTUWXY"  # the alphabet of 统一社会信用代码 (no I, O, S, V, Z)


def area_code(portal: ReplicaPortal, agency: str) -> str:
    """A stable 18-char 统一社会信用代码-shaped code for an agency (11 = 机关, then the county)."""
    digest = hashlib.sha256(f"{portal.name}/{agency}".encode()).digest()
    body = "".join(_CODE_CHARS[b % 10] for b in digest[:9])
    return f"11{portal.region_code}{body}{_CODE_CHARS[digest[9] % len(_CODE_CHARS)]}"


def publication_time(rng: random.Random, year: int, agency: str) -> datetime:
    """Departments and towns publish in January; a county government by the end of March (条例 art. 49)."""
    if agency.endswith("人民政府") and ("县" in agency[-6:] or "区" in agency[-6:]):
        start, span = datetime(year + 1, 3, 1), 30
    else:
        start, span = datetime(year + 1, 1, 5), 26
    return start + timedelta(days=rng.randrange(span), hours=rng.randrange(8, 18), minutes=rng.randrange(60))


def build_catalogue(seed: int = 2026) -> list[ReportSpec]:
    """All reports of the five bundled replicas, in a stable order."""
    return _draw(random.Random(seed), PORTALS.values())


def build_sibling_catalogue(seed: int = 2026) -> list[ReportSpec]:
    """The reports of the sibling replicas, drawn from a generator of their own so the bundled five keep
    theirs whether or not siblings are served."""
    return _draw(random.Random(f"siblings/{seed}"), SIBLINGS.values())


def _draw(rng: random.Random, portals: Iterable[ReplicaPortal]) -> list[ReportSpec]:
    specs: list[ReportSpec] = []
    for portal in portals:
        for s in SEEDS:
            if s.portal == portal.name:
                specs.append(
                    ReportSpec(
                        f"{portal.name}/seed{s.number}", portal.name, s.agency, area_code(portal, s.agency),
                        s.year, "2021", s.form, s.published, rng.randrange(1 << 30), rng.randrange(10**6, 10**7),
                        seed=s.number,
                    )
                )
        for i in range(portal.reports):
            agency = portal.agencies[i % len(portal.agencies)]
            year = 2021 + (i * 2 + rng.randrange(2)) % 5
            if i < 2:
                year = 2019 + i  # every portal keeps at least one 2019 and one 2020-template report
            while any(x.agency == agency and x.year == year for x in specs):
                year = 2019 + (year - 2018) % 7
            form = portal.forms[i % len(portal.forms)]
            if portal.name == "yanzhou" and i == 0:
                form = "gbk"  # the old 兖州 archive: one GBK page with a wrong charset declaration
            specs.append(
                ReportSpec(
                    f"{portal.name}/{area_code(portal, agency)}/{year}", portal.name, agency,
                    area_code(portal, agency), year, "2019" if year <= 2020 else "2021", form,
                    publication_time(rng, year, agency), rng.randrange(1 << 30), rng.randrange(10**6, 10**7),
                )
            )
    _ensure_unique(specs)
    return specs


def _ensure_unique(specs: list[ReportSpec]) -> None:
    seen: set[str] = set()
    for spec in specs:
        if spec.report_id in seen:
            raise ValueError(f"two reports share the id {spec.report_id}: fix the catalogue draw")
        seen.add(spec.report_id)
