"""`nianbao verify`: re-hash every stored body against its address."""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from nianbao.archive.verify import Fixity


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "verify",
        help="re-hash every stored body against its address",
        description="Decompress every stored body and check that it still hashes to the SHA-256 it is stored "
        "under. Lists each body that does not, with the documents and versions that use it; exit code 1 if any.",
    )
    parser.set_defaults(func=main)


def main(args: argparse.Namespace) -> int:
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

    from nianbao.archive import Archive
    from nianbao.archive.verify import blob_count, verify

    console = Console(stderr=True)
    with Archive.open() as archive:
        if console.is_terminal:
            with Progress(TextColumn("verifying"), BarColumn(), MofNCompleteColumn(), TimeRemainingColumn(),
                          console=console) as progress:
                task = progress.add_task("verify", total=blob_count(archive))
                fixity = verify(archive, lambda n: progress.advance(task, n))
        else:
            fixity = verify(archive)
    print(report(fixity))
    return 0 if fixity.ok else 1


def report(fixity: Fixity) -> str:
    lines = []
    for bad in fixity.bad or []:
        lines.append(f"BAD {bad.sha256}: {bad.problem}")
        lines += [f"    document {d} version {seq} {url}" for d, seq, url in bad.versions]
        if not bad.versions:
            lines.append("    (no version uses it)")
    verdict = "all match" if fixity.ok else f"{len(fixity.bad or [])} do not match their address"
    lines.append(f"{fixity.checked} stored bodies ({fixity.bytes} bytes) checked: {verdict}")
    return "\n".join(lines)
