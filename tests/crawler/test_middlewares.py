
import pytest
from scrapy.http import HtmlResponse, Request, Response
from scrapy.settings import Settings

from nianbao.crawler.middlewares import BackoffRetryMiddleware, is_challenge

URL = "http://www.wenshang.gov.cn/art/2025/1/20/art_61950_1.html"
CHALLENGE = b"<html><head><script>var $_ts=window['$_ts'];if(!$_ts)$_ts={};$_ts.nsd=1234;</script></head></html>"


@pytest.mark.parametrize("status", [412, 202, 200])
def test_challenge_is_seen_whatever_the_status(status):
    response = HtmlResponse(URL, status=status, body=CHALLENGE, headers={"Content-Type": "text/html"})
    assert is_challenge(response)


def test_ordinary_pages_and_files_are_not_challenges():
    assert not is_challenge(HtmlResponse(URL, body=b"<html><body>report</body></html>"))
    pdf = Response(URL, body=b"%PDF-1.7 $_ts", headers={"Content-Type": "application/pdf"})
    assert not is_challenge(pdf)
    assert not is_challenge(HtmlResponse(URL, status=404, body=CHALLENGE))


def test_retries_back_off_exponentially_with_retry_after():
    settings = Settings({"RETRY_ENABLED": True, "RETRY_TIMES": 3, "RETRY_BACKOFF_BASE": 2.0, "RETRY_BACKOFF_MAX": 60})
    mw = BackoffRetryMiddleware(settings)
    delays = [mw._delay(Request(URL, meta={"retry_times": n}), None) for n in (1, 2, 3)]
    assert 1.6 <= delays[0] <= 2.4 and 3.2 <= delays[1] <= 4.8 and 6.4 <= delays[2] <= 9.6
    busy = Response(URL, status=503, headers={"Retry-After": "30"})
    assert mw._delay(Request(URL, meta={"retry_times": 1}), busy) >= 24
