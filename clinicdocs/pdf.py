"""The PDF writer: document model + brand -> handout HTML -> WeasyPrint -> PDF bytes."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import jinja2
import pydyf
from weasyprint import CSS, HTML
from weasyprint.formatting_structure import boxes
from weasyprint.text.fonts import FontConfiguration

from . import assets, pdftext
from .balance import balanced_title
from .config import PAPERS, Brand
from .errors import RenderError
from .fonts import faces_for
from .model import Document
from .sandbox import SandboxFetcher, weasyprint_problems
from .templates import render

PRINTER_MARGIN_PX = 24  # 0.25 in: office printers leave this strip along every edge blank


@dataclass(frozen=True)
class RenderedPdf:
    """The bytes of one handout and its page count."""

    data: bytes
    pages: int


def handout_html(env: jinja2.Environment, document: Document, brand: Brand, variant: str, paper: str) -> str:
    """Return the HTML handed to WeasyPrint for one handout."""
    qr = assets.qr_name(brand) if variant in ("guide", "card") and brand.ebook_url else ""
    return render(
        env,
        "pdf/handout.html.j2",
        document=document,
        brand=brand,
        variant=variant,
        paper=paper,
        logo=assets.logo_name(brand),
        qr=qr,
        ebook_url=brand.ebook_url_for(document.slug),
        card_note=document.card_note,
    )


def handout_css(
    env: jinja2.Environment, document: Document, brand: Brand, variant: str, paper: str, html: str = "", tight_tables: bool = False,
    layouts: Path = Path("layouts"),
) -> str:
    """Return the print stylesheet for one handout: the brand font first, then the fallbacks its text needs
    (`tight_tables` for tables too wide for their words)."""
    context = dict(
        document=document, brand=brand, variant=variant, paper=paper, page_size=PAPERS[paper], tight_tables=tight_tables,
        icons=assets.callout_icons(layouts),
    )
    css = render(env, "pdf/handout.css.j2", fonts=brand.fonts, **context)
    fonts = faces_for([html, css], brand.fonts)
    return css if fonts == brand.fonts else render(env, "pdf/handout.css.j2", fonts=fonts, **context)


def render_pdf(
    env: jinja2.Environment,
    layouts: Path,
    document: Document,
    brand: Brand,
    variant: str,
    paper: str,
    font_config: FontConfiguration | None = None,
) -> RenderedPdf:
    """Render one handout to tagged PDF/UA-1 bytes, failing on anything WeasyPrint complains about."""
    font_config = font_config or FontConfiguration()
    pdftext.install()
    base = document.path.parent.resolve().as_uri() + "/"
    fetcher = SandboxFetcher(
        roots=[document.path.parent, layouts, *brand.resource_folders],
        assets={base + name: data for name, data in assets.handout_images(document, brand).items()},
    )
    source = handout_html(env, document, brand, variant, paper)
    html = HTML(string=source, base_url=base, url_fetcher=fetcher)
    with weasyprint_problems() as problems:
        title: list[CSS] = []
        for tight_tables in (False, True):  # a table too wide for its words gets a second, tighter layout
            css = CSS(string=handout_css(env, document, brand, variant, paper, source, tight_tables, layouts), url_fetcher=fetcher, font_config=font_config)
            title = title or [rule for rule in [balanced_title(document, variant, paper, css, font_config, fetcher, base)] if rule]
            rendered = html.render(stylesheets=[css, *title], font_config=font_config, pdf_variant="pdf/ua-1", presentational_hints=True)
            if not tables_overflow(rendered):
                break
        fill_notes(rendered)
        check_card_fits(rendered, document, brand, variant, paper)
        check_printer_margin(rendered, document, brand, variant, paper)
        data = rendered.write_pdf(
            pdf_variant="pdf/ua-1", pdf_identifier=identifier(document, brand, variant, paper), pdf_forms=brand.fillable_checklist,
            finisher=reading_direction if document.metadata.direction == "rtl" else None,
        )
    if fetcher.refused:
        raise RenderError(f"refused to load {fetcher.refused[0]}: only files inside the project may be used", document.path)
    if problems:
        raise problem_error(problems[0], document, brand)
    return RenderedPdf(data, len(rendered.pages))


def reading_direction(document: object, pdf: object) -> None:
    """Tell PDF viewers that pages follow each other right to left (two-page views put page 1 on the right)."""
    catalog = pdf.catalog  # type: ignore[attr-defined]
    preferences = catalog.get("ViewerPreferences") or pydyf.Dictionary()
    preferences["Direction"] = "/R2L"
    catalog["ViewerPreferences"] = preferences


def problem_error(problem: str, document: Document, brand: Brand) -> RenderError:
    """Return the build error for a WeasyPrint complaint, pointing at the image it names if any."""
    for image in document.images:
        if image.name in problem:
            return RenderError(f"image '{image.src}' cannot be drawn ({problem.strip(': ')}); check the file", document.path, image.line)
    if brand.logo.name in problem or assets.logo_name(brand) in problem:
        return RenderError(f"logo: cannot be drawn ({problem.strip(': ')}); check the file", brand.folder / "brand.toml")
    return RenderError(f"WeasyPrint: {problem}", document.path)


def check_card_fits(rendered: object, document: Document, brand: Brand, variant: str, paper: str) -> None:
    """Stop when the one-page card spills onto a second page, saying by how much."""
    pages = rendered.pages  # type: ignore[attr-defined]
    if variant != "card" or len(pages) == 1:
        return
    overflow_mm = sum(content_height(page) for page in pages[1:]) * 25.4 / 96
    raise RenderError(
        f"the {paper} card for brand '{brand.id}' overflows onto {len(pages) - 1} more page(s) "
        f"by about {overflow_mm:.0f} mm; shorten the stretches or checklist, or trim the card layout",
        document.path,
    )


def check_printer_margin(rendered: object, document: Document, brand: Brand, variant: str, paper: str) -> None:
    """Stop when any text or image reaches into the strip near the paper edge that printers cannot print."""
    for number, page in enumerate(rendered.pages, start=1):  # type: ignore[attr-defined]
        box = page._page_box
        for item in box.descendants():
            if not isinstance(item, (boxes.TextBox, boxes.ReplacedBox)) or not (item.width and item.height):
                continue
            left, top = item.position_x, item.position_y
            right, bottom = left + item.width, top + item.height
            safe = PRINTER_MARGIN_PX
            if left < safe - 0.5 or top < safe - 0.5 or right > box.margin_width() - safe + 0.5 or bottom > box.margin_height() - safe + 0.5:
                what = f"the text '{item.text.strip()[:40]}'" if isinstance(item, boxes.TextBox) else "an image"
                raise RenderError(
                    f"{what} reaches the outer 0.25 in of page {number} of the {paper} {variant} for brand '{brand.id}', "
                    "where printers cannot print; shorten the clinic's address or name, or narrow the table or image",
                    document.path,
                )


def fill_notes(rendered: object) -> None:
    """Extend the clinician's notes box on the last page with writing lines down to the foot of the page.

    The template prints the fewest lines a clinician needs (the box stays whole, so it moves to a new page
    rather than print fewer); the space left below it is known only after layout, so the lines are added
    to the laid-out page: copies of the last line, each one line lower.
    """
    page = rendered.pages[-1]._page_box  # type: ignore[attr-defined]
    notes = next((box for box in page.descendants() if has_class(box, "clinician-notes")), None)
    lines = [child for child in notes.children if has_class(child, "writing-line")] if notes is not None else []
    if notes is None or not lines:
        return
    footnotes = [child for child in page.children if isinstance(child, boxes.FootnoteAreaBox) and child.children]
    bottom = footnotes[0].position_y if footnotes else page.content_box_y() + page.height
    step = lines[-1].margin_height()
    extra = int((bottom - (notes.position_y + notes.margin_height())) // step) if step else 0
    for number in range(1, max(extra, 0) + 1):
        line = lines[-1].copy()
        line.translate(dy=number * step)
        notes.children.append(line)
    notes.height += max(extra, 0) * step


def tables_overflow(rendered: object) -> bool:
    """Tell whether any table reaches past an edge of the text (its words are too long for its columns).

    A right-to-left table grows to the left.
    """
    for page in rendered.pages:  # type: ignore[attr-defined]
        box = page._page_box
        left, right = box.content_box_x(), box.content_box_x() + box.width
        for item in box.descendants():
            if isinstance(item, boxes.TableBox) and (item.position_x < left - 0.5 or item.position_x + item.margin_width() > right + 0.5):
                return True
    return False


def has_class(box: object, name: str) -> bool:
    """Tell whether a laid-out box comes from an element of the given class."""
    element = getattr(box, "element", None)
    return element is not None and getattr(box, "element_tag", None) != "::marker" and name in (element.get("class") or "").split()


def content_height(page: object) -> float:
    """Return the height, in CSS px, of what sits in a page's content area."""
    box = page._page_box  # type: ignore[attr-defined]
    html_box = box.children[0] if box.children else None
    if html_box is None:
        return 0.0
    bottoms = [child.position_y + child.margin_height() for child in html_box.descendants() if hasattr(child, "margin_height")]
    return max(bottoms, default=html_box.position_y) - html_box.position_y


def identifier(document: Document, brand: Brand, variant: str, paper: str) -> bytes:
    """Return a PDF file identifier that stays the same for the same handout."""
    return f"{brand.id}/{document.slug}/{variant}/{paper}".encode()
