from scrapy.http import HtmlResponse

from nianbao.crawler.encoding import readable
from nianbao.crawler.platforms import load_platform
from tests.crawler.pages import REPORT_BODY

TITLE = "济宁市兖州区人民政府2019年政府信息公开工作年度报告"
PAGE = (f'<html><head><meta http-equiv="Content-Type" content="text/html; charset=utf-8"><title>{TITLE}</title>'
        f"</head><body><div id=\"zoom\">{REPORT_BODY}<p>附注—完</p></div></body></html>")


def test_gbk_page_under_a_wrong_utf8_charset_is_read_as_gb18030():
    wrong = HtmlResponse("http://www.yanzhou.gov.cn/a.html", body=PAGE.encode("gbk"))
    assert "\ufffd" in wrong.text
    fixed = readable(wrong)
    assert fixed.encoding == "gb18030" and TITLE in fixed.text and "—" in fixed.text
    assert fixed.body == wrong.body  # the bytes are untouched: the archive keeps what was served
    assert load_platform("hanweb").recognize(fixed).is_report


def test_a_correctly_declared_page_is_left_alone():
    right = HtmlResponse("http://www.yanzhou.gov.cn/a.html", body=PAGE.encode("utf-8"))
    assert readable(right) is right
