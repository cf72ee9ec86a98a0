"""The PDF/UA tag fixes made while WeasyPrint writes the PDF, with `tags.finish_pdf` as the fallback.

`tags.finish_pdf` reopens every PDF with pikepdf/qpdf, parses and rewrites each content stream to
re-mark the running header and footer as pagination artifacts, and saves the file again. Profiled
(cProfile, `make_docs.py --only guide --brand injury-prevention-guru --force`, the 4-page guide):
importing pikepdf 0.10 s and `finish_pdf` 0.10 s of a 1.83 s `render_pdf`, about a tenth of a
handout's cost. Done here, on the objects WeasyPrint is about to serialise, the same fixes cost
a few milliseconds and pikepdf is never imported.

`writing_tags()` changes three things for the length of one `write_pdf` (a lock keeps other threads out):

- marked content drawn inside a page margin box (`MarginBox`: our running header and footer) is
  opened as `/Artifact <</Type /Pagination>> BDC` by `weasyprint.pdf.stream.Stream.marked` and gets
  no MCID, so the MCIDs of the page stay dense, in drawing order: the numbers the pikepdf path gives
  after renumbering;
- `weasyprint.pdf.tags._build_box_tree` skips margin boxes (WeasyPrint 70 builds structure elements
  for them that the tree cannot reach) and keeps their link annotations aside;
- its `finisher` drops those link annotations from the pages, gives table headers their /Scope,
  tags printed check boxes as /Form PrintField elements and writes dc:publisher into the XMP, as
  `tags.finish_pdf` does.

Anything unexpected (another WeasyPrint version, functions of another shape, a tree the finisher
cannot read) and the PDF is written the normal way and handed to `tags.finish_pdf`.
"""

from __future__ import annotations

import inspect
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from html import escape
from typing import Any

import pydyf

from .weasyload import boxes

WRITING = threading.Lock()
VERSION = "70."  # the WeasyPrint whose drawing and tagging functions are patched here


class Unexpected(Exception):
    """WeasyPrint wrote something this module does not know: use the pikepdf path."""


def write_tagged_pdf(
    rendered: Any, publisher: str, box_states: dict[str, bool], finisher: Callable[[Any, Any], None] | None = None, **options: Any,
) -> bytes:
    """Write the rendered document as tagged PDF/UA with the fixes of `tags.finish_pdf`, made while WeasyPrint writes it."""
    if known_weasyprint():
        fixes = WriterFixes(publisher, box_states, finisher)
        try:
            with writing_tags(fixes):
                return rendered.write_pdf(finisher=fixes, **options)
        except (Unexpected, KeyError, AssertionError):  # the last two from WeasyPrint's tagging, if the patch misses a case
            pass  # a genuine error of WeasyPrint's comes back from the normal write below
    from .tags import finish_pdf  # pikepdf: imported only when needed

    return finish_pdf(rendered.write_pdf(finisher=finisher, **options), publisher, box_states)


def known_weasyprint() -> bool:
    """Tell whether WeasyPrint is the version, with the functions of the shape, that `writing_tags` patches."""
    import weasyprint
    from weasyprint import draw
    from weasyprint.pdf import stream, tags

    try:
        shapes = (
            list(inspect.signature(draw.draw_stacking_context).parameters) == ["stream", "stacking_context"]
            and list(inspect.signature(tags._build_box_tree).parameters) == ["box", "parent", "pdf", "page_number", "nums", "annotations", "tags"]
            and list(inspect.signature(stream.Stream.marked).parameters) == ["self", "box", "tag"]
        )
    except (AttributeError, TypeError, ValueError):
        return False
    return weasyprint.__version__.startswith(VERSION) and shapes


@contextmanager
def writing_tags(fixes: WriterFixes) -> Iterator[None]:
    """Mark margin boxes' content as pagination artifacts and leave them out of the tag tree, for one `write_pdf`."""
    from weasyprint import draw
    from weasyprint.pdf import stream, tags

    with WRITING:
        drawing, building, marking = draw.draw_stacking_context, tags._build_box_tree, stream.Stream.marked
        margins = [0]  # how many margin boxes are being drawn around the current drawing

        def draw_stacking_context(canvas: Any, context: Any) -> None:
            inside = isinstance(context.box, boxes.MarginBox)
            margins[0] += inside
            try:
                drawing(canvas, context)
            finally:
                margins[0] -= inside

        @contextmanager
        def marked(canvas: Any, box: Any, tag: str) -> Iterator[None]:
            if not margins[0] or canvas._tags is None:
                with marking(canvas, box, tag):
                    yield
                return
            canvas.begin_marked_content("Artifact", pydyf.Dictionary({"Type": "/Pagination"}))
            try:
                yield
            finally:
                canvas.end_marked_content()

        def build_box_tree(box: Any, *args: Any) -> Iterator[Any]:
            if isinstance(box, boxes.MarginBox):
                fixes.furniture_links.extend(id(item.link_annotation) for item in box.descendants() if getattr(item, "link_annotation", None))
                return iter(())
            return building(box, *args)

        draw.draw_stacking_context, tags._build_box_tree, stream.Stream.marked = draw_stacking_context, build_box_tree, marked
        try:
            yield
        finally:
            draw.draw_stacking_context, tags._build_box_tree, stream.Stream.marked = drawing, building, marking


class WriterFixes:
    """The `finisher` of `write_pdf`: what `tags.finish_pdf` does besides the artifacts, on WeasyPrint's pydyf objects."""

    def __init__(self, publisher: str, box_states: dict[str, bool], then: Callable[[Any, Any], None] | None) -> None:
        self.publisher, self.box_states, self.then = publisher, box_states, then
        self.furniture_links: list[int] = []  # id() of the link annotations in margin boxes

    def __call__(self, document: Any, pdf: pydyf.PDF) -> None:
        self.pdf = pdf
        root = self.resolve(pdf.catalog.get("StructTreeRoot"))
        elements = self.elements(root)
        self.check_parent_tree(root, {id(element) for element, _ in elements})
        self.drop_furniture_links()
        for element, in_item in elements:
            if element["S"] == "/TH":
                self.scope(element)
            elif element["S"] == "/Figure" and in_item:
                self.check_box(element)
        self.add_publisher()
        if self.then:
            self.then(document, pdf)

    def resolve(self, reference: Any) -> Any:
        """Return the object a reference (b'12 0 R') names."""
        if not isinstance(reference, bytes) or not reference.endswith(b" 0 R"):
            raise Unexpected(f"not a reference: {reference!r}")
        number = int(reference.split()[0])
        if not 0 < number < len(self.pdf.objects):
            raise Unexpected(f"no object {number}")
        return self.pdf.objects[number]

    def elements(self, root: Any) -> list[tuple[pydyf.Dictionary, bool]]:
        """Return every structure element reachable from the root, depth first, and whether it lies in a list item."""
        found: list[tuple[pydyf.Dictionary, bool]] = []
        stack = [(kid, False) for kid in reversed(root["K"])]
        while stack:
            reference, in_item = stack.pop()
            node = self.resolve(reference)
            if node.get("Type") == "/OBJR":
                continue
            if node.get("Type") != "/StructElem" or not isinstance(node.get("K"), list):
                raise Unexpected(f"not a structure element: {node!r}")
            found.append((node, in_item))
            stack += [(kid, in_item or node["S"] == "/LI") for kid in reversed(node["K"]) if not isinstance(kid, int)]
        return found

    def check_parent_tree(self, root: Any, reachable: set[int]) -> None:
        """Make sure every MCID and annotation of the parent tree belongs to a reachable element (what the patch is for)."""
        nums = self.resolve(root["ParentTree"])["Nums"]
        for value in nums[1::2]:
            for reference in value if isinstance(value, list) else [value]:
                if id(self.resolve(reference)) not in reachable:
                    raise Unexpected("the parent tree names an element the tag tree cannot reach")

    def drop_furniture_links(self) -> None:
        """Remove the link annotations of the header and footer from their pages, as `tags.drop_orphan_annotations` does."""
        furniture = set(self.furniture_links)
        for page in self.pdf.objects:
            if isinstance(page, pydyf.Dictionary) and page.get("Type") == "/Page" and "Annots" in page:
                page["Annots"] = pydyf.Array([ref for ref in page["Annots"] if id(self.resolve(ref)) not in furniture])

    def scope(self, header: pydyf.Dictionary) -> None:
        """Give a /TH its /Scope, as `tags.scope_table_headers` does."""
        row = self.resolve(header["P"])
        first = bool(row["K"]) and row["K"][0] == header.reference
        in_head = self.resolve(row["P"]).get("S") == "/THead"
        attributes = header.get("A")
        if not isinstance(attributes, dict):
            attributes = header["A"] = pydyf.Dictionary({"O": "/Table"})
        attributes["Scope"] = "/Column" if in_head or not first else "/Row"

    def check_box(self, figure: pydyf.Dictionary) -> None:
        """Tag a check box picture as a printed check box field, as `tags.tag_printed_check_boxes` does."""
        alt = figure.get("Alt")
        if not isinstance(alt, pydyf.String) or alt.string not in self.box_states:
            return
        layout = figure.get("A")
        field = pydyf.Dictionary({"O": "/PrintField", "Role": "/cb", "checked": "/on" if self.box_states[alt.string] else "/off"})
        figure["S"] = "/Form"
        figure["A"] = pydyf.Array([layout, field]) if isinstance(layout, dict) else field

    def add_publisher(self) -> None:
        """Write the publisher (the clinic) into the XMP, which WeasyPrint has no field for."""
        metadata = self.resolve(self.pdf.catalog.get("Metadata"))
        if not isinstance(metadata, pydyf.Stream) or len(metadata.stream) != 1 or metadata.stream[0].count(b"</rdf:RDF>") != 1:
            raise Unexpected("metadata stream of another shape")
        publisher = (
            '<rdf:Description rdf:about="" xmlns:dc="http://purl.org/dc/elements/1.1/"><dc:publisher><rdf:Bag>'
            f"<rdf:li>{escape(self.publisher, quote=False)}</rdf:li></rdf:Bag></dc:publisher></rdf:Description></rdf:RDF>"
        )
        metadata.stream[0] = metadata.stream[0].replace(b"</rdf:RDF>", publisher.encode())
