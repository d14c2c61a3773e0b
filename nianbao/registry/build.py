"""Maintainers' tool: (re)build counties.csv from the two public sources it cites. Never run by nianbao itself.

    python -m nianbao.registry.build --units MODOOD_GIT_DIR --sites LAOSHENG_GIT_DIR [--province 37 ...]

- The units (province, city, county-level unit, 6-digit code) come from modood/Administrative-divisions-of-China
  (`dist/provinces.csv`, `dist/cities.csv`, `dist/areas.csv`: the 2023 统计用区划代码, WTFPL). cpca's
  adcodes.csv, which the extractor reads, is a 2021 snapshot that predates the 2019–2021 changes (莱芜市 merged
  into 济南市, 即墨市 and 蓬莱市 made districts, 长岛县 merged), so it is not the registry's source.
- The home pages come from DiamonWoo/Laosheng.top `fuwu/qianxian.md` (中国千县地名网), which pairs each unit's
  行政区划代码 with the address of its government's website from the State Council's national government-website
  database. Each address is taken as printed (only surrounding spaces trimmed), matched to a unit by its code
  and name, and cited with the file's commit and line. An address whose host has no public suffix (a typo in
  the source) is not used: the unit is listed without a home page and the note says why. Nothing is guessed.

Run against local git checkouts (e.g. the search tool's mirrors); each source is read at its HEAD commit, which
the CSV names.
"""

from __future__ import annotations

import argparse
import csv
import io
import ipaddress
import re
import subprocess
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

from nianbao.registry.domains import registrable_domain

UNITS_REPO = "modood/Administrative-divisions-of-China"
SITES_REPO = "DiamonWoo/Laosheng.top"
SITES_PATH = "fuwu/qianxian.md"
COLUMNS = ["adcode", "level", "province", "city", "county", "home_page", "home_page_source", "unit_source", "note"]
OUT = Path(__file__).with_name("counties.csv")

#: cities.csv names that are groupings of the province's directly administered units, not cities
_NOT_CITIES = (None, "市辖区", "县", "省直辖县级行政区划", "自治区直辖县级行政区划")
#: `370102 [历下区](http://www.lixia.gov.cn )⠀` and `370100 <b>[济南市](http://… 'tooltip')</b>…`
_SITE_LINE = re.compile(r"^(\d{6}) (?:<b>)?\[([^\]]+)\]\(([^ )'\"]+)")
#: `<h3 id="37">37 <a href="http://www.shandong.gov.cn/col/col94094/" title="370000 ">山东省</a>`
_PROVINCE_LINE = re.compile(r'^<h3 id="\d\d">\d\d <a href="([^"]+)" title="(\d{6})[^"]*">([^<]+)</a>')


@dataclass
class Site:
    name: str
    url: str
    line: int


def git(repo: Path, *args: str) -> str:
    return subprocess.run(["git", "-C", str(repo), *args], check=True, capture_output=True, text=True).stdout


def sites(text: str) -> dict[str, Site]:
    """adcode -> the unit name and address printed beside it in qianxian.md."""
    found: dict[str, Site] = {}
    for number, line in enumerate(text.splitlines(), start=1):
        match = _SITE_LINE.match(line)
        if match:
            found[match[1]] = Site(match[2], match[3].strip(), number)
            continue
        match = _PROVINCE_LINE.match(line)
        if match:
            found[match[2]] = Site(match[3], match[1].strip(), number)
    return found


def _table(units: Path, path: str) -> list[dict[str, str]]:
    """A CSV file of the units' source at its HEAD."""
    return list(csv.DictReader(io.StringIO(git(units, "show", f"HEAD:{path}"))))


def same_unit(printed: str, official: str) -> bool:
    """Whether the source's name is the unit's: the same, the usual short form of an autonomous prefecture
    (延边州 for 延边朝鲜族自治州: its first characters, then 州), or a city printed with its 兵团 division
    (石河子市／第八师)."""
    if printed == official or printed.startswith(official + "／"):
        return True
    return official.endswith("自治州") and printed.endswith("州") and official.startswith(printed[:-1])


def _is_ip(url: str) -> bool:
    try:
        ipaddress.ip_address(urlsplit(url).hostname or "")
    except ValueError:
        return False
    return True


def rows(units: Path, site_repo: Path, provinces: list[str]) -> Iterator[dict[str, str]]:
    units_commit = git(units, "rev-parse", "HEAD").strip()
    sites_commit = git(site_repo, "rev-parse", "HEAD").strip()
    by_code = sites(git(site_repo, "show", f"{sites_commit}:{SITES_PATH}"))

    province_names = {r["code"]: r["name"] for r in _table(units, "dist/provinces.csv")}
    city_names = {r["code"]: r["name"] for r in _table(units, "dist/cities.csv")}
    areas = _table(units, "dist/areas.csv")
    cited = f"{UNITS_REPO}@{units_commit[:12]}:dist"
    for prov in provinces:
        units_of = [(f"{prov}0000", "province", None, None, f"{cited}/provinces.csv")]
        for code, name in sorted(city_names.items()):
            if code.startswith(prov) and name not in _NOT_CITIES:
                units_of.append((f"{code}00", "city", name, None, f"{cited}/cities.csv"))
        for area in sorted(areas, key=lambda r: r["code"]):
            if area["provinceCode"] != prov:
                continue
            city = city_names.get(area["cityCode"])
            level = "zone" if area["code"][4] == "7" else "county"  # 统计用区划代码: 71–79 are 功能区, not governments
            units_of.append(
                (area["code"], level, None if city in _NOT_CITIES else city, area["name"], f"{cited}/areas.csv")
            )
        for adcode, level, city, county, unit_source in units_of:
            name = county or city or province_names[prov]
            row = {
                "adcode": adcode,
                "level": level,
                "province": province_names[prov],
                "city": city or "",
                "county": county or "",
                "home_page": "",
                "home_page_source": "",
                "unit_source": unit_source,
                "note": "",
            }
            site = by_code.get(adcode)
            if site is None:
                row["note"] = "no public source found for its home page"
            elif not same_unit(site.name, name):
                row["note"] = f"the source lists {adcode} as {site.name!r}, not {name!r}: its address is not used"
            elif not (registrable_domain(site.url) or _is_ip(site.url)):
                row["note"] = f"the source's address {site.url!r} has no public suffix (a typo): not used"
            else:
                row["home_page"] = site.url
                row["home_page_source"] = f"{SITES_REPO}@{sites_commit[:12]}:{SITES_PATH}#L{site.line}"
            yield row


def without_shared_hosts(table: list[dict[str, str]]) -> list[dict[str, str]]:
    """The rows, with no address on a host the source gives to differently named units.

    The source lists a few same-named places with another's address (攀枝花市东区 with 天津市河东区's). Which of
    them the host belongs to cannot be told without guessing, so none keeps it; the note names the others. A
    unit listed twice under one name (东莞市 as a city and as its own county-level unit) keeps its address.
    """
    by_host: dict[str, list[dict[str, str]]] = {}
    for row in table:
        if row["home_page"]:
            by_host.setdefault((urlsplit(row["home_page"]).hostname or "").lower(), []).append(row)
    for sharing in by_host.values():
        names = {r["county"] or r["city"] or r["province"] for r in sharing}
        if len(names) < 2:
            continue
        for row in sharing:
            others = ", ".join(
                sorted(f"{r['adcode']} {r['county'] or r['city'] or r['province']}" for r in sharing if r is not row)
            )
            row["note"] = f"the source gives {row['home_page']!r} to other units too ({others}): not used"
            row["home_page"] = row["home_page_source"] = ""
    return table


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--units", type=Path, required=True, help=f"a git checkout of {UNITS_REPO}")
    parser.add_argument("--sites", type=Path, required=True, help=f"a git checkout of {SITES_REPO}")
    parser.add_argument(
        "--province",
        action="append",
        default=[],
        help="2-digit province code (repeatable); default: every province of the units' source",
    )
    parser.add_argument("--out", type=Path, default=OUT)
    args = parser.parse_args()
    with args.out.open("w", encoding="utf-8", newline="") as out:
        writer = csv.DictWriter(out, COLUMNS, lineterminator="\n")
        writer.writeheader()
        provinces = args.province or [r["code"] for r in _table(args.units, "dist/provinces.csv")]
        writer.writerows(without_shared_hosts(list(rows(args.units, args.sites, provinces))))


if __name__ == "__main__":
    main()
