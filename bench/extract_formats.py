"""Benchmark and accuracy of the part-2 readers on rendered corpus reports: PDF, DOC, XLS/XLSX, OCR.

Prints, per format: table cells exact (every value cell of the printed tables, compared with the grid the
reader returns), reports/s and pages/s on this process, and the peak memory of the capped parse children.
Usage: .venv/bin/python bench/extract_formats.py [--reports N] [--ocr N] [--formats pdf,doc,xls,xlsx,ocr]
"""

from __future__ import annotations

import argparse
import resource
import time
import unicodedata
from collections.abc import Callable

from nianbao.corpus import printed, render_doc, render_image, render_pdf, render_xls
from nianbao.corpus.scoring import CellScore
from nianbao.corpus.truth import ReportTruth, corpus_truths
from nianbao.extractor.bundle import Bundle
from nianbao.extractor.formats import doc, ocr, pdf, xls
from nianbao.extractor.layout import Layout, Table


def value_positions(rows: list[printed.PRow]) -> list[tuple[int, int, str]]:
    """Grid positions of the printed value cells (not headers or labels) with their text."""
    placed, _, _ = render_image._place(rows)
    return [(r, c, cell.text) for r, c, cell in placed if not cell.header]


def score(truth: ReportTruth, layout: Layout) -> tuple[int, int]:
    """(exact, total) over value cells; each printed table is matched to the reader's best table."""
    got = [block.rows for block in layout.blocks if isinstance(block, Table)]
    exact = total = 0
    for rows in printed.tables(truth).values():
        cells = value_positions(rows)
        total += len(cells)
        exact += max((matches(cells, grid) for grid in got), default=0)
    return exact, total


def same(got: str, printed_text: str) -> bool:
    """Equal as printed, up to width: OCR cannot tell a full-width "２" from "2", and both mean 2."""
    return unicodedata.normalize("NFKC", got).strip() == unicodedata.normalize("NFKC", printed_text).strip()


def matches(cells: list[tuple[int, int, str]], grid: list[list[str]]) -> int:
    """Value cells found at their place; a reader may set a title row above the table apart (row offset)."""
    best = 0
    for shift in range(-3, 4):
        hits = sum(
            1 for r, c, text in cells
            if 0 <= r + shift < len(grid) and c < len(grid[r + shift]) and same(grid[r + shift][c], text)
        )
        best = max(best, hits)
    return best


def _cpu() -> float:
    """CPU seconds of this process and its finished children (the capped parses run in children)."""
    own, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def pages_of(body: bytes) -> int:
    import pypdfium2 as pdfium

    return len(pdfium.PdfDocument(body))


def run(name: str, truths: list[ReportTruth], render: Callable[[ReportTruth], bytes],
        read: Callable[[Bundle], Layout], count_pages: Callable[[bytes], int] | None = None) -> None:
    bodies = [render(t) for t in truths]
    pages = sum(count_pages(b) for b in bodies) if count_pages else len(bodies)
    exact = total = 0
    warnings = 0
    before = _cpu()
    start = time.perf_counter()
    layouts = [read(Bundle(body=b)) for b in bodies]
    elapsed = time.perf_counter() - start
    cpu = _cpu() - before
    for truth, layout in zip(truths, layouts, strict=True):
        e, t = score(truth, layout)
        exact += e
        total += t
        warnings += len(layout.warnings)
    peak = max(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss, resource.getrusage(
        resource.RUSAGE_SELF).ru_maxrss) / 1024
    print(f"{name:12s} cells exact {exact}/{total} = {100 * exact / max(total, 1):.2f}%  "
          f"{len(bodies) / elapsed:.2f} reports/s  {pages / elapsed:.2f} pages/s ({pages} pages; "
          f"CPU {cpu / pages:.2f} s/page over all cores)  "
          f"peak RSS {peak:.0f} MB  warnings {warnings}")


def run_e2e(name: str, truths: list[ReportTruth], make: Callable[[ReportTruth], Bundle], *,
            tables_only: bool = False) -> None:
    """Through extractor.extract(): cells exact against the truth (table cells only for workbooks)."""
    from nianbao.extractor import extract

    bundles = [make(t) for t in truths]
    start = time.perf_counter()
    reports = [extract(b) for b in bundles]
    elapsed = time.perf_counter() - start
    score = CellScore()
    for truth, report in zip(truths, reports, strict=True):
        score.add(truth, report, tables_only=tables_only)
    exact, total, extra, wrong = score.exact, score.cells, score.invented, score.wrong
    peak = max(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss,
               resource.getrusage(resource.RUSAGE_SELF).ru_maxrss) / 1024
    print(f"extract/{name:18s} cells exact {exact}/{total} = {100 * exact / max(total, 1):.2f}%  "
          f"cells not printed but read {extra}  {len(bundles) / elapsed:.2f} reports/s  peak RSS {peak:.0f} MB")
    for line in wrong[:5]:
        print("   ", line)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--reports", type=int, default=10)
    parser.add_argument("--ocr", type=int, default=2)
    parser.add_argument("--formats", default="pdf,pdf10,doc,xls,xlsx,ocr")
    parser.add_argument("--e2e", action="store_true", help="score through extractor.extract() instead")
    args = parser.parse_args()
    formats = args.formats.split(",")
    truths = corpus_truths(args.reports)
    if args.e2e:
        e2e(formats, truths, args.ocr)
        return
    if "pdf" in formats:
        run("pdf", truths, render_pdf.render, pdf.read, pages_of)
    if "pdf10" in formats:
        bench_ten_pages(truths)
    if "doc" in formats:
        run("doc", truths, render_doc.render, doc.read)
    if "xlsx" in formats:
        run("xlsx", truths, render_xls.render_xlsx, xls.read_xlsx)
    if "xls" in formats:
        run("xls", truths, render_xls.render_xls, xls.read_xls)
    if "ocr" in formats:
        few = truths[: args.ocr]
        for noisy in (False, True):
            label = "ocr-noisy" if noisy else "ocr-clean"
            run(f"{label}-png", few, lambda t, n=noisy: render_image.report_png(t, noisy=n), ocr.read)
            run(f"{label}-pdf", few, lambda t, n=noisy: render_image.report_scanned_pdf(t, noisy=n), pdf.read,
                pages_of)




def ten_page_pdf(truth: ReportTruth) -> bytes:
    """The report with its prose repeated until it prints on about ten pages (tables unchanged)."""
    import io

    import docx

    from nianbao.corpus import prose, render_docx

    document = docx.Document(io.BytesIO(render_docx.render(truth)))
    filler = [p for section in prose.sections(truth) for p in section.paragraphs] or ["本机关认真贯彻落实《条例》。"]
    for i in range(120):
        document.add_paragraph(filler[i % len(filler)] * 2)
    out = io.BytesIO()
    document.save(out)
    return render_pdf.soffice_convert(out.getvalue(), "docx", "pdf")


def bench_ten_pages(truths: list[ReportTruth]) -> None:
    """Reports/s of pdf.read on ten-page reports: wall clock and CPU (parent + capped children)."""
    bodies = [ten_page_pdf(t) for t in truths]
    pages = sum(pages_of(b) for b in bodies)
    pdf.read(Bundle(body=bodies[0]))
    before = resource.getrusage(resource.RUSAGE_CHILDREN), resource.getrusage(resource.RUSAGE_SELF)
    start = time.perf_counter()
    for body in bodies:
        pdf.read(Bundle(body=body))
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN), resource.getrusage(resource.RUSAGE_SELF)
    cpu = sum(a.ru_utime + a.ru_stime - b.ru_utime - b.ru_stime for a, b in zip(after, before, strict=True))
    print(f"pdf-10pages  {pages / len(bodies):.1f} pages/report  wall {len(bodies) / wall:.2f} reports/s  "
          f"CPU {len(bodies) / cpu:.2f} reports/s per core  {pages / cpu:.1f} pages/s per core  "
          f"peak child RSS {resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024:.0f} MB")


def e2e(formats: list[str], truths: list[ReportTruth], n_ocr: int) -> None:
    from nianbao.corpus import render_doc, render_pdf, render_xls

    if "pdf" in formats:
        run_e2e("pdf", truths, render_pdf.bundle)
    if "pdf_unruled" in formats:
        run_e2e("pdf_unruled", truths, render_pdf.unruled_bundle)
    if "doc" in formats:
        run_e2e("doc", truths, render_doc.bundle)
        run_e2e("wps(word97)", truths[:3], render_doc.wps_bundle)
    if "xlsx" in formats:
        run_e2e("xlsx", truths, render_xls.xlsx_bundle, tables_only=True)
    if "xls" in formats:
        run_e2e("xls", truths, render_xls.xls_bundle, tables_only=True)
    if "ocr" in formats:
        few = truths[:n_ocr]
        run_e2e("html+table-pictures", few, render_image.html_with_pictures_bundle)
        run_e2e("png-clean", few, render_image.png_bundle)
        run_e2e("png-noisy", few, render_image.noisy_png_bundle)
        run_e2e("scanned-pdf-noisy", few, render_image.scanned_pdf_bundle)


if __name__ == "__main__":
    main()
