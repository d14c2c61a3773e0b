"""A 瑞数 (Riversecurity)-style bot check: HTTP 412 with `$_ts` in an inline script that computes a cookie.

Like the real one, the page carries no content, only a script; the browser runs it, stores a cookie whose
name ends in `S`, and reloads; the retry with that cookie gets the page. A client that does not run
JavaScript never gets past it. The check is stateless: the nonce is signed with the server's secret, so any
valid (nonce, answer) pair passes on any thread.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets

from nianbao.replicas.web import SYNTHETIC_NOTE, Answer, Request

COOKIE = "nbRs8kQ2vS"  # the JavaScript-computed cookie (real ones look like FSSBBIl1UgzbN7NS)
SERVER_COOKIE = "nbRs8kQ2vO"  # the HttpOnly cookie the server sets with the challenge


def fnv1a(text: str, salt: int) -> int:
    """The 32-bit FNV-1a hash the challenge script computes (Math.imul keeps JavaScript in 32 bits)."""
    h = 2166136261
    for ch in text:
        h ^= ord(ch)
        h = (h * 16777619) & 0xFFFFFFFF
    return (h ^ salt) & 0xFFFFFFFF


def _base36(n: int) -> str:
    digits = "0123456789abcdefghijklmnopqrstuvwxyz"
    out = ""
    while True:
        n, r = divmod(n, 36)
        out = digits[r] + out
        if n == 0:
            return out


class Challenge:
    """Guards URL path prefixes of one site; `gate()` answers the challenge or lets the request through."""

    def __init__(
        self, secret: str, prefixes: tuple[str, ...] = ("/zwgk/zfxxgk/",),
        soft_prefixes: tuple[str, ...] = ("/zwgk/zfxxgk/zfxxgkml/",),
    ):
        self._secret = secret.encode()
        self.prefixes = prefixes
        self.soft_prefixes = soft_prefixes  # answered 200 instead of 412: crawlers must look for $_ts anyway

    def _sign(self, token: str) -> str:
        return hmac.new(self._secret, token.encode(), hashlib.sha256).hexdigest()

    def _salt(self, cd: str) -> int:
        return int(self._sign("salt" + cd)[:6], 16)

    def issue(self) -> tuple[str, int]:
        token = secrets.token_hex(8)
        cd = token + self._sign(token)[:12]
        return cd, self._salt(cd)

    def valid(self, cookie: str) -> bool:
        cd, _, answer = cookie.partition(".")
        token, mac = cd[:16], cd[16:]
        if len(token) != 16 or not hmac.compare_digest(mac, self._sign(token)[:12]):
            return False
        return answer == _base36(fnv1a(cd, self._salt(cd)))

    def guards(self, path: str) -> bool:
        return path.startswith(self.prefixes)

    def gate(self, request: Request) -> Answer | None:
        if not self.guards(request.path) or self.valid(request.cookies.get(COOKIE, "")):
            return None
        cd, salt = self.issue()
        status = 200 if request.path.startswith(self.soft_prefixes) else 412
        answer = Answer.of(self.page(cd, salt), status=status)
        answer.resource.headers["Set-Cookie"] = f"{SERVER_COOKIE}={secrets.token_hex(16)}; Path=/; HttpOnly"
        answer.resource.headers["Cache-Control"] = "no-store"
        return answer

    @staticmethod
    def page(cd: str, salt: int) -> str:
        return (
            '<!DOCTYPE html><html><head><meta charset="utf-8"><meta http-equiv="Pragma" content="no-cache">'
            f'<script type="text/javascript">$_ts=window["$_ts"];if(!$_ts)$_ts={{}};$_ts.nsd={salt};'
            f'$_ts.cd="{cd}";</script>'
            '<script type="text/javascript">(function(){var t=window.$_ts,s=t.cd,h=2166136261;'
            "for(var i=0;i<s.length;i++){h^=s.charCodeAt(i);h=Math.imul(h,16777619)>>>0;}"
            "h=(h^t.nsd)>>>0;"
            f'document.cookie="{COOKIE}="+s+"."+h.toString(36)+"; path=/";'
            "location.reload();})();</script></head>"
            f"<body><!-- {SYNTHETIC_NOTE} --></body></html>"
        )
