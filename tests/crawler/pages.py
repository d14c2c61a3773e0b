"""HTML of the portal pages portals.md describes, for adapter and recognition tests."""

from __future__ import annotations

from scrapy.http import HtmlResponse, TextResponse

REPORT_BODY = """
<p>本报告由汶上街道办事处按照《中华人民共和国政府信息公开条例》和《中华人民共和国政府信息公开工作年度报告格式》要求编制。</p>
<p>一、总体情况</p><p>2024年度，汶上街道认真贯彻落实《条例》。</p>
<p>二、主动公开政府信息情况</p>
<table><tr><td>信息内容</td><td>本年制发件数</td><td>本年废止件数</td><td>现行有效件数</td></tr>
<tr><td>规章</td><td>0</td><td>0</td><td>0</td></tr></table>
<p>三、收到和处理政府信息公开申请情况</p>
<table><tr><td>一、本年新收政府信息公开申请数量</td><td>6</td></tr>
<tr><td>二、上年结转政府信息公开申请数量</td><td>0</td></tr></table>
<p>四、政府信息公开行政复议、行政诉讼情况</p>
<p>五、存在的主要问题及改进情况</p><p>公开内容不够全面。</p>
<p>六、其他需要报告的事项</p><p>本年度未收取信息处理费。</p>
"""


def response(url: str, html: str, encoding: str = "utf-8") -> HtmlResponse:
    return HtmlResponse(url=url, body=html.encode(encoding), encoding=encoding)


def text_response(url: str, text: str) -> TextResponse:
    return TextResponse(url=url, body=text.encode("utf-8"), encoding="utf-8")


def hanweb_article(title: str, body: str = REPORT_BODY, extra: str = "") -> str:
    return f"""<html><head><meta name="ArticleTitle" content="{title}">
<meta name="pubdate" content="2026-01-22 11:17"><title>{title}</title></head><body>
<div class="currentpath"><a class="bt_link" href="/">首页</a> > <a class="bt_link" href="/col/col1/index.html">
政府信息公开年报</a></div>
<div class="article"><div class="title">{title}</div><div class="font">发布日期：2026-01-22</div>
<div id="zoom"><meta name="ContentStart"/>{body}<meta name="ContentEnd"/></div>{extra}</div>
<div class="foot"><img src="/images/logo.png"></div></body></html>"""


NEXTGROUP = "/module/web/jpage/dataproxy.jsp?page=1&webid=1&columnid=61999&unitid=3013277&permissiontype=0"


def hanweb_column(records: list[tuple[str, str]], total: int, per_page: int = 18, group: int = 3,
                  column_name: str = "政府信息公开年报") -> str:
    recs = "".join(
        f"<record><![CDATA[<li><a href='{href}' title='{title}'>{title[:12]}...</a><span>2026-01-22</span></li>]]>"
        "</record>"
        for href, title in records
    )
    return f"""<html><head><meta name="WebId" content="1"><meta name="SiteName" content="中国·汶上">
<meta name="ColumnName" content="{column_name}"><meta name="i_webid" content="1">
<meta name="i_columnid" content="61999"><meta name="pagetype" content="2"><title>{column_name}</title></head>
<body><div class="currentpath"><a class="bt_link" href="/">首页</a></div>
<div id="3013277"><script type="text/xml"><datastore><nextgroup><![CDATA[<a href="{NEXTGROUP}"></a>]]>
</nextgroup><recordset>{recs}</recordset></datastore></script></div>
<script>$('#3013277').jpage({{totalRecord:{total}, perPage:{per_page}, groupSize:{group},
proxyUrl:'/module/web/jpage/dataproxy.jsp', barPosition:'bottom'}});</script>
</body></html>"""
