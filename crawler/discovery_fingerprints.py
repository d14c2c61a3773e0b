"""Which publishing platform a page comes from, by marks every page of that platform carries.

A portal entered with only its home page (`platform` omitted or "generic") is read with the adapter of the
platform its pages show, so the readers written for Hanweb JCMS (jpage datastores, the xxgk catalogue, the
annual-report module), TRS (createPageHTML folders), the 潍坊 search service and the 洛阳 CMS apply without
anyone naming the platform. The marks are the platforms' own code paths and markup (portals.md), not host
names: a county's site on the same CMS shows the same ones.
"""

from __future__ import annotations

import re

#: (platform, what its pages show), most specific first: a 潍坊 shell also links ordinary pages.
FINGERPRINTS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("weifang", re.compile(r"/xxgk/els-service/search")),
    (
        "hanweb",
        re.compile(
            r"<datastore>|\.jpage\(|/module/web/jpage/|/module/xxgk/|xxgkAnnualReport\.jsp|/module/download/downfile\.jsp"
            r"|name=['\"]i_webid['\"]|/jcms_files/|/col/col\d+/",
            re.IGNORECASE,
        ),
    ),
    (
        "trs",
        re.compile(r"createPageHTML\(|class=['\"]TRS_Editor|/t\d{8}_\d+\.s?html?['\"]|Custom_UnionStyle"),
    ),
    ("luoyang", re.compile(r"""href=['"](?:https?://[^/'"]+)?/\d{4}/\d{2}-\d{2}/\d+\.html|/u/cms/www/""")),
)


def fingerprint(html: str) -> str | None:
    """The platform whose marks the page shows, or None."""
    for name, marks in FINGERPRINTS:
        if marks.search(html):
            return name
    return None
