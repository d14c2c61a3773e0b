"""TRS-style static publishing (zzszq.gov.cn, ycq.gov.cn, zzctp.gov.cn).

Report pages are `…/<year folder>/<kind folder>/<yyyymm>/t<yyyymmdd>_<id>.html`, and the folder names change
from year to year (`2023nxxkgnb`, `2025nbxknb`), so the year folders are found by following the links of the
report column into its sub-folders, never by formula. Lists page as `index.html`, `index_1.html`, … announced
by `createPageHTML(pages, current, "index", "html")` (handled by the shared discovery).
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, ClassVar
from urllib.parse import urlsplit

from nianbao.crawler.platforms.base import Lead, Platform, Role, is_attachment_url, links, unique
from nianbao.crawler.recognition import is_report_column, is_report_title, page_title

if TYPE_CHECKING:
    from scrapy.http import TextResponse

    from nianbao.crawler.portals import PortalConfig

ARTICLE = re.compile(r"/t\d{8}_\d+\.s?html?$")


class TrsStatic(Platform):
    name: ClassVar[str] = "trs"

    def parse_list(self, response: TextResponse, lead: Lead, portal: PortalConfig) -> list[Lead]:
        sel = response.selector
        crumbs = " ".join(sel.xpath("//text()[contains(., '您现在的位置')]/ancestor::*[1]//text()").getall())
        about_reports = any(
            is_report_column(t) for t in (page_title(sel), crumbs, lead.title) if t
        ) or is_report_column("", response.url)
        folder = _folder(response.url)
        leads: list[Lead] = []
        for url, text in links(sel, response.url):
            if not portal.allows(url) or is_attachment_url(url):
                continue
            path = urlsplit(url).path
            if ARTICLE.search(path):
                if is_report_title(text) or (about_reports and path.startswith(folder)):
                    leads.append(lead.follow(url=url, role=Role.CANDIDATE, title=text))
            elif about_reports and _is_subfolder(path, folder):
                leads.append(lead.follow(url=url, role=Role.LIST, title=text))
        leads += self.discover(response, lead, portal)
        return unique(leads)


def _folder(url: str) -> str:
    path = urlsplit(url).path
    return path if path.endswith("/") else path.rsplit("/", 1)[0] + "/"


def _is_subfolder(path: str, folder: str) -> bool:
    """A folder (or its index page) strictly below `folder`: where the irregular year folders are."""
    if not path.startswith(folder) or path == folder:
        return False
    rest = path[len(folder) :]
    return rest.endswith("/") or re.fullmatch(r"(?:[^/]+/)+index(?:_\d+)?\.s?html?", rest) is not None
