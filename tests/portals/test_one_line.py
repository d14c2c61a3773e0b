"""A portal entry needs only its home page: name, allowed domains, region and platform are derived."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from nianbao.crawler.portals import PortalConfigError, derived_name, load_portals, parse_portals, portals_toml


def test_a_home_page_alone_is_a_portal_with_everything_derived() -> None:
    [portal] = parse_portals('home_pages = ["http://www.wenshang.gov.cn/"]\n')
    assert portal.name == "wenshang"
    assert portal.allowed_domains == ("wenshang.gov.cn",)  # the registrable domain: www., xxgk. … all allowed
    assert portal.allows("http://xxgk.wenshang.gov.cn/col/col1/index.html")
    assert not portal.allows("http://www.jining.gov.cn/")
    assert portal.platform == "generic"
    # the registry's unit on that domain gives the region
    assert (portal.province, portal.city, portal.county) == ("山东省", "济宁市", "汶上县")


def test_a_portal_table_with_start_urls_alone_is_the_same_portal() -> None:
    [table] = parse_portals('[[portal]]\nstart_urls = ["http://www.wenshang.gov.cn/"]\n')
    [line] = parse_portals('home_pages = ["http://www.wenshang.gov.cn/"]\n')
    assert table == line


def test_given_fields_win_over_derived_ones() -> None:
    text = """
[[portal]]
name = "mine"
county = "某县"
platform = "trs"
start_urls = ["http://www.wenshang.gov.cn/"]
allowed_domains = ["www.wenshang.gov.cn"]
"""
    [portal] = parse_portals(text)
    assert (portal.name, portal.platform, portal.allowed_domains) == ("mine", "trs", ("www.wenshang.gov.cn",))
    # a region given in part is the entry's word: nothing is filled in from the registry
    assert (portal.province, portal.city, portal.county) == (None, None, "某县")


def test_a_host_the_registry_does_not_know_has_no_region() -> None:
    [portal] = parse_portals('home_pages = ["https://www.example.com.cn/index.html"]\n')
    assert (portal.name, portal.allowed_domains, portal.region) == ("example", ("example.com.cn",), "")
    assert portal.province is None


@pytest.mark.parametrize(
    ("url", "domain"),
    [
        ("http://www.wenshang.gov.cn/", "wenshang.gov.cn"),
        ("http://xxgk.xuecheng.gov.cn/a/b.html", "xuecheng.gov.cn"),
        ("http://www.gov.cn/", "www.gov.cn"),  # gov.cn is a public suffix: its own site is www.gov.cn's registrant
        ("http://zwgk.example.sd.cn/", "example.sd.cn"),  # a provincial second-level suffix
        ("http://127.0.0.1:8080/", "127.0.0.1"),  # no registrable domain: the host itself
    ],
)
def test_allowed_domains_follow_the_public_suffix_list(url: str, domain: str) -> None:
    [portal] = parse_portals(f'home_pages = ["{url}"]\n')
    assert portal.allowed_domains == (domain,)
    assert portal.allows(url)


def test_derived_names_are_ascii_and_unique_within_the_file() -> None:
    text = """
home_pages = [
  "http://www.wenshang.gov.cn/",
  "http://xxgk.wenshang.gov.cn/",
  "http://www.xn--fiqs8s.gov.cn/",
]
[[portal]]
name = "wenshang"
start_urls = ["http://www.xigong.gov.cn/"]
"""
    names = [p.name for p in parse_portals(text)]
    assert names == ["wenshang", "wenshang-2", "xxgk-wenshang", "xn--fiqs8s"]  # the explicit name is kept
    assert derived_name("http://中国.gov.cn/") == "xn--fiqs8s"  # an IDN host in its ASCII form
    assert derived_name("http://www.gov.cn/") == "www"  # `www` is dropped only as a subdomain
    assert derived_name("http://127.0.0.1:8080/") == "127-0-0-1"


def test_the_bundled_five_still_load_as_written() -> None:
    portals = {p.name: p for p in load_portals()}
    assert {n: p.platform for n, p in portals.items()} == {
        "wenshang": "hanweb",
        "xigong": "luoyang",
        "linqu": "weifang",
        "yanzhou": "hanweb",
        "zzszq": "trs",
    }
    assert portals["linqu"].option("render_list") is True


def test_a_portal_file_written_out_reads_back_the_same() -> None:
    portals = [*load_portals(), *parse_portals('home_pages = ["http://www.example.com.cn/"]\n')]
    assert parse_portals(portals_toml(portals)) == portals


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ('home_pages = "http://www.a.gov.cn/"\n', "home_pages must be a list"),
        ('home_pages = ["ftp://www.a.gov.cn/"]\n', "is not an http(s) URL"),
        ("home_pages = []\n", "no [[portal]] entries and no home_pages"),
        ('homepages = ["http://www.a.gov.cn/"]\n', "unknown top-level key(s) ['homepages']"),
        (
            '[[portal]]\nname = "a"\nstart_urls = ["http://a.gov.cn/"]\n[[portal]]\nname = "a"\nstart_urls = ["http://b.gov.cn/"]\n',
            "name 'a' is used twice",
        ),
    ],
)
def test_bad_one_line_entries_are_clear_errors(text: str, message: str) -> None:
    with pytest.raises(PortalConfigError) as err:
        parse_portals(text, "mine.toml")
    assert message in str(err.value) and "mine.toml" in str(err.value)


def test_registrable_domains_need_no_download_and_write_nothing(tmp_path: Path) -> None:
    """The Public Suffix List comes from tldextract's bundled snapshot: no request, no cache on the user's disk,
    even without the crawler package's environment setting (nianbao.registry is imported on its own here)."""
    probe = "from nianbao.registry.domains import registrable_domain as r; print(r('http://www.wenshang.gov.cn/'))"
    env = {"PATH": "/usr/bin:/bin", "XDG_CACHE_HOME": str(tmp_path / "cache"), "HOME": str(tmp_path)}
    env |= {"http_proxy": "http://127.0.0.1:9", "https_proxy": "http://127.0.0.1:9"}
    done = subprocess.run([sys.executable, "-c", probe], env=env, capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "wenshang.gov.cn" and "Traceback" not in done.stderr
    assert not (tmp_path / "cache").exists() and [p.name for p in tmp_path.iterdir()] == []
