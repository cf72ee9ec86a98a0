"""The preview's library page: search the exercises, choose and order them with their dosage, print the programme.

The programme is rendered in memory and sent back as the response; nothing of it is written or logged.
A POST is accepted only with the token of the page this server made, from this server's own origin.
"""

from __future__ import annotations

import hmac
import secrets
import urllib.parse
from collections.abc import Callable
from pathlib import Path

import jinja2
from starlette.requests import Request
from starlette.responses import HTMLResponse, PlainTextResponse, Response
from starlette.routing import Route

from ..brands.schema import Brand
from ..errors import BuildError
from ..rendering.assets import recolour
from ..rendering.templates import render
from .guard import page_policy
from .library import Exercise, load_library
from .plan import DOSAGE, MAX_EXERCISES, MAX_TEXT, Dosage, Plan, Prescribed
from .programme import VARIANTS, render_programme

MAX_FORM_BYTES = 200_000
PICTURE_TYPES = {".svg": "image/svg+xml", ".png": "image/png", ".jpg": "image/jpeg", ".jpeg": "image/jpeg", ".gif": "image/gif", ".webp": "image/webp"}


def library_routes(source: Path, layouts: Path, current: Callable[[], tuple[Brand, str]], env: jinja2.Environment) -> list[Route]:
    """Return the library page, its pictures and the programme it prints."""
    token = secrets.token_urlsafe(32)  # a new one each time serve starts: only this server's page can print

    async def page(request: Request) -> Response:
        try:
            library = load_library(source)
        except BuildError as error:  # a handout being edited: say what is wrong, as the preview does
            return PlainTextResponse(f"{error}\n", status_code=500, headers={"Cache-Control": "no-store"})
        brand, paper = current()  # the clinic and paper the preview shows now
        html = render(env, "serve/library.html.j2", library=library, token=token, dosage=list(DOSAGE), limits=DOSAGE, brand=brand, paper=paper, most=MAX_EXERCISES)
        return HTMLResponse(html, headers={"Cache-Control": "no-store", "Content-Security-Policy": page_policy(html, forms=True)})

    async def picture(request: Request) -> Response:
        library, index = load_library(source), request.path_params["index"]
        image = library[index].stretch.illustration if 0 <= index < len(library) else None
        if image is None or image.path.suffix.lower() not in PICTURE_TYPES:
            return PlainTextResponse("not found", status_code=404)
        data = recolour(image.path.read_bytes(), image.name, current()[0])  # in the clinic's accent, as printed
        return Response(data, media_type=PICTURE_TYPES[image.path.suffix.lower()])

    async def programme(request: Request) -> Response:
        if not same_origin(request):
            return PlainTextResponse("refused: print from the preview's own library page", status_code=403)
        body = await request.body()
        form = {k: v[0] for k, v in urllib.parse.parse_qs(body.decode("utf-8", "replace"), keep_blank_values=True).items()} if len(body) <= MAX_FORM_BYTES else {}
        if not hmac.compare_digest(form.get("token", ""), token):
            return PlainTextResponse("refused: reload the library page and print again", status_code=403)
        try:
            plan = form_plan(form, load_library(source), source)
            asked = form.get("variant", "")
            variant = asked if asked in VARIANTS else VARIANTS[0]
            brand, paper = current()
            data = render_programme(plan, brand, layouts, paper, (variant,))[variant]
        except BuildError as error:
            return PlainTextResponse(f"{error.message}\n", status_code=400, headers={"Cache-Control": "no-store"})
        headers = {"Cache-Control": "no-store", "Content-Disposition": f'inline; filename="programme-{variant}-{paper}.pdf"'}
        return Response(data, media_type="application/pdf", headers=headers)

    return [Route("/library", page), Route("/library/pictures/{index:int}", picture), Route("/library/programme", programme, methods=["POST"])]


def same_origin(request: Request) -> bool:
    """Tell whether a POST comes from a page of this server (browsers send Origin with every form POST)."""
    origin = request.headers.get("origin")
    host = request.headers.get("host", "")
    return origin is None or origin in (f"http://{host}",)


def form_plan(form: dict[str, str], library: list[Exercise], source: Path) -> Plan:
    """Return the plan the library page's form describes, or raise every mistake at once (named by exercise and field)."""
    by_id = {e.id: e for e in library}
    problems: list[str] = []
    chosen: list[tuple[int, Prescribed]] = []
    for key, value in form.items():
        if not key.startswith("order-") or not value.strip():
            continue
        number = key.removeprefix("order-")
        exercise = by_id.get(form.get(f"id-{number}", ""))
        if exercise is None:
            problems.append("an exercise is no longer in the library; reload the page")
            continue
        order = whole(value)
        values = {field: whole(form.get(f"{field}-{number}", "")) for field in DOSAGE}
        for field, limit in DOSAGE.items():
            if values[field] is not None and not (isinstance(values[field], int) and 1 <= values[field] <= limit):  # type: ignore[operator]
                problems.append(f"{exercise.stretch.name}: {field.replace('_', ' ')} must be a whole number from 1 to {limit} (got {form.get(f'{field}-{number}')!r})")
        note = form.get(f"note-{number}", "").strip()[:MAX_TEXT]
        if isinstance(order, int) and all(v is None or isinstance(v, int) for v in values.values()):
            chosen.append((order, Prescribed(exercise, Dosage(**values), note, 1)))  # type: ignore[arg-type]
        elif not isinstance(order, int):
            problems.append(f"{exercise.stretch.name}: the order must be a number (got {value!r})")
    if not chosen and not problems:
        problems.append("choose at least one exercise: give it a number in the order column")
    if len(chosen) > MAX_EXERCISES:
        problems.append(f"{len(chosen)} exercises: one sheet holds at most {MAX_EXERCISES}")
    if problems:
        raise BuildError("\n".join(problems))
    ordered = tuple(p for _, p in sorted(chosen, key=lambda pair: pair[0]))
    text = {key: form.get(key, "").strip()[:MAX_TEXT] for key in ("patient", "clinician", "note")}
    return Plan(source / "programme", ordered, text["patient"], text["clinician"], None, "", "", text["note"])


def whole(text: str) -> int | str | None:
    """Return a form field as a whole number, None when blank, or the text itself when it is not a number."""
    text = text.strip()
    if not text:
        return None
    try:
        return int(text)
    except ValueError:
        return text
