"""The PDF writer: document model + brand -> handout HTML -> WeasyPrint -> PDF bytes."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import jinja2
import pydyf

from . import assets, rtl_text
from .actual_text import marked_runs
from .font_stamps import fixed_font_stamps
from .handout_links import files_beside, pdf_links
from .titles import balanced_title
from .card import Sheet, card_levels, largest, make_card, red_flags
from .containment import contained
from .margins import check_printer_margin, furniture_overflow
from .pagination import fill_notes, loose_exercises
from ..brands.schema import PAPERS, Brand
from ..errors import RenderError
from ..brands.fallbacks import faces_for
from ..brands.glyphs import spell_out_emoji
from ..language.typeset import keep_words
from ..model import Document, Programme
from .writer_tags import write_tagged_pdf
from ..storage.rendercache import Store, entry_name
from .sandbox import SandboxFetcher, weasyprint_problems
from .templates import render, translations
from .weasyload import CSS, HTML, FontConfiguration, boxes

@dataclass(frozen=True)
class RenderedPdf:
    """The bytes of one handout and its page count."""

    data: bytes
    pages: int
    warnings: tuple[str, ...] = ()  # `file:line: warning: ...` for what the layout adapted


def handout_html(
    env: jinja2.Environment, document: Document, brand: Brand, variant: str, paper: str, fit: Mapping[str, Any] | None = None,
    sheet: Sheet | None = None, programme: Programme | None = None,
) -> str:
    """Return the HTML handed to WeasyPrint for one handout (a card's `sheet` at fit level `fit`, by default all of it at
    the first), or a patient's programme."""
    qr = assets.qr_name(brand) if variant in ("guide", "card") and brand.ebook_url and programme is None else ""
    sheet = sheet or Sheet(document.card_sections)
    return pdf_links(spell_out_emoji(keep_words(document.metadata.language, render(
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
        card_sections=sheet.sections if variant == "card" else (),
        sheet_title=sheet.title,
        red_flags=red_flags(document) if variant == "card" else (),
        has_exercises=any(block.kind == "stretches" for section in sheet.sections for block in section.blocks),
        fit=fit or first_fit(env, variant),
        programme=programme,
        handout_links=[(title, brand.ebook_url_for(slug), assets.handout_qr_name(slug)) for title, slug in programme.handouts] if programme and brand.ebook_url else [],
    )), brand.fonts[0]), brand, variant, paper)


def handout_css(
    env: jinja2.Environment, document: Document, brand: Brand, variant: str, paper: str, html: str = "", tight_tables: bool = False,
    fit: Mapping[str, Any] | None = None,
    layouts: Path = Path("layouts"), room: tuple[float, float] = (0.0, 0.0),
) -> str:
    """Return the print stylesheet for one handout: the brand font first, then the fallbacks its text needs
    (`tight_tables` for tables too wide for their words; a card at fit level `fit`, by default the first)."""
    context = dict(
        document=document, brand=brand, variant=variant, paper=paper, page_size=PAPERS[paper], tight_tables=tight_tables,
        fit=fit or first_fit(env, variant), icons=assets.callout_icons(layouts), room=room,
    )
    css = render(env, "pdf/handout.css.j2", fonts=brand.fonts, **context)
    fonts = faces_for([html, css], brand.fonts, document.metadata.language)
    return css if fonts == brand.fonts else render(env, "pdf/handout.css.j2", fonts=fonts, **context)


def first_fit(env: jinja2.Environment, variant: str) -> Mapping[str, Any]:
    """Return the card's first fit level, or nothing for the other variants."""
    return card_levels(env)[0] if variant == "card" else {}


def render_pdf(
    env: jinja2.Environment,
    layouts: Path,
    document: Document,
    brand: Brand,
    variant: str,
    paper: str,
    font_config: FontConfiguration | None = None,
    title_widths: Store | None = None,
    programme: Programme | None = None,
) -> RenderedPdf:
    """Render one handout to tagged PDF/UA-1 bytes, failing on anything WeasyPrint complains about.

    `title_widths` keeps each handout's balanced title width between builds (see `balance`); a patient's
    `programme` is printed with the document made of its exercises.
    """
    font_config = font_config or FontConfiguration()
    rtl_text.install()
    base = document.path.parent.resolve().as_uri() + "/"
    fetcher = SandboxFetcher(
        roots=[document.path.parent, layouts, *brand.resource_folders],
        assets={base + name: data for name, data in {**assets.handout_images(document, brand, programme), **box_images(env, brand)}.items()},
    )
    cache: dict = {}  # images decoded once for all the layouts of a handout
    titles: dict[object, list[CSS]] = {}  # the balanced title's rule, per title size (a card's fit levels change it)

    room = [0.0, 0.0]  # pt the header and footer need beyond the page margins (a long clinic name wraps), kept for later layouts

    def lay_out(fit: Mapping[str, Any], sheet: Sheet | None = None, tight_tables: bool = False) -> Any:
        source = handout_html(env, document, brand, variant, paper, fit, sheet, programme)
        rendered = contained(lambda text: draw(text, fit, tight_tables), source, document)
        extra = furniture_overflow(rendered)
        if any(extra):  # the header or footer grew into the printer's strip: the page body gives it the room
            room[:] = [room[0] + extra[0], room[1] + extra[1]]
            rendered = contained(lambda text: draw(text, fit, tight_tables), source, document)
        return rendered

    def draw(source: str, fit: Mapping[str, Any], tight_tables: bool) -> Any:
        html = HTML(string=source, base_url=base, url_fetcher=fetcher)
        css_text = handout_css(env, document, brand, variant, paper, source, tight_tables, fit, layouts, (room[0], room[1]))
        css = CSS(string=css_text, url_fetcher=fetcher, font_config=font_config)
        if fit.get("type") not in titles:
            name = entry_name(brand.id, document.slug, variant, paper, str(fit.get("type")))
            rule = balanced_title(document, variant, paper, css, css_text, font_config, fetcher, base, title_widths, name)
            titles[fit.get("type")] = [rule] if rule else []
        stylesheets = [css, *titles[fit.get("type")]]
        return html.render(stylesheets=stylesheets, font_config=font_config, pdf_variant="pdf/ua-1", presentational_hints=True, cache=cache)  # <ol start>

    with weasyprint_problems() as problems:
        warnings: tuple[str, ...] = ()
        if variant == "card":
            card = make_card(lay_out, card_levels(env), largest(env), document, paper, brand.id)
            rendered, warnings = card.rendered, card.warnings
        else:
            rendered = lay_out({})
            tight = tables_overflow(rendered)  # a table too wide for its words gets a second, tighter layout
            loose = loose_exercises(rendered) if variant == "large-print" else ()
            if tight or loose:
                rendered = lay_out({"loose": loose}, tight_tables=tight)
        fill_notes(rendered)
        check_printer_margin(rendered, document, brand, variant, paper)
        # runs of Indic scripts, Thai and Khmer carry their text (actual_text); fonts carry no build time (font_stamps)
        with marked_runs(), fixed_font_stamps():
            data = write_tagged_pdf(
                rendered, brand.name, box_states(env, document, brand), finisher=lambda pages, pdf: finish_links(pages, pdf, document.metadata.direction),
                pdf_variant="pdf/ua-1", pdf_identifier=identifier(document, brand, variant, paper), pdf_forms=brand.fillable_checklist,
            )
    if fetcher.refused:
        raise RenderError(f"refused to load {fetcher.refused[0]}: only files inside the project may be used", document.path)
    if problems:
        raise problem_error(problems[0], document, brand)
    return RenderedPdf(data, len(rendered.pages), warnings)


def box_states(env: jinja2.Environment, document: Document, brand: Brand) -> dict[str, bool]:
    """Return {alt text: checked} of the printed check box pictures (blocks.html.j2), which write_tagged_pdf() tags as check boxes."""
    words = translations(env, document.metadata.language, brand)
    return {words.gettext("Not checked"): False, words.gettext("Checked"): True}


def box_images(env: jinja2.Environment, brand: Brand) -> dict[str, bytes]:
    """Return the empty and the ticked printed check box, drawn in the brand's text colour."""
    return {
        f"clinic/box-{'on' if checked else 'off'}.svg": render(env, "pdf/check-box.svg.j2", checked=checked, color=brand.colors.text).encode()
        for checked in (False, True)
    }


def finish_links(pages: object, pdf: pydyf.PDF, direction: str) -> None:
    """Point the links to the handouts beside this one at their files; turn the pages right to left for a right-to-left handout."""
    files_beside(pages, pdf)
    if direction == "rtl":
        reading_direction(pages, pdf)


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


def identifier(document: Document, brand: Brand, variant: str, paper: str) -> bytes:
    """Return a PDF file identifier that stays the same for the same handout."""
    return f"{brand.id}/{document.slug}/{variant}/{paper}".encode()
