"""The bundled registry: every unit of the covered provinces, each home page cited, none invented."""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

import pytest

from nianbao.crawler.portals import load_portals, parse_portals
from nianbao.registry.counties import in_region, load_units, scope, unit_for
from nianbao.registry.domains import host_of, registrable_domain
from nianbao.registry.verified import Seen, load_seen, record, verified

#: `owner/repo@<12 hex>:path` (and `#L<line>` for an address): what the builder writes, and docs/portals.md tells.
_CITED = re.compile(r"^[\w.-]+/[\w.-]+@[0-9a-f]{12}:[\w./-]+(#L\d+)?$")


def test_every_unit_of_shandong_is_listed_once() -> None:
    shandong = in_region("山东省")
    levels = Counter(u.level for u in shandong)
    # 2023 统计用区划代码: the province, 16 cities, 136 county-level units and 15 功能区 (zones)
    assert levels == {"province": 1, "city": 16, "county": 136, "zone": 15}
    assert len({u.adcode for u in shandong}) == len(shandong)
    assert all(u.adcode.startswith("37") and u.province == "山东省" for u in shandong)
    assert all(u.city for u in shandong if u.level in ("county", "zone"))  # Shandong has no 省直辖 units


def test_every_home_page_is_cited_and_every_missing_one_says_why() -> None:
    for unit in load_units():
        assert _CITED.match(unit.unit_source), unit
        if unit.home_page:
            assert _CITED.match(unit.home_page_source) and "#L" in unit.home_page_source, unit
            assert unit.home_page.startswith(("http://", "https://")) and scope(unit.home_page), unit
            # a host under a public suffix, or an IP address as the source prints it (仙桃市)
            assert registrable_domain(unit.home_page) or host_of(unit.home_page)[0].isdigit(), unit
            assert not unit.note, unit
        else:
            assert unit.note and not unit.home_page_source, unit


def test_no_address_is_given_to_two_different_governments() -> None:
    hosts: dict[str, set[str]] = {}
    for unit in load_units():
        if unit.home_page:
            hosts.setdefault(host_of(unit.home_page), set()).add(unit.name)
    assert [h for h, names in hosts.items() if len(names) > 1] == []
    # where the source gave one address to two places, neither keeps it, and both say so
    misprinted = {u.adcode: u for u in in_region("510402") + in_region("120102")}
    assert all(not u.home_page and "other units too" in u.note for u in misprinted.values())


def test_a_portal_on_a_domain_several_governments_share_stays_on_its_host() -> None:
    """唐山市 is tangshan.gov.cn and its counties are hosts under it: a county portal keeps to its own host."""
    [lunan] = in_region("130202")
    assert lunan.home_page and lunan.domain == "tangshan.gov.cn"
    assert scope(lunan.home_page) == host_of(lunan.home_page) != "tangshan.gov.cn"
    [portal] = parse_portals(f'home_pages = ["{lunan.home_page}"]\n')
    assert portal.allowed_domains == (host_of(lunan.home_page),) and portal.county == "路南区"
    assert scope("http://www.wenshang.gov.cn/") == "wenshang.gov.cn"  # a domain of one government: all its hosts


def test_the_shandong_county_level_units_have_home_pages_where_the_source_gives_one() -> None:
    counties = [u for u in in_region("37") if u.level == "county"]
    missing = [u.county for u in counties if not u.home_page]
    assert missing == ["市南区"]  # its address in the source is misprinted (gov.cnn16), so it is left out


def test_the_bundled_portals_agree_with_the_registry() -> None:
    """The five portals were configured from the spec's own sources; the registry, from others, must agree."""
    for portal in load_portals():
        unit = unit_for(portal.start_urls[0])
        assert unit is not None, portal.name
        assert (unit.province, unit.city, unit.county) == (portal.province, portal.city, portal.county)


@pytest.mark.parametrize(
    ("region", "expected"),
    [("汶上县", {"370830"}), ("370830", {"370830"}), ("3708", None), ("济宁市", None), ("洛阳市", None)],
)
def test_a_region_is_a_name_or_a_code_prefix(region: str, expected: set[str] | None) -> None:
    found = {u.adcode for u in in_region(region)}
    if expected is not None:
        assert found == expected
    else:
        prefix = next(iter(found))[:4]
        assert found and all(code.startswith(prefix) for code in found) and f"{prefix}00" in found


def test_a_registry_unit_is_found_by_any_host_of_its_domain() -> None:
    assert unit_for("http://xxgk.wenshang.gov.cn/col/col1/").county == "汶上县"
    assert unit_for("http://www.example.com/") is None
    assert unit_for("http://127.0.0.1/") is None


def test_the_state_file_keeps_when_a_portal_was_last_reached(tmp_path: Path) -> None:
    path = tmp_path / "state" / "verified.json"
    assert load_seen(path) == {}
    record({"wenshang.gov.cn": Seen("wenshang", "2026-01-01T00:00:00", True, "2026-01-01T00:00:00")}, path)
    record({"jining.gov.cn": Seen("jining", "2026-01-01T00:00:00", False)}, path)
    assert verified(["wenshang.gov.cn", "jining.gov.cn", "other.gov.cn"], path) == {"wenshang.gov.cn"}
    # a later check that fails does not forget that the portal once answered
    record({"wenshang.gov.cn": Seen("wenshang", "2026-02-01T00:00:00", False)}, path)
    seen = load_seen(path)["wenshang.gov.cn"]
    assert (seen.checked, seen.reachable, seen.reached) == ("2026-02-01T00:00:00", False, "2026-01-01T00:00:00")
    path.write_text("not json", encoding="utf-8")  # a damaged file is an empty record, not a crash
    assert load_seen(path) == {}
