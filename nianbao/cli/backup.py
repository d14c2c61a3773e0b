"""`nianbao backup PATH`: a consistent copy of the archive, safe while a crawl writes."""

from __future__ import annotations

import argparse
from pathlib import Path


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "backup",
        help="a consistent copy of the archive (safe during a crawl)",
        description="SQLite: a compact copy of the file (VACUUM INTO), an archive `NIANBAO_DATABASE_URL="
        "sqlite:///PATH` opens as is. PostgreSQL: a pg_dump custom-format file; restore it with "
        "`createdb NEW && pg_restore --no-owner -d NEW PATH`.",
    )
    parser.add_argument("path", type=Path, metavar="PATH", help="the file to write (must not exist)")
    parser.add_argument("--force", action="store_true", help="replace PATH if it exists")
    parser.set_defaults(func=main)


def main(args: argparse.Namespace) -> int:
    from nianbao.archive import Archive
    from nianbao.archive.backup import backup

    with Archive.open() as archive:
        how = backup(archive, args.path, overwrite=args.force)
    size = args.path.stat().st_size
    print(f"backup written to {args.path} ({size} bytes, {'VACUUM INTO' if how == 'sqlite' else 'pg_dump -Fc'})")
    return 0
