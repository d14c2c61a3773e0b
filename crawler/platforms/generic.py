"""Discovery for a portal on no known platform: follow what the links say, within a budget.

The shared rules of `Platform.discover` are the whole adapter: link text or URL saying 年报 / 年度报告 /
zfxxgknb / xxgknb / gknb / ndbg leads to lists, report titles to candidates, pagers are followed inside
report columns. The spider bounds it by the portal's `max_depth` and `max_pages` options.
"""

from __future__ import annotations

from typing import ClassVar

from crawler.platforms.base import Platform


class Generic(Platform):
    name: ClassVar[str] = "generic"
