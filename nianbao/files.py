"""Writing the files a user asked for: all of a file or none of it, whatever stops the write.

Below the commands and the dashboard, which both write what the archive holds out to a user's disk.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from nianbao.errors import CommandError


def write_atomically(path: Path, data: bytes) -> None:
    """All of the file or none of it: a temporary file beside the target, renamed over it."""
    directory = path.parent if str(path.parent) else Path(".")
    try:
        fd, tmp = tempfile.mkstemp(dir=directory, prefix=f".{path.name}.")
    except OSError as err:
        raise CommandError(f"cannot write {path}: {err}") from err
    try:
        with os.fdopen(fd, "wb") as out:
            out.write(data)
        os.replace(tmp, path)
    except OSError as err:
        Path(tmp).unlink(missing_ok=True)
        raise CommandError(f"cannot write {path}: {err}") from err
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
