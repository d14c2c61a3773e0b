"""LibreOffice conversions for the replicas' PDF and DOC attachments, batched.

LibreOffice is the only offline tool here that writes DOC and a PDF with a real text layer from DOCX/HTML;
it starts slowly, so conversions are batched into one `soffice` run per target format, with a private
profile directory so parallel test processes do not fight over one.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from concurrent.futures import ThreadPoolExecutor
from datetime import datetime
from pathlib import Path

from nianbao.replicas.stable import stable

_BATCH = 12
_FILTERS = {"pdf": "pdf", "doc": "doc:MS Word 97", "wps": "doc:MS Word 97"}


def convert_many(pending: dict[Path, tuple[str, bytes, datetime]]) -> None:
    """Write each target (its suffix names the format) from its source (kind "docx" or "html"), dated as given."""
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        raise RuntimeError(
            "LibreOffice (soffice) is needed to render PDF/DOC attachments: apt install libreoffice-writer-nogui"
        )
    groups: dict[tuple[str, str], list[tuple[Path, bytes, datetime]]] = {}
    for target, (kind, data, made) in pending.items():
        fmt = target.suffix.lstrip(".")
        if fmt not in _FILTERS:
            raise ValueError(f"no LibreOffice conversion to {fmt}")
        groups.setdefault((_FILTERS[fmt], kind), []).append((target, data, made))
    # A few soffice processes side by side, each converting a batch: every start costs seconds, a conversion
    # inside a running soffice well under one.
    jobs = [(key, items[i : i + _BATCH]) for key, items in groups.items() for i in range(0, len(items), _BATCH)]
    with ThreadPoolExecutor(max_workers=min(len(jobs), 3) or 1) as pool:
        for done in [pool.submit(_convert_group, soffice, filt, kind, items) for (filt, kind), items in jobs]:
            done.result()


def _convert_group(soffice: str, filt: str, kind: str, items: list[tuple[Path, bytes, datetime]]) -> None:
    with tempfile.TemporaryDirectory(prefix="nianbao-soffice-") as tmp:
        root = Path(tmp)
        src_dir, out_dir = root / "in", root / "out"
        src_dir.mkdir()
        out_dir.mkdir()
        inputs = []
        for i, (_target, data, _made) in enumerate(items):
            src = src_dir / f"f{i}.{kind}"
            src.write_bytes(data)
            inputs.append(str(src))
        # a private profile: two soffice processes sharing one would block each other
        cmd = [soffice, f"-env:UserInstallation={(root / 'profile').as_uri()}", "--headless", "--norestore"]
        if kind == "html":
            cmd += ["--infilter=HTML (StarWriter)"]  # open as a Writer document, not Writer/Web
        cmd += ["--convert-to", filt, "--outdir", str(out_dir), *inputs]
        done = subprocess.run(cmd, capture_output=True, timeout=600, check=False)
        ext = filt.split(":")[0]
        for i, (target, _data, made) in enumerate(items):
            out = out_dir / f"f{i}.{ext}"
            if not out.exists():
                raise RuntimeError(
                    f"LibreOffice did not convert to {ext}: {done.stderr.decode(errors='replace')[-500:]}"
                )
            partial = target.with_name(f"{target.name}.{os.getpid()}.part")
            partial.write_bytes(stable(out.read_bytes(), ext, made))
            partial.replace(target)  # atomic: a concurrent reader never sees half a file
