"""A generated world of county portals, served by the same `ReplicaServer` as the bundled replicas.

    world = GeneratedWorld(portals=300, world_seed=HELDOUT_SEEDS[0])
    with ReplicaServer(port=0, world=world) as server: ...

Portals are planned up front (`layout.py`: every URL and report is known, so is the manifest); pages and files
are rendered only when asked for and kept in a bounded in-memory cache, so a 1,000-portal world starts in
seconds. PDF, DOC and WPS files (LibreOffice, slow) are the exception: they are drawn for about one report in
six, converted in batches when the world is built and cached on disk by content, so a second build is fast;
`office=False` publishes those reports as DOCX instead.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import random
import threading
from collections import OrderedDict
from collections.abc import Callable
from datetime import UTC, timedelta
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl, urlencode, urlsplit

from nianbao.replicas.generated import pages
from nianbao.replicas.generated.families import FAMILIES, content_disposition, json_rows
from nianbao.replicas.generated.layout import Column, GenPortal, GenReport, plan_portal
from nianbao.replicas.generated.names import BUNDLED_HOSTS, draw_places
from nianbao.replicas.site import CONTENT_TYPES, ManifestEntry, stamp
from nianbao.replicas.web import Answer, Request, Resource

DEV_SEEDS = (11, 23, 37)
"""World seeds to develop and tune discovery on."""
HELDOUT_SEEDS = (9001, 9013, 9029)
"""World seeds NEVER used for tuning (no test, no debugging session, no threshold picked on them): the figures
reported for the generated world are measured on these first."""

Render = Callable[[], tuple[bytes, str, dict[str, str]]]
CACHE_BYTES = 48 << 20
"""Rendered pages and files kept in memory: a crawl asks for most things once, so a small cache suffices."""
TRUTHS_KEPT = 256


def _key(host: str, path: str, query: str = "") -> str:
    pairs = sorted(parse_qsl(query, keep_blank_values=True))
    return f"{host.lower()}{path}" + (f"?{urlencode(pairs)}" if pairs else "")


def _url_key(url: str) -> str:
    parts = urlsplit(url)
    return _key(parts.netloc, parts.path or "/", parts.query)


class GeneratedWorld:
    """`portals` synthetic county portals drawn from `world_seed` over the platform families."""

    def __init__(
        self,
        portals: int = 300,
        world_seed: int = DEV_SEEDS[0],
        cache_dir: Path | str | None = None,
        office: bool = True,
        families: tuple[str, ...] = FAMILIES,
    ):
        self.world_seed = world_seed
        rng = random.Random(f"world/{world_seed}")
        places = draw_places(rng, portals)
        self.portals: list[GenPortal] = []
        for i, place in enumerate(places):
            prng = random.Random(f"{world_seed}/{i}")
            family = families[i] if i < len(families) else prng.choice(families)
            self.portals.append(plan_portal(i, place, family, prng, office=office))
        self.reports: dict[str, tuple[GenPortal, GenReport]] = {
            r.report_id: (p, r) for p in self.portals for r in p.reports
        }
        self._routes: dict[str, Render] = {}
        self._columns: dict[tuple[str, int], tuple[GenPortal, Column]] = {}
        self._cache: OrderedDict[str, tuple[bytes, str, dict[str, str]]] = OrderedDict()
        self._truths: OrderedDict[str, Any] = OrderedDict()
        self._cached_bytes = 0
        self._lock = threading.RLock()
        for p in self.portals:
            self._route_portal(p)
        clash = BUNDLED_HOSTS & set(self.hosts)
        if clash:
            raise ValueError(f"generated hosts collide with the bundled replicas: {sorted(clash)}")
        from nianbao.replicas.content import default_cache_dir, prune_cache

        self.cache_dir = Path(cache_dir) if cache_dir else default_cache_dir() / "generated"
        self.cache_dir.mkdir(parents=True, exist_ok=True)
        self._office_files()
        prune_cache(self.cache_dir)

    # -- routing -----------------------------------------------------------------------------------------

    def _add(self, url: str, render: Render) -> None:
        self._routes[_url_key(url)] = render

    def _route_portal(self, p: GenPortal) -> None:
        self._add(p.home, lambda: (*pages.encode(p, pages.home(p)), {}))
        for col in p.columns:
            self._columns[(col.urls.host, col.urls.cid)] = (p, col)
            if col.kind == "hub":
                self._add(col.url, lambda col=col: (*pages.encode(p, pages.hub(p, col)), {}))
                continue
            npages = 1 if (p.list_mode != "html" or p.family == "hanweb") else col.pages
            for n in range(1, npages + 1):
                self._add(col.urls.page(n), lambda col=col, n=n: (*pages.encode(p, pages.list_page(p, col, n)), {}))
            noises = {x.url: x for x in p.noise}
            for row in col.rows:
                if row.report is None:
                    noise = noises[row.url]
                    crumbs = [*col.crumbs, (col.title, col.url)]
                    self._add(row.url, lambda n=noise, c=crumbs: self._noise_page(p, n, c))
        holder = {id(row.report): c for c in p.columns for row in c.rows if row.report is not None}
        for r in p.reports:
            col = holder[id(r)]
            crumbs = [*col.crumbs, (col.title, col.url)]
            self._add(r.page_url, lambda r=r, c=crumbs: self._report_page(p, r, c))
            if r.file_url:
                self._add(r.file_url, lambda r=r: self._report_file(p, r))

    def _noise_page(self, p: GenPortal, noise: Any, crumbs: list) -> tuple[bytes, str, dict[str, str]]:
        when = f"{noise.published:%Y-%m-%d %H:%M}"
        doc = pages.article(p, noise.title, when, f"{p.place.county}人民政府办公室", noise.body, noise.url, crumbs)
        return (*pages.encode(p, doc), {})

    def _report_page(self, p: GenPortal, r: GenReport, crumbs: list) -> tuple[bytes, str, dict[str, str]]:
        fragment = self.fragment(r) if r.fmt == "html" else None
        return (*pages.encode(p, pages.report_article(p, r, fragment, crumbs)), {})

    def _report_file(self, p: GenPortal, r: GenReport) -> tuple[bytes, str, dict[str, str]]:
        data = self.file_bytes(r)
        headers = {"Content-Disposition": content_disposition(f"{r.title}.{r.fmt}")} if r.servlet else {}
        ctype = CONTENT_TYPES.get(r.fmt, "application/octet-stream")
        if r.servlet and p.index % 3 == 0:
            ctype = "application/octet-stream"  # many servlets say nothing useful; the name must tell
        return data, ctype, headers

    # -- serving -----------------------------------------------------------------------------------------

    @property
    def hosts(self) -> list[str]:
        return sorted({p.host for p in self.portals} | {p.zwgk_host for p in self.portals})

    def answer(self, request: Request) -> Answer | None:
        host = request.host
        if host not in self._hosts_set():
            return None
        dynamic = self._dynamic(request)
        if dynamic is not None:
            return dynamic
        for key in self._candidates(host, request.path, request.query):
            render = self._routes.get(key)
            if render is not None:
                body, ctype, headers = self._cached(key, render)
                return Answer(Resource(body, ctype, self._modified(key), 200, dict(headers)))
        folder = request.path + "/"
        if not request.path.endswith("/") and any(k in self._routes for k in self._candidates(host, folder, "")):
            return Answer.of(b"", "text/html", status=301, Location=f"http://{host}{request.path}/")
        return Answer.of(f"<html><body><p>{pages.esc(request.path)}</p><p>404</p></body></html>", status=404)

    def _hosts_set(self) -> set[str]:
        if not hasattr(self, "_host_set"):
            self._host_set = set(self.hosts)
        return self._host_set

    def _candidates(self, host: str, path: str, query: str) -> list[str]:
        keys = [_key(host, path, query), _key(host, path)]
        if path.endswith("/"):
            keys += [_key(host, path + "index.html"), _key(host, path + "index.shtml")]
        return keys

    def _modified(self, key: str) -> Any:
        from datetime import datetime

        digest = int(hashlib.sha1(key.encode()).hexdigest()[:6], 16)
        return datetime(2025, 1, 1, tzinfo=UTC) + timedelta(minutes=digest % 500000)

    def _cached(self, key: str, render: Render) -> tuple[bytes, str, dict[str, str]]:
        with self._lock:
            hit = self._cache.get(key)
            if hit is not None:
                self._cache.move_to_end(key)
                return hit
        value = render()
        with self._lock:
            if key not in self._cache:
                self._cache[key] = value
                self._cached_bytes += len(value[0])
            while self._cached_bytes > CACHE_BYTES and self._cache:
                self._cached_bytes -= len(self._cache.popitem(last=False)[1][0])
        return value

    def _dynamic(self, request: Request) -> Answer | None:
        """The data calls of script-drawn lists: jpage's dataproxy.jsp, the platforms' JSON list APIs."""
        path, args = request.path, request.args
        if path == "/module/web/jpage/dataproxy.jsp":
            found = self._columns.get((request.host, _int(args.get("columnid"))))
            if found is None:
                return Answer.of("<datastore><recordset></recordset></datastore>", "text/xml; charset=utf-8")
            p, col = found
            size = max(1, _int(args.get("perpage")) or col.size)
            start = max(1, _int(args.get("startrecord")) or 1)
            end = _int(args.get("endrecord")) or start + size - 1
            rows = [pages.row_li(p, r, col.url) for r in col.rows[start - 1 : end]]
            from nianbao.replicas.generated.families import hanweb_records

            xml = (
                f'<?xml version="1.0" encoding="utf-8"?><datastore><totalrecord>{len(col.rows)}</totalrecord>'
                f"<recordset>{hanweb_records(rows)}</recordset></datastore>"
            )
            return Answer.of(xml, "text/xml; charset=utf-8")
        if path == "/api/front/list":
            if request.method != "POST":
                return Answer.of('{"code":405,"msg":"POST only"}', "application/json", status=405)
            try:
                body = json.loads(request.body or b"{}")
            except ValueError:
                body = dict(args)
            return self._json_list(request.host, body.get("columnId"), body.get("pageIndex"), body.get("pageSize"))
        if path.endswith("/api/list"):
            return self._json_list(request.host, args.get("channelId"), args.get("pageIndex"), args.get("pageSize"))
        return None

    def _json_list(self, host: str, cid: Any, index: Any, size: Any) -> Answer:
        found = self._columns.get((host, _int(cid)))
        if found is None:
            return Answer.of('{"code":404,"msg":"no such column"}', "application/json", status=404)
        p, col = found
        n, per = max(1, _int(index) or 1), min(50, max(1, _int(size) or col.size))
        rows = col.rows[(n - 1) * per : n * per]
        items = [(r.text, r.url, r.date) for r in rows]
        return Answer.of(json_rows(items, p.family, len(col.rows), n, per), "application/json;charset=UTF-8")

    # -- report bodies -----------------------------------------------------------------------------------

    def truth(self, r: GenReport) -> Any:
        """The corpus truth (template years) or prose report (2008–2018) of a report, made once."""
        with self._lock:
            hit = self._truths.get(r.report_id)
        if hit is not None:
            return hit
        if r.template == "prose":
            from nianbao.corpus import render_prose

            made: Any = render_prose.generate(r.truth_seed, r.agency, r.year, r.published.date())
        else:
            from nianbao.corpus.truth import generate

            made = generate(r.truth_seed, template=r.template)
            made.agency = r.agency
            made.year = r.year
            made.host = self.reports[r.report_id][0].host
            made.published = r.published.date()
            made.signed = r.published.date() - timedelta(days=r.truth_seed % 5)
            made.contact = dict(made.contact, website=f"http://{made.host}/")
        with self._lock:
            self._truths[r.report_id] = made
            while len(self._truths) > TRUTHS_KEPT:
                self._truths.popitem(last=False)
        return made

    def fragment(self, r: GenReport) -> str:
        truth = self.truth(r)
        if r.template == "prose":
            from nianbao.corpus import render_prose

            return render_prose.body_fragment(truth)
        from nianbao.corpus import render_html

        return render_html.body_fragment(truth, "word" if r.truth_seed % 3 == 0 else "clean")

    def _docx(self, r: GenReport) -> bytes:
        from nianbao.replicas.stable import stable

        truth = self.truth(r)
        if r.template == "prose":
            from nianbao.corpus import render_prose

            data = render_prose.docx(truth)
        else:
            from nianbao.corpus import render_docx

            data = render_docx.render(truth)
        return stable(data, "docx", r.published)

    def file_bytes(self, r: GenReport) -> bytes:
        if r.fmt == "docx":
            return self._docx_cached(r)
        return _read(self._office_path(r))

    def _docx_cached(self, r: GenReport) -> bytes:
        """python-docx takes a few hundred milliseconds a file: DOCX renderings are kept on disk too."""
        path = self._office_path(r, "docx")
        if path.exists():
            return _read(path)
        data = self._docx(r)
        partial = path.with_name(f"{path.name}.{os.getpid()}.{threading.get_ident()}.part")
        partial.write_bytes(data)
        partial.replace(path)  # atomic: parallel processes share the cache
        return data

    def _office_path(self, r: GenReport, fmt: str | None = None) -> Path:
        fmt = fmt or r.fmt
        ident = json.dumps([r.report_id, r.truth_seed, r.template, fmt, _code_digest()], ensure_ascii=False)
        return self.cache_dir / (hashlib.sha256(ident.encode()).hexdigest()[:24] + "." + fmt)

    def _office_files(self) -> None:
        """Convert every PDF/DOC/WPS report not yet in the disk cache, in LibreOffice batches."""
        pending = {}
        for _p, r in self.reports.values():
            if r.fmt in ("pdf", "doc", "wps"):
                path = self._office_path(r)
                if not path.exists():
                    pending[path] = ("docx", self._docx_cached(r), r.published)
        if pending:
            from nianbao.replicas import office

            office.convert_many(pending)

    # -- manifest ----------------------------------------------------------------------------------------

    def manifest(self) -> list[ManifestEntry]:
        return [self.entry(r.report_id) for p in self.portals for r in p.reports]

    def entry(self, report_id: str) -> ManifestEntry:
        p, r = self.reports[report_id]
        truth = self.truth(r)
        if r.template == "prose":
            cells: dict[str, float] = {}
            facts: dict[str, Any] = dict(truth.facts, published=r.published.date().isoformat())
        else:
            cells = {k: float(v) if isinstance(v, float) else v for k, v in truth.expected_cells().items()}
            facts = {
                "active_disclosures": truth.active_disclosures,
                "published": truth.published.isoformat(),
                "signed": truth.signed.isoformat(),
                "broken_rules": list(truth.broken),
            }
        return ManifestEntry(
            r.report_id,
            p.name,
            p.zwgk_host,
            r.agency.name,
            r.year,
            r.template,
            "file" if r.file_url else "page",
            r.fmt if r.fmt != "html" else "html",
            r.title,
            f"{r.published:%Y-%m-%d %H:%M}",
            r.file_url if r.direct and r.file_url else r.page_url,
            r.document_url,
            attachment_urls=[r.file_url] if r.file_url else [],
            listed_at=list(r.listed_at),
            truth=cells,
            facts=facts,
        )

    def manifest_json(self) -> list[dict[str, Any]]:
        return [e.to_json() for e in self.manifest()]

    def portals_json(self) -> list[dict[str, Any]]:
        """Per portal: home page, family and the shape it was drawn with, its report column, its decoys."""
        return [
            {
                "name": p.name,
                "home": p.home,
                "host": p.host,
                "family": p.family,
                "platform_host": (p.zwgk_host if p.zwgk_host != p.host else None),
                "province": p.place.province,
                "city": p.place.city,
                "county": p.place.county,
                "depth": p.depth,
                "list_mode": p.list_mode,
                "link_style": p.link_style,
                "encoding": p.encoding,
                "year_tabs": p.year_tabs,
                "report_column": p.report_column.url if p.report_column else None,
                "reports": [r.report_id for r in p.reports],
                "decoys": [n.url for n in p.noise],
            }
            for p in self.portals
        ]

    def dump_manifest(self, path: Path | str) -> None:
        doc = {"world_seed": self.world_seed, "portals": self.portals_json(), "reports": self.manifest_json()}
        Path(path).write_text(json.dumps(doc, ensure_ascii=False, indent=1), encoding="utf-8")


def _read(path: Path) -> bytes:
    """A cached rendering, its mtime refreshed so that pruning (30 days unused) keeps it."""
    data = path.read_bytes()
    with contextlib.suppress(OSError):
        os.utime(path)
    return data


def _int(value: Any) -> int:
    try:
        return int(str(value).strip())
    except (TypeError, ValueError):
        return 0


_DIGEST: list[str] = []


def _code_digest() -> str:
    """Cached office files depend on the corpus renderers: hash them so a renderer change re-renders."""
    if not _DIGEST:
        from nianbao import corpus

        h = hashlib.sha256(b"generated-1")
        for name in ("truth.py", "prose.py", "printed.py", "render_docx.py", "render_prose.py", "agencies.py"):
            h.update((Path(corpus.__file__).parent / name).read_bytes())
        _DIGEST.append(h.hexdigest()[:16])
    return _DIGEST[0]


def last_modified_of(moment: Any) -> Any:
    return stamp(moment)
