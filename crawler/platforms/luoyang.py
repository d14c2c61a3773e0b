"""The 洛阳 CMS (xigong.gov.cn and the other 洛阳 district sites; article ids are shared with ly.gov.cn).

Articles are `/<yyyy>/<mm>-<dd>/<id>.html`; the report column lives under `/zwgk/zfxxgk/` (likely
`zfxxgknb/`), and reports are mostly PDF attachments of a short article, which recognition accepts as a
report page carrying its report in a file.
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

ARTICLE = re.compile(r"^/\d{4}/\d{2}-\d{2}/\d+\.s?html?$")


class LuoyangCms(Platform):
    name: ClassVar[str] = "luoyang"

    def parse_list(self, response: TextResponse, lead: Lead, portal: PortalConfig) -> list[Lead]:
        sel = response.selector
        about_reports = is_report_column(page_title(sel), response.url) or is_report_column(lead.title, lead.url)
        leads: list[Lead] = []
        for url, text in links(sel, response.url):
            if not portal.allows(url) or is_attachment_url(url):
                continue
            if ARTICLE.match(urlsplit(url).path) and (
                is_report_title(text) or (about_reports and "报告" in text)
            ):
                leads.append(lead.follow(url=url, role=Role.CANDIDATE, title=text))
        leads += self.discover(response, lead, portal)
        return unique(leads)
