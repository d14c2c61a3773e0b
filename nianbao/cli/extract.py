"""`nianbao extract PATH_OR_URL [--json]`: extract one document without touching the archive.

A URL is fetched with urllib (which honours http_proxy / https_proxy), and so are the images inside the
report body, so that tables pasted as pictures travel with the page as they do in a crawl.
"""

from __future__ import annotations

import argparse
import json
import mimetypes
import os
import re
import sys
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

from nianbao.errors import CommandError

if TYPE_CHECKING:
    from nianbao.extractor.bundle import Bundle
    from nianbao.extractor.report import Report

USER_AGENT = "nianbao-extract/1 (+https://github.com/; government report archive)"
TIMEOUT = 30
MAX_BODY = 100 * 1024 * 1024
MAX_IMAGES = 40


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "extract",
        help="extract one document without touching the archive",
        description="Read a report (HTML page, DOCX, text, or any format the extractor knows) from a file or "
        "a URL and print its cells, fields and checks. Nothing is stored.",
    )
    parser.add_argument("source", metavar="PATH_OR_URL", help="a local file, or an http(s) URL to fetch")
    parser.add_argument("--json", action="store_true", help="print the JSON object of interfaces.md")
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from nianbao.extractor import extract
    from nianbao.extractor.formats import UnsupportedFormat
    from nianbao.extractor.limits import ExtractionError

    bundle = fetch_bundle(args.source) if _is_url(args.source) else file_bundle(Path(args.source))
    try:
        report = extract(bundle)
    except (UnsupportedFormat, ExtractionError) as err:
        raise CommandError(f"cannot read {args.source}: {err}") from err
    output = json.dumps(report.to_json(), ensure_ascii=False, indent=2) + "\n" if args.json else summary(report)
    try:
        sys.stdout.write(output)
        sys.stdout.flush()
    except BrokenPipeError:  # `nianbao extract … | head`: the reader has seen enough
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
    return 0


def _is_url(source: str) -> bool:
    return re.match(r"^https?://", source, re.I) is not None


def file_bundle(path: Path) -> Bundle:
    from nianbao.extractor.bundle import Bundle

    try:
        body = path.read_bytes()
    except OSError as err:
        raise CommandError(f"cannot read {path}: {err.strerror or err}") from err
    content_type = mimetypes.guess_type(path.name)[0]
    bundle = Bundle(body=body, content_type=content_type, url=path.resolve().as_uri())
    return _with_local_images(bundle, path)


def _with_local_images(bundle: Bundle, path: Path) -> Bundle:
    """A saved page's images, read from beside it where the page's links point to files that exist."""
    import urllib.request

    from nianbao.extractor.bundle import Bundle, Resource
    from nianbao.extractor.formats.html import body_image_urls

    if not _is_html(bundle):
        return bundle
    resources = []
    for url in body_image_urls(bundle.body, bundle.content_type, bundle.url)[:MAX_IMAGES]:
        parts = urlsplit(url)
        if parts.scheme != "file":
            continue
        image = Path(urllib.request.url2pathname(parts.path))
        if image.is_file():
            resources.append(Resource(url, image.read_bytes(), mimetypes.guess_type(image.name)[0]))
    return Bundle(bundle.body, bundle.content_type, bundle.url, bundle.headers, tuple(resources))


def _is_html(bundle: Bundle) -> bool:
    from nianbao.extractor.formats.sniff import sniff

    try:
        return sniff(bundle) == "html"
    except ValueError:
        return False


def _get(url: str) -> tuple[bytes, str | None, str, dict[str, str]]:
    import urllib.request


    request = urllib.request.Request(url, headers={"User-Agent": USER_AGENT})
    with urllib.request.urlopen(request, timeout=TIMEOUT) as response:  # proxies from the environment
        body = response.read(MAX_BODY + 1)
        if len(body) > MAX_BODY:
            raise CommandError(f"{url}: larger than {MAX_BODY // 2**20} MiB")
        headers = {k.lower(): v for k, v in response.headers.items()}
        return body, response.headers.get("Content-Type"), response.geturl(), headers


def fetch_bundle(url: str) -> Bundle:
    import urllib.error

    from nianbao.extractor.bundle import Bundle, Resource
    from nianbao.extractor.formats.html import body_image_urls

    try:
        body, content_type, final_url, headers = _get(url)
    except urllib.error.HTTPError as err:
        raise CommandError(f"cannot fetch {url}: HTTP {err.code} {err.reason}") from err
    except (urllib.error.URLError, OSError, ValueError) as err:
        reason = getattr(err, "reason", err)
        raise CommandError(f"cannot fetch {url}: {reason}") from err
    bundle = Bundle(body=body, content_type=content_type, url=final_url, headers=headers)
    if not _is_html(bundle):
        return bundle
    resources = []
    for image_url in body_image_urls(body, content_type, final_url)[:MAX_IMAGES]:
        try:
            image, image_type, _, _ = _get(image_url)
        except (urllib.error.URLError, OSError, ValueError, CommandError) as err:
            print(f"nianbao: image {image_url} not fetched: {getattr(err, 'reason', err)}", file=sys.stderr)
            continue
        resources.append(Resource(image_url, image, image_type))
    return Bundle(body, content_type, final_url, headers, tuple(resources))


def _fmt(value: object) -> str:
    return "—" if value is None else str(value)


def summary(report: Report) -> str:
    """A person's view of the report: who, when, the main numbers, the checks, the warnings."""
    lines = [
        report.title or "(no title found)",
        f"  agency     {_fmt(report.agency)}",
        f"  region     {' '.join(x for x in (report.province, report.city, report.county) if x) or '—'}",
        f"  year       {_fmt(report.year)}   template {_fmt(report.template)}   format {_fmt(report.format)}",
        f"  published  {_fmt(report.published)}   signed {_fmt(report.signed)}",
    ]
    tables = {t: sum(1 for k in report.cells if k.startswith(t + ".")) for t in ("t2", "t3", "t4", "prose")}
    lines.append("  cells      " + ", ".join(f"{t} {n}" for t, n in tables.items()))
    for key, label in (
        ("t3.new.total", "新收申请"),
        ("t3.carried_over.total", "上年结转"),
        ("t3.handled_total.total", "办理总计"),
        ("t2.licensing.decisions", "行政许可"),
        ("t4.review.total", "行政复议"),
    ):
        cell = report.cells.get(key)
        if cell is not None:
            lines.append(f"  {label:<8}  {cell.value}  ({cell.source}: {cell.raw})")
    lines.append(
        f"  主动公开 {_fmt(report.active_disclosures)} 条   人大建议 {_fmt(report.npc_suggestions)}   "
        f"政协提案 {_fmt(report.cppcc_proposals)}   信息处理费 {_fmt(report.processing_fees)} 元"
    )
    lines.append("checks")
    for check in report.checks:
        detail = f"  {check.detail}" if check.status in ("fail", "not_assessable") else ""
        lines.append(f"  {check.rule:<16} {check.status}{detail[:160]}")
    if report.warnings:
        lines.append("warnings")
        lines.extend(f"  - {w}" for w in report.warnings)
    lines.append(f"extractor {report.extractor_version}")
    return "\n".join(lines) + "\n"
