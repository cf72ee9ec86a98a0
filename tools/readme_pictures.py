#!/usr/bin/env python3
"""Make the README's pictures from a real build: `python tools/readme_pictures.py` (needs headless Chromium).

It builds the shipped article for the default clinic into a temporary folder, then writes small PNGs to
docs/pictures/: the guide's first page, the card, a large-print page (from the real PDFs, with
pypdfium2), and the EPUB's text and the clinic's download page as a phone shows them (390 px wide, in
headless Chromium driven by Selenium, a test extra). Run it again after a layout change and commit the pictures, so the README shows what the
builder really makes.
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


def main() -> None:
    """Build, then write every picture."""
    OUT.mkdir(parents=True, exist_ok=True)
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


if __name__ == "__main__":
    main()
