import pytest

from nianbao.crawler.platforms import load_platform
from nianbao.crawler.recognition import extension, is_report_column, is_report_title
from tests.crawler.pages import REPORT_BODY, hanweb_article, response

URL = "http://www.wenshang.gov.cn/art/2026/1/22/art_61999_1.html"


@pytest.mark.parametrize(
    "title",
    [
        "汶上街道办事处2024年政府信息公开工作年度报告",
        "市中区矿区街道办事处\n2024年政府信息公开工作年度报告",
        "临朐县冶源街道办事处2024年度政府信息公开工作报告",
        "2023年信息公开年报",
    ],
)
def test_report_titles(title):
    assert is_report_title(title)


@pytest.mark.parametrize(
    "title",
    [
        "关于做好2024年政府信息公开工作年度报告编制发布工作的通知",
        "图解：汶上县2024年政府信息公开工作年度报告",
        "汶上县2024年法治政府建设年度报告",
        "汶上县召开政府信息公开工作会议",
        "2025年部门决算公开",
        "",
    ],
)
def test_not_report_titles(title):
    assert not is_report_title(title)


def test_column_words_in_text_or_url():
    assert is_report_column("政府信息公开年报")
    assert is_report_column("", "http://www.xigong.gov.cn/zwgk/zfxxgk/zfxxgknb/")
    assert is_report_column("", "http://www.zzszq.gov.cn/zw/gknb/")
    assert not is_report_column("新闻中心", "http://www.xigong.gov.cn/news/")


def test_extension_from_path_or_download_query():
    assert extension("http://x.cn/a/P020240408368267365571.doc") == "doc"
    assert extension("http://x.cn/module/download/downfile.jsp?classid=0&filename=ab12.pdf") == "pdf"
    assert extension("http://x.cn/art/2026/1/22/art_1_2.html") == "html"


def _judge(html: str, url: str = URL):
    return load_platform("generic").recognize(response(url, html))


def test_html_report_with_template_sections_is_a_report():
    verdict = _judge(hanweb_article("汶上街道办事处2024年政府信息公开工作年度报告"))
    assert verdict.is_report, verdict.reason


def test_report_as_pdf_attachment_is_a_report():
    href = "/module/download/downfile.jsp?classid=0&filename=0123456789abcdef0123456789abcdef.pdf"
    body = f'<p>详见附件。</p><a href="{href}">附件</a>'
    verdict = _judge(hanweb_article("西工街道办事处2024年政府信息公开工作年度报告", body))
    assert verdict.is_report, verdict.reason


def test_report_as_pictures_is_a_report():
    body = '<p><img src="/picture/0/abcdef0123456789.jpg"></p><p><img src="/picture/0/abcdef0123456790.jpg"></p>'
    verdict = _judge(hanweb_article("兴隆庄街道2022年政府信息公开工作年度报告", body))
    assert verdict.is_report, verdict.reason


def test_report_title_with_nothing_behind_it_is_not_a_report():
    verdict = _judge(hanweb_article("兴隆庄街道2022年政府信息公开工作年度报告", "<p>暂无内容</p>"))
    assert not verdict.is_report


def test_notice_quoting_the_sections_is_not_a_report():
    title = "关于做好2024年政府信息公开工作年度报告编制发布工作的通知"
    verdict = _judge(hanweb_article(title, REPORT_BODY))
    assert not verdict.is_report


def test_news_page_is_not_a_report():
    verdict = _judge(hanweb_article("汶上县召开政务公开工作推进会", "<p>会议要求抓好政务公开。</p>"))
    assert not verdict.is_report


def test_page_that_merely_links_reports_is_not_one():
    items = "".join(
        f'<li><a href="/art/2026/1/{i}/art_1_{i}.html">第{i}街道2024年政府信息公开工作年度报告</a></li>'
        for i in range(1, 6)
    )
    html = f"<html><head><title>2024年信息公开年报</title></head><body><ul>{items}</ul></body></html>"
    verdict = _judge(html, "http://www.zzszq.gov.cn/zw/gknb/2024/index.html")
    assert not verdict.is_report and "lists 5" in verdict.reason


def test_news_article_linking_one_report_is_not_a_report():
    body = ('<p>近日，我县发布了年度报告，详见：<a href="/art/2026/1/22/art_1_9.html">'
            '汶上县2024年政府信息公开工作年度报告</a></p><p><img src="/picture/0/photo1234567.jpg"></p>')
    verdict = _judge(hanweb_article("我县按时发布政务公开年度成果", body))
    assert not verdict.is_report


def test_annual_report_module_page_has_its_title_only_in_the_text():
    html = f"""<html><head><title>政府信息公开</title></head><body><div class="nbcontent">
    <div>汶上街道办事处2025年政府信息公开工作年度报告</div><div>发布时间:2026-01-22 12:00:07</div>
    <div>点击收听年报语音朗读</div>{REPORT_BODY}</div></body></html>"""
    verdict = _judge(html, "http://www.wenshang.gov.cn/module/xxgk/xxgkAnnualReport.jsp?area=11370830004335350N&fbtime=2026")
    assert verdict.is_report, verdict.reason
