"""The rest of a real site: news and notices that share columns with the reports, some of them confusable."""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import datetime, timedelta

_TOPICS = (
    "关于{y}年度政务公开工作要点的通知", "关于做好{y}年政府信息公开工作年度报告编制发布工作的通知",
    "{a}召开政务公开工作推进会", "{a}开展政府开放日活动", "关于公开征求《{a}{y}年民生实事项目》意见的公告",
    "{a}{y}年部门预算公开", "{a}{y}年部门决算公开", "关于调整城乡居民基本医疗保险缴费标准的通知",
    "{a}开展安全生产大检查", "{y}年第{n}季度政务公开工作情况通报", "{a}召开优化营商环境专题会议",
    "关于{y}年秋季学期义务教育招生工作的公告", "{a}政府信息公开指南", "{a}政府信息公开制度",
    "{a}{y}年法治政府建设情况报告", "{a}{y}年国民经济和社会发展统计公报", "{a}关于开展防汛演练的通知",
    "{a}{y}年重点建设项目公示",
)


@dataclass(frozen=True)
class NewsItem:
    """A non-report article: it must be crawled past, never mistaken for a report."""

    title: str
    published: datetime
    article_id: int
    body: str


def news_items(rng: random.Random, county: str, count: int, first_year: int = 2019) -> list[NewsItem]:
    items = []
    for _ in range(count):
        y = rng.randrange(first_year, 2026)
        when = datetime(y, 1, 1, 8) + timedelta(days=rng.randrange(360), minutes=rng.randrange(600))
        title = rng.choice(_TOPICS).format(a=county, y=y, n=rng.randrange(1, 5))
        paragraphs = [
            f"为深入贯彻落实《中华人民共和国政府信息公开条例》，{county}持续推进政务公开标准化规范化建设。",
            f"{when:%Y年%m月%d日}，相关部门负责同志参加会议并讲话，会议对下一阶段重点工作作出部署。",
            "会议要求，各单位要提高思想认识，压实工作责任，确保各项任务落到实处。",
        ]
        body = "".join(f"<p>{p}</p>" for p in paragraphs)
        items.append(NewsItem(title, when, rng.randrange(10**6, 10**7), body))
    return items


OFFSITE_LINKS = (
    ("中国政府网", "http://www.gov.cn/"),
    ("山东省人民政府", "http://www.shandong.gov.cn/"),
    ("国务院客户端", "https://app.www.gov.cn/"),
)
