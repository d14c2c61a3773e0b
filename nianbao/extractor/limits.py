"""Per-document caps on time and memory, and checks that refuse hostile containers before they are opened.

Attachments come from thousands of county portals: truncated PDFs, PDFs whose object graph loops, "DOCX" that
are zip bombs or carry XML entity expansions, PNGs that decode to gigapixels. The parsers we rely on
(pdfminer, openpyxl, xlrd, Pillow) are not hardened against all of that, so the risky parse runs in a forked
child with an address-space limit and a wall-clock timeout; whatever goes wrong there comes back as one
`ExtractionError`, and the crawl goes on.
"""

from __future__ import annotations

import io
import multiprocessing
import os
import resource
import signal
import subprocess
import traceback
import zipfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, TypeVar

from nianbao.settings import from_environment

T = TypeVar("T")


class ExtractionError(Exception):
    """A document could not be read: broken, hostile, or over a per-document cap. Nothing is half-read."""


@dataclass(frozen=True)
class Caps:
    """The budget of one document. Generous for real reports (a 60-page PDF parses in a few seconds)."""

    seconds: float = 60.0
    memory_bytes: int = 2 * 1024**3
    zip_total_bytes: int = 300 * 1024**2  # declared uncompressed size of all members
    zip_member_ratio: float = 200.0  # uncompressed / compressed, per member (text XML compresses ~10-30x)
    zip_members: int = 5000
    image_pixels: int = 60_000_000  # an A4 page at 600 dpi is ~35 Mpx


DEFAULT_CAPS = Caps()


def _address_space_in_use() -> int:
    """Bytes of address space this process maps now (VmSize; 0 where /proc is not there)."""
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("VmSize:"):
                    return int(line.split()[1]) * 1024
    except (OSError, ValueError, IndexError):
        pass
    return 0


def _child(conn: Any, func: Callable[..., Any], args: tuple[Any, ...], memory_bytes: int) -> None:
    try:
        # The cap bounds what the parse adds, not the process's total: a child forked from a big process (a
        # crawl worker holding OCR models maps gigabytes) would otherwise start above any fixed cap and fail
        # to map even the parser's own shared library.
        limit = _address_space_in_use() + memory_bytes
        resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
        result: tuple[str, Any] = ("ok", func(*args))
    except MemoryError:
        result = ("error", "out of memory (over the per-document cap)")
    except RecursionError:
        result = ("error", "recursion too deep (looping or hostile structure)")
    except ExtractionError as exc:
        result = ("error", str(exc))
    except Exception as exc:  # any parser failure ends as one clean error in the parent
        result = ("error", f"{type(exc).__name__}: {exc}".strip()[:500])
        if from_environment("NIANBAO_DEBUG"):
            traceback.print_exc()
    try:
        conn.send(result)
    except Exception as exc:  # e.g. the result did not pickle, or memory ran out while pickling
        conn.send(("error", f"could not return the result: {type(exc).__name__}"))
    finally:
        conn.close()


def run_capped(func: Callable[..., T], *args: Any, caps: Caps = DEFAULT_CAPS, what: str = "document") -> T:
    """Call `func(*args)` in a forked child under `caps`; its return value must pickle.

    Fork rather than spawn: the child inherits the imported parsers, so the cap costs milliseconds, not an
    interpreter start. Any failure in the child, a timeout and an exceeded memory cap raise ExtractionError.
    """
    ctx = multiprocessing.get_context("fork")
    receiver, sender = ctx.Pipe(duplex=False)
    proc = ctx.Process(target=_child, args=(sender, func, args, caps.memory_bytes), daemon=True)
    proc.start()
    sender.close()
    try:
        if not receiver.poll(caps.seconds):
            raise ExtractionError(f"{what}: gave up after {caps.seconds:g} s (per-document time cap)")
        try:
            status, value = receiver.recv()
        except EOFError:
            proc.join(1)
            raise ExtractionError(
                f"{what}: parser died (exit code {proc.exitcode}; over the memory cap or crashed)"
            ) from None
    finally:
        receiver.close()
        if proc.is_alive():
            proc.kill()
        proc.join(5)
    if status != "ok":
        raise ExtractionError(f"{what}: {value}")
    return value


def _limit_child_memory(memory_bytes: int) -> Callable[[], None]:
    def apply() -> None:
        resource.setrlimit(resource.RLIMIT_AS, (memory_bytes, memory_bytes))

    return apply


def run_command(
    argv: Sequence[str], *, seconds: float, memory_bytes: int | None = None, cwd: str | None = None,
    env: dict[str, str] | None = None,
) -> subprocess.CompletedProcess[bytes]:
    """Run an external converter (soffice, antiword) with a timeout, killing its whole process group.

    soffice forks helpers (oosplash -> soffice.bin); killing only the first would leave the converter running.
    """
    proc = subprocess.Popen(
        list(argv), stdout=subprocess.PIPE, stderr=subprocess.PIPE, cwd=cwd, env=env, start_new_session=True,
        preexec_fn=_limit_child_memory(memory_bytes) if memory_bytes else None,
    )
    try:
        out, err = proc.communicate(timeout=seconds)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)
        proc.communicate()
        raise ExtractionError(f"{argv[0]}: gave up after {seconds:g} s (per-document time cap)") from None
    return subprocess.CompletedProcess(list(argv), proc.returncode, out, err)


def check_zip(data: bytes, caps: Caps = DEFAULT_CAPS, what: str = "zip container") -> zipfile.ZipFile:
    """Open an OOXML container only if its declared sizes are sane, and no XML part declares a DTD.

    The central directory states each member's sizes before anything is inflated, so a zip bomb is refused
    for the price of reading the directory. OOXML parts never need a DTD; one that has it is an entity
    expansion (billion laughs) or external-entity trick, refused outright.
    """
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        infos = archive.infolist()
    except (zipfile.BadZipFile, ValueError, OSError, EOFError) as exc:
        raise ExtractionError(f"{what}: not a readable zip ({exc})") from None
    if len(infos) > caps.zip_members:
        raise ExtractionError(f"{what}: {len(infos)} members (cap {caps.zip_members})")
    total = sum(info.file_size for info in infos)
    if total > caps.zip_total_bytes:
        raise ExtractionError(f"{what}: declares {total} bytes uncompressed (cap {caps.zip_total_bytes})")
    for info in infos:
        if info.file_size > 1024**2 and info.file_size > caps.zip_member_ratio * max(info.compress_size, 1):
            raise ExtractionError(f"{what}: member {info.filename!r} compresses {info.file_size}:"
                                  f"{info.compress_size} (zip bomb?)")
    for info in infos:
        if info.filename.endswith((".xml", ".rels")):
            try:
                with archive.open(info) as member:
                    # Declared sizes can lie: read at most a little more than declared.
                    head = member.read(min(info.file_size, 4096) + 1)
            except (zipfile.BadZipFile, ValueError, OSError, EOFError, NotImplementedError, RuntimeError) as exc:
                raise ExtractionError(f"{what}: member {info.filename!r} is unreadable ({exc})") from None
            if _declares_dtd(head):
                raise ExtractionError(f"{what}: member {info.filename!r} declares a DTD (XML entity trick?)")
    return archive


def _declares_dtd(head: bytes) -> bool:
    for encoding in ("utf-8", "utf-16"):
        try:
            text = head.decode(encoding, errors="ignore")
        except LookupError:  # pragma: no cover - both codecs always exist
            continue
        if "<!DOCTYPE" in text or "<!ENTITY" in text:
            return True
    return False


def check_image_size(width: int, height: int, caps: Caps = DEFAULT_CAPS, what: str = "image") -> None:
    """Refuse an image whose declared size would decode into more pixels than the cap (decompression bomb)."""
    if width <= 0 or height <= 0:
        raise ExtractionError(f"{what}: declares an empty size {width}x{height}")
    if width * height > caps.image_pixels:
        raise ExtractionError(f"{what}: {width}x{height} pixels is over the cap of {caps.image_pixels}")
