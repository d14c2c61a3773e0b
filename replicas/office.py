"""LibreOffice conversions for the replicas' PDF and DOC attachments, batched.

LibreOffice is the only offline tool here that writes DOC and a PDF with a real text layer from DOCX/HTML;
it starts slowly, so conversions are batched into one `soffice` run per target format, with a private
profile directory so parallel test processes do not fight over one.
"""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from pathlib import Path

_FILTERS = {"pdf": "pdf", "doc": 'doc:MS Word 97', "wps": 'doc:MS Word 97'}


def convert_many(pending: dict[Path, tuple[str, bytes]]) -> None:
    """Write each target (its suffix names the format) from its source (kind "docx" or "html")."""
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        raise RuntimeError(
            "LibreOffice (soffice) is needed to render PDF/DOC attachments: apt install libreoffice-writer-nogui"
        )
    groups: dict[tuple[str, str], list[tuple[Path, bytes]]] = {}
    for target, (kind, data) in pending.items():
        fmt = target.suffix.lstrip(".")
        if fmt not in _FILTERS:
            raise ValueError(f"no LibreOffice conversion to {fmt}")
        groups.setdefault((_FILTERS[fmt], kind), []).append((target, data))
    with tempfile.TemporaryDirectory(prefix="nianbao-soffice-") as tmp:
        root = Path(tmp)
        profile = (root / "profile").as_uri()
        for n, ((filt, kind), items) in enumerate(groups.items()):
            src_dir, out_dir = root / f"in{n}", root / f"out{n}"
            src_dir.mkdir()
            out_dir.mkdir()
            inputs = []
            for i, (_target, data) in enumerate(items):
                src = src_dir / f"f{i}.{kind}"
                src.write_bytes(data)
                inputs.append(str(src))
            cmd = [soffice, f"-env:UserInstallation={profile}", "--headless", "--norestore"]
            if kind == "html":
                cmd += ["--infilter=HTML (StarWriter)"]  # open as a Writer document, not Writer/Web
            cmd += ["--convert-to", filt, "--outdir", str(out_dir), *inputs]
            done = subprocess.run(cmd, capture_output=True, timeout=300, check=False)
            ext = filt.split(":")[0]
            for i, (target, _data) in enumerate(items):
                out = out_dir / f"f{i}.{ext}"
                if not out.exists():
                    raise RuntimeError(
                        f"LibreOffice did not convert to {ext}: {done.stderr.decode(errors='replace')[-500:]}"
                    )
                tmp_target = target.with_suffix(target.suffix + ".part")
                tmp_target.write_bytes(out.read_bytes())
                tmp_target.replace(target)
