"""The other pages of a paged list, whatever pager draws them.

Portals page a column in a handful of ways: `index.html`, `index_1.html` … announced by TRS's
`createPageHTML(pages, current, "index", "html")` (0-based: page N is `index_N`); `index_2.html` … or
`list_2.shtml` linked by a pager of numbers (1-based); `?page=2`, `pageIndex=2`, `pageNo=2`, `currPage=2` in
the query; a script that builds `"index_" + i + ".shtml"`; and a "共N页" line or a `totalPage = N` variable
that says how many there are while the pager shows only a few numbers. So the shape of the next page is read
from any link (or script) that differs from another page only by its number, and the count from the page's
words or variables; every page is then listed at once from the first page, so the crawl need not walk a
"下一页" chain one fetch at a time.
"""

from __future__ import annotations

import re
from urllib.parse import parse_qsl, urlencode, urljoin, urlsplit, urlunsplit

from parsel import Selector

_CREATE_PAGE = re.compile(
    r"createPageHTML\(\s*['\"]?([\w$]+)['\"]?\s*,\s*['\"]?([\w$]+)['\"]?\s*,\s*['\"]([\w-]+)['\"]\s*,\s*['\"](\w+)['\"]"
)
#: How many pages a list says it has.
_TOTAL_TEXT = re.compile(r"共\s*(\d{1,4})\s*页|第\s*\d+\s*/\s*(\d{1,4})\s*页|\d+\s*/\s*(\d{1,4})\s*页")
_TOTAL_VAR = re.compile(
    r"(?<![\w$])(?:countPage|totalPage|totalPages|pageCount|pagecount|page_count|maxPage|pageTotal|totalpage|pages)"
    r"\s*[=:]\s*['\"]?(\d{1,4})"
)
#: A page number in a path (`index_2.html`, `list-3.shtml`, `/page/4.html`) or in the query.
_PATH_NUMBER = re.compile(r"^(.*?[_/-])(\d{1,4})(\.s?html?|\.jsp|\.aspx?|\.php|/)?$")
_QUERY_PAGE = re.compile(
    r"^(?:page|pageNo|pageno|pageIndex|pageindex|pageNum|pagenum|currPage|curPage|currpage|p|pn|"
    r"page_no|page_index|cp)$"
)
_SCRIPT_TEMPLATE = re.compile(
    r"['\"]([\w./-]*?(?:index|list|page|default)[_-]?)['\"]\s*\+\s*\(?\s*[\w$.]+\s*(?:[+-]\s*\d+\s*)?\)?\s*\+\s*"
    r"['\"](\.s?html?)['\"]"
)
_QUERY_TEMPLATE = re.compile(
    r"['\"]([^'\"\s]*?[?&](?:page|pageNo|pageno|pageIndex|pageindex|pageNum|pagenum|currPage|curPage|p|pn|cp)=)['\"]"
    r"\s*\+"
)
_LAST = re.compile(r"尾页|末页|最后一页|last", re.I)
MAX_PAGES = 500


def static_pages(response_text: str, url: str) -> list[str]:
    """The other pages of a TRS-style static list: `createPageHTML(pages, current, "index", "html")`.

    Page 0 is `index.html`, page N is `index_N.html`, all in the list's own folder. Only the first page
    announces the rest, so every page is listed once however the crawl enters the list. The other common
    list template passes variables set just before the call (`var countPage = 3`, `var currentPage = 0`).
    """
    match = _CREATE_PAGE.search(response_text)
    if not match:
        return []
    before = response_text[: match.start()]
    pages, current = _script_number(match.group(1), before), _script_number(match.group(2), before)
    stem, ext = match.group(3), match.group(4)
    if pages is None or current != 0:
        return []
    return [urljoin(url, f"{stem}_{n}.{ext}") for n in range(1, min(pages, MAX_PAGES))]


def _script_number(token: str, text: str) -> int | None:
    """A pager argument: a number as written, or the number last assigned (in `text`, the script before the
    call) to the variable it names; None when it cannot be read."""
    if token.isdigit():
        return int(token)
    assigned = re.findall(rf"(?<![\w$.]){re.escape(token)}\s*=\s*['\"]?(\d+)", text)
    return int(assigned[-1]) if assigned else None


def total_pages(sel: Selector, text: str) -> int | None:
    """How many pages the list says it has: 共N页 in its words, else a page-count variable of its scripts."""
    words = " ".join(sel.xpath("//body//text()[not(ancestor::script)]").getall())
    hit = _TOTAL_TEXT.search(words)
    if hit:
        return int(next(g for g in hit.groups() if g))
    scripts = " ".join(sel.xpath("//script/text()").getall()) or text
    found = _TOTAL_VAR.search(scripts)
    return int(found.group(1)) if found else None


def numbered_pages(sel: Selector, url: str, pager_links: list[tuple[str, str]]) -> list[str]:
    """Every page of a list whose pager links differ only by a number: the shape is read from those links,
    the count from the page (or the highest number linked, or the 尾页 link's)."""
    shapes: dict[tuple[str, ...], list[tuple[int, str]]] = {}
    for link, text in pager_links:
        shape = _shape(link, url)
        if shape is not None:
            key, number = shape
            shapes.setdefault(key, []).append((number, text))
    script = " ".join(sel.xpath("//script/text()").getall())
    template = _SCRIPT_TEMPLATE.search(script)
    query_template = _QUERY_TEMPLATE.search(script)
    if not shapes and template is None and query_template is None:
        return []
    total = total_pages(sel, script)
    found: list[str] = []
    for key, numbers in shapes.items():
        last = max((n for n, t in numbers if _LAST.search(t)), default=None)
        seen = max(n for n, _ in numbers)
        zero_based = min(n for n, _ in numbers) == 1 and key[0] == "path" and _is_first(url, key)
        high = last if last is not None else (total - 1 if zero_based and total else total) or seen
        low = 1 if zero_based else 2
        found += [_build(key, n) for n in range(low, min(max(high, seen), MAX_PAGES) + 1)]
    if template is not None and total:
        stem, ext = template.group(1), template.group(2)
        found += [urljoin(url, f"{stem}{n}{ext}") for n in range(1, min(total, MAX_PAGES))]
    if query_template is not None and total:  # goPage(p){location.href='list.do?catId=1&pageNo='+p}
        found += [urljoin(url, f"{query_template.group(1)}{n}") for n in range(2, min(total, MAX_PAGES) + 1)]
    return [u for u in dict.fromkeys(found) if u != url]


def _shape(link: str, base: str) -> tuple[tuple[str, ...], int] | None:
    """(the link's shape with its page number taken out, that number), when `link` is another page of `base`:
    the same folder with a numbered file name, or the same path with a page parameter."""
    a, b = urlsplit(link), urlsplit(base)
    if a.netloc != b.netloc:
        return None
    query = parse_qsl(a.query, keep_blank_values=True)
    for i, (name, value) in enumerate(query):
        if _QUERY_PAGE.match(name) and value.isdigit() and a.path == b.path:
            rest = tuple(f"{k}={v}" for k, v in query[:i] + query[i + 1 :])
            return ("query", a.scheme, a.netloc, a.path, name, str(i), *rest), int(value)
    folder = b.path.rsplit("/", 1)[0] + "/"
    hit = _PATH_NUMBER.match(a.path)
    if hit and a.path.startswith(folder) and "/" not in a.path[len(folder) :].rstrip("/"):
        return ("path", a.scheme, a.netloc, hit.group(1), hit.group(3) or "", a.query), int(hit.group(2))
    return None


def _build(key: tuple[str, ...], number: int) -> str:
    if key[0] == "query":
        _, scheme, netloc, path, name, index, *rest = key
        pairs = [tuple(r.split("=", 1)) for r in rest]
        pairs.insert(int(index), (name, str(number)))
        return urlunsplit((scheme, netloc, path, urlencode(pairs), ""))
    _, scheme, netloc, stem, ext, query = key
    return urlunsplit((scheme, netloc, f"{stem}{number}{ext}", query, ""))


def _is_first(url: str, key: tuple[str, ...]) -> bool:
    """Whether `url` is the unnumbered first page of the shape (`index.html` beside `index_1.html`)."""
    return not urlsplit(url).path.startswith(key[3]) or _PATH_NUMBER.match(urlsplit(url).path) is None
