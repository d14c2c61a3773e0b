"""A portal on no named platform: discovery from its home page, with the platform's readers once its pages
show which platform it runs on.

The shared rules of `Platform.discover` (crawler.discovery) walk from the home page to the report columns;
every page is also fingerprinted (crawler.discovery_fingerprints), and a page of Hanweb JCMS, TRS, the 潍坊
service or the 洛阳 CMS is read by that adapter — its datastores, catalogue replays, search replays and
folder rules — so naming the platform in the config changes nothing. What no adapter knows is read by the
generic readers: a report column whose HTML holds no rows is a list drawn by script, whose JSON call is found
in its scripts and replayed (crawler.discovery_json), or, when none is found or the replay reads nothing, the
page is rendered in Chromium (scrapy-playwright) and read again.
"""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING, ClassVar
from urllib.parse import urlsplit

from nianbao.crawler.discovery_fingerprints import fingerprint
from nianbao.crawler.discovery_json import JSON_SHAPE, json_leads, script_calls
from nianbao.crawler.platforms.base import Lead, Platform, Role, unique
from nianbao.crawler.platforms.hanweb import Hanweb
from nianbao.crawler.platforms.luoyang import LuoyangCms
from nianbao.crawler.platforms.trs import TrsStatic
from nianbao.crawler.platforms.weifang import SEARCH_SHAPE, WeifangSearch, search_lead

if TYPE_CHECKING:
    from scrapy.http import TextResponse

    from nianbao.crawler.portals import PortalConfig

_SHAPES = {"jpage-proxy": "hanweb", "xxgk-search": "hanweb", SEARCH_SHAPE: "weifang"}


class Generic(Platform):
    """Options: `render` (bool, default true: render script-drawn report columns in Chromium when their JSON
    call cannot be replayed)."""

    name: ClassVar[str] = "generic"
    explore = True

    def __init__(self) -> None:
        super().__init__()
        self.readers: dict[str, Platform] = {
            "hanweb": Hanweb(),
            "trs": TrsStatic(),
            "weifang": WeifangSearch(),
            "luoyang": LuoyangCms(),
        }
        for reader in self.readers.values():
            reader.state = self.state  # one portal, one record of what discovery learned
            reader.explore = True  # from a home page, the way to the columns is through the disclosure area

    @property
    def fingerprint(self) -> str:
        return self.state.platform

    def parse_list(self, response: TextResponse, lead: Lead, portal: PortalConfig) -> list[Lead]:
        found = fingerprint(response.text)
        reader = self.readers.get(found or "")
        if found:
            self.state.saw_platform(found)
        leads = (
            reader.parse_list(response, lead, portal) if reader is not None else self.discover(response, lead, portal)
        )
        if found == "weifang" and "weifang-search" not in self.state.replayed:
            self.state.replayed.add("weifang-search")
            leads.append(search_lead(response.url, portal, page=1, depth=lead.depth + 1))
        elif lead.context and not _rows(leads, lead):
            leads += self.scripted(response, lead, portal)
        return unique(leads)

    def parse_data(self, response: TextResponse, lead: Lead, portal: PortalConfig) -> list[Lead]:
        if lead.shape == JSON_SHAPE:
            found = json_leads(response, lead, lambda url: portal.allows(url) or _host(url) in self.state.hosts)
            if not [x for x in found if x.role is Role.CANDIDATE] and lead.fallback is not None:
                return [lead.fallback]
            return found
        reader = self.readers.get(_SHAPES.get(lead.shape, ""))
        if reader is None:
            return super().parse_data(response, lead, portal)
        return (
            reader.parse_data(response, lead, portal)
            if lead.shape == SEARCH_SHAPE
            else reader.parse_list(response, lead, portal)
        )

    def scripted(self, response: TextResponse, lead: Lead, portal: PortalConfig) -> list[Lead]:
        """A report column whose HTML has no rows: replay the JSON call its scripts make, with rendering the
        page in Chromium as the fallback (or the only way, when no call is found)."""
        if response.url in self.state.rendered or lead.browser:
            return []
        self.state.rendered.add(response.url)
        render = None
        if portal.option("render", True) and "<script" in response.text.lower():
            render = replace(lead, browser=True, fallback=None, shape="")
        calls = [c for c in script_calls(response) if portal.allows(c.url) or _host(c.url) in self.state.hosts]
        if not calls:
            return [render] if render is not None else []
        return [c.lead(lead, fallback=render) for c in calls[:2]]

    # --- report pages: files are kept as Hanweb keeps them (one document under its two URLs) --------------
    def attachments(self, response: TextResponse, lead: Lead) -> list[Lead]:
        return self.readers["hanweb"].attachments(response, lead)

    def attachment_lead(self, url: str, text: str, lead: Lead) -> Lead:
        return self.readers["hanweb"].attachment_lead(url, text, lead)


def _host(url: str) -> str:
    return (urlsplit(url).hostname or "").lower()


def _rows(leads: list[Lead], lead: Lead) -> bool:
    """Whether a column page gave anything to read: a possible report, or a sub-column or page of its own."""
    return any(x.role is Role.CANDIDATE or (x.role is Role.LIST and x.context) for x in leads)
