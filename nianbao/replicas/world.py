"""The offline internet: every portal replica, the reports they hold, and the hooks tests use to change them."""

from __future__ import annotations

import dataclasses
import hashlib
import json
import threading
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from nianbao.replicas.catalogue import (
    PORTALS,
    SIBLINGS,
    ReportSpec,
    area_code,
    build_catalogue,
    build_sibling_catalogue,
)
from nianbao.replicas.challenge import Challenge
from nianbao.replicas.content import TABLE_CELLS, Renderer, Rendition
from nianbao.replicas.site import ManifestEntry, Site
from nianbao.replicas.web import Answer, Request


def _site_classes() -> dict[str, type[Site]]:
    from nianbao.replicas.portals.hanweb import HanwebSite
    from nianbao.replicas.portals.luoyang import LuoyangSite
    from nianbao.replicas.portals.trs import TrsSite
    from nianbao.replicas.portals.weifang import WeifangSite

    return {
        "wenshang": HanwebSite,
        "yanzhou": HanwebSite,
        "zzszq": TrsSite,
        "linqu": WeifangSite,
        "xigong": LuoyangSite,
        "jiaxiang": HanwebSite,
        "ycq": TrsSite,
        "laocheng": LuoyangSite,
        "qingzhou": WeifangSite,
    }


class World:
    """All replicas, built from one seed.

    `challenge` arms the 瑞数-style check on its default scope (the 西工 report column); `slow_seconds` is how
    long the one slow page of each site takes. `siblings` adds the sibling portals (`catalogue.SIBLINGS`): other
    sites on the same platforms, for proving that a new portal is a config entry; the five bundled replicas
    render the same bytes either way.
    """

    def __init__(
        self,
        seed: int = 2026,
        cache_dir: Path | str | None = None,
        challenge: bool = True,
        slow_seconds: float = 2.0,
        siblings: bool = False,
    ):
        self.seed = seed
        self.renderer = Renderer(Path(cache_dir) if cache_dir else None)
        self._lock = threading.RLock()
        self.portals = {**PORTALS, **(SIBLINGS if siblings else {})}
        catalogue = build_catalogue(seed) + (build_sibling_catalogue(seed) if siblings else [])
        self.specs: dict[str, ReportSpec] = {s.report_id: s for s in catalogue}
        self._image_changes: dict[str, int] = {}  # report id -> table pictures corrected so far
        self.renditions: dict[str, Rendition] = {
            r.spec.report_id: r for r in self.renderer.render_all(list(self.specs.values()))
        }
        classes = _site_classes()
        self.challenge = Challenge(secret=f"nianbao-{seed}") if challenge else None
        self.sites: dict[str, Site] = {}
        self.portal_sites: dict[str, Site] = {}
        for name, portal in self.portals.items():
            gate = self.challenge if (self.challenge and name == "xigong") else None
            site = classes[name](portal, challenge=gate, slow_seconds=slow_seconds)
            self.sites[portal.host] = site
            self.portal_sites[name] = site
            self._rebuild(name, None)

    # -- serving -----------------------------------------------------------------------------------------

    def answer(self, request: Request) -> Answer | None:
        site = self.sites.get(request.host)
        if site is None and not request.host.startswith("www."):
            site = self.sites.get("www." + request.host)  # linqu.gov.cn answers like www.linqu.gov.cn
        return site.answer(request) if site is not None else None

    @property
    def hosts(self) -> list[str]:
        return list(self.sites)

    # -- manifest ----------------------------------------------------------------------------------------

    def manifest(self) -> list[ManifestEntry]:
        with self._lock:
            return [e for site in self.portal_sites.values() for e in site.entries]

    def manifest_json(self) -> list[dict[str, Any]]:
        return [e.to_json() for e in self.manifest()]

    def dump_manifest(self, path: Path | str) -> None:
        Path(path).write_text(json.dumps(self.manifest_json(), ensure_ascii=False, indent=1), encoding="utf-8")

    def entry(self, report_id: str) -> ManifestEntry:
        for e in self.manifest():
            if e.report_id == report_id:
                return e
        raise KeyError(f"no report {report_id!r} in the replicas")

    # -- hooks for tests ---------------------------------------------------------------------------------

    def change_report(self, report_id: str) -> ManifestEntry:
        """New numbers, same URL(s): the publisher corrected its report."""
        with self._lock:
            spec = self._spec(report_id)
            new = spec.revised()
            self.specs[report_id] = new
            self.renditions[report_id] = self.renderer.render(new)
            self._rebuild(spec.portal, datetime.now(UTC))
            return self.entry(report_id)

    def change_image(self, report_id: str, index: int = 0) -> ManifestEntry:
        """A corrected table picture under the same URL, the page that embeds it untouched (same bytes, same
        validators, so it answers 304): only the numbers of that one table change, in the picture and the truth.

        For a synthetic report of form `images` (the seeds print fixed numbers).
        """
        with self._lock:
            spec = self._spec(report_id)
            old = self.renditions[report_id]
            if spec.seed is not None or not 0 <= index < len(old.image_tables):
                raise ValueError(f"{report_id} has no synthetic table picture {index} to correct")
            changes = self._image_changes[report_id] = self._image_changes.get(report_id, 0) + 1
            revised = spec
            for _ in range(changes):
                revised = revised.revised()
            new = self.renderer.render(revised)
            prefix = TABLE_CELLS[old.image_tables[index]]
            kept = {k: v for k, v in (old.truth or {}).items() if not k.startswith(prefix)}
            truth = kept | {k: v for k, v in (new.truth or {}).items() if k.startswith(prefix)}
            images = [new.images[i] if i == index else image for i, image in enumerate(old.images)]
            self.renditions[report_id] = dataclasses.replace(old, images=images, truth=truth)
            self._rebuild(spec.portal, datetime.now(UTC))
            return self.entry(report_id)

    def delete_report(self, report_id: str) -> ManifestEntry:
        """Take a report down: its page and files answer 404 and leave every list."""
        with self._lock:
            spec = self._spec(report_id)
            old = self.entry(report_id)
            del self.specs[report_id]
            del self.renditions[report_id]
            self._rebuild(spec.portal, datetime.now(UTC))
            return old

    def add_report(
        self,
        portal: str,
        agency: str | None = None,
        year: int = 2025,
        form: str | None = None,
        truth_seed: int | None = None,
        published: datetime | None = None,
    ) -> ManifestEntry:
        """Publish a new report on a portal (defaults: a new agency of that county, the platform's main form)."""
        if portal not in self.portals:
            raise KeyError(f"unknown portal {portal!r}; one of {', '.join(self.portals)}")
        p = self.portals[portal]
        with self._lock:
            n = sum(1 for s in self.specs.values() if s.portal == portal)
            agency = agency or f"{p.county}新增测试单位{n}"
            code = area_code(p, agency)
            report_id = f"{portal}/{code}/{year}"
            if report_id in self.specs:
                raise ValueError(f"{report_id} already exists; change_report() corrects an existing report")
            template = "2019" if year <= 2020 else "2021"
            spec = ReportSpec(
                report_id,
                portal,
                agency,
                code,
                year,
                template,
                form or p.forms[0],
                published or datetime(year + 1, 1, 25, 10, 30),
                truth_seed or int(hashlib.sha256(report_id.encode()).hexdigest()[:7], 16),
                9_000_000 + n,
            )
            self.specs[report_id] = spec
            self.renditions[report_id] = self.renderer.render(spec)
            self._rebuild(portal, datetime.now(UTC))
            return self.entry(report_id)

    def _spec(self, report_id: str) -> ReportSpec:
        try:
            return self.specs[report_id]
        except KeyError:
            raise KeyError(f"no report {report_id!r} in the replicas") from None

    def _rebuild(self, portal: str, now: datetime | None) -> None:
        site = self.portal_sites[portal]
        renditions = [self.renditions[i] for i, s in self.specs.items() if s.portal == portal]
        site.build(renditions, now=now)
