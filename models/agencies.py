"""Agencies (the bodies that publish annual reports), the names they go by, and the regions of portals.

An agency is identified by its place (province/city/county: same-named counties of different cities are
different places) and the key of its name (the name without the region's own prefix and without 办事处/人民政府
endings), so "汶上街道办事处", "汶上县汶上街道办事处" and "汶上街道" are one agency with three aliases, and
南京市鼓楼区财政局 and 福州市鼓楼区财政局 are two. Rows are kept across refreshes: an agency's id is stable, so one
can be followed across years.
"""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from nianbao.models.base import Base

#: What kind of body an agency is; `government` (a county-or-higher 人民政府 reporting for itself) has until
#: 31 March, every other kind until 31 January (条例 article 49).
AGENCY_KINDS = ("government", "department", "town", "street")


class PortalRegion(Base):
    """The region a portal's configuration gives (province, city, county): the fallback for agencies whose
    reports do not name their region."""

    __tablename__ = "portal_region"

    portal_id: Mapped[int] = mapped_column(sa.ForeignKey("portal.id"), primary_key=True)
    province: Mapped[str | None] = mapped_column(sa.Text)
    city: Mapped[str | None] = mapped_column(sa.Text)
    county: Mapped[str | None] = mapped_column(sa.Text)


class Agency(Base):
    __tablename__ = "agency"
    __table_args__ = (
        # A unique index, not a table constraint: SQLite can drop an index without rebuilding the table
        # (migration 0009's downgrade).
        sa.Index("uq_agency_place_name_key", "place", "name_key", unique=True),
        sa.CheckConstraint("kind IN ('government', 'department', 'town', 'street')", name="kind"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    #: The fullest name seen ("汶上县汶上街道办事处").
    name: Mapped[str] = mapped_column(sa.Text)
    #: The name without region prefix and 办事处/人民政府 ending ("汶上街道"); "" for the region's own government.
    name_key: Mapped[str] = mapped_column(sa.Text)
    #: The most specific region: the county, else the city, else the province ("" if none is known). The name
    #: shown, not unique: several cities have a 鼓楼区.
    region: Mapped[str] = mapped_column(sa.Text)
    #: The whole place, "province/city/county" with "" for a level not known ("江苏省/南京市/鼓楼区", "//鼓楼区"
    #: for a county nothing placed): with name_key, the agency's identity (archive.agencies.Region.place).
    place: Mapped[str] = mapped_column(sa.Text)
    province: Mapped[str | None] = mapped_column(sa.Text)
    city: Mapped[str | None] = mapped_column(sa.Text)
    county: Mapped[str | None] = mapped_column(sa.Text)
    kind: Mapped[str] = mapped_column(sa.String(16))
    first_seen: Mapped[datetime]


class AgencyAlias(Base):
    """A name an agency's reports were published under."""

    __tablename__ = "agency_alias"
    __table_args__ = (sa.UniqueConstraint("agency_id", "alias"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    agency_id: Mapped[int] = mapped_column(sa.ForeignKey("agency.id", ondelete="CASCADE"), index=True)
    alias: Mapped[str] = mapped_column(sa.Text, index=True)
