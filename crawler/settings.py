"""Scrapy settings of the nianbao crawl (`scrapy.cfg` points here; `nianbao crawl` starts from them too).

Politeness first: these are small county servers behind WAFs, crawled nightly. robots.txt is obeyed, one or
two requests at a time per host, AutoThrottle stretches the delay when a server slows down, and failures are
retried with exponential backoff. There is no HTTPCACHE: the archive is the cache (crawler.archive_cache:
validators for conditional requests come from its fetch log, a 304 is answered from its stored body), so
nothing can disagree with it after a crash.
"""

from __future__ import annotations

import shutil

from nianbao.settings import crawl_defaults

BOT_NAME = "nianbao"
SPIDER_MODULES = ["nianbao.crawler.spiders"]
NEWSPIDER_MODULE = "nianbao.crawler.spiders"

USER_AGENT = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) nianbao/0.1"
ROBOTSTXT_OBEY = True

# --- politeness -----------------------------------------------------------------------------------------
CONCURRENT_REQUESTS = 16
CONCURRENT_REQUESTS_PER_DOMAIN = 2
DOWNLOAD_DELAY = 1.0
DOWNLOAD_DELAY_JITTER = 0.5  # ±50 %
AUTOTHROTTLE_ENABLED = True
AUTOTHROTTLE_START_DELAY = 1.0
AUTOTHROTTLE_MAX_DELAY = 30.0
AUTOTHROTTLE_TARGET_CONCURRENCY = 1.0
DOWNLOAD_TIMEOUT = 60
# The size cap: scanned PDFs are large, anything bigger is not a report. A response over it is cancelled
# (at once when its Content-Length says so, else when the bytes received pass it) and reaches the spider's
# errback as DownloadCancelledError: an error row in the fetch log with the sizes, nothing archived, never
# retried (it is not in RETRY_EXCEPTIONS). Scrapy's default of 1 GiB would hold a gigabyte in memory.
DOWNLOAD_MAXSIZE = 200 * 1024 * 1024
DOWNLOAD_WARNSIZE = 64 * 1024 * 1024  # logged only
# Scrapy's 20 (Firefox's): a chain of ever new URLs ends there; loops and off-site or private targets are
# refused at once by crawler.middlewares.PolicyRedirectMiddleware, with the reason in the fetch log.
REDIRECT_MAX_TIMES = 20

# --- retries with backoff (crawler.middlewares.BackoffRetryMiddleware replaces Scrapy's) --------------------
RETRY_ENABLED = True
RETRY_TIMES = 3
RETRY_HTTP_CODES = [500, 502, 503, 504, 522, 524, 408, 429]
RETRY_BACKOFF_BASE = 2.0  # seconds before the first retry; doubled each time, plus jitter
RETRY_BACKOFF_MAX = 60.0

# --- cookies and WAFs -----------------------------------------------------------------------------------
COOKIES_ENABLED = True  # wzws_sessionid, __jsluid, acw_tc and the 瑞数 cookie must travel back
CHALLENGE_MAX_ATTEMPTS = 2  # browser passes per URL for a 瑞数 ($_ts) challenge before giving up

DOWNLOADER_MIDDLEWARES = {
    # the URL policy (crawler.url_policy): before anything else may send the request
    "nianbao.crawler.middlewares.UrlPolicyMiddleware": 40,
    "scrapy.downloadermiddlewares.redirect.MetaRefreshMiddleware": None,
    "nianbao.crawler.middlewares.PolicyMetaRefreshMiddleware": 580,
    "scrapy.downloadermiddlewares.redirect.RedirectMiddleware": None,
    "nianbao.crawler.middlewares.PolicyRedirectMiddleware": 600,
    "scrapy.downloadermiddlewares.retry.RetryMiddleware": None,
    "nianbao.crawler.middlewares.BackoffRetryMiddleware": 550,
    # the archive as the HTTP cache (crawler.archive_cache), just after the URL policy and OffsiteMiddleware
    # (50): its process_request answers a stored-only request before robots.txt is asked, and its
    # process_response turns a 304 into the stored body last, after every other middleware (Scrapy's
    # downloader stats included) saw the 304 it was
    "nianbao.crawler.archive_cache.ArchiveCacheMiddleware": 60,
    "nianbao.crawler.middlewares.ChallengeMiddleware": 570,
    # robots.txt per scheme and host (crawler.robots), in the place of Scrapy's per-host one
    "scrapy.downloadermiddlewares.robotstxt.RobotsTxtMiddleware": None,
    "nianbao.crawler.robots.SchemeRobotsTxtMiddleware": 100,
    # what a download servlet calls its file (Content-Disposition), last of all responses: after decompression
    # (590) and after the archive cache (60) put a stored body in place of a 304
    "nianbao.crawler.middlewares.AttachmentNameMiddleware": 55,
}

ITEM_PIPELINES = {
    "nianbao.pipelines.archive.ArchivePipeline": 300,
    "nianbao.pipelines.extract.ExtractPipeline": 500,
}

# --- what to revisit ------------------------------------------------------------------------------------
# List pages are read every run; a known report document (page or attachment) is fetched again only when
# its last confirmation is older than this, so changes and deletions are seen without hammering portals.
# NIANBAO_REVISIT_AFTER, NIANBAO_MAX_DEPTH, NIANBAO_MAX_PAGES and every other NIANBAO_* crawl setting: declared
# once, with its default and meaning, in nianbao.settings (docs/settings.md).
globals().update(crawl_defaults())
NIANBAO_DATABASE_URL = None  # None: NIANBAO_DATABASE_URL from the environment, else the default SQLite file

# --- JavaScript, only where needed (scrapy-playwright on Debian's Chromium) -----------------------------
# The handler serves plain requests itself unless a request's meta says playwright=True.
TWISTED_REACTOR = "twisted.internet.asyncioreactor.AsyncioSelectorReactor"
DOWNLOAD_HANDLERS = {
    "http": "scrapy_playwright.handler.ScrapyPlaywrightDownloadHandler",
    "https": "scrapy_playwright.handler.ScrapyPlaywrightDownloadHandler",
}
PLAYWRIGHT_BROWSER_TYPE = "chromium"
#: Hosts only Chromium itself calls, never a page a crawl asks for: Google's sign-in (accounts.google.com
#: ListAccounts), component and extension updates (update.googleapis.com, *.gvt1.com), autofill, safe browsing,
#: network time, search preconnects. Debian's Chromium 156 still called accounts.google.com and
#: update.googleapis.com with every switch below (and Playwright's own) set, so they are also made unreachable:
#: their names resolve to nothing (`--host-resolver-rules`), and a proxy is never asked for them
#: (`browser_proxy` puts them on its bypass list, straight to that resolver). No county portal needs Google's
#: services (they are out of reach from China), so a rendered page loses nothing. (Not a setting to change with
#: --set: the launch options below are built from it when this module is imported.)
BROWSER_OWN_DOMAINS = ("google.com", "googleapis.com", "gvt1.com", "gvt2.com", "gstatic.com", "googleusercontent.com",
                       "google-analytics.com", "googletagmanager.com", "doubleclick.net")
#: Chromium reads only the last --disable-features switch, and Playwright puts its own list before ours: a
#: list of ours alone would switch Playwright's back on (HttpsUpgrades, PreconnectToSearch — a preconnect to
#: www.google.com — AimEnabled …). Playwright 1.65's list (chromiumSwitches.ts), then ours;
#: tests/crawl_cli/test_crawl_browser_calls.py fails when an installed Playwright disables one more.
_PLAYWRIGHT_DISABLED_FEATURES = (
    "AvoidUnnecessaryBeforeUnloadCheckSync", "DestroyProfileOnBrowserClose", "HttpsUpgrades",
    "HttpsFirstBalancedModeAutoEnable", "LensOverlay", "MediaRouter", "PaintHolding", "ThirdPartyStoragePartitioning",
    "AvoidCorsURLLoaderRestartOnRedirect", "TcpPortRandomizationWin", "OptimizationHints",
    "NetworkTimeServiceQuerying", "AimEnabled", "PreconnectToSearch", "msForceBrowserSignIn",
    "msEdgeUpdateLaunchServicesPreferredVersion",
)
_OUR_DISABLED_FEATURES = (
    "AutofillServerCommunication", "Translate", "PushMessaging", "OptimizationGuideModelDownloading",
    "AccountConsistency", "DiceWebSigninInterception",
)
DISABLED_FEATURES = tuple(dict.fromkeys((*_PLAYWRIGHT_DISABLED_FEATURES, *_OUR_DISABLED_FEATURES)))
PLAYWRIGHT_LAUNCH_OPTIONS: dict[str, object] = {
    "executable_path": shutil.which("chromium") or "/usr/bin/chromium",
    "headless": True,
    # No calls home: sign-in, autofill, component updates would go out through the crawl's proxy.
    "args": [
        "--no-sandbox",
        "--disable-gpu",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
        "--disable-default-apps",
        "--disable-domain-reliability",
        "--no-pings",
        "--disable-client-side-phishing-detection",
        "--disable-breakpad",
        # HttpsUpgrades (in Playwright's list): Chromium would try https:// first — portals that refuse HTTPS
        # stall on it.
        "--disable-features=" + ",".join(DISABLED_FEATURES),
        "--host-resolver-rules=" + ", ".join(f"MAP {p}{d} ~NOTFOUND" for d in BROWSER_OWN_DOMAINS for p in ("", "*.")),
    ],
}


def browser_proxy(server: str, no_proxy: str = "") -> dict[str, str]:
    """Playwright's `proxy` launch option for the crawl's proxy: the hosts of `no_proxy` go direct, and so do
    BROWSER_OWN_DOMAINS — straight into the resolver rule that makes them unreachable, never to the proxy."""
    bypass = [h.strip() for h in no_proxy.split(",") if h.strip()]
    bypass += [f"{p}{d}" for d in BROWSER_OWN_DOMAINS for p in ("", ".")]
    return {"server": server, "bypass": ",".join(dict.fromkeys(bypass))}


# Playwright ignores http_proxy: PortalSpider.update_settings adds it to the launch options when the crawl is
# made (not here, at import time: one process may run crawls through different proxies).
# The URL policy for what a rendered page loads by itself (its requests bypass Scrapy's middlewares).
PLAYWRIGHT_ABORT_REQUEST = "nianbao.crawler.url_policy.browser_request_refused"
PLAYWRIGHT_DEFAULT_NAVIGATION_TIMEOUT = 30_000
PLAYWRIGHT_MAX_PAGES_PER_CONTEXT = 2

LOG_LEVEL = "INFO"
TELNETCONSOLE_ENABLED = False

# Per-portal progress (crawler.progress): a live table on a terminal, a log line per portal every
# NIANBAO_PROGRESS_INTERVAL seconds otherwise. Off by default; `nianbao crawl` switches it on.
EXTENSIONS = {
    "nianbao.crawler.progress.PortalProgress": 500,
    # The crawl's own WARC, only when NIANBAO_WARC_DIR is set (crawler.warc_writer, docs/warc.md).
    "nianbao.crawler.warc_writer.WarcWriterExtension": 510,
}
REQUEST_FINGERPRINTER_IMPLEMENTATION = "2.7"
FEED_EXPORT_ENCODING = "utf-8"
