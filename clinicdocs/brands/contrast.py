"""WCAG contrast of brand colours against white paper, and the nearest shade of the same hue that passes."""

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


def passing_shade(color: str, minimum: float) -> str:
    """Return the lightest shade of the colour's OKLCH hue and chroma whose contrast on white reaches `minimum`.

    Only the perceptual lightness changes (hue and, where sRGB can show it, chroma stay), so the shade
    reads as the same colour made darker; colours outside sRGB are mapped back by CSS Color 4's method.
    """
    from coloraide import Color  # imported only when a colour fails

    base = Color(color).convert("oklch")
    lightness_of = lambda lightness: base.clone().set("lightness", lightness).convert("srgb").fit().to_string(hex=True).upper()  # noqa: E731
    low, high = 0.0, float(base["lightness"])
    for _ in range(40):  # bisect lightness: darker passes, lighter fails
        middle = (low + high) / 2
        low, high = (middle, high) if contrast_ratio(lightness_of(middle)) >= minimum else (low, middle)
    while contrast_ratio(shade := lightness_of(low)) < minimum and low > 0:
        low = max(0.0, low - 0.002)  # rounding to #RRGGBB can land just below the minimum
    return shade


def contrast_problems(colors: dict[str, str]) -> list[tuple[str, str]]:
    """Return (key, message) for each brand colour too pale to read on white paper, with a passing shade to use."""
    problems = []
    for key, (minimum, role) in REQUIREMENTS.items():
        if key not in colors:
            continue
        ratio = contrast_ratio(colors[key])
        if ratio < minimum:
            shade = passing_shade(colors[key], minimum)
            problems.append(
                (key, f"contrast {ratio:.2f}:1 against white paper is below the {minimum}:1 WCAG AA needs "
                      f"for {role} (got '{colors[key]}'); the nearest shade of the same hue that passes is "
                      f"\"{shade}\" ({contrast_ratio(shade):.2f}:1)")
            )
    return problems
