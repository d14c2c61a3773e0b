"""Lists drawn by script: the JSON call a page makes, found in its scripts and replayed.

A column whose HTML holds no rows usually fills them from one request its script makes — `fetch(url, {method,
body})`, `$.ajax({url, type, data})`, `$.post(url, data)`, `$.getJSON(url)`, `xhr.open("POST", url)` — and
the answer is JSON with a list of records that each carry a title and a link. Replaying that request is
cheaper and more complete than rendering (a rendered page shows one page of results), so it is preferred; the
spider renders the page in Chromium when no call is found or the replay reads nothing (crawler.platforms.
generic). Records are read by what they hold, not by a platform's field names: the string that is a URL or a
path is the link, the longest Chinese string the title. Paging: the answer's page count or total, and the
page parameter of the call (`page`, `pageNo`, `pageIndex`, `currentPage` … in the URL, the path or the body).
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any
from urllib.parse import parse_qsl, urlencode, urljoin, urlsplit, urlunsplit

from nianbao.crawler.discovery import is_row_text
from nianbao.crawler.recognition import is_report_title

if TYPE_CHECKING:
    from scrapy.http import TextResponse

    from nianbao.crawler.platforms.base import Lead

JSON_SHAPE = "json-list"
# the URL may be built by concatenation: 'list?pageIndex=' + n + '&pageSize=8'
_URL_EXPR = r"(['\"][^'\"]+['\"](?:\s*\+\s*(?:['\"][^'\"]*['\"]|[\w$.]+(?:\(\))?))*)"
_CALL = re.compile(
    rf"(?:fetch|\$\.(?:get|post|getJSON)|axios\.(?:get|post))\(\s*{_URL_EXPR}"
    rf"|\burl\s*:\s*{_URL_EXPR}"
    rf"|\.open\(\s*['\"](?:GET|POST)['\"]\s*,\s*{_URL_EXPR}",
    re.IGNORECASE,
)
_PIECE = re.compile(r"['\"]([^'\"]*)['\"]|([\w$.]+(?:\(\))?)")
_POST = re.compile(r"""(?:method|type)\s*:\s*['"]post['"]|\$\.post\(|axios\.post\(|\.open\(\s*['"]POST""", re.I)
_OBJECT = re.compile(r"(?:JSON\.stringify\(|data\s*:\s*|body\s*:\s*)(\{[^{}]*\})")
_PAGE_KEYS = ("page", "pageNo", "pageIndex", "pageNum", "currentPage", "curPage", "currPage", "p", "pn", "pageNumber")
_SIZE_KEYS = ("size", "pageSize", "rows", "limit", "perPage", "pagesize")
_COUNT_KEYS = ("pages", "totalPage", "totalPages", "pageCount", "pagecount", "totalpage")
_TOTAL_KEYS = ("total", "totalCount", "totalRecord", "count", "recordCount", "totalElements")
_DATA_URL = re.compile(r"\.(?:js|css|png|jpe?g|gif|svg|ico|woff2?)(?:\?|$)", re.I)
_LINKISH = re.compile(r"^(?:https?://|/|\./|\.\./)|\.(?:s?html?|jsp|aspx?|php|pdf|docx?|wps)(?:\?|$)", re.I)
_CHINESE = re.compile(r"[\u4e00-\u9fff]")
MAX_PAGES = 200


@dataclass(frozen=True, eq=False)
class Call:
    """One request a page's script makes for its list."""

    url: str
    method: str
    body: dict[str, Any] | None

    def lead(self, parent: Lead, fallback: Lead | None = None, page: int | None = None) -> Lead:
        from nianbao.crawler.platforms.base import Role

        url, body = self.url, self.body
        if page is not None:
            url, body = _with_page(url, body, page)
        raw = json.dumps(body, ensure_ascii=False).encode("utf-8") if body is not None else None
        headers = {"Accept": "application/json, text/javascript, */*"}
        if raw is not None:
            headers["Content-Type"] = "application/json;charset=UTF-8"
        return parent.follow(
            url=url,
            role=Role.LIST,
            method=self.method,
            body=raw,
            headers=headers,
            shape=JSON_SHAPE,
            # the page the list is drawn into: the records' relative links resolve against it
            data={
                "call": self,
                "page": page or _page_of(url, body) or 1,
                "page_url": parent.data.get("page_url") or parent.url,
            },
            fallback=fallback,
            depth=parent.depth,
        )


def script_calls(response: TextResponse) -> list[Call]:
    """The list requests the page's inline scripts make (not script or style files they load)."""
    calls: list[Call] = []
    for script in response.selector.xpath("//script[not(@src)]/text()").getall():
        for match in _CALL.finditer(script):
            target = _concatenated(next(g for g in match.groups() if g), script)
            if _DATA_URL.search(target) or target.startswith(("javascript:", "#")):
                continue
            window = script[max(0, match.start() - 200) : match.end() + 400]
            method = "POST" if _POST.search(window) else "GET"
            calls.append(Call(urljoin(response.url, target), method, _object(window, script)))
    unique = {(c.url, c.method, json.dumps(c.body, sort_keys=True)): c for c in reversed(calls)}
    return list(reversed(unique.values()))


def _concatenated(expression: str, script: str) -> str:
    """A URL written as a concatenation of literals and variables: a variable after `pageIndex=` (any page key)
    is page 1 (the replay sets the page), another one the value the script last assigned to it, or empty."""
    out = ""
    for literal, name in _PIECE.findall(expression):
        if not name:
            out += literal
        elif re.search(rf"(?:^|[?&])(?:{'|'.join(_PAGE_KEYS)})=$", out):
            out += "1"
        else:
            assigned = re.findall(rf"(?<![\w$.]){re.escape(name)}\s*=\s*['\"]?([\w.-]*)", script)
            out += assigned[-1] if assigned else ""
    return out


def json_leads(response: TextResponse, lead: Lead, allows: Callable[[str], bool]) -> list[Lead]:
    """Candidates from a replayed answer's records (on hosts `allows` accepts), and the call again for each
    further page (from page 1)."""
    from nianbao.crawler.platforms.base import Role

    try:
        answer = json.loads(response.text)
    except ValueError:
        return []
    leads: list[Lead] = []
    records = list(_records(answer))
    base = str(lead.data.get("page_url") or response.url)
    for url, title in records:
        url = urljoin(base, url)
        if not allows(url):
            continue
        if is_report_title(title) or (lead.context and is_row_text(title)):
            leads.append(
                lead.follow(
                    url=url,
                    role=Role.CANDIDATE,
                    title=title,
                    method="GET",
                    body=None,
                    headers={},
                    shape="",
                    data={},
                    fallback=None,
                )
            )
    call, page = lead.data.get("call"), int(lead.data.get("page", 1))
    if isinstance(call, Call) and page == 1 and records:
        pages = _pages(answer, len(records))
        leads += [call.lead(lead, page=n) for n in range(2, min(pages, MAX_PAGES) + 1)]
    return leads


def _records(node: Any) -> Iterator[tuple[str, str]]:
    """(link, title) of every record in the answer: a dict holding a link-like string and a Chinese one."""
    if isinstance(node, list):
        for item in node:
            yield from _records(item)
    elif isinstance(node, dict):
        strings = {k: v.strip() for k, v in node.items() if isinstance(v, str) and v.strip()}
        link = next((v for v in strings.values() if _LINKISH.search(v) and not _CHINESE.search(v)), None)
        titles = [v for v in strings.values() if _CHINESE.search(v) and not _LINKISH.match(v)]
        if link and titles:
            yield link, max(titles, key=len)
        for value in node.values():
            if isinstance(value, list | dict):
                yield from _records(value)


def _pages(answer: Any, served: int) -> int:
    """How many pages the answer says there are (its count, or its total over this page's size)."""
    for node in _dicts(answer):
        for key in _COUNT_KEYS:
            if isinstance(node.get(key), int) and not isinstance(node.get(key), bool):
                return int(node[key])
        for key in _TOTAL_KEYS:
            value = node.get(key)
            if isinstance(value, int) and not isinstance(value, bool) and served:
                return -(-value // served)
    return 1


def _dicts(node: Any, depth: int = 0) -> Iterator[dict[str, Any]]:
    if isinstance(node, dict) and depth < 3:
        yield node
        for value in node.values():
            yield from _dicts(value, depth + 1)


def _object(window: str, script: str = "") -> dict[str, Any] | None:
    """The request body written as an object literal near the call, when it is plain enough to read. A value
    that is a variable is the page number for a page key (the replay sets it), else the number or string the
    script last assigned to it (`var pageSize=8`), else left out."""
    match = _OBJECT.search(window)
    if not match:
        return None
    text = re.sub(r"([{,]\s*)([A-Za-z_$][\w$]*)\s*:", r'\1"\2":', match.group(1)).replace("'", '"')

    def value(m: re.Match[str]) -> str:
        key, name = m.group(1), m.group(2)
        if name in ("true", "false", "null"):
            return m.group(0)
        if key in _PAGE_KEYS:
            return f'"{key}":1'
        assigned = re.findall(rf"(?<![\w$.]){re.escape(name)}\s*=\s*(\d+|'[^']*'|\"[^\"]*\")", script)
        return f'"{key}":{assigned[-1].replace(chr(39), chr(34))}' if assigned else f'"{key}":null'

    text = re.sub(r'"(\w+)"\s*:\s*([A-Za-z_$][\w$.]*(?:\s*[-+*/]\s*[\w$.]+)*)', value, text)
    try:
        parsed = json.loads(text)
    except ValueError:
        return None
    return {k: v for k, v in parsed.items() if v is not None} if isinstance(parsed, dict) else None


def _page_of(url: str, body: dict[str, Any] | None) -> int | None:
    for key, value in [*parse_qsl(urlsplit(url).query), *((body or {}).items())]:
        if key in _PAGE_KEYS and str(value).isdigit():
            return int(value)
    return None


def _with_page(url: str, body: dict[str, Any] | None, page: int) -> tuple[str, dict[str, Any] | None]:
    """The call for another page: its page parameter set wherever the call carries one (query, body, or a
    number as the path's last-but-one segment, `/search/{page}/{size}`); a `page` query parameter if none."""
    if body is not None and any(k in body for k in _PAGE_KEYS):
        return url, {k: (page if k in _PAGE_KEYS else v) for k, v in body.items()}
    parts = urlsplit(url)
    query = parse_qsl(parts.query, keep_blank_values=True)
    if any(k in _PAGE_KEYS for k, _ in query):
        query = [(k, str(page) if k in _PAGE_KEYS else v) for k, v in query]
        return urlunsplit(parts._replace(query=urlencode(query))), body
    segments = parts.path.split("/")
    if len(segments) >= 3 and segments[-1].isdigit() and segments[-2].isdigit():
        segments[-2] = str(page)
        return urlunsplit(parts._replace(path="/".join(segments))), body
    return urlunsplit(parts._replace(query=urlencode([*query, ("page", str(page))]))), body
