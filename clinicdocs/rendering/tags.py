"""Post-processing of the PDF WeasyPrint writes: page furniture as pagination artifacts, header scopes, publisher.

WeasyPrint 70 tags the content of page margin boxes (our running header and footer) as structure
elements whose parent is /Document but which are not among its kids (`_build_box_tree` in
`weasyprint/pdf/tags.py`: "It could be included in tree as Artifact, but that's only allowed in
PDF 2.0"). Such content is neither reachable from the tag tree nor an artifact, which PDF/UA-1
forbids. This module is the one place that works around it: every marked-content sequence whose
structure element cannot be reached from the structure tree root is re-marked as
`/Artifact <</Type /Pagination>>`, its entry leaves the parent tree, and the remaining MCIDs of the
page are renumbered so that the parent tree stays dense. Drop this module once WeasyPrint marks
margin boxes as artifacts itself.

It also gives table header cells the /Scope attribute that WeasyPrint leaves out (it links data
cells to headers with /Headers, which some checkers and readers do not follow), and turns the picture
of a printed checklist box (a /Figure in a list item whose alt text names its state) into what
ISO 32000-1 14.8.5.6 and PDF/UA-1 7.18 ask of a non-interactive form field: a /Form element with
PrintField attributes /Role /cb and /checked /on or /off, keeping the alt text ("Not checked").
"""

from __future__ import annotations

import io
import re
from typing import Iterator

import pikepdf
from pikepdf import Array, Dictionary, Name

PAGINATION = Dictionary(Type=Name.Pagination)


def finish_pdf(data: bytes, publisher: str, box_states: dict[str, bool]) -> bytes:
    """Return the PDF with page furniture as artifacts, scoped table headers, printed check boxes
    tagged as such, and the publisher in its XMP. `box_states` maps a check box picture's alt text to its state."""
    with pikepdf.open(io.BytesIO(data)) as pdf:
        root = pdf.Root.get("/StructTreeRoot")
        if root is not None:
            elements = structure_elements(root)  # one walk of the tree for the three steps
            artifact_page_furniture(pdf, root, {element.objgen for element, _ in elements})
            scope_table_headers(elements)
            tag_printed_check_boxes(elements, box_states)
        # WeasyPrint writes the author (dc:creator) but has no field for the publisher: the clinic.
        with pdf.open_metadata(set_pikepdf_as_editor=False, update_docinfo=False) as meta:
            meta["dc:publisher"] = [publisher]
        output = io.BytesIO()
        pdf.save(output, deterministic_id=True, compress_streams=True)
    return output.getvalue()


def artifact_page_furniture(pdf: pikepdf.Pdf, root: pikepdf.Object, reachable: set[tuple[int, int]]) -> None:
    """Turn marked content that the structure tree cannot reach (`reachable`: the object ids it can) into pagination artifacts."""
    parent_tree = dict(number_tree(root.ParentTree))
    for page in pdf.pages:
        key = int(page.obj.get("/StructParents", -1))
        if key in parent_tree:
            parent_tree[key] = retag_page(pdf, page, parent_tree[key], reachable)
    drop_orphan_annotations(pdf, parent_tree, reachable)
    root.ParentTree = pdf.make_indirect(Dictionary(Nums=Array(flatten(sorted(parent_tree.items())))))


def structure_elements(root: pikepdf.Object) -> list[tuple[pikepdf.Object, bool]]:
    """Return every structure element reachable from the structure tree root, once, and whether it lies in a list item."""
    seen: set[tuple[int, int]] = set()
    found: list[tuple[pikepdf.Object, bool]] = []
    stack = [(kid, False) for kid in kids(root)]
    while stack:
        node, in_item = stack.pop()
        if not isinstance(node, Dictionary) or "/S" not in node or node.objgen in seen:
            continue
        if node.is_indirect:
            seen.add(node.objgen)
        found.append((node, in_item))
        stack.extend((kid, in_item or node.S == Name.LI) for kid in kids(node))
    return found


def kids(node: pikepdf.Object) -> list[pikepdf.Object]:
    """Return an element's /K as a list."""
    k = node.get("/K")
    if k is None:
        return []
    return list(k) if isinstance(k, Array) else [k]


def number_tree(tree: pikepdf.Object) -> Iterator[tuple[int, pikepdf.Object]]:
    """Yield the (key, value) pairs of a number tree, leaves and intermediate nodes alike."""
    nums = tree.get("/Nums", Array())
    for index in range(0, len(nums), 2):
        yield int(nums[index]), nums[index + 1]
    for child in tree.get("/Kids", Array()):
        yield from number_tree(child)


def flatten(pairs: list[tuple[int, pikepdf.Object]]) -> list[object]:
    """Return number-tree pairs as the flat /Nums array."""
    return [item for key, value in pairs for item in (key, value)]


def retag_page(pdf: pikepdf.Pdf, page: pikepdf.Page, refs: pikepdf.Object, reachable: set[tuple[int, int]]) -> pikepdf.Object:
    """Re-mark the page's unreachable content as artifacts, renumber its MCIDs; return its new parent-tree array."""
    renumber: dict[int, int] = {}
    kept = Array()
    for mcid, element in enumerate(refs):
        if isinstance(element, Dictionary) and element.objgen in reachable:
            renumber[mcid] = len(kept)
            kept.append(element)
            replace_mcid(element, mcid, renumber[mcid])
    for stream in content_streams(page):
        rewrite_stream(pdf, stream, renumber)
    return pdf.make_indirect(kept)


def replace_mcid(element: pikepdf.Object, old: int, new: int) -> None:
    """Point the element's kid that names MCID `old` at `new` (an integer kid or a marked-content reference)."""
    k = element.get("/K")
    items = k if isinstance(k, Array) else Array([k])
    for index, kid in enumerate(items):
        if isinstance(kid, int) and int(kid) == old:
            items[index] = new
            break
        if isinstance(kid, Dictionary) and kid.get("/Type") == Name.MCR and int(kid.MCID) == old:
            kid.MCID = new
            break
    element.K = items if isinstance(k, Array) or len(items) != 1 else items[0]


def content_streams(page: pikepdf.Page) -> list[pikepdf.Object]:
    """Return the page's content stream and the form XObjects it draws (WeasyPrint marks content in both)."""
    page.contents_coalesce()
    streams: list[pikepdf.Object] = [page.obj.Contents]
    seen: set[tuple[int, int]] = set()
    stack: list[pikepdf.Object] = [page.obj]
    while stack:
        holder = stack.pop()
        xobjects = holder.get("/Resources", Dictionary()).get("/XObject", Dictionary())
        for xobject in xobjects.values():
            if xobject.get("/Subtype") == Name.Form and xobject.objgen not in seen:
                seen.add(xobject.objgen)
                streams.append(xobject)
                stack.append(xobject)
    return streams


# One marked-content instruction with only an MCID, as qpdf writes it: one instruction per line.
MARKED_CONTENT = re.compile(rb"^(/[^\s/<>\[\]()%{}]+) << /MCID (\d+) >> BDC$", re.MULTILINE)


def rewrite_stream(pdf: pikepdf.Pdf, stream: pikepdf.Object, renumber: dict[int, int]) -> None:
    """Renumber kept MCIDs and turn the marked content of dropped ones into pagination artifacts.

    The stream is written back as qpdf writes parsed instructions (one per line). The marked-content
    lines are then rewritten as text: the bytes an instruction-by-instruction rewrite gives
    (`rewrite_instructions`, still used when any MCID stands in another form), a fifth of the time.
    """
    instructions = pikepdf.parse_content_stream(stream)
    text = pikepdf.unparse_content_stream(instructions)
    marked = MARKED_CONTENT.findall(text)
    if text.count(b"/MCID") != len(marked):
        rewrite_instructions(stream, instructions, renumber)
    elif marked:
        stream.write(MARKED_CONTENT.sub(lambda found: renumbered(found, renumber), text))


def renumbered(found: re.Match, renumber: dict[int, int]) -> bytes:
    """Return one marked-content line with its MCID renumbered, or as a pagination artifact when it is dropped."""
    mcid = int(found.group(2))
    return b"%s << /MCID %d >> BDC" % (found.group(1), renumber[mcid]) if mcid in renumber else b"/Artifact << /Type /Pagination >> BDC"


def rewrite_instructions(stream: pikepdf.Object, instructions: list, renumber: dict[int, int]) -> None:
    """Rewrite the stream instruction by instruction (the general case of `rewrite_stream`)."""
    changed = False
    for index, instruction in enumerate(instructions):
        if not isinstance(instruction, pikepdf.ContentStreamInstruction) or str(instruction.operator) != "BDC":
            continue
        tag, properties = instruction.operands
        if not isinstance(properties, Dictionary) or "/MCID" not in properties:
            continue
        mcid = int(properties.MCID)
        if mcid in renumber:
            properties.MCID = renumber[mcid]
            new = pikepdf.ContentStreamInstruction([tag, properties], instruction.operator)
        else:
            new = pikepdf.ContentStreamInstruction([Name.Artifact, PAGINATION], instruction.operator)
        instructions[index] = new
        changed = True
    if changed:
        stream.write(pikepdf.unparse_content_stream(instructions))


def drop_orphan_annotations(pdf: pikepdf.Pdf, parent_tree: dict[int, pikepdf.Object], reachable: set[tuple[int, int]]) -> None:
    """Remove annotations (links in page furniture) whose structure element the tree cannot reach."""
    for page in pdf.pages:
        annotations = page.obj.get("/Annots")
        if annotations is None:
            continue
        keep = Array()
        for annotation in annotations:
            key = int(annotation.get("/StructParent", -1))
            element = parent_tree.get(key)
            if isinstance(element, Dictionary) and element.objgen not in reachable:
                del parent_tree[key]
                continue
            keep.append(annotation)
        page.obj.Annots = keep


def scope_table_headers(elements: list[tuple[pikepdf.Object, bool]]) -> None:
    """Give every /TH a /Scope: /Column in a header row group or when not first in its row, else /Row."""
    for node, _ in elements:
        if node.S != Name.TH:
            continue
        row = node.get("/P")
        first = isinstance(row, Dictionary) and kids(row) and kids(row)[0].objgen == node.objgen
        in_head = isinstance(row, Dictionary) and row.get("/P", Dictionary()).get("/S") == Name.THead
        attributes = node.get("/A")
        if not isinstance(attributes, Dictionary):
            attributes = node.A = Dictionary(O=Name.Table)
        attributes.Scope = Name.Column if in_head or not first else Name.Row


def tag_printed_check_boxes(elements: list[tuple[pikepdf.Object, bool]], box_states: dict[str, bool]) -> None:
    """Tag every check box picture in a list item as a printed check box field with its state."""
    for node, in_item in elements:
        if node.S != Name.Figure or not in_item or str(node.get("/Alt", "")) not in box_states:
            continue
        checked = box_states[str(node.Alt)]
        layout = node.get("/A")
        print_field = Dictionary(O=Name.PrintField, Role=Name.cb, checked=Name.on if checked else Name.off)
        node.S = Name.Form
        node.A = Array([layout, print_field]) if isinstance(layout, Dictionary) else print_field
