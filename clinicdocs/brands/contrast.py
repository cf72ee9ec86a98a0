"""WCAG contrast of brand colours against white paper."""

from __future__ import annotations

WHITE = "#FFFFFF"
# role: (minimum ratio, why); WCAG 2.2 AA: 4.5:1 for body text, 3:1 for large text and graphics.
REQUIREMENTS = {
    "colors.text": (4.5, "body text"),
    "colors.primary": (4.5, "headings and footer text"),
    "colors.accent": (3.0, "illustration highlights and check boxes"),
}


def relative_luminance(color: str) -> float:
    """Return the WCAG relative luminance of a #RRGGBB colour."""
    channels = [int(color[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast_ratio(first: str, second: str = WHITE) -> float:
    """Return the WCAG contrast ratio between two colours (1 to 21)."""
    lighter, darker = sorted((relative_luminance(first), relative_luminance(second)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


def contrast_problems(colors: dict[str, str]) -> list[tuple[str, str]]:
    """Return (key, message) for each brand colour too pale to read on white paper."""
    problems = []
    for key, (minimum, role) in REQUIREMENTS.items():
        ratio = contrast_ratio(colors[key])
        if ratio < minimum:
            problems.append(
                (key, f"contrast {ratio:.2f}:1 against white paper is below the {minimum}:1 WCAG AA needs "
                      f"for {role}; choose a darker colour (got '{colors[key]}')")
            )
    return problems
