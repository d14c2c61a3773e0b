"""潍坊 xxgk platform (临朐): /xxgk/ is a shell whose list only JavaScript renders, from a JSON search API
`POST /xxgk/els-service/search/new/{page}/{size}`; detail pages at /21/21/<xxid>.html or
/detail/front/details/temp<id>.html; a wzws_sessionid WAF cookie on every answer.

What differs between sites on the platform is a `WeifangConfig` option, not a second template.
"""

from __future__ import annotations

import hashlib
import json
import math
import random
import re
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import urljoin

from nianbao.replicas.noise import news_items
from nianbao.replicas.site import CONTENT_TYPES, ManifestEntry, Site, esc, note_html, stamp
from nianbao.replicas.web import HTML, Answer, Request, Resource

if TYPE_CHECKING:
    from nianbao.replicas.content import Rendition

STATIC = stamp(datetime(2025, 6, 1, 9, 0))
SEARCH_PATH = "/xxgk/els-service/search/new"
SEARCH = re.compile(rf"^{SEARCH_PATH}/(\d+)/(\d+)$")
JSON_TYPE = "application/json;charset=UTF-8"


@dataclass(frozen=True)
class WeifangConfig:
    """How one county site of the platform lays out its catalogue."""

    office: str  # the agency publishing the site's news
    long_ids_only: bool = False  # every detail page at /detail/front/details/temp<id>.html (else alternating)
    relative_urls: bool = False  # the search service answers site-relative `url`s
    page_cap: int | None = None  # the service answers at most this many docs a page, whatever size is asked
    news: int = 30


CONFIGS = {
    "www.linqu.gov.cn": WeifangConfig("临朐县人民政府办公室"),
    # a sibling (served with World(siblings=True)): only the long-id detail shape, relative result URLs, and a
    # service that pages by 2 whatever size the client asks, so several pages are needed
    "www.qingzhou.gov.cn": WeifangConfig(
        "青州市人民政府办公室", long_ids_only=True, relative_urls=True, page_cap=2, news=12
    ),
}
LISTED_SIZE = 15  # the page size the manifest names in `listed_at`
REPORT_SUBJECT = "年度报告"


@dataclass
class _Doc:
    subject: str
    url: str
    when: datetime
    xxid: str
    agency: str


def _xxid(*parts: object) -> str:
    return hashlib.sha1("/".join(map(str, parts)).encode()).hexdigest()[:32]


def epoch_ms(when: datetime) -> int:
    """fwdate is epoch milliseconds of the Beijing wall-clock time."""
    return int(stamp(when).timestamp() * 1000)


class WeifangSite(Site):
    @property
    def cfg(self) -> WeifangConfig:
        return CONFIGS[self.host]

    def build(self, renditions: list[Rendition], now: datetime | None = None) -> None:
        cfg = self.cfg
        rng = random.Random(self.host)
        res: dict[str, Resource] = {}
        entries: list[ManifestEntry] = []
        docs: list[_Doc] = []
        for i, r in enumerate(renditions):
            spec = r.spec
            xxid = _xxid(spec.report_id)
            long_id = f"{spec.article_id}{spec.truth_seed % 10**9:09d}"
            short = i % 2 == 0 and not cfg.long_ids_only
            path = f"/21/21/{xxid}.html" if short else f"/detail/front/details/temp{long_id}.html"
            entry = self.new_entry(r)
            content = r.fragment
            if r.file is not None and r.file_ext:
                fpath = f"/upload/{spec.published:%Y/%m}/{xxid}.{r.file_ext}"
                res[fpath] = Resource(r.file, CONTENT_TYPES[r.file_ext], stamp(spec.published))
                content += f'<p>附件：<a href="{fpath}">{esc(spec.title)}.{r.file_ext}</a></p>'
                entry.document_url = self.url(fpath)
                entry.attachment_urls = [entry.document_url]
            res[path] = Resource(
                self._detail(spec.title, spec.agency, spec.published, xxid, content).encode(), HTML,
                stamp(spec.published),
            )
            entry.page_url = self.url(path)
            entry.document_url = entry.document_url or entry.page_url
            entry.listed_at = [self.url(f"{SEARCH_PATH}/1/{LISTED_SIZE}")]
            entries.append(entry)
            docs.append(_Doc(spec.title, self._href(path), spec.published, xxid, spec.agency))
        for item in news_items(rng, self.portal.county, cfg.news):
            xxid = _xxid("news", item.article_id)
            path = f"/detail/front/details/temp{item.article_id}.html" if cfg.long_ids_only else f"/21/21/{xxid}.html"
            res[path] = Resource(
                self._detail(item.title, cfg.office, item.published, xxid, item.body).encode(), HTML,
                stamp(item.published),
            )
            docs.append(_Doc(item.title, self._href(path), item.published, xxid, cfg.office))
        docs.sort(key=lambda d: d.when, reverse=True)
        if cfg.page_cap is not None:
            self._list_pages(entries, docs, cfg.page_cap)
        self.delays = {docs[3].url.removeprefix(self.url("")): self.slow_seconds}
        shell = SHELL.replace(TEMPLATE_COUNTY, self.portal.county)
        res["/xxgk/index.html"] = res["/xxgk/"] = Resource(shell.encode(), HTML, STATIC)
        res["/xxgk"] = Resource(b"", HTML, STATIC, status=302, headers={"Location": "/xxgk/"})
        res["/"] = res["/index.html"] = Resource(self._home().encode(), HTML, STATIC)
        with self._lock:
            self.install(res, entries, now)
            self._docs = docs

    _docs: list[_Doc]

    def _href(self, path: str) -> str:
        """A detail page as the search service names it: absolute, or site-relative on some sites."""
        return path if self.cfg.relative_urls else self.url(path)

    def _list_pages(self, entries: list[ManifestEntry], docs: list[_Doc], cap: int) -> None:
        """Where each report is listed when the service pages by `cap`: the search for 年度报告, page by page."""
        found = [d for d in docs if REPORT_SUBJECT in d.subject]
        for entry in entries:
            rank = next(i for i, d in enumerate(found) if urljoin(self.url("/"), d.url) == entry.page_url)
            entry.listed_at = [self.url(f"{SEARCH_PATH}/{rank // cap + 1}/{cap}")]

    def dynamic(self, request: Request) -> Answer | None:
        m = SEARCH.match(request.path)
        if not m:
            return None
        if request.method != "POST":
            return Answer.of(json.dumps({"code": 405, "msg": "Request method 'GET' not supported"}), JSON_TYPE, 405)
        try:
            query = json.loads(request.body or b"{}")
            if not isinstance(query, dict):
                raise ValueError("body must be a JSON object")
        except ValueError as exc:
            return Answer.of(json.dumps({"code": 400, "msg": f"bad request body: {exc}"}), JSON_TYPE, 400)
        page, size = max(int(m.group(1)), 1), min(max(int(m.group(2)), 1), self.cfg.page_cap or 100)
        subject = str(query.get("subject") or "").strip()
        docs = [d for d in self._docs if not subject or all(w in d.subject for w in subject.split())]
        chosen = docs[(page - 1) * size : page * size]
        data = {
            "total": len(docs),
            "pages": max(1, math.ceil(len(docs) / size)),
            "page": page,
            "resultDocs": [
                {"subject": d.subject, "fwdate": epoch_ms(d.when), "url": d.url, "xxid": d.xxid, "fwjg": d.agency,
                 "note": "nianbao测试用合成数据"}
                for d in chosen
            ],
        }
        return Answer.of(json.dumps({"code": 200, "msg": "success", "data": data}, ensure_ascii=False), JSON_TYPE)

    def _home(self) -> str:
        return (
            f'<!DOCTYPE html><html><head><meta charset="utf-8"><title>{self.portal.county}人民政府</title></head>'
            f"<body>{note_html()}"
            '<ul><li><a href="/xxgk/">政府信息公开</a></li><li><a href="http://www.weifang.gov.cn/">潍坊市人民政府</a>'
            "</li></ul></body></html>"
        )

    def _detail(self, title: str, agency: str, when: datetime, xxid: str, content: str) -> str:
        return (
            f'<!DOCTYPE html><html><head><meta charset="utf-8"><title>{esc(title)}</title></head>'
            f'<body>{note_html()}<table class="xxgk-info">'
            f"<tr><td>索引号：</td><td>{xxid[:8]}-{when:%Y}-{xxid[8:12]}</td>"
            f"<td>发布机构：</td><td>{esc(agency)}</td></tr><tr><td>成文日期：</td><td>{when:%Y-%m-%d}</td>"
            f"<td>发布日期：</td><td>{when:%Y-%m-%d}</td></tr><tr><td>标题：</td><td colspan='3'>{esc(title)}</td></tr>"
            f'</table><div class="detail-title">{esc(title)}</div><div class="detail-content" id="zoom">{content}</div>'
            "</body></html>"
        )


SHELL = (Path(__file__).parent.parent / "templates" / "weifang_xxgk.html").read_text(encoding="utf-8")
TEMPLATE_COUNTY = "临朐县"  # the template's county, replaced by each site's
