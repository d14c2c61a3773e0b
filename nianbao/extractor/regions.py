"""Province, city and county of a reporting unit, from the names its report prints.

The administrative division codes come from the `cpca` package's table (adcodes.csv); the file is read
directly because importing cpca itself loads pandas and jieba, seconds we do not need. A county name is
looked up in the agency name first, then in the report's text; a name shared by several counties (市中区)
is settled by which city or province the text also names, and left without city and province if the text
does not say.
"""

from __future__ import annotations

import csv
import functools
import importlib.util
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Division:
    code: str
    name: str


@dataclass(frozen=True)
class Region:
    province: str | None = None
    city: str | None = None
    county: str | None = None

    @property
    def name(self) -> str | None:
        return self.county or self.city or self.province


# city-level rows of the division table that group counties rather than name a city
_GROUPS = ("市辖区", "县", "省直辖县级行政区划", "自治区直辖县级行政区划")


@functools.cache
def _table() -> tuple[dict[str, str], dict[str, list[Division]], dict[str, list[Division]]]:
    spec = importlib.util.find_spec("cpca")
    if spec is None or not spec.submodule_search_locations:
        return {}, {}, {}
    path = Path(next(iter(spec.submodule_search_locations))) / "resources" / "adcodes.csv"
    by_code: dict[str, str] = {}
    counties: dict[str, list[Division]] = {}
    cities: dict[str, list[Division]] = {}
    with path.open(encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            code, name = row["adcode"][:6], row["name"]
            by_code[code] = name
            if code[2:] == "0000":
                continue
            if code[4:] == "00":
                if name not in _GROUPS:  # "县" (重庆市's counties) would match any 县 in running text
                    cities.setdefault(name, []).append(Division(code, name))
            elif name not in ("市辖区",):
                counties.setdefault(name, []).append(Division(code, name))
    # counties made county-level cities after the table was drawn (广德县 → 广德市 in 2019): the report prints the
    # new name, found under the old county's code; never a name the table already holds (长沙县 → 长沙市, a city)
    for name, divisions in list(counties.items()):
        renamed = name[:-1] + "市"
        if name.endswith("县") and len(name) >= 3 and renamed not in counties and renamed not in cities:
            counties[renamed] = divisions
    return by_code, counties, cities


@functools.cache
def _provinces() -> tuple[str, ...]:
    """The province-level names: 34 to test, not the 3,500 rows of the table (3 ms a name)."""
    return tuple(name for code, name in _table()[0].items() if code[2:] == "0000")


def _short(name: str) -> str:
    for suffix in ("特别行政区", "自治区", "自治州", "地区", "省", "市", "盟"):
        if name.endswith(suffix) and len(name) - len(suffix) >= 2:
            return name[: -len(suffix)]
    return name


def _mentions(text: str, name: str | None) -> bool:
    return bool(name) and (name in text or _short(name) in text)  # type: ignore[operator]


def _resolve(division: Division, by_code: dict[str, str]) -> tuple[str | None, str | None]:
    province = by_code.get(division.code[:2] + "0000")
    city = by_code.get(division.code[:4] + "00")
    if city in _GROUPS:
        city = None
    return province, city


@functools.cache
def _automaton() -> object | None:
    """An Aho-Corasick automaton over county names (pyahocorasick, which cpca itself depends on): one pass
    over the text instead of 3,000 substring searches (20 ms a report)."""
    try:
        import ahocorasick
    except ImportError:
        return None
    automaton = ahocorasick.Automaton()
    for name in _table()[1]:
        automaton.add_word(name, name)
    automaton.make_automaton()
    return automaton


def _county_names(scope: str) -> list[str]:
    automaton = _automaton()
    if automaton is None:
        return [name for name in _table()[1] if name in scope]
    return list({name for _, name in automaton.iter(scope)})  # type: ignore[attr-defined]


def find_region(agency: str | None, text: str) -> Region:
    """The region the agency belongs to, as far as its name and the report's text tell."""
    by_code, counties, cities = _table()
    if not by_code:
        return Region()
    for in_text, scope in ((False, agency or ""), (True, text[:4000] + text[-2000:])):
        if not scope:
            continue
        # in running text a two-character name is only trusted as a county (沛县), not as 城区/矿区 words
        names = [name for name in _county_names(scope) if len(name) > 2 or not in_text or name.endswith(("县", "旗"))]
        if names:
            # in running text a two-character name also arises from words ("规定和县政府…": "and the county
            # government's", not 和县): any longer county name the text prints comes first
            name = min(names, key=lambda n: (in_text and len(n) <= 2, scope.index(n), -len(n)))
            candidates = counties[name]
            if len(candidates) > 1:
                judged = [d for d in candidates if _mentions(text + (agency or ""), _resolve(d, by_code)[1])]
                if len(judged) != 1:
                    judged = [d for d in candidates if _mentions(text + (agency or ""), _resolve(d, by_code)[0])]
                if len(judged) != 1:
                    return Region(county=name)
                candidates = judged
            province, city = _resolve(candidates[0], by_code)
            return Region(province=province, city=city, county=name)
        city_names = [name for name in cities if name in scope]
        if city_names:
            division = cities[min(city_names, key=scope.index)][0]
            province = by_code.get(division.code[:2] + "0000")
            return Region(province=province, city=division.name)
        if not in_text:  # a provincial unit (山东省教育厅): its province, not a county its text mentions
            provinces = [name for name in _provinces() if name in scope]
            if provinces:
                return Region(province=min(provinces, key=scope.index))
    return Region()
