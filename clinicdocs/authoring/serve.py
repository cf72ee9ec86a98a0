"""`make_docs.py serve`: a preview on 127.0.0.1 that rebuilds on every save and refreshes itself.

Starlette answers the requests and uvicorn serves them; the build runs in a thread with the same
incremental watch loop as `--watch`. Only three kinds of address answer: the page, its event stream and
page pictures, and the files the build made (by exact name, from a list, never by resolving a path).
"""

from __future__ import annotations

import asyncio
import dataclasses
import threading
import traceback
from collections.abc import AsyncIterator, Callable
from pathlib import Path

import jinja2
from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.middleware.trustedhost import TrustedHostMiddleware
from starlette.requests import Request
from starlette.responses import FileResponse, HTMLResponse, PlainTextResponse, Response, StreamingResponse
from starlette.routing import Route

from ..building.build import BuildOptions, BuildReport
from ..errors import BuildError
from ..planning.targets import Target
from .choices import Chooser
from .guard import DeadlineProtocol, SecurityHeaders, page_policy
from .preview import PreviewState, after_batch, after_build, after_failure, show_pages
from ..rendering.templates import layouts_folder as layouts_of
from ..rendering.templates import make_environment, render

HOST = "127.0.0.1"
ALLOWED_HOSTS = ["localhost", "127.0.0.1"]  # a page from any other name (DNS rebinding) gets 400


def make_app(state: PreviewState, chooser: Chooser, out: Path, env: jinja2.Environment, source: Path | None = None) -> Starlette:
    """Return the web application: the page (its query switches what it shows), its events, the page pictures,
    the build's outputs and the exercise library."""

    async def page(request: Request) -> Response:
        try:  # loading brands and listing documents reads files: not on the event loop
            chosen = await asyncio.to_thread(chooser.switch, request.query_params)
            choices = await asyncio.to_thread(chooser.choices)
        except BuildError as error:
            return PlainTextResponse(f"{str(error).replace('--', '', 1)}\n", status_code=400, headers={"Cache-Control": "no-store"})
        html = render(env, "serve/preview.html.j2", snap=state.snapshot, chosen=chosen, choices=choices, out=out)
        # The menus are a form that reloads this page with the new choice: it may post (get) to this server only.
        return HTMLResponse(html, headers={"Cache-Control": "no-store", "Content-Security-Policy": page_policy(html, forms=True)})

    async def events(request: Request) -> Response:
        return StreamingResponse(changes(state, request), media_type="text/event-stream", headers={"Cache-Control": "no-store"})

    async def picture(request: Request) -> Response:
        snap, number = state.snapshot, request.path_params["number"]
        if request.path_params["generation"] != snap.generation or not 1 <= number <= len(snap.pages):
            return PlainTextResponse("not found", status_code=404)
        return Response(snap.pages[number - 1], media_type="image/png")

    async def output(request: Request) -> Response:
        name = request.path_params["name"]
        if name not in state.snapshot.outputs:  # an exact name the build wrote: no '..', no absolute path, no decoding games
            return PlainTextResponse("not found", status_code=404)
        return FileResponse(out / name, headers={"Cache-Control": "no-store"})

    routes = [
        Route("/", page), Route("/events", events),
        Route("/pages/{generation:int}/{number:int}.png", picture), Route("/out/{name:path}", output),
    ]
    if source is not None:
        from .library_page import library_routes

        routes += library_routes(source, layouts_of(env), lambda: (chooser.chosen.brand, chooser.chosen.paper), env)
    middleware = [Middleware(SecurityHeaders), Middleware(TrustedHostMiddleware, allowed_hosts=ALLOWED_HOSTS)]
    return Starlette(routes=routes, middleware=middleware)


async def changes(state: PreviewState, request: Request) -> AsyncIterator[str]:
    """Yield a server-sent event whenever the snapshot changes, checking ten times a second."""
    seen = -1
    while not await request.is_disconnected():
        generation = state.snapshot.generation
        if generation != seen:
            seen = generation
            yield f"data: {generation}\n\n"
        await asyncio.sleep(0.1)


def serve(options: BuildOptions, chosen: Target, port: int) -> None:
    """Build, then serve the preview on 127.0.0.1 until interrupted, rebuilding on every save."""
    import uvicorn

    from .watch import watch

    state, stop = PreviewState(), threading.Event()

    def failed(error: BuildError) -> None:
        after_failure(state, error)

    def showing(step: Callable[[], None]) -> None:
        try:
            step()
        except Exception as error:  # a bug, not the author's: show it, and keep serving
            traceback.print_exc()
            after_failure(state, BuildError(f"the preview could not show the build ({type(error).__name__}: {error}); this is a bug"))

    def switched(target: Target) -> None:
        if str(target.path.relative_to(options.out)) in state.snapshot.outputs:  # built already: show it now
            showing(lambda: show_pages(state, target, options.layouts))

    chooser = Chooser(options, chosen, switched)

    def batch_done(written: list[Target]) -> None:
        showing(lambda: after_batch(state, written, chooser.chosen, options.layouts))

    def built(report: BuildReport) -> None:
        showing(lambda: after_build(state, report, chooser.chosen, options.out, options.layouts))

    options = dataclasses.replace(options, first_output=chosen.path)
    builder = threading.Thread(
        target=watch, args=(options, built, failed, stop), kwargs={"report_every_build": True, "batch_done": batch_done, "first": lambda: chooser.chosen.path},
        daemon=True, name="clinicdocs-build",
    )
    builder.start()
    app = make_app(state, chooser, options.out, make_environment(options.layouts), options.source)
    print(f"previewing {chosen.path.name} at http://{HOST}:{port}/ ; Ctrl-C to stop", flush=True)
    try:
        # uvicorn stops gracefully on SIGTERM as on Ctrl-C, then raises the signal again: `cli.run` turns that into
        # KeyboardInterrupt, so the build thread is stopped and the closing line printed either way.
        # No access log: the library page's programme must leave no trace of the patient.
        uvicorn.run(app, host=HOST, port=port, log_level="warning", access_log=False, timeout_graceful_shutdown=1, http=DeadlineProtocol)
    finally:
        stop.set()
        builder.join(timeout=5)

