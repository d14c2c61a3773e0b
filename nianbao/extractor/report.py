"""What extraction yields: one annual report's numbers, fields, checks and warnings.

`Report.to_json()` is the object of `nianbao extract --json` (interfaces.md), field for field; the archive
stores the same dict, so the JSON is the one contract between the extractor and everything downstream.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal

CellSource = Literal["table", "prose", "ocr"]


@dataclass(frozen=True)
class Cell:
    """One number of the report under its canonical key, with the text it was read from."""

    key: str
    value: int | float
    raw: str
    source: CellSource
    zero_marker: bool = False  # printed "—", "-" or "/" and read as 0 because the table's rules then pass

    def details(self) -> dict[str, Any]:
        out: dict[str, Any] = {"raw": self.raw, "source": self.source}
        if self.zero_marker:
            out["zero_marker"] = True
        return out


@dataclass(frozen=True)
class Check:
    rule: str
    status: Literal["pass", "fail", "not_assessable", "not_applicable"]
    detail: str = ""
    cells: tuple[str, ...] = ()

    def to_json(self) -> dict[str, Any]:
        return {"rule": self.rule, "status": self.status, "detail": self.detail, "cells": list(self.cells)}


@dataclass
class Report:
    title: str | None = None
    agency: str | None = None
    region: str | None = None
    province: str | None = None
    city: str | None = None
    county: str | None = None
    year: int | None = None
    published: str | None = None
    signed: str | None = None
    template: str | None = None
    format: str | None = None
    extractor_version: str = ""
    cells: dict[str, Cell] = field(default_factory=dict)
    checks: list[Check] = field(default_factory=list)
    contact: dict[str, str | None] = field(default_factory=dict)
    active_disclosures: int | None = None
    npc_suggestions: int | None = None
    cppcc_proposals: int | None = None
    processing_fees: int | float | None = None
    sections: dict[str, str] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)
    #: per table, [cells found, cells the template has]; None for reports from before the template
    completeness: dict[str, list[int]] | None = None
    #: why the document could not be read at all (hostile, broken, over a cap, of no known format); None when
    #: it was read. A field of its own so that callers need not parse warnings; the first warning says it too.
    unreadable: str | None = None

    def value(self, key: str) -> int | float | None:
        cell = self.cells.get(key)
        return cell.value if cell else None

    def check(self, rule: str) -> Check | None:
        return next((c for c in self.checks if c.rule == rule), None)

    def to_json(self) -> dict[str, Any]:
        return {
            "title": self.title,
            "agency": self.agency,
            "region": self.region,
            "province": self.province,
            "city": self.city,
            "county": self.county,
            "year": self.year,
            "published": self.published,
            "signed": self.signed,
            "template": self.template,
            "format": self.format,
            "extractor_version": self.extractor_version,
            "cells": {key: cell.value for key, cell in self.cells.items()},
            "cell_details": {key: cell.details() for key, cell in self.cells.items()},
            "checks": [check.to_json() for check in self.checks],
            "contact": dict(self.contact),
            "active_disclosures": self.active_disclosures,
            "npc_suggestions": self.npc_suggestions,
            "cppcc_proposals": self.cppcc_proposals,
            "processing_fees": self.processing_fees,
            "sections": dict(self.sections),
            "warnings": list(self.warnings),
            "unreadable": self.unreadable,
            "completeness": {table: list(pair) for table, pair in self.completeness.items()}
            if self.completeness is not None
            else None,
        }
