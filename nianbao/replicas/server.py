"""The loopback server: an HTTP proxy and a virtual host at once, so spiders keep the portals' real URLs.

A threaded `http.server` is enough here (stdlib, one thread per connection, no keep-alive): the replicas
answer a few thousand requests per crawl, and each fault needs direct control of the socket (reset,
stall, a Content-Length that lies), which a higher-level framework would hide.
"""

from __future__ import annotations

import contextlib
import json
import logging
import socket
import struct
import threading
import time
from dataclasses import asdict, dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import TYPE_CHECKING, Any

from nianbao.replicas.faults import Fault, FaultTable
from nianbao.replicas.web import SYNTHETIC_NOTE, Answer, Request, http_date, not_modified

if TYPE_CHECKING:
    from nianbao.replicas.world import World

log = logging.getLogger(__name__)

ADMIN_HOST = "replicas.nianbao.test"
"""Reserved host for the HTTP admin endpoint (manifest, request log, faults) — never a real portal name."""


@dataclass
class RequestRecord:
    """One line of the request log that tests and benches read."""

    at: float
    method: str
    url: str
    status: int
    size: int
    fault: str | None = None


class _Handler(BaseHTTPRequestHandler):
    server: _Server
    protocol_version = "HTTP/1.1"
    server_version = "nianbao-replica/1"
    sys_version = ""

    def log_message(self, format: str, *args: Any) -> None:  # http.server prints to stderr otherwise
        log.debug("%s " + format, self.address_string(), *args)

    def do_GET(self) -> None:
        self._serve()

    def do_POST(self) -> None:
        self._serve()

    def do_HEAD(self) -> None:
        self._serve()

    def do_CONNECT(self) -> None:
        """HTTPS through the proxy is refused: the replicas are HTTP only, like the spec's 汶上 over HTTP."""
        self._record("CONNECT", self.path, 405, 0)
        self._plain(405, "CONNECT not supported: the replicas serve plain HTTP only\n")

    # -- the request cycle -------------------------------------------------------------------------------

    def _serve(self) -> None:
        self.close_connection = True
        headers = {k.lower(): v for k, v in self.headers.items()}
        try:
            length = int(headers.get("content-length") or 0)
        except ValueError:
            self._plain(400, "bad Content-Length\n")
            return
        body = self.rfile.read(length) if length > 0 else b""
        request = Request.parse_target(self.command, self.path, headers, body)
        owner = self.server.owner
        if request.host == ADMIN_HOST:
            self._admin(request)
            return
        fault = owner.faults.take(request.url)
        if fault is not None and self._apply_fault(fault, request):
            return
        try:
            answer = owner.world.answer(request)
        except Exception:  # a replica bug must show as a 500 in the log, not a silently dropped connection
            log.exception("replica failed on %s", request.url)
            self._record(request.method, request.url, 500, 0, fault)
            self._plain(500, f"500 replica error ({SYNTHETIC_NOTE})\n")
            return
        if answer is None:
            text = f"502 Bad Gateway: {request.host} is not one of the offline replicas ({SYNTHETIC_NOTE})\n"
            self._record(request.method, request.url, 502, len(text), fault)
            self._plain(502, text)
            return
        if fault is not None and fault.kind == "truncate":
            self._truncated(answer, request, fault)
            return
        if answer.delay:
            owner.stopping.wait(answer.delay)
        self._send(answer, request, fault)

    def _send(self, answer: Answer, request: Request, fault: Fault | None) -> None:
        res = answer.resource
        status, body = res.status, res.body
        if status == 200 and not_modified(res, request.headers):
            status, body = 304, b""
        self.send_response(status)
        self.send_header("Content-Type", res.content_type)
        if status in (200, 304):
            self.send_header("ETag", res.etag)
            self.send_header("Last-Modified", http_date(res.last_modified))
        for name, value in res.headers.items():
            if name.lower() == "set-cookie":
                for one in value.split("\n"):
                    self.send_header("Set-Cookie", one)
            else:
                self.send_header(name, value)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Connection", "close")
        # logged before the body goes out, so a client that has its answer always finds it in the log
        self._record(request.method, request.url, status, len(body), fault)
        self.end_headers()
        if request.method != "HEAD":
            self._write(body)

    def _write(self, data: bytes) -> None:
        with contextlib.suppress(BrokenPipeError, ConnectionResetError):
            self.wfile.write(data)

    def _plain(self, status: int, text: str) -> None:
        data = text.encode("utf-8")
        self.send_response(status)
        self.send_header("Content-Type", "text/plain; charset=utf-8")
        self.send_header("Content-Length", str(len(data)))
        self.send_header("Connection", "close")
        self.end_headers()
        self._write(data)

    def _record(self, method: str, url: str, status: int, size: int, fault: Fault | None = None) -> None:
        self.server.owner.record(RequestRecord(time.time(), method, url, status, size, fault and fault.kind))

    # -- faults ------------------------------------------------------------------------------------------

    def _apply_fault(self, fault: Fault, request: Request) -> bool:
        """Apply a fault that replaces the answer; return False for the ones that need the answer first."""
        owner = self.server.owner
        if fault.kind == "reset":
            # SO_LINGER with a zero timeout makes close() send RST instead of FIN: a real "connection reset".
            self.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
            self._record(request.method, request.url, 0, 0, fault)
            self.connection.close()
            return True
        if fault.kind == "stall":
            self._record(request.method, request.url, 0, 0, fault)
            owner.stopping.wait(fault.seconds)
            return True
        if fault.kind == "status":
            text = f"{fault.status} injected fault ({SYNTHETIC_NOTE})\n"
            self._record(request.method, request.url, fault.status, len(text), fault)
            self._plain(fault.status, text)
            return True
        if fault.kind == "huge":
            self._huge(request, fault)
            return True
        canned = fault.canned(request.url)
        if canned is not None:  # redirect, serve: a trap or hostile answer in place of the replica's
            self.send_response(canned.status)
            for name, value in canned.headers.items():
                self.send_header(name, value)
            self.send_header("Content-Length", str(len(canned.body)))
            self.send_header("Connection", "close")
            self._record(request.method, request.url, canned.status, len(canned.body), fault)
            self.end_headers()
            if request.method != "HEAD":
                self._write(canned.body)
            return True
        if fault.kind == "slow":
            owner.stopping.wait(fault.seconds)
            return False
        if fault.kind == "hold":
            fault.wait_released(owner.stopping)
            return False
        return False  # truncate: needs the real body

    def _truncated(self, answer: Answer, request: Request, fault: Fault) -> None:
        body = answer.resource.body
        self.send_response(200)
        self.send_header("Content-Type", answer.resource.content_type)
        self.send_header("Content-Length", str(len(body) * 2 + 1024))
        self.send_header("Connection", "close")
        self._record(request.method, request.url, 200, len(body) // 2, fault)
        self.end_headers()
        self._write(body[: len(body) // 2])

    def _huge(self, request: Request, fault: Fault) -> None:
        self.send_response(200)
        self.send_header("Content-Type", "application/octet-stream")
        if fault.declare_size:  # otherwise the body simply runs until the connection closes
            self.send_header("Content-Length", str(fault.size))
        self.send_header("Connection", "close")
        self.end_headers()
        chunk = (SYNTHETIC_NOTE.encode() + b" " * 1024)[:1024] * 64
        sent = 0
        try:
            while sent < fault.size and not self.server.owner.stopping.is_set():
                part = chunk[: fault.size - sent]
                self.wfile.write(part)
                sent += len(part)
        except (BrokenPipeError, ConnectionResetError):
            pass
        self._record(request.method, request.url, 200, sent, fault)

    # -- admin -------------------------------------------------------------------------------------------

    def _admin(self, request: Request) -> None:
        """A small JSON endpoint so tools outside this process (a crawl in a subprocess) can drive faults."""
        owner = self.server.owner
        try:
            payload: Any
            if request.path == "/manifest.json":
                payload = owner.world.manifest_json()
            elif request.path == "/requests.json":
                payload = [asdict(r) for r in owner.requests()]
            elif request.path == "/faults" and request.method == "POST":
                spec = json.loads(request.body or b"{}")
                payload = owner.inject(**spec).as_json()
            elif request.path == "/faults/clear" and request.method == "POST":
                owner.clear_faults()
                payload = {"ok": True}
            else:
                self._plain(404, f"unknown admin path {request.path}\n")
                return
        except (TypeError, ValueError, KeyError) as exc:
            self._plain(400, f"bad admin request: {exc}\n")
            return
        data = json.dumps(payload, ensure_ascii=False, default=str).encode("utf-8")
        self.send_response(200)
        self.send_header("Content-Type", "application/json; charset=utf-8")
        self.send_header("Content-Length", str(len(data)))
        self.send_header("Connection", "close")
        self.end_headers()
        self._write(data)


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True
    request_queue_size = 128
    owner: ReplicaServer


class ReplicaServer:
    """The offline internet on one loopback port.

    >>> with ReplicaServer(port=0) as server:      # doctest: +SKIP
    ...     os.environ["http_proxy"] = server.proxy_url
    """

    def __init__(self, port: int = 0, host: str = "127.0.0.1", world: World | None = None, **world_options: Any):
        if world is None:
            from nianbao.replicas.world import World

            world = World(**world_options)
        self.world = world
        self.faults = FaultTable()
        self.stopping = threading.Event()
        self._log: list[RequestRecord] = []
        self._log_lock = threading.Lock()
        self._httpd = _Server((host, port), _Handler)
        self._httpd.owner = self
        self._thread: threading.Thread | None = None

    # -- lifecycle ---------------------------------------------------------------------------------------

    @property
    def port(self) -> int:
        return self._httpd.server_address[1]

    @property
    def proxy_url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self) -> ReplicaServer:
        self._thread = threading.Thread(target=self._httpd.serve_forever, name="replica-server", daemon=True)
        self._thread.start()
        return self

    def stop(self) -> None:
        self.stopping.set()
        self._httpd.shutdown()
        self._httpd.server_close()
        if self._thread:
            self._thread.join(timeout=5)

    def __enter__(self) -> ReplicaServer:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    def serve_forever(self) -> None:
        """Block serving (for `python -m nianbao.replicas`)."""
        try:
            self._httpd.serve_forever()
        finally:
            self._httpd.server_close()

    # -- request log -------------------------------------------------------------------------------------

    def record(self, entry: RequestRecord) -> None:
        with self._log_lock:
            self._log.append(entry)

    def requests(self) -> list[RequestRecord]:
        with self._log_lock:
            return list(self._log)

    def clear_log(self) -> None:
        with self._log_lock:
            self._log.clear()

    # -- faults ------------------------------------------------------------------------------------------

    def inject(self, pattern: str, kind: str, **params: Any) -> Fault:
        """Arm a fault: reset, stall, truncate, status (5xx), huge, slow, hold, redirect or serve; see `Fault`."""
        return self.faults.arm(Fault(pattern, kind, **params))  # type: ignore[arg-type]

    def clear_faults(self) -> None:
        self.faults.clear()

    # -- content hooks, delegated so tests can call them on the server -----------------------------------

    def manifest(self) -> list[Any]:
        return self.world.manifest()

    def change_report(self, report_id: str) -> Any:
        return self.world.change_report(report_id)

    def change_image(self, report_id: str, index: int = 0) -> Any:
        return self.world.change_image(report_id, index)

    def delete_report(self, report_id: str) -> Any:
        return self.world.delete_report(report_id)

    def add_report(self, portal: str, **spec: Any) -> Any:
        return self.world.add_report(portal, **spec)
