from pathlib import Path

import pytest

from nianbao.crawler.platforms import load_platform, platform_registry
from nianbao.crawler.portals import PortalConfigError, load_portals, parse_portals, select

GOOD = """
[[portal]]
name = "demo"
province = "山东省"
city = "潍坊市"
platform = "generic"
start_urls = ["http://www.example.gov.cn/"]
allowed_domains = ["example.gov.cn"]
[portal.options]
max_pages = 10
"""


def test_bundled_registry_has_the_five_portals_on_their_platforms():
    portals = {p.name: p for p in load_portals()}
    assert set(portals) == {"wenshang", "xigong", "linqu", "yanzhou", "zzszq"}
    assert portals["wenshang"].platform == portals["yanzhou"].platform == "hanweb"
    assert portals["zzszq"].platform == "trs"
    assert portals["linqu"].platform == "weifang"
    assert portals["xigong"].platform == "luoyang"
    assert portals["xigong"].province == "河南省" and portals["xigong"].region == "西工区"
    for portal in portals.values():
        assert all(portal.allows(u) for u in portal.start_urls)


def test_every_registered_platform_loads():
    for name in platform_registry():
        assert load_platform(name).name == name


def test_the_platform_registry_is_a_scrapy_setting(tmp_path: Path):
    """A crawl's NIANBAO_PLATFORMS decides which adapters exist: a new one needs no code of nianbao's."""
    from scrapy.settings import Settings

    settings = Settings({"NIANBAO_PLATFORMS": {"mine": "nianbao.crawler.platforms.trs.TrsStatic"}})
    assert load_platform("mine", settings).name == "trs"
    with pytest.raises(KeyError, match="unknown platform 'hanweb'"):
        load_platform("hanweb", settings)
    text = GOOD.replace('platform = "generic"', 'platform = "mine"')
    [portal] = parse_portals(text, platforms=platform_registry(settings))
    assert portal.platform == "mine"
    with pytest.raises(PortalConfigError, match="unknown platform 'mine'"):
        parse_portals(text)  # the project's registry has no such platform


def test_the_portal_config_and_the_platforms_import_no_cycle():
    """platforms -> base -> portals -> platforms was a cycle through type-checking imports; none is left."""
    import ast

    import nianbao.crawler.portals as portals

    tree = ast.parse(Path(portals.__file__).read_text(encoding="utf-8"))
    imported = {n.module for n in ast.walk(tree) if isinstance(n, ast.ImportFrom)}
    assert not {m for m in imported if m and m.startswith("nianbao.crawler.platforms")}


def test_a_new_portal_is_a_config_entry(tmp_path: Path):
    path = tmp_path / "mine.toml"
    path.write_text(GOOD, encoding="utf-8")
    [portal] = load_portals(path)
    assert portal.name == "demo" and portal.region == "潍坊市" and portal.option("max_pages") == 10
    assert portal.allows("http://sub.example.gov.cn/a.html")
    assert not portal.allows("http://example.gov.cn.evil.com/")


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda t: t.replace('platform = "generic"', 'platform = "nope"'), "unknown platform 'nope'"),
        (lambda t: t.replace('start_urls = ["http://www.example.gov.cn/"]\n', ""), "missing start_urls"),
        (lambda t: t.replace("start_urls", "start_url"), "unknown key(s) ['start_url']"),
        (lambda t: t.replace("http://www.example.gov.cn/", "http://other.cn/"), "outside allowed_domains"),
        (lambda t: t.replace('"demo"', '"Demo Portal"'), "lower-case"),
        (lambda t: t + t, "used twice"),
        (lambda t: t.replace("[[portal]]", "[[portal"), "not valid TOML"),
        (lambda t: t.replace('["example.gov.cn"]', '"example.gov.cn"'), "allowed_domains must be"),
    ],
)
def test_bad_config_is_a_clear_error(change, message):
    with pytest.raises(PortalConfigError) as err:
        parse_portals(change(GOOD), "mine.toml")
    assert message in str(err.value) and "mine.toml" in str(err.value)


def test_missing_file_is_a_clear_error(tmp_path: Path):
    with pytest.raises(PortalConfigError, match="cannot read"):
        load_portals(tmp_path / "absent.toml")


def test_select_by_name():
    portals = load_portals()
    assert [p.name for p in select(portals, ["zzszq", "linqu"])] == ["zzszq", "linqu"]
    assert len(select(portals, None)) == 5
    with pytest.raises(PortalConfigError, match="unknown portal"):
        select(portals, ["nowhere"])
