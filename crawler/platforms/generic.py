"""Discovery for a portal on no known platform: follow what the links say, within a budget.

The shared rules of `Platform.discover` do most of it: link text or URL saying 年报 / 年度报告 / zfxxgknb /
xxgknb / gknb / ndbg leads to lists, report titles to candidates, pagers and `createPageHTML` pages are
followed inside report columns. The spider bounds it by the portal's `max_depth` and `max_pages` options.

It also reads the Hanweb JCMS list formats (jpage datastores in script CDATA and their paging, the xxgk
catalogue, the annual-report module): county portals run on it more than on anything else, and each of
those readers does nothing on a page that does not use it. A JavaScript-only list (the 潍坊 search) needs
its own adapter.
"""

from __future__ import annotations

from typing import ClassVar

from nianbao.crawler.platforms.hanweb import Hanweb


class Generic(Hanweb):
    name: ClassVar[str] = "generic"
