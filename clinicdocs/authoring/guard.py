"""What the preview server sends and how long it waits: security headers on every answer, a deadline for each request.

The page's own inline style and script are allowed by their hashes, nothing else; no page may frame
the preview (clickjacking); browsers may not guess types; a connection that sends no complete request
within REQUEST_SECONDS is closed, so slow or idle clients cannot pile up.
"""

from __future__ import annotations

import asyncio
import base64
import hashlib
import re
from typing import Any

from uvicorn.protocols.http.h11_impl import H11Protocol

REQUEST_SECONDS = 5.0
INLINE = re.compile(r"<(script|style)>(.*?)</\1>", re.DOTALL)
BASE_POLICY = "base-uri 'none'; form-action 'none'; frame-ancestors 'none'"
# Outputs (PDF, EPUB, the download page) get no script at all; their pictures and fonts are their own or data: URLs.
OUTPUT_POLICY = f"default-src 'none'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; font-src 'self' data:; object-src 'self'; {BASE_POLICY}"
COMMON_HEADERS = {
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "X-Frame-Options": "DENY",  # frame-ancestors for browsers that predate it
    "Cross-Origin-Opener-Policy": "same-origin",
    "Cross-Origin-Resource-Policy": "same-origin",
}


def page_policy(html: str, forms: bool = False) -> str:
    """Return the Content-Security-Policy of a preview page: its own inline style and script, by hash, and nothing else
    (with `forms`, it may also post its own forms to this server: the library page's "Print")."""
    hashes: dict[str, list[str]] = {"script": [], "style": []}
    for kind, body in INLINE.findall(html):
        digest = base64.b64encode(hashlib.sha256(body.encode("utf-8")).digest()).decode("ascii")
        hashes[kind].append(f"'sha256-{digest}'")
    script, style = " ".join(hashes["script"]) or "'none'", " ".join(hashes["style"]) or "'none'"
    policy = f"default-src 'none'; img-src 'self'; connect-src 'self'; script-src {script}; style-src {style}; {BASE_POLICY}"
    return policy.replace("form-action 'none'", "form-action 'self'") if forms else policy


class SecurityHeaders:
    """ASGI middleware: add the security headers to every response, and the outputs' policy where none is set."""

    def __init__(self, app: Any):
        self.app = app

    async def __call__(self, scope: dict, receive: Any, send: Any) -> None:
        """Pass the request on, adding headers to the response's start."""
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def send_with_headers(message: dict) -> None:
            if message["type"] == "http.response.start":
                headers = list(message.get("headers", []))
                present = {name.lower() for name, _ in headers}
                extra = {**COMMON_HEADERS, "Content-Security-Policy": OUTPUT_POLICY}
                headers += [(name.lower().encode("latin-1"), value.encode("latin-1")) for name, value in extra.items() if name.lower().encode("latin-1") not in present]
                message = {**message, "headers": headers}
            await send(message)

        await self.app(scope, receive, send_with_headers)


class DeadlineProtocol(H11Protocol):
    """uvicorn's HTTP/1.1 protocol, closing a connection that sends no complete request within REQUEST_SECONDS.

    uvicorn times out an idle kept-alive connection, but not one that never finishes its request line
    and headers (slowloris); the deadline runs from the connection's start and again after each response.
    """

    deadline: asyncio.TimerHandle | None = None
    answering: object = None

    def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
        """Start the connection and its first deadline."""
        super().connection_made(transport)
        self.arm()

    def data_received(self, data: bytes) -> None:
        """Read data; a complete request stops the deadline until its response is sent."""
        super().data_received(data)
        if self.cycle is not None and self.cycle is not self.answering and not self.cycle.response_complete:
            self.answering = self.cycle
            self.disarm()

    def on_response_complete(self) -> None:
        """Finish a response; the next request has its own deadline."""
        super().on_response_complete()
        if not self.transport.is_closing():
            self.arm()

    def connection_lost(self, exc: Exception | None) -> None:
        """Forget the deadline of a closed connection."""
        self.disarm()
        super().connection_lost(exc)

    def arm(self) -> None:
        """Close the connection unless a complete request arrives in time."""
        self.disarm()
        self.deadline = self.loop.call_later(REQUEST_SECONDS, self.too_slow)

    def disarm(self) -> None:
        """Cancel the deadline."""
        if self.deadline is not None:
            self.deadline.cancel()
            self.deadline = None

    def too_slow(self) -> None:
        """Close a connection whose request did not arrive in time (a response under way is never cut)."""
        if self.cycle is None or self.cycle.response_complete or self.cycle is not self.answering:
            self.transport.close()
