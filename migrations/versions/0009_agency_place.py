"""Same-named counties of different cities are different places: an agency is identified by its whole place.

Until 0008 an agency was (region, name_key), the region being only the most specific place name: 鼓楼区 is a
district of 南京市, 福州市, 徐州市 and 开封市, so 南京市鼓楼区财政局 and 福州市鼓楼区财政局 were one agency (their
reports of a year one annual report, one of them counted as a disagreeing copy), and `county_indicators`
(grouped by region) and `missing_reports` (compared by region) merged the counties as well.

- `agency.place` ("江苏省/南京市/鼓楼区", "" for a level not known: archive.agencies.Region.place) with name_key is
  the agency's identity: a unique index on (place, name_key) replaces the unique constraint on (region,
  name_key). `agency.region` keeps its meaning (the name shown, no longer unique). Existing rows get the place
  their own province, city and county columns spell.
- `missing_reports` compares the place (whether it has a report of a later year: MISSING_REPORTS),
  `county_indicators` groups by province, city and region (the place).
- Every page and attachment is queued for regrouping (as 0005 did): an agency that merged two counties cannot
  be split by SQL (which of its documents belongs where takes the division table and name normalisation), so
  the refresh that `nianbao db upgrade` runs at its end regroups the whole archive once: the copies of the
  other county go to an agency of their own, the merged agency keeps its id and the reports of its first
  county. So that no name or alias of the other county stays with it, every agency's aliases are deleted and
  its name set back to its name key (its region's 人民政府 for a government), and the regrouping writes them
  again from the documents as they are: every name a current copy prints, the fullest shown. (An agency no
  current copy names keeps that short name and no alias; aliases of older versions' names are not restored.)
  An upgrade by other means than `nianbao db upgrade` leaves the queue to the next crawl or re-extraction, or
  `nianbao db rebuild`.

SQLite: dropping the old unique constraint rebuilds `agency`, which rows of `agency_alias` (ON DELETE CASCADE)
and `annual_report` reference; with foreign keys enforced the rebuild's DROP TABLE would delete every alias and
fail on the reports, so `archive.schema.upgrade` runs SQLite migrations with enforcement off and checks every
foreign key before it commits (the SQLite documentation's procedure for such changes). `legacy_alter_table`
keeps SQLite from re-checking the views that read `agency` while the rebuilt table takes its name. The
downgrade needs no rebuild: the new unique key is an index, dropped before the column.

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-07
"""

from __future__ import annotations

import importlib.util
from pathlib import Path

import sqlalchemy as sa
from alembic import op

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None

_UNIQUE = "uq_agency_place_name_key"
_OLD_UNIQUE = "uq_agency_region_name_key"
_PLACE = "COALESCE(province, '') || '/' || COALESCE(city, '') || '/' || COALESCE(county, '')"

#: `agency` as 0003 made it, plus the nullable place: what the SQLite rebuild copies from (batch mode would
#: otherwise reflect the table, and SQLite's reflection loses the CHECK constraint's name).
_AGENCY_0008 = sa.Table(
    "agency",
    sa.MetaData(),
    sa.Column("id", sa.Integer(), nullable=False),
    sa.Column("name", sa.Text(), nullable=False),
    sa.Column("name_key", sa.Text(), nullable=False),
    sa.Column("region", sa.Text(), nullable=False),
    sa.Column("province", sa.Text(), nullable=True),
    sa.Column("city", sa.Text(), nullable=True),
    sa.Column("county", sa.Text(), nullable=True),
    sa.Column("kind", sa.String(length=16), nullable=False),
    sa.Column("first_seen", sa.DateTime(timezone=True), nullable=False),
    sa.Column("place", sa.Text(), nullable=True),
    sa.CheckConstraint("kind IN ('government', 'department', 'town', 'street')", name="ck_agency_kind"),
    sa.PrimaryKeyConstraint("id", name="pk_agency"),
    sa.UniqueConstraint("region", "name_key", name=_OLD_UNIQUE),
)

def _views_0003() -> dict[str, str]:
    """0003's view texts, read from its own file (frozen history, like this one) rather than copied: this
    revision's texts are made from them, and its downgrade restores them verbatim."""
    spec = importlib.util.spec_from_file_location("_nianbao_revision_0003", Path(__file__).with_name(
        "0003_annual_reports.py"))
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return dict(module.VIEWS)


def _edited(text: str, *edits: tuple[str, str]) -> str:
    """`text` with each (old, new) replaced; an old part that is not there is an error, not a silent no-op."""
    for old, new in edits:
        if old not in text:
            raise RuntimeError(f"migration 0009: 0003's view text no longer holds {old!r}")
        text = text.replace(old, new)
    return text


_VIEWS_0003 = _views_0003()

# The two views whose SQL changes (county_indicators reads missing_reports, so it is dropped first and created
# after). missing_reports compares the place, and asks whether it has a report of a later year (EXISTS) where
# 0003 compared with the region's latest year (max): the same rows, but PostgreSQL planned 0003's max as a scan
# of every annual report for each report of the selection (0.59 s for one county of a 10,000-report archive,
# growing with the archive), and stops at the first later report here. county_indicators groups by the place
# (province, city, region) where 0003 grouped by the region's name alone.
MISSING_REPORTS = _edited(
    _VIEWS_0003["missing_reports"],
    ("AND r.year + 1 <= (SELECT max(r2.year) FROM annual_report r2 JOIN agency g2 ON g2.id = r2.agency_id\n"
     "                             WHERE g2.region = g.region)",
     "AND EXISTS (SELECT 1 FROM agency g2 JOIN annual_report r2 ON r2.agency_id = g2.id\n"
     "                      WHERE g2.place = g.place AND r2.year > r.year)"),
)
# archive.indicators._COUNTIES_OF_REGION repeats this aggregation for one region's counties
# (tests/refresh/test_scale_reads.py holds the two equal).
COUNTY_INDICATORS = _edited(
    _VIEWS_0003["county_indicators"],
    ("SELECT max(x.province) AS province, max(x.city) AS city, x.region", "SELECT x.province, x.city, x.region"),
    ("GROUP BY x.region, x.year", "GROUP BY x.province, x.city, x.region, x.year"),
)


def _drop_views() -> None:
    op.execute("DROP VIEW IF EXISTS county_indicators")
    op.execute("DROP VIEW IF EXISTS missing_reports")


def _create_views(missing_reports: str, county_indicators: str) -> None:
    op.execute(f"CREATE VIEW missing_reports AS {missing_reports}")
    op.execute(f"CREATE VIEW county_indicators AS {county_indicators}")


def upgrade() -> None:
    bind = op.get_bind()
    sqlite = bind.dialect.name == "sqlite"
    if sqlite and bind.exec_driver_sql("PRAGMA foreign_keys").scalar() and bind.exec_driver_sql(
        "SELECT 1 FROM agency LIMIT 1"
    ).first():
        raise RuntimeError(
            "migration 0009 rebuilds the agency table: on SQLite run it with foreign keys off "
            "(`nianbao db upgrade` does), or every agency alias would be deleted"
        )
    _drop_views()
    op.add_column("agency", sa.Column("place", sa.Text(), nullable=True))
    op.execute(f"UPDATE agency SET place = {_PLACE}")
    if sqlite:
        op.execute("PRAGMA legacy_alter_table = ON")
        with op.batch_alter_table("agency", copy_from=_AGENCY_0008, recreate="always") as batch_op:
            batch_op.alter_column("place", existing_type=sa.Text(), nullable=False)
            batch_op.drop_constraint(_OLD_UNIQUE, type_="unique")
        op.execute("PRAGMA legacy_alter_table = OFF")
    else:
        op.alter_column("agency", "place", existing_type=sa.Text(), nullable=False)
        op.drop_constraint(_OLD_UNIQUE, "agency", type_="unique")
    op.create_index(_UNIQUE, "agency", ["place", "name_key"], unique=True)
    _create_views(MISSING_REPORTS, COUNTY_INDICATORS)
    # Names and aliases are written again by the regrouping (see the docstring): the name key is no longer
    # than any name the agency's copies print, so the fullest of those replaces it.
    op.execute("DELETE FROM agency_alias")
    op.execute("UPDATE agency SET name = CASE WHEN name_key = '' THEN region || '人民政府' ELSE name_key END")
    op.execute("INSERT INTO refresh_queue (document_id) SELECT id FROM document "
               "WHERE kind IN ('page', 'attachment') ORDER BY id")


def downgrade() -> None:
    """Back to (region, name_key): refused by the database if two agencies now share both (same-named
    counties reporting under the same name key); `nianbao db rebuild` at 0008 would merge them again."""
    _drop_views()
    op.drop_index(_UNIQUE, table_name="agency")
    if op.get_bind().dialect.name == "sqlite":
        # A table constraint cannot be added without a rebuild: the same uniqueness as an index of its name.
        op.create_index(_OLD_UNIQUE, "agency", ["region", "name_key"], unique=True)
    else:
        op.create_unique_constraint(_OLD_UNIQUE, "agency", ["region", "name_key"])
    op.drop_column("agency", "place")
    _create_views(_VIEWS_0003["missing_reports"], _VIEWS_0003["county_indicators"])
