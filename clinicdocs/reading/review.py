"""Review governance: who reviewed a handout and when, when its next review is due, and a warning once it is past."""

from __future__ import annotations

import datetime
from pathlib import Path
from typing import Any

from ..errors import SourceError

YEARS_TO_REVIEW = 2  # the NHS's and most hospitals' interval between reviews of a patient leaflet


def review_dates(data: dict[str, Any]) -> tuple[datetime.date | None, datetime.date | None]:
    """Return when the handout was reviewed and when its next review is due (by default two years later)."""
    reviewed_on, review_due = data.get("reviewed_on"), data.get("review_due")
    if review_due is None and reviewed_on is not None:
        try:
            review_due = reviewed_on.replace(year=reviewed_on.year + YEARS_TO_REVIEW)
        except ValueError:  # reviewed on 29 February: due on the 28th two years on
            review_due = reviewed_on.replace(year=reviewed_on.year + YEARS_TO_REVIEW, day=28)
    return reviewed_on, review_due


def check_review(path: Path, data: dict[str, Any], lines: dict[str, int]) -> list[SourceError]:
    """Return a problem for each review key of the wrong shape: dates written YYYY-MM-DD, the due date after the review."""
    problems = []
    for key in ("reviewed_on", "review_due"):
        value = data.get(key)
        if key in data and (not isinstance(value, datetime.date) or isinstance(value, datetime.datetime)):
            problems.append(SourceError(f"front matter: {key}: must be a date written YYYY-MM-DD{shown(value)}", path, lines[key]))
            data.pop(key)
    if "reviewed_by" in data and not isinstance(data["reviewed_by"], str):
        problems.append(SourceError(f"front matter: reviewed_by: must be text, such as 'Dr A. Patel, physiotherapist'{shown(data['reviewed_by'])}", path, lines["reviewed_by"]))
    if "review_due" in data and "reviewed_on" in data and data["review_due"] <= data["reviewed_on"]:
        problems.append(SourceError(f"front matter: review_due: must come after reviewed_on ({data['reviewed_on'].isoformat()}){shown(data['review_due'])}", path, lines["review_due"]))
    if "review_due" in data and "reviewed_on" not in data:
        problems.append(SourceError("front matter: review_due: say when the handout was reviewed too, with reviewed_on: YYYY-MM-DD", path, lines["review_due"]))
    return problems


def today() -> datetime.date:
    """Return today's date, for review dates (the local calendar of the person building)."""
    return datetime.date.today()


def review_warning(path: Path, review_due: datetime.date | None, lines: dict[str, int]) -> list[SourceError]:
    """Return a warning when the handout's review date has passed (due today is still in date)."""
    if review_due is None or review_due >= today():
        return []
    message = f"front matter: review_due: the review was due on {review_due.isoformat()}; review the handout, then update reviewed_on"
    return [SourceError(message, path, lines.get("review_due") or lines.get("reviewed_on"))]


def shown(value: object) -> str:
    """Return ' (got VALUE)' for a message."""
    text = repr(value)
    return f" (got {text if len(text) <= 60 else text[:57] + '...'})"
