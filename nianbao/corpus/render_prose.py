"""Reports from before the national template (2008–2018): prose and numbered sections, no statistics tables.

Under the 2008 条例 (article 31) a report stated, in prose, what it disclosed actively, the applications it
received and answered, fees, reviews and lawsuits, problems and plans; the 国办 table template only came with
the 2019 条例. Real pre-2019 reports therefore carry their numbers in sentences ("全年共主动公开政府信息1234条")
under headings like 一、概述 … 六、存在的主要问题及改进措施, often with a closing 附表-less signature. This
module writes such a report from a seed so the generated world (replicas.generated) can publish the 2008–2018
years that a crawler must archive too — with agency, year and dates, and no template cells.
"""

from __future__ import annotations

import html
import io
import random
from dataclasses import dataclass, field
from datetime import date

from nianbao.corpus.agencies import Agency
from nianbao.corpus.truth import SYNTHETIC_NOTICE


@dataclass
class ProseReport:
    """A pre-template report: who, which year, and the numbers its prose states (report-level facts only)."""

    seed: int
    agency: Agency
    year: int
    published: date
    facts: dict[str, int] = field(default_factory=dict)

    @property
    def title(self) -> str:
        return TITLE_FORMS[self.seed % len(TITLE_FORMS)].format(a=self.agency.name, y=self.year)


TITLE_FORMS = (
    "{a}{y}年政府信息公开工作年度报告",
    "{a}{y}年度政府信息公开工作报告",
    "{a}政府信息公开{y}年度工作报告",
    "{a}{y}年政府信息公开年度报告",
)
"""Titles pre-2019 reports used; every one names the year and says 年度报告/年度工作报告."""


def generate(seed: int, agency: Agency, year: int, published: date) -> ProseReport:
    if not 2008 <= year <= 2018:
        raise ValueError(f"a pre-template report is for 2008–2018, not {year}")
    rng = random.Random(seed)
    received = rng.randint(0, 40)
    facts = {
        "active_disclosures": rng.randint(50, 5000),
        "applications_received": received,
        "applications_answered": received - rng.randint(0, min(received, 2)),
        "reviews": rng.randint(0, 3),
        "lawsuits": rng.randint(0, 2),
        "processing_fees": 0,
    }
    return ProseReport(seed, agency, year, published, facts)


def sections(report: ProseReport) -> list[tuple[str, list[str]]]:
    """The numbered sections, each a heading and its paragraphs, every number from `report.facts`."""
    rng = random.Random(report.seed * 17 + 3)
    a, y, f = report.agency, report.year, report.facts
    short = a.short
    overview = [
        f"根据《中华人民共和国政府信息公开条例》（以下简称《条例》）规定，特向社会公布{y}年度{a.name}政府信息公开年度报告。"
        "本报告由概述，主动公开政府信息情况，依申请公开政府信息情况，政府信息公开的收费及减免情况，"
        "因政府信息公开申请提起行政复议、行政诉讼的情况，存在的主要问题及改进措施等部分组成。",
        f"本报告中所列数据的统计期限自{y}年1月1日起至{y}年12月31日止。",
    ]
    active = [
        rng.choice(
            [
                f"{y}年，{short}主动公开政府信息{f['active_disclosures']}条，其中通过政府网站公开"
                f"{f['active_disclosures'] * 3 // 4}条。",
                f"全年共主动公开各类政府信息{f['active_disclosures']}条，主要包括机构职能、政策法规、规划计划、"
                "财政预决算、人事任免等内容。",
            ]
        ),
        "公开形式主要有政府网站、政府公报、公开栏、新闻发布会等。",
    ]
    received, answered = f["applications_received"], f["applications_answered"]
    applications = (
        [f"{y}年，{short}共受理政府信息公开申请{received}件，已按期答复{answered}件，其余正在办理中。"]
        if received
        else [f"{y}年，{short}未收到政府信息公开申请。"]
    )
    fees = ["本年度未收取政府信息公开相关费用，无减免情况。"]
    review = [
        f"{y}年，{short}因政府信息公开被申请行政复议{f['reviews']}件，被提起行政诉讼{f['lawsuits']}件。"
        if f["reviews"] or f["lawsuits"]
        else f"{y}年，{short}未发生因政府信息公开申请行政复议、提起行政诉讼的情况。"
    ]
    problems = [
        "一是公开的及时性和规范性有待加强；二是依申请公开工作机制有待完善。",
        f"{y + 1}年，{short}将进一步完善工作制度，丰富公开载体，不断提高政府信息公开工作水平。",
    ]
    out = [
        ("一、概述", overview),
        ("二、主动公开政府信息情况", active),
        ("三、依申请公开政府信息情况", applications),
        ("四、政府信息公开的收费及减免情况", fees),
        ("五、因政府信息公开申请行政复议、提起行政诉讼的情况", review),
        ("六、存在的主要问题及改进措施", problems),
    ]
    if report.year <= 2012 and report.seed % 2:  # early reports often folded fees into the applications part
        out = [out[0], out[1], (out[2][0], out[2][1] + out[3][1]), out[4], out[5]]
        out = [(f"{'一二三四五'[i]}、{h.split('、', 1)[1]}", p) for i, (h, p) in enumerate(out)]
    return out


def signature(report: ProseReport) -> list[str]:
    d = report.published
    return [report.agency.name, f"{d.year}年{d.month}月{d.day}日"]


def esc(text: str) -> str:
    return html.escape(text, quote=False)


def body_fragment(report: ProseReport) -> str:
    """The report as a portal editor holds it: centred title, the synthetic notice, sections, signature."""
    parts = [
        f'<p style="text-align:center"><strong>{esc(report.title)}</strong></p>',
        f"<p>{esc(SYNTHETIC_NOTICE)}</p>",
    ]
    for heading, paragraphs in sections(report):
        parts.append(f"<p><strong>{esc(heading)}</strong></p>")
        parts += [f"<p>{esc(p)}</p>" for p in paragraphs]
    parts += [f'<p style="text-align:right">{esc(line)}</p>' for line in signature(report)]
    return "\n".join(parts)


def docx(report: ProseReport) -> bytes:
    """The same report as a Word file (python-docx), as many counties attached it."""
    from docx import Document

    doc = Document()
    doc.core_properties.title = report.title
    doc.core_properties.author = report.agency.name
    doc.add_paragraph(report.title)
    doc.add_paragraph(SYNTHETIC_NOTICE)
    for heading, paragraphs in sections(report):
        doc.add_paragraph(heading)
        for text in paragraphs:
            doc.add_paragraph(text)
    for line in signature(report):
        doc.add_paragraph(line)
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()
