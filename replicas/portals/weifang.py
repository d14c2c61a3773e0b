"""潍坊 xxgk platform (临朐): /xxgk/ is a shell whose list only JavaScript renders, from a JSON search API
`POST /xxgk/els-service/search/new/{page}/{size}`; detail pages at /21/21/<xxid>.html or
/detail/front/details/temp<id>.html; a wzws_sessionid WAF cookie on every answer.
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

from replicas.noise import news_items
from replicas.site import CONTENT_TYPES, ManifestEntry, Site, esc, note_html, stamp
from replicas.web import HTML, Answer, Request, Resource

if TYPE_CHECKING:
    from replicas.content import Rendition

STATIC = stamp(datetime(2025, 6, 1, 9, 0))
SEARCH = re.compile(r"^/xxgk/els-service/search/new/(\d+)/(\d+)$")
JSON_TYPE = "application/json;charset=UTF-8"


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
    def build(self, renditions: list[Rendition], now: datetime | None = None) -> None:
        rng = random.Random(self.host)
        res: dict[str, Resource] = {}
        entries: list[ManifestEntry] = []
        docs: list[_Doc] = []
        for i, r in enumerate(renditions):
            spec = r.spec
            xxid = _xxid(spec.report_id)
            long_id = f"{spec.article_id}{spec.truth_seed % 10**9:09d}"
            path = f"/21/21/{xxid}.html" if i % 2 == 0 else f"/detail/front/details/temp{long_id}.html"
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
            entry.listed_at = [self.url("/xxgk/els-service/search/new/1/15")]
            entries.append(entry)
            docs.append(_Doc(spec.title, self.url(path), spec.published, xxid, spec.agency))
        for item in news_items(rng, self.portal.county, 30):
            xxid = _xxid("news", item.article_id)
            path = f"/21/21/{xxid}.html"
            res[path] = Resource(
                self._detail(item.title, "临朐县人民政府办公室", item.published, xxid, item.body).encode(), HTML,
                stamp(item.published),
            )
            docs.append(_Doc(item.title, self.url(path), item.published, xxid, "临朐县人民政府办公室"))
        docs.sort(key=lambda d: d.when, reverse=True)
        self.delays = {docs[3].url.removeprefix(self.url("")): self.slow_seconds}
        res["/xxgk/index.html"] = res["/xxgk/"] = Resource(SHELL.encode(), HTML, STATIC)
        res["/xxgk"] = Resource(b"", HTML, STATIC, status=302, headers={"Location": "/xxgk/"})
        res["/"] = res["/index.html"] = Resource(self._home().encode(), HTML, STATIC)
        with self._lock:
            self.install(res, entries, now)
            self._docs = docs

    _docs: list[_Doc]

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
        page, size = max(int(m.group(1)), 1), min(max(int(m.group(2)), 1), 100)
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
            f'<!DOCTYPE html><html><head><meta charset="utf-8"><title>临朐县人民政府</title></head><body>{note_html()}'
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
