"""Hanweb JCMS (大汉网络), the 济宁 platform: wenshang.gov.cn, yanzhou.gov.cn and their siblings.

What portals.md records of it, and how each piece is read here:
- column pages keep their list as `<record><![CDATA[<li><a href title>…]]></record>` inside a
  `<script type="text/xml"><datastore>`; an HTML parser sees script text, so the records are cut out of it and
  parsed on their own. Link text is truncated with "..."; `@title` holds the full title.
- the pager script `$('#unit').jpage({totalRecord, perPage, groupSize, proxyUrl…})` gives the totals; the page
  embeds the first groupSize × perPage records and the rest come from
  `POST dataproxy.jsp?startrecord=&endrecord=&perpage=` (form: col, appid, webid, path, columnid,
  sourceContentType, unitid, webname, permissiontype), with `GET dataproxy.jsp?page=N&…` as the fallback.
- the xxgk catalogue is an empty shell filled by `/module/xxgk/script/dynamic.js` from
  `POST /module/xxgk/search.jsp`; its rows are `tr.tr_main_value_odd/even`, its pager says `共N页`.
- the annual-report module serves one report per unit and year at `xxgkAnnualReport.jsp?area=&fbtime=`.
- attachments are served twice, `downfile.jsp?…filename=<hex>.pdf` and `/attach/0/<hex>.pdf`: one document,
  kept under the `/attach/` URL with the download URL as its alias.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, ClassVar
from urllib.parse import parse_qsl, urlencode, urljoin, urlsplit

from parsel import Selector

from nianbao.crawler.discovery import is_row_text
from nianbao.crawler.platforms.base import Lead, Platform, Role, absolute, is_attachment_url, script_target, unique
from nianbao.crawler.recognition import is_report_column, is_report_title, page_title

if TYPE_CHECKING:
    from scrapy.http import TextResponse

    from nianbao.crawler.portals import PortalConfig

_RECORD = re.compile(r"<record>\s*<!\[CDATA\[(.*?)\]\]>\s*</record>", re.S | re.I)
_NEXTGROUP = re.compile(r"<nextgroup>\s*<!\[CDATA\[(.*?)\]\]>\s*</nextgroup>", re.S | re.I)
_DATASTORE = re.compile(r"<datastore>.*?</datastore>", re.S | re.I)
_JPAGE = re.compile(r"\$\(\s*['\"]#([\w-]+)['\"]\s*\)\s*\.jpage\(\s*\{(.*?)\}\s*\)", re.S)
_CONFIG_ITEM = re.compile(r"(\w+)\s*:\s*(?:'([^']*)'|\"([^\"]*)\"|([\w.-]+))")
_XXGK_SHELL = re.compile(r"/module/xxgk/(?:script/dynamic\.js|search\.jsp)")
_TOTAL_PAGES = re.compile(r"共\s*(\d+)\s*页")
_HEX_NAME = re.compile(r"^[0-9a-fA-F]{16,64}\.\w+$")
PROXY_FIELDS = ("col", "appid", "webid", "path", "columnid", "sourceContentType", "unitid", "webname", "permissiontype")
XXGK_FIELDS = ("infotypeId", "area", "divid", "currpage", "fbtime", "sortfield", "jdid", "standardXxgk", "vc_title")


class Hanweb(Platform):
    """Options: `xxgk_infotype` (the catalogue category of annual reports, when the shell does not say)."""

    name: ClassVar[str] = "hanweb"

    # --- list pages -----------------------------------------------------------------------------------
    def parse_list(self, response: TextResponse, lead: Lead, portal: PortalConfig) -> list[Lead]:
        if lead.shape == "jpage-proxy":
            return self.parse_proxy(response, lead)
        if lead.shape == "xxgk-search":
            return self.parse_xxgk_search(response, lead)
        sel = response.selector
        about_reports = _about_reports(sel, response.url, lead)
        leads: list[Lead] = []
        for unitid, store in _datastores(response.text):
            leads += _record_leads(store, response.url, lead, about_reports)
            if about_reports:
                leads += _later_pages(response, sel, unitid, store, lead)
        if _XXGK_SHELL.search(response.text):
            category = _report_category(sel)
            if category or about_reports:
                leads += _xxgk_first_page(response, lead, portal, category)
        for url, text in _report_module_links(sel, response.url):
            leads.append(lead.follow(url=url, role=Role.CANDIDATE, title=text))
        leads += self.discover(response, lead, portal)
        return unique(leads)

    def parse_data(self, response: TextResponse, lead: Lead, portal: PortalConfig) -> list[Lead]:
        return self.parse_list(response, lead, portal)

    def parse_proxy(self, response: TextResponse, lead: Lead) -> list[Lead]:
        """A dataproxy.jsp answer: a bare <datastore> of records. Nonsense → the GET fallback, if any."""
        # the records are drawn into the column page, so their relative links resolve against that page, not
        # against dataproxy.jsp (a record's `../art/…` from /module/web/jpage/ is a 404)
        base = str(lead.data.get("page_url") or response.url)
        records = _record_leads(response.text, base, lead, about_reports=True)
        if not records and not _DATASTORE.search(response.text) and lead.fallback is not None:
            return [lead.fallback]
        then = lead.data.get("then")
        return [*records, then] if isinstance(then, Lead) else records

    def parse_xxgk_search(self, response: TextResponse, lead: Lead) -> list[Lead]:
        sel = response.selector
        leads: list[Lead] = []
        for row in sel.css("tr.tr_main_value_odd, tr.tr_main_value_even"):
            for a in row.css("td a[href]"):
                url = urljoin(response.url, a.attrib["href"])
                title = a.attrib.get("title") or " ".join(a.css("::text").getall()).strip()
                if is_report_title(title) or "报告" in title:
                    leads.append(lead.follow(url=url, role=Role.CANDIDATE, title=title))
        form = dict(lead.data.get("form", {}))
        match = _TOTAL_PAGES.search(" ".join(sel.xpath("//text()").getall()))
        if match and str(form.get("currpage", "1")) == "1":
            for page in range(2, int(match.group(1)) + 1):
                body = urlencode({**form, "currpage": str(page)}).encode()
                leads.append(lead.next_page(body=body, data={"form": {**form, "currpage": str(page)}}))
        return leads

    # --- attachments: one document under two URLs ----------------------------------------------------
    def attachments(self, response: TextResponse, lead: Lead) -> list[Lead]:
        by_url: dict[str, Lead] = {}
        for att in super().attachments(response, lead):
            known = by_url.get(att.url)
            if known is None:
                by_url[att.url] = att
            else:  # the same file linked under both URLs: keep every alias, once
                aliases = tuple(dict.fromkeys(known.aliases + att.aliases))
                by_url[att.url] = Lead(known.url, known.role, title=known.title or att.title,
                                       aliases=aliases, depth=known.depth, fallback=known.fallback)
        return list(by_url.values())

    def attachment_lead(self, url: str, text: str, lead: Lead) -> Lead:
        canonical, alias = attachment_urls(url)
        if alias is None:
            return super().attachment_lead(url, text, lead)
        fallback = Lead(alias, Role.ATTACHMENT, title=text, aliases=(canonical,), depth=lead.depth + 1)
        return Lead(canonical, Role.ATTACHMENT, title=text, aliases=(alias,), depth=lead.depth + 1,
                    fallback=fallback)


def attachment_urls(url: str) -> tuple[str, str | None]:
    """(the `/attach/` URL, the `downfile.jsp` URL) of a Hanweb attachment link; (url, None) for others.

    Only a downfile.jsp link names both (its `filename` is the stored name); an `/attach/` link alone cannot
    rebuild the download URL's `showname`, so it stands alone and the archive matches it by URL.
    """
    parts = urlsplit(url)
    if not parts.path.endswith("/module/download/downfile.jsp"):
        return url, None
    query = dict(parse_qsl(parts.query, keep_blank_values=True))
    filename = query.get("filename", "")
    if not _HEX_NAME.match(filename):
        return url, None
    classid = query.get("classid", "0") or "0"
    return urljoin(url, f"/attach/{classid}/{filename}"), url


# --- readers ------------------------------------------------------------------------------------------
def _about_reports(sel: Selector, url: str, lead: Lead) -> bool:
    names = [
        *sel.xpath("//meta[@name='ColumnName']/@content").getall(),
        " ".join(sel.css("div.currentpath a::text, div.currentpath::text").getall()),
        page_title(sel),
        lead.title,
    ]
    return any(is_report_column(n) for n in names if n) or is_report_column("", url)


def _datastores(html: str) -> list[tuple[str, str]]:
    """(unitid, datastore XML) for each jpage list on the page; a bare proxy answer has unitid ''."""
    stores: list[tuple[str, str]] = []
    sel = Selector(text=html)
    for script in sel.xpath("//script[@type='text/xml']"):
        text = "".join(script.xpath("./text()").getall())
        owner = script.xpath("./ancestor::*[@id][1]/@id").get() or ""
        stores += [(owner, m.group(0)) for m in _DATASTORE.finditer(text)]
    if not stores:
        # lxml may have read the CDATA as markup when the script is not typed: search the raw text
        stores = [("", m.group(0)) for m in _DATASTORE.finditer(html)]
    return stores


def _record_leads(store: str, base: str, lead: Lead, about_reports: bool) -> list[Lead]:
    leads: list[Lead] = []
    for fragment in _RECORD.findall(store):
        record = Selector(text=f"<div>{fragment}</div>")
        a = record.css("a[href]")
        if not a:
            continue
        # a record may open its page by script: <a href="javascript:void(0);" onclick="window.open('…')">
        url = absolute(base, a[0].attrib["href"]) or absolute(base, script_target(a[0].attrib.get("onclick", "")) or "")
        if url is None:
            continue
        title = (a[0].attrib.get("title") or "").strip() or " ".join(a[0].css("::text").getall()).strip()
        # inside a report column a record may name only the agency (a per-year sub-column lists 民政局, 某某镇
        # 人民政府: the column says 年度报告), as the generic discovery reads such rows
        in_column = bool(lead.context) and is_row_text(title)
        if is_attachment_url(url) or is_report_title(title) or (about_reports and "报告" in title) or in_column:
            leads.append(lead.follow(url=url, role=Role.CANDIDATE, title=title))
    return leads


def _jpage_config(html: str, unitid: str) -> dict[str, str]:
    for match in _JPAGE.finditer(html):
        if unitid and match.group(1) != unitid:
            continue
        items = _CONFIG_ITEM.finditer(match.group(2))
        return {m.group(1): next(g for g in m.groups()[1:] if g is not None) for m in items}
    return {}


def _later_pages(response: TextResponse, sel: Selector, unitid: str, store: str, lead: Lead) -> list[Lead]:
    """POST requests for every record the page did not embed, each with its GET ?page=N fallback."""
    config = _jpage_config(response.text, unitid)
    try:
        total = int(config.get("totalRecord", "0"))
        per_page = max(1, int(config.get("perPage", "15")))
        group = max(1, int(config.get("groupSize", "3")))
    except ValueError:
        return []
    embedded = len(_RECORD.findall(store))
    if total <= embedded:
        return []
    proxy = urljoin(response.url, config.get("proxyUrl") or "/module/web/jpage/dataproxy.jsp")
    nextgroup = _NEXTGROUP.search(store)
    next_query: dict[str, str] = {}
    if nextgroup:
        href = Selector(text=nextgroup.group(1)).css("a::attr(href)").get() or ""
        next_query = dict(parse_qsl(urlsplit(href).query, keep_blank_values=True))
    meta = {k.lower(): v for k, v in zip(sel.xpath("//meta/@name").getall(),
                                          sel.xpath("//meta[@name]/@content").getall(), strict=False)}
    form = {
        "col": "1",
        "appid": "1",
        "webid": next_query.get("webid") or meta.get("i_webid") or meta.get("webid", ""),
        "path": "/",
        "columnid": next_query.get("columnid") or meta.get("i_columnid", ""),
        "sourceContentType": "1",
        "unitid": next_query.get("unitid") or unitid,
        "webname": meta.get("sitename", ""),
        "permissiontype": next_query.get("permissiontype", "0"),
    }
    form.update({k: v for k, v in config.items() if k in PROXY_FIELDS})
    step = per_page * group
    leads: list[Lead] = []
    for start in range(embedded + 1, total + 1, step):
        end = min(start + step - 1, total)
        query = urlencode({"startrecord": start, "endrecord": end, "perpage": per_page})
        pages = range((start - 1) // per_page + 1, (end - 1) // per_page + 2)
        fallbacks = [
            lead.follow(url=f"{proxy}?{urlencode({**next_query, **_ids(form), 'page': p})}", method="GET",
                        role=Role.LIST, shape="jpage-proxy", data={"page_url": response.url}, body=None)
            for p in pages
        ]
        fallback = _chain(fallbacks)
        leads.append(lead.follow(
            url=f"{proxy}?{query}", method="POST", body=urlencode(form).encode(), role=Role.LIST,
            headers={"Content-Type": "application/x-www-form-urlencoded; charset=UTF-8"},
            shape="jpage-proxy", data={"page_url": response.url}, fallback=fallback,
        ))
    return leads


def _ids(form: dict[str, str]) -> dict[str, str]:
    return {k: form[k] for k in ("webid", "columnid", "unitid", "permissiontype") if form.get(k)}


def _chain(leads: list[Lead]) -> Lead | None:
    """One fallback covering several GET pages: each page, once read, leads to the next (`data["then"]`).

    Used only when the POST failed or answered nonsense, so the pages are fetched one after the other.
    """
    if not leads:
        return None
    head, rest = leads[0], _chain(leads[1:])
    return Lead(head.url, head.role, method="GET", title=head.title, shape=head.shape, depth=head.depth,
                data={**head.data, "then": rest} if rest else dict(head.data))


def _report_category(sel: Selector) -> str | None:
    """The catalogue category of annual reports, from a navigation link like
    `<a onclick="xxgkType('JNS0711')">政府信息公开年报</a>`."""
    for a in sel.xpath("//a[@onclick]"):
        text = " ".join(a.xpath(".//text()").getall())
        hit = re.search(r"\(\s*['\"]([\w-]+)['\"]\s*\)", a.attrib.get("onclick", ""))
        if hit and is_report_column(text):
            return hit.group(1)
    return None


def _xxgk_first_page(response: TextResponse, lead: Lead, portal: PortalConfig, category: str | None) -> list[Lead]:
    """The catalogue shell: replay dynamic.js's POST to search.jsp for the first page of the category."""
    text = response.text
    values: dict[str, str] = {}
    for name in XXGK_FIELDS:
        hit = re.search(rf"""['"]?{name}['"]?\s*[:=]\s*['"]([^'"]*)['"]""", text) or re.search(
            rf"""name=['"]{name}['"][^>]*value=['"]([^'"]*)['"]""", text)
        if hit:
            values[name] = hit.group(1)
    query = dict(parse_qsl(urlsplit(response.url).query))
    values.setdefault("area", query.get("vc_xxgkarea", ""))
    if category:
        values["infotypeId"] = category
    if portal.option("xxgk_infotype"):
        values["infotypeId"] = str(portal.option("xxgk_infotype"))
    values.setdefault("infotypeId", "")
    values.setdefault("divid", "div" + (query.get("number") or ""))
    values.setdefault("fbtime", "")
    values.setdefault("sortfield", "")
    values["currpage"] = "1"
    url = urljoin(response.url, "/module/xxgk/search.jsp")
    return [lead.follow(
        url=url, method="POST", body=urlencode(values).encode(), role=Role.LIST, shape="xxgk-search",
        headers={"Content-Type": "application/x-www-form-urlencoded; charset=UTF-8"}, data={"form": values},
    )]


def _report_module_links(sel: Selector, base: str) -> list[tuple[str, str]]:
    found: list[tuple[str, str]] = []
    for a in sel.xpath("//a[contains(@href, 'xxgkAnnualReport.jsp')]"):
        url = urljoin(base, a.attrib["href"])
        if "area=" in url:
            found.append((url, (a.attrib.get("title") or " ".join(a.css("::text").getall())).strip()))
    return found
