"""`nianbao reextract [--all | --stale | --document ID] [--since DATE]`: the current extractor over the archive."""

from __future__ import annotations

import argparse
import os
import time
from contextlib import nullcontext
from typing import TYPE_CHECKING

from nianbao.cli.dates import since
from nianbao.errors import CommandError

if TYPE_CHECKING:
    from nianbao.archive.reextract import Summary


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "reextract",
        help="run the current extractor over archived bodies (no network)",
        description="Extract archived versions again with the installed extractor, from the stored bodies, "
        "headers and images alone. Old extractions are kept; the views show the newest. A killed run "
        "resumes where it stopped: versions already read by the current extractor are not redone.",
    )
    which = parser.add_mutually_exclusive_group()
    which.add_argument("--stale", action="store_const", const="stale", dest="mode",
                       help="versions whose latest extraction is by an older extractor (the default)")
    which.add_argument("--all", action="store_const", const="all", dest="mode",
                       help="every version not yet read by the current extractor, never-extracted ones included")
    which.add_argument("--document", metavar="ID", help="the versions of one document (id or URL)")
    parser.add_argument("--since", type=since, metavar="DATE", help="only versions first fetched since DATE")
    parser.add_argument("--force", action="store_true",
                        help="also redo versions the current extractor already read")
    parser.add_argument("--workers", type=int, default=_cores(), metavar="N",
                        help="worker processes (default: one per core this process may use)")
    parser.set_defaults(func=main, mode=None)


def _cores() -> int:
    # The cores this process may run on (a container's or taskset's limit), not the machine's count.
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def main(args: argparse.Namespace) -> int:
    from concurrent.futures.process import BrokenProcessPool

    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

    from nianbao import extractor
    from nianbao.archive import Archive
    from nianbao.archive.annual import refresh
    from nianbao.archive.reextract import Selection, Summary, due_versions, run
    from nianbao.regions import portal_regions

    if args.workers < 1:
        from nianbao.cli import usage_error

        raise usage_error("--workers must be at least 1")
    current = extractor.EXTRACTOR_VERSION
    with Archive.open() as archive:
        document_id = archive.resolve(args.document) if args.document else None
        mode = "document" if document_id is not None else (args.mode or "stale")
        selection = Selection(mode, document_id, args.since, args.force)
        due = due_versions(archive, selection, current)
        summary = Summary(due=len(due))
        started = time.monotonic()
        console = Console(stderr=True)
        progress = (
            Progress(TextColumn("re-extracting"), BarColumn(), MofNCompleteColumn(), TimeRemainingColumn(),
                     console=console)
            if console.is_terminal and due else nullcontext()
        )
        with progress:
            task = progress.add_task("re-extract", total=len(due)) if isinstance(progress, Progress) else None
            try:
                for outcome in run(archive, due, min(args.workers, max(1, len(due))), current):
                    summary.add(outcome)
                    if task is not None:
                        progress.advance(task)
            except BrokenProcessPool as err:
                raise CommandError(
                    f"a worker process died ({err}); {summary.extracted} versions were saved, run the same "
                    "command again to go on from there"
                ) from err
        # New cells can change which copy of a report is canonical; and whatever an interrupted writer left
        # queued is regrouped too (nothing queued: one read).
        refresh(archive, portal_regions())
    print(report(summary, current, time.monotonic() - started))
    return 0


def report(summary: Summary, current: str, seconds: float) -> str:
    rate = f", {summary.extracted / seconds:.1f} versions/s" if summary.extracted and seconds > 0 else ""
    lines = [
        f"extractor {current}: {summary.due} versions due, {summary.extracted} re-extracted, "
        f"{len(summary.failures)} failed ({seconds:.1f} s{rate})",
        f"{summary.versions_changed} versions changed ({summary.first_extractions} extracted for the first time), "
        f"{summary.cells_changed} cells changed",
    ]
    lines += [f"  version {f.version_id}: {f.error}" for f in summary.failures]
    return "\n".join(lines)
