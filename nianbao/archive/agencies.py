"""Agencies: who publishes a report, under which of its names, in which region, and of what kind.

Names vary between a body's own page, its attachment and a city portal's copy ("汶上街道办事处",
"汶上县汶上街道办事处", "汶上街道"). An agency is identified by its *place* (province, city and county as far as
known: `Region.place`, "山东省/济宁市/汶上县") and its *name key*: the name without the region's own prefixes and
with the usual endings cut (街道办事处 → 街道, 镇人民政府 → 镇). The region comes from the report's text (the
extractor's province, city, county) and, where the text names none, from the portal's configuration
(`record_portal_regions`). The agency's `region` column is only the place's most specific name (the county,
else the city, else the province), what users see; it is not unique: 鼓楼区 is a district of 南京市, 福州市,
徐州市 and 开封市, and 南京市鼓楼区财政局 and 福州市鼓楼区财政局 are two agencies.

A region that names its county without the parents ("鼓楼区" alone, the portal's configuration giving none) is
completed from the extractor's division table (`completed`) when the county's name is unique nationally, so a
copy that says only "汶上县" meets the copy that says "山东省济宁市汶上县". A name several counties share is
completed only when the region's city or province (or the agency's own name) says which; when nothing does,
the copy keeps the bare name and is an agency of that bare place ("//鼓楼区"): as before places were told apart,
every such copy of one name meets in one agency, but it meets none of the placed ones (南京市's or 福州市's),
and `county_indicators` shows it as a county of its own with no city.

The kind decides the deadline (条例 article 49): a county-or-higher 人民政府's own report is due 31 March,
every department, town and street office 31 January.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, replace
from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from nianbao.archive.database import reading
from nianbao.extractor import regions as extractor_regions
from nianbao.extractor.regions import find_region
from nianbao.models import Agency, AgencyAlias, ArchivedPortal, PortalRegion

_agency = Agency.__table__
_alias = AgencyAlias.__table__
_portal = ArchivedPortal.__table__
_portal_region = PortalRegion.__table__

_SPACE = re.compile(r"\s+")
#: The places whose own government reports by 31 March: a 人民政府 of a province, city, county or district.
_GOVERNMENT_PLACE = re.compile(r"^(?P<place>.+?(?:省|自治区|市|州|盟|县|区|旗))(?:人民)?政府$")
_TOWN = re.compile(r"(?:镇|乡|苏木)$")
#: Endings that differ between a body's formal and short names, and what the short name keeps.
_ENDINGS = (
    ("街道办事处", "街道"),
    ("镇人民政府", "镇"),
    ("乡人民政府", "乡"),
    ("镇政府", "镇"),
    ("乡政府", "乡"),
)


@dataclass(frozen=True)
class Region(extractor_regions.Region):
    """The extractor's region (province, city, county) with what grouping agencies needs of it."""

    @property
    def key(self) -> str:
        """The most specific place known: what an agency's region column holds (the name shown)."""
        return self.name or ""

    @property
    def place(self) -> str:
        """The whole place, "province/city/county" with "" for a level not known ("江苏省/南京市/鼓楼区",
        "//鼓楼区", "山东省/济宁市/"): with the name key, an agency's identity (agency.place)."""
        return "/".join(part or "" for part in (self.province, self.city, self.county))

    def merged(self, fallback: Region) -> Region:
        """This region's places, with the fallback's where this one names none."""
        return Region(self.province or fallback.province, self.city or fallback.city,
                      self.county or fallback.county)

    def up_to(self, level: str) -> Region:
        if level == "province":
            return Region(self.province)
        if level == "city":
            return Region(self.province, self.city)
        return self


@dataclass(frozen=True)
class AgencyIdentity:
    """What a printed agency name means: the body's region, its name key and its kind."""

    name: str
    name_key: str
    region: Region
    kind: str


@functools.lru_cache(maxsize=4096)
def completed(region: Region) -> Region:
    """The region with its county's province and city from the division table, where the table says which:
    the county's name is unique nationally, or the region's own city or province picks one of the counties of
    that name. The table wins over parents that contradict it (a county portal's city given to a sibling
    county's name). A county the table does not know (a development zone) is kept as it is; so is a shared
    name nothing settles, less the parents none of its namesakes has (see the module docstring).

    A region without county gets its city's province. Cached: a refresh asks this of every copy it regroups,
    and an archive has a few thousand places."""
    by_code, counties, cities = extractor_regions._table()
    if region.county is None:
        found = cities.get(region.city or "", [])
        if region.province is None and len(found) == 1:
            return Region(by_code.get(found[0].code[:2] + "0000"), region.city)
        return region
    places = [Region(*extractor_regions._resolve(d, by_code), region.county) for d in counties.get(region.county, [])]
    if not places:
        return region
    fitting = [p for p in places if region.province in (None, p.province)]
    if len(fitting) > 1:
        fitting = [p for p in fitting if region.city in (None, p.city)] or fitting
    if len(places) == 1 or len(fitting) == 1:
        return places[0] if len(places) == 1 else fitting[0]
    # Several namesakes fit: keep the parents that at least one of them has.
    province = region.province if fitting else None
    city = region.city if any(p.city == region.city for p in fitting) else None
    return Region(province, city, region.county)


def clean_name(name: str) -> str:
    """Full-width forms folded (NFKC) and all white space removed: names are printed with both."""
    return _SPACE.sub("", unicodedata.normalize("NFKC", name))


def identify(name: str, region: Region) -> AgencyIdentity:
    """The agency a printed name denotes, given the region the report belongs to (from its text, else from
    its portal); a county the name itself names wins. Both regions are `completed` first, so a name prefixed
    with its city and county loses the whole prefix whichever of them the copy's region named."""
    identity = _identify(name, region)
    region = completed(identity.region)
    return identity if region == identity.region else replace(identity, region=region)


def _identify(name: str, region: Region) -> AgencyIdentity:
    text = clean_name(name)
    named = find_region(text, "")
    if named.county and named.county == region.county:
        # The name may say which of the county's namesakes it is (福州市鼓楼区财政局 on a copy whose text names
        # only 鼓楼区).
        region = region.merged(named)
    elif named.county and named.county != region.county:
        # The name says which county (a city portal's copy "济宁市汶上县中都街道办事处"): it outranks a
        # region that names none or another one.
        same_city = region.county is None and (named.city in (None, region.city))
        region = Region(named.province or (region.province if same_city else None),
                        named.city or (region.city if same_city else None), named.county)
    elif region.county is None and ((named.city and not region.city) or (named.province and not region.province)):
        region = Region(named.province or region.province, named.city or region.city)
    region = completed(region)
    rest, deepest = text, None
    for level in ("province", "city", "county"):
        place = getattr(region, level)
        if place and rest.startswith(place) and len(rest) > len(place):
            rest, deepest = rest[len(place):], level
    # A name that starts with the city but not the county is the city's own body (a city department or the
    # city government quoted on a county portal), not the county's namesake.
    body_region = region.up_to(deepest) if deepest in ("province", "city") else region
    if rest in ("人民政府", "政府"):
        return AgencyIdentity(text, "", body_region, "government")
    government = _GOVERNMENT_PLACE.match(rest)
    if government and not _TOWN.search(government.group("place")):
        place = government.group("place")
        if place.endswith(("县", "区", "旗")):
            return AgencyIdentity(text, "", Region(body_region.province, body_region.city, place), "government")
        return AgencyIdentity(text, "", Region(body_region.province, place), "government")
    key = rest
    for ending, short in _ENDINGS:
        if key.endswith(ending):
            key = key[: -len(ending)] + short
            break
    if key.endswith("街道"):
        kind = "street"
    elif _TOWN.search(key):
        kind = "town"
    else:
        kind = "department"
    return AgencyIdentity(text, key, body_region, kind)


#: How reports and pages name each kind of agency (models.AGENCY_KINDS).
KIND_LABELS = {"government": "政府", "department": "部门", "town": "乡镇", "street": "街道"}


def deadline_month(kind: str) -> int:
    """31 March (month 3) for a government's own report, 31 January (month 1) for everyone else."""
    return 3 if kind == "government" else 1


# --- the archive's agency rows ------------------------------------------------------------------------------


def record_portal_regions(
    conn: Connection, regions: Iterable[tuple[str, str | None, str | None, str | None]]
) -> int:
    """Store (portal name, province, city, county) of configured portals the archive knows; returns how many
    changed.

    Called with the portal configuration by whoever has it (the crawl, the re-extraction): the archive itself
    never reads crawler configuration. Only a changed region is written: a change queues every document of
    the portal for regrouping (migration 0005's triggers).
    """
    ids = dict(conn.execute(sa.select(_portal.c.name, _portal.c.id)).all())
    known = {r.portal_id: (r.province, r.city, r.county) for r in conn.execute(sa.select(_portal_region))}
    changed = 0
    for name, province, city, county in regions:
        portal_id = ids.get(name)
        if portal_id is None or known.get(portal_id) == (province, city, county):
            continue
        values = {"province": province, "city": city, "county": county}
        if portal_id in known:
            conn.execute(_portal_region.update().where(_portal_region.c.portal_id == portal_id).values(values))
        else:
            conn.execute(_portal_region.insert().values(portal_id=portal_id, **values))
        known[portal_id] = (province, city, county)
        changed += 1
    return changed


def portal_regions(conn: Connection) -> dict[int, Region]:
    rows = conn.execute(sa.select(_portal_region))
    return {r.portal_id: Region(r.province, r.city, r.county) for r in rows}


class AgencyBook:
    """The agency rows one regrouping meets: found by (place, name key) when first asked for, created on
    first sight, aliases kept. Looked up one by one, so a small regrouping reads a few rows, not them all."""

    def __init__(self, conn: Connection, now: datetime) -> None:
        self.conn = conn
        self.now = now
        self.ids: dict[tuple[str, str], int] = {}
        self.names: dict[int, str] = {}
        self.kinds: dict[int, str] = {}
        self.aliases: set[tuple[int, str]] = set()

    def prefetch(self, identities: Iterable[AgencyIdentity]) -> None:
        """Look up many agencies in one statement per 500 (and their aliases), instead of two each."""
        keys = sorted({(i.region.place, i.name_key) for i in identities} - self.ids.keys())
        found: list[int] = []
        for start in range(0, len(keys), 500):
            chunk = keys[start : start + 500]
            # An OR of pairs, not `(place, name_key) IN (VALUES ...)`: SQLite answers that with a scan of
            # every agency (a row-value IN list uses no index), each batch of a refresh; this is one search of
            # the unique index per pair on both databases. Written as the driver's SQL: compiling 500 pairs
            # through SQLAlchemy each batch costs more than the search.
            marker = "?" if self.conn.dialect.paramstyle == "qmark" else "%s"
            pairs = " OR ".join([f"(place = {marker} AND name_key = {marker})"] * len(chunk))
            sql = f"SELECT id, place, name_key, name, kind FROM {_agency.name} WHERE {pairs}"
            for row in self.conn.exec_driver_sql(sql, tuple(value for key in chunk for value in key)):
                self.ids[(row.place, row.name_key)] = row.id
                self.names[row.id] = row.name
                self.kinds[row.id] = row.kind
                found.append(row.id)
        for start in range(0, len(found), 500):
            chunk_ids = found[start : start + 500]
            query = sa.select(_alias.c.agency_id, _alias.c.alias).where(_alias.c.agency_id.in_(chunk_ids))
            self.aliases.update((r.agency_id, r.alias) for r in self.conn.execute(query))

    def _find(self, key: tuple[str, str]) -> int | None:
        row = self.conn.execute(
            sa.select(_agency.c.id, _agency.c.name, _agency.c.kind)
            .where(_agency.c.place == key[0], _agency.c.name_key == key[1])
        ).first()
        if row is None:
            return None
        self.ids[key] = row.id
        self.names[row.id] = row.name
        self.kinds[row.id] = row.kind
        aliases = self.conn.execute(sa.select(_alias.c.alias).where(_alias.c.agency_id == row.id)).scalars()
        self.aliases.update((row.id, alias) for alias in aliases)
        return row.id

    def kind(self, agency_id: int) -> str:
        if agency_id not in self.kinds:
            self.kinds[agency_id] = self.conn.execute(
                sa.select(_agency.c.kind).where(_agency.c.id == agency_id)).scalar_one()
        return self.kinds[agency_id]

    def agency_id(self, identity: AgencyIdentity) -> int:
        key = (identity.region.place, identity.name_key)
        agency_id = self.ids.get(key) or self._find(key)
        if agency_id is None:
            agency_id = self.conn.execute(
                _agency.insert()
                .values(name=identity.name, name_key=identity.name_key, region=identity.region.key,
                        place=identity.region.place, province=identity.region.province, city=identity.region.city,
                        county=identity.region.county, kind=identity.kind, first_seen=self.now)
                .returning(_agency.c.id)
            ).scalar_one()
            self.ids[key] = agency_id
            self.names[agency_id] = identity.name
            self.kinds[agency_id] = identity.kind
        elif len(identity.name) > len(self.names[agency_id]):
            # The fullest name seen is the one shown ("汶上县汶上街道办事处" over "汶上街道").
            self.conn.execute(_agency.update().where(_agency.c.id == agency_id).values(name=identity.name))
            self.names[agency_id] = identity.name
        if (agency_id, identity.name) not in self.aliases:
            self.conn.execute(_alias.insert().values(agency_id=agency_id, alias=identity.name))
            self.aliases.add((agency_id, identity.name))
        return agency_id


def find_agencies(conn: Connection, name: str, region: str | None = None) -> list[int]:
    """Agency ids a name (any alias, or the name key: "汶上街道") denotes, optionally within a region."""
    text = clean_name(name)
    conn = reading(conn)
    query = (
        sa.select(_agency.c.id)
        .where(sa.or_(_agency.c.name_key == text, _agency.c.id.in_(
            sa.select(_alias.c.agency_id).where(_alias.c.alias == text))))
        .order_by(_agency.c.id)
    )
    if region:
        query = query.where(sa.or_(_agency.c.region == region, _agency.c.city == region,
                                   _agency.c.province == region))
    found = list(conn.execute(query).scalars())
    if found:
        return found
    # Not seen under that exact name: try what the name means within each known region.
    regions = conn.execute(sa.select(_agency.c.province, _agency.c.city, _agency.c.county).distinct()).all()
    identities = [identify(text, Region(*r)) for r in regions]
    keys = {(i.region.place, i.name_key) for i in identities}
    rows = conn.execute(sa.select(_agency.c.id, _agency.c.place, _agency.c.region, _agency.c.name_key)
                        .order_by(_agency.c.id))
    return [r.id for r in rows if (r.place, r.name_key) in keys and (not region or r.region == region)]
