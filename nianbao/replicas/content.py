"""Report bodies for the replicas: a corpus truth per report, rendered to the form its portal publishes.

The corpus package owns truths and renderers; this module only picks, for each `ReportSpec`, the truth
(agency, year and portal forced to the catalogue's) and the renderer, and caches the slow renderings (PDF,
DOC, images) on disk, keyed by everything that shapes them, so a second start is fast.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import logging
import os
import time
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

from nianbao.replicas import fragments, office, pictures, seeds
from nianbao.replicas.catalogue import ReportSpec, portal_named
from nianbao.replicas.stable import stable
from nianbao.settings import from_environment

log = logging.getLogger(__name__)

RENDER_VERSION = "1"
"""Bump when this module changes how bodies look, so stale cached renderings are not served."""


@dataclass
class Rendition:
    """One report as its portal shows it: an HTML fragment, maybe a file, maybe table images."""

    spec: ReportSpec
    fragment: str
    format: str  # of the canonical document: html, pdf, doc, docx, wps
    truth: dict[str, float] | None
    facts: dict[str, Any] = field(default_factory=dict)
    file: bytes | None = None
    file_ext: str | None = None
    images: list[bytes] = field(default_factory=list)
    image_tables: list[str] = field(default_factory=list)  # the corpus section whose table each image shows


TABLE_CELLS = {"active_disclosure": "t2.", "applications": "t3.", "review_litigation": "t4."}
"""The cell keys (by prefix) of the table printed under each corpus section."""


def default_cache_dir() -> Path:
    env = from_environment("NIANBAO_REPLICA_CACHE")
    if env:
        return Path(env)
    from platformdirs import user_cache_dir

    return Path(user_cache_dir("nianbao")) / "replicas"


def make_truth(spec: ReportSpec) -> Any:
    """A corpus truth whose agency, year, portal and dates are the catalogue's."""
    from nianbao.corpus.agencies import Agency
    from nianbao.corpus.truth import generate

    portal = portal_named(spec.portal)
    truth = generate(spec.truth_seed, template=spec.template, broken=broken_rules(spec))
    short = "我街道" if "街道" in spec.agency else "我镇" if spec.agency.endswith("镇人民政府") else "我单位"
    truth.agency = Agency(spec.agency, portal.province, portal.city, portal.county, short)
    truth.host = portal.host
    truth.year = spec.year
    truth.published = spec.published.date()
    truth.signed = spec.published.date() - timedelta(days=spec.truth_seed % 5)
    truth.contact = dict(truth.contact, website=f"http://{portal.host}/")
    truth.contact["address"] = f"{portal.county}{truth.contact['address'].split('县')[-1].split('区')[-1]}"
    return truth


BREAK_EVERY = 9
"""About one synthetic report in nine breaks one consistency rule, as real reports do ("mostly consistent")."""


def broken_rules(spec: ReportSpec) -> tuple[str, ...]:
    from nianbao.corpus.truth import BREAKABLE_RULES

    if spec.truth_seed % BREAK_EVERY != 4:
        return ()
    rules = [r for r in BREAKABLE_RULES if r != "t3_org_subtotal"]  # that one needs the optional column
    return (rules[spec.truth_seed // BREAK_EVERY % len(rules)],)


def truth_facts(truth: Any) -> dict[str, Any]:
    return {
        "active_disclosures": truth.active_disclosures,
        "npc_suggestions": truth.npc_suggestions,
        "cppcc_proposals": truth.cppcc_proposals,
        "processing_fees": truth.processing_fees,
        "published": truth.published.isoformat(),
        "signed": truth.signed.isoformat(),
        "broken_rules": list(truth.broken),
        "contact": truth.contact,
    }


_CORPUS_MODULES = (
    "agencies.py",
    "truth.py",
    "prose.py",
    "printed.py",
    "render_docx.py",
    "render_html.py",
    "render_image.py",
)


_OWN_MODULES = ("content.py", "seeds.py", "pictures.py", "office.py", "fragments.py", "stable.py")


def _corpus_digest() -> str:
    """Renderings depend on the corpus code and ours: hash both so a code change invalidates the cache."""
    from nianbao import corpus

    h = hashlib.sha256(RENDER_VERSION.encode())
    corpus_root, own_root = Path(corpus.__file__).parent, Path(__file__).parent
    paths = [corpus_root / n for n in _CORPUS_MODULES] + [own_root / n for n in _OWN_MODULES]
    for path in paths:
        h.update(path.name.encode())
        h.update(path.read_bytes())
    return h.hexdigest()[:16]


class Renderer:
    """Turns specs into renditions, with an on-disk cache for everything slower than an HTML string."""

    def __init__(self, cache_dir: Path | None = None):
        self.cache_dir = Path(cache_dir) if cache_dir else default_cache_dir()
        self.cache_dir.mkdir(parents=True, exist_ok=True)
        self._digest = _corpus_digest()
        # cache path -> (source kind, source, the moment the file claims it was made) for LibreOffice
        self._pending: dict[Path, tuple[str, bytes, datetime]] = {}

    def _key(self, spec: ReportSpec, what: str) -> Path:
        ident = json.dumps(
            [
                spec.report_id,
                spec.truth_seed,
                spec.revision,
                spec.template,
                spec.year,
                spec.agency,
                spec.published.isoformat(),
                spec.form,
                spec.seed,
                what,
                self._digest,
            ],
            ensure_ascii=False,
        )
        return self.cache_dir / (hashlib.sha256(ident.encode()).hexdigest()[:24] + "." + what)

    def render_all(self, specs: list[ReportSpec]) -> list[Rendition]:
        renditions = [self.render(spec, convert=False) for spec in specs]
        self._convert_pending(renditions)
        prune_cache(self.cache_dir)
        return renditions

    def render(self, spec: ReportSpec, convert: bool = True) -> Rendition:
        rendition = self._seed(spec) if spec.seed is not None else self._synthetic(spec)
        if convert:
            self._convert_pending([rendition])
        return rendition

    # -- synthetic reports -------------------------------------------------------------------------------

    def _synthetic(self, spec: ReportSpec) -> Rendition:
        from nianbao.corpus import render_html

        truth = make_truth(spec)
        cells = {k: float(v) if isinstance(v, float) else v for k, v in truth.expected_cells().items()}
        style = "word" if spec.truth_seed % 3 == 0 else "clean"
        base = Rendition(spec, render_html.body_fragment(truth, style), "html", cells, truth_facts(truth))
        if spec.form in ("page", "module", "gbk"):
            return base
        if spec.form == "images":
            return self._with_images(base, truth)
        return self._with_file(base, truth, {"scan": "pdf", "picture": "png"}.get(spec.form, spec.form))

    def _with_file(self, base: Rendition, truth: Any, ext: str) -> Rendition:
        """An article page that links the file carrying the report; the file is rendered or converted."""
        spec = base.spec
        base.fragment = f"<p>{spec.title}已经编制完成，现予以公开。</p><p>详见附件。</p>"
        if spec.form == "picture":
            base.fragment = f"<p>{spec.title}</p><p>本报告以图片版发布，请点击附件查看。</p>"
        base.file_ext = ext
        base.format = "image" if ext == "png" else ext
        cached = self._key(spec, ext)
        if not cached.exists():
            data = _render_file(spec.form, ext, truth)
            if data is None:
                # corpus.render_pdf / render_doc print the corpus DOCX with LibreOffice too, one soffice start
                # per file; batching every conversion keeps the replicas' first start short.
                from nianbao.corpus import render_docx

                self._pending[cached] = ("docx", render_docx.render(truth), spec.published)
                return base
            _write_atomic(cached, data, spec.published)
        base.file = _read(cached)
        return base

    def _with_images(self, base: Rendition, truth: Any) -> Rendition:
        """Tables as pictures: the fragment keeps the prose and shows `{IMAGEn}` where each table was."""
        from nianbao.corpus import printed

        spec = base.spec
        tables = printed.tables(truth)
        base.fragment = fragments.replace_tables_with_images(base.fragment)
        for i, key in enumerate(tables):
            cached = self._key(spec, f"t{i}.jpg")
            if not cached.exists():
                _write_atomic(cached, pictures.table_jpeg(tables[key]), spec.published)
            base.images.append(_read(cached))
            base.image_tables.append(key)
        return base

    # -- the seed reports --------------------------------------------------------------------------------

    def _seed(self, spec: ReportSpec) -> Rendition:
        seed = seeds.load(spec.seed or "")
        truth = seed.truth()
        base = Rendition(spec, seed.fragment() + seeds.correction(spec.revision), "html", truth, seed.facts())
        if spec.form == "images":
            base.fragment, tables = seed.fragment_with_images()
            for i, group in enumerate(tables):
                cached = self._key(spec, f"t{i}.jpg")
                if not cached.exists():
                    _write_atomic(cached, pictures.table_jpeg(*group), spec.published)
                base.images.append(_read(cached))
        elif spec.form in ("pdf", "doc", "docx", "wps"):
            body = base.fragment
            base.fragment = f"<p>{spec.title}</p><p>详见附件。</p>"
            base.format = base.file_ext = spec.form
            cached = self._key(spec, spec.form)
            if cached.exists():
                base.file = _read(cached)
            else:
                self._pending[cached] = ("html", seeds.standalone_html(spec.title, body).encode(), spec.published)
        return base

    # -- LibreOffice conversions, batched ----------------------------------------------------------------

    def _convert_pending(self, renditions: list[Rendition]) -> None:
        if self._pending:
            office.convert_many(self._pending)
            self._pending.clear()
        for r in renditions:
            if r.file_ext and r.file is None:
                cached = self._key(r.spec, r.file_ext)
                if not cached.exists():
                    raise RuntimeError(f"could not render {r.spec.report_id} as {r.file_ext}")
                r.file = _read(cached)


CACHE_KEEP_DAYS = 30


def _read(path: Path) -> bytes:
    """A cached rendering, marked as used so pruning keeps it."""
    data = path.read_bytes()
    with contextlib.suppress(OSError):
        os.utime(path)
    return data


def prune_cache(cache_dir: Path, keep_days: float = CACHE_KEEP_DAYS) -> int:
    """Delete renderings nobody has used for `keep_days` (old corpus versions, other seeds); returns the count."""
    cutoff = time.time() - keep_days * 86400
    removed = 0
    for path in cache_dir.iterdir():
        with contextlib.suppress(OSError):
            if path.is_file() and path.stat().st_mtime < cutoff:
                path.unlink()
                removed += 1
    return removed


def _write_atomic(path: Path, data: bytes, made: datetime) -> None:
    """Several processes (parallel tests, the demo) share the cache: never let one read a half-written file."""
    partial = path.with_name(f"{path.name}.{os.getpid()}.part")
    partial.write_bytes(stable(data, path.suffix, made))
    partial.replace(path)


def _render_file(form: str, ext: str, truth: Any) -> bytes | None:
    """The file of a file-carried report, or None when it comes from a (batched) LibreOffice conversion."""
    from nianbao.corpus import render_docx, render_image

    if form == "picture":
        return pictures.report_png(render_image.report_pages(truth))
    if form == "scan":
        return pictures.scanned_pdf(render_image.report_pages(truth), seed=truth.seed)
    if ext == "docx":
        return render_docx.render(truth)
    return None
