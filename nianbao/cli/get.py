"""`nianbao get ID [--version V] [-o FILE]`: an archived original, byte-exact."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from nianbao.files import write_atomically


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "get",
        help="write an archived original out, byte-exact",
        description="Write the stored body of a document (its latest version, or version V) to FILE or stdout.",
    )
    parser.add_argument("document", metavar="ID", help="document id (see the documents view), or its URL")
    parser.add_argument("--version", type=int, metavar="V",
                        help="version number as `nianbao history` lists it (1 = first; default: the latest)")
    parser.add_argument("-o", "--output", type=Path, metavar="FILE", help="write here instead of stdout")
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from nianbao.archive import Archive

    with Archive.open() as archive:
        document_id = archive.resolve(args.document)
        body = archive.body(archive.version_id(document_id, args.version))
    if args.output is None:
        sys.stdout.buffer.write(body)
        sys.stdout.buffer.flush()
    else:
        write_atomically(args.output, body)
    return 0
