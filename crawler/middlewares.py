"""Downloader middlewares: retries with backoff, the 瑞数 challenge, the URL policy (crawler.url_policy) on
every request and every redirect, the names download servlets give their files, and the browser kept to the
pages it renders. The archive as the HTTP cache is crawler.archive_cache."""

from __future__ import annotations

import asyncio
import logging
import random
from email.utils import parsedate_to_datetime
from typing import TYPE_CHECKING, Any
from urllib.parse import urljoin

from scrapy.downloadermiddlewares.redirect import MetaRefreshMiddleware, RedirectMiddleware
from scrapy.downloadermiddlewares.retry import RetryMiddleware
from scrapy.exceptions import IgnoreRequest, NotConfigured
from scrapy.http import Request, Response, TextResponse
from w3lib.url import safe_url_string

from nianbao.crawler.platforms.base import ATTACHMENT_NAME, attachment_name
from nianbao.crawler.recognition import ATTACHMENT_EXTENSIONS, IMAGE_EXTENSIONS, extension
from nianbao.crawler.url_policy import refusal
from nianbao.extractor.bundle import Bundle
from nianbao.extractor.formats.sniff import sniff

if TYPE_CHECKING:
    from scrapy.crawler import Crawler

logger = logging.getLogger(__name__)

CHALLENGE_ATTEMPTS = "nianbao_challenge_attempts"
CHALLENGED = "nianbao_challenged"  # (method, body, headers) of the request the browser stood in for


class BackoffRetryMiddleware(RetryMiddleware):
    """Scrapy's retries, spaced out: a struggling county server gets 2 s, 4 s, 8 s … (or its Retry-After).

    Scrapy retries at once; against a server that is failing because it is overloaded that makes it worse.
    """

    def __init__(self, settings: Any) -> None:
        super().__init__(settings)
        self.base = settings.getfloat("RETRY_BACKOFF_BASE", 2.0)
        self.ceiling = settings.getfloat("RETRY_BACKOFF_MAX", 60.0)

    async def process_response(self, request: Request, response: Response) -> Request | Response:  # type: ignore[override]
        result = super().process_response(request, response)
        if isinstance(result, Request):
            await asyncio.sleep(self._delay(result, response))
        return result

    async def process_exception(self, request: Request, exception: Exception) -> Request | Response | None:  # type: ignore[override]
        result = super().process_exception(request, exception)
        if isinstance(result, Request):
            await asyncio.sleep(self._delay(result, None))
        return result

    def _delay(self, retry: Request, response: Response | None) -> float:
        if self.base <= 0:
            return 0.0
        attempt = int(retry.meta.get("retry_times", 1))
        delay = min(self.ceiling, self.base * 2 ** (attempt - 1))
        if response is not None:
            delay = max(delay, min(self.ceiling, _retry_after(response) or 0.0))
        return delay * random.uniform(0.8, 1.2)


def _retry_after(response: Response) -> float | None:
    value = (response.headers.get(b"Retry-After") or b"").decode("latin-1").strip()
    if not value:
        return None
    if value.isdigit():
        return float(value)
    try:
        from datetime import UTC, datetime

        return max(0.0, (parsedate_to_datetime(value) - datetime.now(UTC)).total_seconds())
    except (TypeError, ValueError):
        return None


def is_challenge(response: Response) -> bool:
    """A 瑞数 (Riversecurity) challenge: `$_ts` in an inline script, served as 412, 202 or even 200."""
    if response.status not in (200, 202, 412):
        return False
    ctype = (response.headers.get(b"Content-Type") or b"").lower()
    if ctype and b"html" not in ctype and b"javascript" not in ctype:
        return False
    return b"$_ts" in response.body[:200_000]


class ChallengeMiddleware:
    """Pass a 瑞数 challenge once in Chromium, then go on in plain HTTP with the cookie it earned.

    The challenge's script computes a cookie a plain client cannot; a real browser does. The retry goes
    through scrapy-playwright with the page kept open, the browser's cookies for the host are copied into
    Scrapy's cookie jar (as `Request.cookies`, which CookiesMiddleware stores per domain), and the URL is
    asked again without the browser — so only one page per host ever needs Chromium.
    """

    def __init__(self, crawler: Crawler) -> None:
        self.max_attempts = crawler.settings.getint("CHALLENGE_MAX_ATTEMPTS", 2)
        self.stats = crawler.stats
        if self.max_attempts <= 0:
            raise NotConfigured

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> ChallengeMiddleware:
        return cls(crawler)

    async def process_response(self, request: Request, response: Response) -> Request | Response:
        page = request.meta.get("playwright_page") if request.meta.get(CHALLENGE_ATTEMPTS) else None
        if page is not None:
            return await self._after_browser(request, response, page)
        if not is_challenge(response):
            return response
        attempts = int(request.meta.get(CHALLENGE_ATTEMPTS, 0))
        if attempts >= self.max_attempts:
            logger.warning("challenge at %s not passed after %d browser attempts", request.url, attempts)
            return response
        logger.info("瑞数 challenge (HTTP %s) at %s: passing it in Chromium", response.status, request.url)
        if self.stats:
            self.stats.inc_value("nianbao/challenges")
        meta = {
            **request.meta,
            "playwright": True,
            "playwright_include_page": True,
            CHALLENGE_ATTEMPTS: attempts + 1,
            "handle_httpstatus_all": True,
            CHALLENGED: (request.method, request.body, dict(request.headers)),
        }
        headers = {
            k: v
            for k, v in request.headers.items()
            if k.lower() not in (b"if-none-match", b"if-modified-since", b"content-type")
        }
        # The browser navigates (GET) to the URL: the cookie it earns is the host's, whatever the method.
        return request.replace(meta=meta, dont_filter=True, method="GET", body=b"", headers=headers)

    async def _after_browser(self, request: Request, response: Response, page: Any) -> Request | Response:
        try:
            try:  # the challenge script sets its cookie and reloads: let it finish
                await page.wait_for_load_state("networkidle", timeout=15_000)
            except Exception:  # a page that never idles still has its cookies
                logger.debug("no network idle at %s", request.url)
            cookies = await page.context.cookies()
        finally:
            await page.close()
        meta = {
            k: v
            for k, v in request.meta.items()
            if not k.startswith("playwright") and k not in ("handle_httpstatus_all", CHALLENGED)
        }
        jar = {c["name"]: c["value"] for c in cookies if c.get("name")}
        logger.info("challenge at %s: browser earned cookie(s) %s", request.url, sorted(jar))
        method, body, headers = request.meta.get(CHALLENGED, ("GET", b"", dict(request.headers)))
        headers = {k: v for k, v in headers.items() if k.lower() not in (b"if-none-match", b"if-modified-since")}
        return request.replace(
            meta=meta,
            cookies={**_cookies_of(request), **jar},
            dont_filter=True,
            method=method,
            body=body,
            headers=headers,
        )


def _cookies_of(request: Request) -> dict[str, str]:
    cookies = request.cookies
    if isinstance(cookies, dict):
        return {str(k): str(v) for k, v in cookies.items()}
    return {str(c["name"]): str(c["value"]) for c in cookies if isinstance(c, dict) and "name" in c}


class Refused(IgnoreRequest):
    """A request the URL policy or the redirect rules refuse; its message is the reason the fetch log keeps."""


def _portal_domains(crawler: Crawler | None, request: Request) -> list[str] | None:
    """The allowed domains of the request's portal; None where any public host may serve (embedded images)."""
    if request.meta.get("allow_offsite") or crawler is None:
        return None
    portal = getattr(crawler.spider, "portals", {}).get(request.meta.get("portal"))
    return list(portal.allowed_domains) if portal is not None else None


class UrlPolicyMiddleware:
    """Refuses, with a reason, every request crawler.url_policy forbids, before anything is sent.

    Scrapy's OffsiteMiddleware already drops off-domain links when they are scheduled (silently, which is
    right for links); this is the net for what reaches the downloader anyway: start URLs, images a report
    embeds from another host, requests a platform adapter builds itself.
    """

    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> UrlPolicyMiddleware:
        return cls(crawler)

    def process_request(self, request: Request) -> None:
        reason = refusal(request.url, _portal_domains(self.crawler, request))
        if reason is not None:
            if self.crawler.stats:
                self.crawler.stats.inc_value("nianbao/refused")
            raise Refused(f"refused {request.url}: {reason}")


class _CheckedRedirects:
    """Redirects obey the URL policy and never go round in circles; a refused one is an error with a reason.

    Scrapy follows a redirect by scheduling a new request: one back to a URL already asked is dropped by the
    duplicate filter and one off the portal's domains by OffsiteMiddleware, both silently, so the URL that
    redirected would leave no trace in the fetch log. Here both raise `Refused` on the original request,
    which reaches the spider's errback and the fetch log. REDIRECT_MAX_TIMES still bounds a chain of ever new
    URLs (Scrapy's "max redirections reached").
    """

    crawler: Crawler

    def _redirect(self, redirected: Request, request: Request, reason: Any) -> Request:
        chain = [*request.meta.get("redirect_urls", []), request.url]
        if redirected.url in chain:
            raise Refused(f"redirect loop: {' -> '.join([*chain, redirected.url])}")
        problem = refusal(redirected.url, _portal_domains(self.crawler, request))
        if problem is not None:
            raise Refused(f"redirect from {request.url} to {redirected.url} refused: {problem}")
        try:
            return super()._redirect(redirected, request, reason)  # type: ignore[misc]
        except IgnoreRequest as exc:  # Scrapy's "max redirections reached" names neither end of the chain
            raise Refused(f"{exc}: {len(chain)} redirects from {chain[0]}, the last to {redirected.url}") from exc


class PolicyRedirectMiddleware(_CheckedRedirects, RedirectMiddleware):
    """Scrapy's 3xx redirects under the URL policy; a redirect to a non-http(s) URL is refused by name too
    (Scrapy hands the 3xx itself on, which would reach the fetch log as a bare "HTTP 302")."""

    def process_response(self, request: Request, response: Response) -> Request | Response:  # type: ignore[override]
        result = super().process_response(request, response)
        location = response.headers.get(b"Location")
        if result is response and location and response.status in (301, 302, 303, 307, 308):
            target = urljoin(request.url, safe_url_string(location))
            problem = refusal(target)
            if problem is not None and not request.meta.get("dont_redirect"):
                raise Refused(f"redirect from {request.url} to {target} refused: {problem}")
        return result


class PolicyMetaRefreshMiddleware(_CheckedRedirects, MetaRefreshMiddleware):
    """`<meta http-equiv="refresh">` redirects under the same rules."""



class AttachmentNameMiddleware:
    """What a download servlet calls the file it sends, and that a file is answered as one.

    `download.do?fileId=5` says nothing of what it serves: the answer's Content-Disposition names it
    (crawler.platforms.base.attachment_name: RFC 6266/5987, raw or percent-encoded GBK). The name is kept in the
    request's meta (`attachment_name`). A file the server labels a page — a JSP servlet left at its default
    `text/html` while it writes a PDF — was made an HtmlResponse by Scrapy from the Content-Type alone (its own
    Content-Disposition reading is taken only when the type says nothing, and reads one Latin-1 `filename`):
    when the name is a document's or a picture's and the bytes are one (the extractor's own sniffing: magic
    bytes first — Scrapy's body test calls a PDF whose first streams are plain text "text"), the answer
    becomes the plain Response a file is, so the spider archives it instead of reading PDF bytes as a list
    page. An HTML or text body stays one whatever its name says: that is an error page
    (crawler.platforms.base.is_error_page).
    """

    def process_response(self, request: Request, response: Response) -> Response:
        name = attachment_name(response.headers)
        if name is None:
            return response
        request.meta[ATTACHMENT_NAME] = name
        kind = extension("/" + name)
        if (
            isinstance(response, TextResponse)
            and (kind in ATTACHMENT_EXTENSIONS or kind in IMAGE_EXTENSIONS)
            and _is_file(response.body, name)
        ):
            logger.debug("%s: %r labelled %s, answered as a file", request.url, name,
                         response.headers.get(b"Content-Type"))
            return Response(**{name: getattr(response, name) for name in Response.attributes})
        return response


def _is_file(body: bytes, name: str) -> bool:
    """Whether `body` is a document or picture rather than a page or a plain-text message."""
    try:
        return sniff(Bundle(body=body, url="/" + name)) not in ("html", "text")
    except ValueError:  # bytes no reader knows, or empty: binary is no page; empty is nothing
        return bool(body.strip())
