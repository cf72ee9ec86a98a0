#!/usr/bin/env python3
"""Make the README's pictures from a real build: `python tools/readme_pictures.py` (needs headless Chromium).

It builds the shipped article for the default clinic into a temporary folder, then writes small PNGs to
docs/pictures/: the guide's first page, the card, a large-print page (from the real PDFs, with
pypdfium2), and the EPUB's text and the clinic's download page as a phone shows them (390 px wide, in
headless Chromium driven by Selenium, a test extra). Run it again after a layout change and commit the pictures, so the README shows what the
builder really makes.

`python tools/readme_pictures.py --conventions` makes only the writing guide's pictures (docs/writing.md):
each Markdown convention written alone in a small handout, built for the default clinic, and the part
of the guide's first page between the title and the clinic block cut out (docs/pictures/write-*.png).
"""

from __future__ import annotations

import io
import sys
import tempfile
import zipfile
from pathlib import Path

import pypdfium2
from PIL import Image

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from clinicdocs.building.build import BuildOptions, build  # noqa: E402

BRAND, DOCUMENT = "injury-prevention-guru", "hip-flexors"
OUT = ROOT / "docs" / "pictures"
PAGE_WIDTH = 420  # px: small in the README, still legible when opened
CONVENTION_WIDTH = 640  # px: a convention's picture shows one part of a page, legible at its own size
PHONE = (390, 844)  # CSS px of a common phone screen
CHROMIUM, CHROMEDRIVER = "/usr/bin/chromium", "/usr/bin/chromedriver"  # Debian's chromium and chromium-driver


def save(image: Image.Image, name: str) -> None:
    """Save a picture with a 128-colour palette, small enough to commit."""
    buffer = io.BytesIO()
    image.convert("RGB").quantize(colors=128, method=Image.Quantize.MEDIANCUT, dither=Image.Dither.NONE).save(buffer, format="PNG", optimize=True)
    (OUT / name).write_bytes(buffer.getvalue())
    print(f"wrote {(OUT / name).relative_to(ROOT)} ({len(buffer.getvalue()) // 1024} KB)")


def pdf_page(pdf: Path, index: int) -> Image.Image:
    """Return one page of a PDF, PAGE_WIDTH pixels wide, framed by a thin grey line."""
    document = pypdfium2.PdfDocument(pdf)
    page = document[index]
    image = page.render(scale=PAGE_WIDTH / page.get_width()).to_pil().convert("RGB")
    document.close()
    framed = Image.new("RGB", (image.width + 2, image.height + 2), "#9AA5B1")
    framed.paste(image, (1, 1))
    return framed


def phone_screenshot(url: str, element: str = "") -> Image.Image:
    """Return what a phone shows at `url` (Chromium emulating a 390 x 844 screen), scrolled to `element`."""
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for argument in ("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--hide-scrollbars"):
        options.add_argument(argument)
    driver = webdriver.Chrome(service=Service(CHROMEDRIVER), options=options)
    try:
        driver.execute_cdp_cmd("Emulation.setDeviceMetricsOverride", {"width": PHONE[0], "height": PHONE[1], "deviceScaleFactor": 1, "mobile": False})
        driver.get(url)
        if element:
            driver.execute_script("document.getElementById(arguments[0]).scrollIntoView()", element)
        with Image.open(io.BytesIO(driver.get_screenshot_as_png())) as image:
            return image.convert("RGB").crop((0, 0, *PHONE))
    finally:
        driver.quit()


# Each convention of docs/writing.md, written as an author would: the picture shows what it prints as.
CONVENTIONS = {
    "exercise": "1. **Kneeling Stretch:** Kneel on one knee, the other foot flat in front of you.\n"
                "   Push your hips forward gently. Hold for 30 seconds, then switch sides.\n\n"
                "    ![A person kneeling on one knee, pushing the hips forward](images/kneeling.svg \"Keep your back straight.\")\n",
    "checklist": "- [ ] Walk for ten minutes every day.\n- [ ] Take a break from sitting every hour.\n- [x] Book your next visit.\n",
    "callout": '!!! warning "When to call us"\n    Call the clinic if the pain spreads down your leg or wakes you at night.\n',
    "table": "| Week | Walks a day | Minutes |\n|---|---|---|\n| 1 | 2 | 10 |\n| 2 | 2 | 15 |\n| 3 | 3 | 20 |\n",
    "footnote": "Rest the knee for two days after the injection.[^1]\n\n[^1]: Light walking around the house is fine.\n",
    "abbreviation": "Follow the RICE plan for the first two days.\n\n*[RICE]: Rest, Ice, Compression, Elevation\n",
}


def convention_pictures(folder: Path) -> None:
    """Build each convention alone in a small handout and save the part of the page that shows it."""
    source = folder / "conventions"
    (source / "images").mkdir(parents=True)
    drawing = ROOT / "clinicdocs" / "authoring" / "starter" / "images" / "kneeling-stretch.svg"
    (source / "images" / "kneeling.svg").write_bytes(drawing.read_bytes())
    for name, text in CONVENTIONS.items():
        (source / f"{name}.md").write_text(f"# Example\n\n{text}", encoding="utf-8")
    out = folder / "conventions-build"
    build(BuildOptions(source=source, layouts=ROOT / "layouts", out=out, brands=(BRAND,), only=("guide",)))
    for name in CONVENTIONS:
        save(content_of(out / BRAND / f"{name}-guide-letter.pdf"), f"write-{name}.png")


def content_of(pdf: Path) -> Image.Image:
    """Return the first page's content between the title and the clinic block, at CONVENTION_WIDTH pixels."""
    document = pypdfium2.PdfDocument(pdf)
    page = document[0]
    scale = CONVENTION_WIDTH / page.get_width()
    image = page.render(scale=scale).to_pil().convert("RGB")
    text = page.get_textpage()
    height = page.get_height()

    def top_of(words: str, default: float) -> float:
        found = text.search(words).get_next()
        return (height - text.get_charbox(found[0])[3]) * scale if found else default

    first = top_of("Example", 0) + 34 * scale  # below the title and its rule
    last = top_of("Your clinic", image.height * 0.8) - 8 * scale
    document.close()
    return image.crop((0, int(first), image.width, int(last)))


def main() -> None:
    """Build, then write every picture."""
    OUT.mkdir(parents=True, exist_ok=True)
    if "--conventions" in sys.argv:
        with tempfile.TemporaryDirectory() as folder:
            convention_pictures(Path(folder))
        return
    with tempfile.TemporaryDirectory() as folder:
        out = Path(folder) / "build"
        build(BuildOptions(source=ROOT / "source", layouts=ROOT / "layouts", out=out, brands=(BRAND,)))
        shelf = out / BRAND
        save(pdf_page(shelf / f"{DOCUMENT}-guide-letter.pdf", 1), "guide-page.png")
        save(pdf_page(shelf / f"{DOCUMENT}-card-letter.pdf", 0), "card.png")
        save(pdf_page(shelf / f"{DOCUMENT}-large-print-letter.pdf", 0), "large-print-page.png")
        with zipfile.ZipFile(shelf / f"{DOCUMENT}.epub") as epub:
            epub.extractall(Path(folder) / "epub")
        save(phone_screenshot((Path(folder) / "epub" / "EPUB" / "text.xhtml").as_uri(), "stretch-1"), "epub-phone.png")
        save(phone_screenshot((shelf / "index.html").as_uri()), "download-page-phone.png")
        convention_pictures(Path(folder))


if __name__ == "__main__":
    main()
