"""The 潍坊 xxgk platform (weifang.gov.cn/xxgk/ and county sites such as linqu.gov.cn/xxgk/).

The catalogue page is drawn by JavaScript from a search service,
`POST /xxgk/els-service/search/new/{page}/{size}` with a JSON body, answering
`{"data": {"resultDocs": [{"subject", "fwdate", "url", "xxid"}, …]}}`. Both ways in are used: with the option
`render_list` the page is rendered in Chromium (what a visitor sees, whatever the script asks), and the search
is replayed as plain JSON for every result page (the rendered page shows only the first).

Options: `render_list` (bool), `search_subject` (default 年度报告), `search_size` (default 20),
`search_path` (default /xxgk/els-service/search/new).
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any, ClassVar
from urllib.parse import urljoin, urlsplit

from nianbao.crawler.platforms.base import Lead, Platform, Role, unique
from nianbao.crawler.recognition import is_report_title

if TYPE_CHECKING:
    from scrapy.http import TextResponse

    from nianbao.crawler.portals import PortalConfig

SEARCH_PATH = "/xxgk/els-service/search/new"
SEARCH_SHAPE = "els-search"


class WeifangSearch(Platform):
    name: ClassVar[str] = "weifang"

    def start(self, portal: PortalConfig) -> list[Lead]:
        browser = bool(portal.option("render_list", False))
        leads = [Lead(url, Role.LIST, browser=browser and _is_catalogue(url)) for url in portal.start_urls]
        for url in portal.start_urls:
            if _is_catalogue(url):
                leads.append(search_lead(url, portal, page=1, depth=1))
        return unique(leads)

    def parse_list(self, response: TextResponse, lead: Lead, portal: PortalConfig) -> list[Lead]:
        if lead.shape == SEARCH_SHAPE:
            return self.parse_data(response, lead, portal)
        return unique(self.discover(response, lead, portal))

    def parse_data(self, response: TextResponse, lead: Lead, portal: PortalConfig) -> list[Lead]:
        """One page of search results: report candidates, and the next page while the service says there are
        more (its `pages` or `total`), or, when it says nothing, while pages come back full."""
        try:
            answer = json.loads(response.text)
            docs = _result_docs(answer)
        except (ValueError, TypeError) as exc:
            raise ValueError(f"search service answered no result list: {exc}") from exc
        leads: list[Lead] = []
        for doc in docs:
            url, subject = doc.get("url"), str(doc.get("subject") or doc.get("title") or "")
            if not isinstance(url, str) or not url.strip():
                continue
            url = urljoin(response.url, url.strip())
            if portal.allows(url) and (is_report_title(subject) or "报告" in subject):
                leads.append(lead.follow(url=url, role=Role.CANDIDATE, title=subject, shape="", data={},
                                         method="GET", body=None, headers={}))
        page, size = int(lead.data.get("page", 1)), int(lead.data.get("size", 20))
        if _more_pages(answer["data"], page, size, len(docs)):
            leads.append(search_lead(response.url, portal, page=page + 1, depth=lead.depth + 1))
        return leads


def search_lead(base: str, portal: PortalConfig, page: int, depth: int) -> Lead:
    size = int(portal.option("search_size", 20))
    path = str(portal.option("search_path", SEARCH_PATH)).rstrip("/")
    body = {
        "fwzt": 3,
        "isSearch": "1",
        "tab": "all",
        "subject": str(portal.option("search_subject", "年度报告")),
    }
    return Lead(
        urljoin(base, f"{path}/{page}/{size}"),
        Role.LIST,
        method="POST",
        body=json.dumps(body, ensure_ascii=False).encode("utf-8"),
        headers={"Content-Type": "application/json;charset=UTF-8", "Accept": "application/json"},
        shape=SEARCH_SHAPE,
        data={"page": page, "size": size},
        depth=depth,
    )


def _is_catalogue(url: str) -> bool:
    return urlsplit(url).path.rstrip("/").endswith("/xxgk") or urlsplit(url).path.startswith("/xxgk/")


def _more_pages(data: dict[str, Any], page: int, size: int, served: int) -> bool:
    """Whether a page follows this one. A service may serve fewer docs a page than the size asked (a cap of its
    own), so a short page ends the list only when the answer names neither its page count nor its total."""
    if served == 0:
        return False
    pages, total = data.get("pages"), data.get("total")
    if isinstance(pages, int) and not isinstance(pages, bool):
        return page < pages
    if isinstance(total, int) and not isinstance(total, bool):
        return page * served < total
    return served >= size


def _result_docs(answer: Any) -> list[dict[str, Any]]:
    data = answer.get("data") if isinstance(answer, dict) else None
    docs = data.get("resultDocs") if isinstance(data, dict) else None
    if not isinstance(docs, list):
        raise TypeError("no data.resultDocs")
    return [d for d in docs if isinstance(d, dict)]
