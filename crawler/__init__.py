"""The Scrapy side of nianbao: spiders, platforms, middlewares and the crawl runner.

Scrapy's cookie middleware builds a ``tldextract.TLDExtract`` when it is imported, and that object downloads the
Public Suffix List with ``requests`` on first use: a request outside Scrapy, so outside robots.txt, politeness,
the URL policy and the fetch log, and one that prints a traceback on every offline machine (the demo, the tests).
The middleware only asks whether a cookie's domain is a public suffix; tldextract's bundled snapshot answers that,
so the download is switched off here, before any module of this package can import Scrapy's middleware. An
explicit setting in the environment still wins.
"""

import os

os.environ.setdefault("TLDEXTRACT_PUBLIC_SUFFIX_LIST_URLS", "")
