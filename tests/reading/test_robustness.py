"""Inputs nobody planned for: each builds cleanly or fails with one clear line."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from clinicdocs.cli import main
from helpers import epub_file, pdf_text, printer_strip_intrusions, run_epubcheck

BRAND = "injury-prevention-guru"
GOOD = "---\ntitle: T\ndescription: D\nlanguage: en-US\ndate: 2025-01-01\nauthor: A\n---\n\nHello.\n"
SVG = '<svg xmlns="http://www.w3.org/2000/svg" width="40" height="20"><rect width="40" height="20" fill="#ACCE57"/></svg>'


def edit_brand(root: Path, edit) -> Path:
    toml = root / "layouts" / "brands" / BRAND / "brand.toml"
    toml.write_text(edit(toml.read_text(encoding="utf-8")), encoding="utf-8")
    return toml


def test_weasyprint_errors_fail_the_cli_build(make_project, in_project, capsys):
    root = in_project(make_project({"source/doc.md": GOOD}))
    template = root / "layouts" / "pdf" / "handout.html.j2"
    template.write_text(template.read_text(encoding="utf-8").replace("<main>", '<main><img src="data:image/png;base64,AAAA" alt="broken" />'), encoding="utf-8")
    assert main(["--only", "guide"]) == 1
    assert "WeasyPrint: Failed to load image" in capsys.readouterr().err
    assert not (root / "build" / BRAND / "doc-guide-letter.pdf").exists()


def test_document_images_named_like_generated_files_do_not_clash(make_project, in_project):
    body = GOOD + "\n![A green bar](images/logo.svg)\n\n![Another green bar](images/cover.png)\n"
    root = in_project(make_project({"source/doc.md": body, "source/images/logo.svg": SVG}))
    from PIL import Image

    Image.new("RGB", (40, 20), "green").save(root / "source" / "images" / "cover.png")
    assert main(["--only", "guide,epub"]) == 0
    epub = root / "build" / BRAND / "doc.epub"
    assert run_epubcheck(epub).returncode == 0
    text = epub_file(epub, "EPUB/text.xhtml")
    assert 'src="images/logo.svg"' in text and 'src="images/cover.png"' in text


def test_two_documents_with_the_same_output_name_are_refused(make_project, in_project, capsys):
    in_project(make_project({"source/knee exercises.md": GOOD, "source/knee-exercises.md": GOOD}))
    assert main([]) == 1
    err = capsys.readouterr().err
    assert "builds to the same output name 'knee-exercises'" in err


def test_non_latin_document_names_keep_their_letters(make_project, in_project):
    root = in_project(make_project({"source/ασκήσεις.md": GOOD}))
    assert main(["--only", "guide"]) == 0
    assert (root / "build" / BRAND / "ασκήσεις-guide-letter.pdf").is_file()


def test_ebook_url_names_each_document(make_project, in_project):
    root = in_project(make_project({"source/knee.md": GOOD}))
    edit_brand(root, lambda t: t.replace("[colors]", 'ebook_url = "https://clinic.example/guides/{document}.epub"\n\n[colors]'))
    assert main(["--only", "guide"]) == 0
    assert "https://clinic.example/guides/knee.epub" in pdf_text(root / "build" / BRAND / "knee-guide-letter.pdf")


def test_ebook_url_with_an_unknown_placeholder_is_refused(make_project, in_project, capsys):
    root = in_project(make_project({"source/knee.md": GOOD}))
    edit_brand(root, lambda t: t.replace("[colors]", 'ebook_url = "https://clinic.example/{name}.epub"\n\n[colors]'))
    assert main([]) == 1
    assert "ebook_url: must be a full https:// address; {document} stands for the document's name" in capsys.readouterr().err


def test_unwritable_output_folder(make_project, in_project, capsys):
    root = in_project(make_project({"source/doc.md": GOOD}))
    (root / "afile").write_text("x")
    assert main(["--out", "afile", "--only", "guide"]) == 1
    assert "afile: cannot write the output" in capsys.readouterr().err


def test_only_needs_a_variant(make_project, in_project, capsys):
    in_project(make_project({"source/doc.md": GOOD}))
    assert main(["--only", ","]) == 1
    assert "--only: name at least one variant" in capsys.readouterr().err


def test_text_the_brand_font_cannot_draw_comes_from_a_fallback(make_project, in_project, capsys):
    in_project(make_project({"source/doc.md": GOOD + "\n## Words\n\nKnee care 膝のケア.\n"}))
    assert main(["--only", "guide"]) == 0
    assert "warning" not in capsys.readouterr().err
    assert "Knee care 膝のケア." in pdf_text(Path("build/injury-prevention-guru/doc-guide-letter.pdf"))


def test_a_long_footer_grows_and_the_page_body_gives_it_room(make_project, in_project, capsys):
    root = in_project(make_project({"source/doc.md": GOOD}))
    lines = ", ".join(f'"Building {n}, Wing {n}, Floor {n}, Long Corridor Number {n} Past the Cafeteria"' for n in range(9))
    edit_brand(root, lambda t: t.replace('city = "St. Louis"', f"address = [{lines}]\ncity = \"St. Louis\""))
    assert main(["--only", "guide,large-print"]) == 0
    for variant in ("guide", "large-print"):
        pdf = root / "build" / "injury-prevention-guru" / f"doc-{variant}-letter.pdf"
        assert printer_strip_intrusions(pdf) == []
        assert "Long Corridor Number 8 Past the Cafeteria" in pdf_text(pdf)


def test_brand_file_details(make_project, in_project, capsys):
    root = in_project(make_project({"source/doc.md": GOOD}))
    toml = edit_brand(root, lambda t: t)
    toml.write_bytes(b"\xef\xbb\xbf" + toml.read_bytes())  # a byte-order mark, as some editors save
    assert main(["--only", "guide", "--brand", BRAND, "--brand", str(toml.parent)]) == 0
    assert capsys.readouterr().out.count("wrote ") == 1
    odd = root / "layouts" / "brands" / "My Clinic Ø"
    shutil.copytree(toml.parent, odd)
    (odd / "brand.toml").write_text((odd / "brand.toml").read_text(encoding="utf-8-sig") + '\n[font]\nbold_file = "x.ttf"\n'.replace("[font]\n", ""), encoding="utf-8")
    assert main(["--only", "guide"]) == 1
    err = capsys.readouterr().err
    assert "id: the folder name 'My Clinic Ø' is not usable in file names; set id = \"my-clinic\"" in err
    assert "font.bold_file: needs font.file (the regular face) too" in err


def test_check_reports_every_character_no_font_can_draw_at_its_lines_in_one_run(make_project, in_project, capsys):
    body = GOOD + "\n## Words\n\nKnee care 膝のケア.\n\nThe sign 𓀀 stands for a man.\n\nTired 🫩 and tired again 🫩.\n\nA leg 🦵.\n"
    in_project(make_project({"source/doc.md": body}))
    assert main(["check"]) == 0
    out = capsys.readouterr().out
    assert out.count("no font can draw") == 1, out
    assert "source/doc.md:15: warning: 3 characters no font can draw" in out  # the emoji too new for Symbola
    assert "'𓀀' (U+13000 EGYPTIAN HIEROGLYPH A001) on line 15" in out and "(U+1FAE9" in out and "on line 17" in out
    assert "(U+1F9B5" in out and "on line 19" in out
    assert "膝" not in out.split("no font can draw", 1)[1].split("\n")[0]  # a fallback draws it
    assert main(["check", "--strict"]) == 1


def test_broken_template_is_a_one_line_error(make_project, in_project, capsys):
    root = in_project(make_project({"source/doc.md": GOOD}))
    template = root / "layouts" / "pdf" / "handout.html.j2"
    template.write_text(template.read_text(encoding="utf-8").replace("{% if qr %}", "{% if qr %", 1), encoding="utf-8")
    assert main(["--only", "guide"]) == 1
    err = capsys.readouterr().err
    assert "layouts/pdf/handout.html.j2:" in err and "template error" in err and "Traceback" not in err


def test_intro_stretches_keep_heading_levels_in_order(make_project, in_project):
    body = GOOD + "\n1. **Wall Slide:** Stand with your back to a wall, e.g. the kitchen wall. Slide down. Hold for 30 seconds.\n"
    root = in_project(make_project({"source/doc.md": body}))
    assert main(["--only", "epub,card"]) == 0
    text = epub_file(root / "build" / BRAND / "doc.epub", "EPUB/text.xhtml")
    assert '<h2 class="stretch-name">' in text and "<h3" not in text
    assert "<li>Stand with your back to a wall, e.g. the kitchen wall.</li>" in text
    assert run_epubcheck(root / "build" / BRAND / "doc.epub").returncode == 0


def test_source_date_epoch_change_rebuilds(make_project, in_project, monkeypatch, capsys):
    in_project(make_project({"source/doc.md": GOOD}))
    assert main(["--only", "epub"]) == 0
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1767225600")
    assert main(["--only", "epub"]) == 0
    assert "done: 1 written" in capsys.readouterr().out.splitlines()[-1]


def test_nested_paper_value_is_a_clear_error(make_project, in_project, capsys):
    root = in_project(make_project({"source/doc.md": GOOD}))
    edit_brand(root, lambda t: t.replace('paper = ["letter"]', 'paper = [["a4"]]'))
    assert main([]) == 1
    assert "paper: must be a list of paper sizes" in capsys.readouterr().err


def test_doctype_anywhere_in_an_svg_is_refused(make_project, in_project, capsys):
    svg = "<!--" + "x" * 6000 + '-->\n<!DOCTYPE svg [<!ENTITY a "boom">]><svg xmlns="http://www.w3.org/2000/svg" width="4" height="4"><title>&a;</title></svg>'
    in_project(make_project({"source/doc.md": GOOD + "\n![A thing](images/x.svg)\n", "source/images/x.svg": svg}))
    assert main([]) == 1
    assert "declares a DOCTYPE or entities" in capsys.readouterr().err


def test_the_control_character_check_refuses_exactly_unicodes_controls_and_surrogates():
    """source.CONTROL_CHARACTER is Unicode's categories Cc and Cs, less tab and line ends, for every code point."""
    import unicodedata

    from clinicdocs.reading.source import ALLOWED_CONTROLS, CONTROL_CHARACTER

    refused = {cp for cp in range(0x110000) if chr(cp) not in ALLOWED_CONTROLS and unicodedata.category(chr(cp)) in ("Cc", "Cs")}
    assert {cp for cp in range(0x110000) if CONTROL_CHARACTER.match(chr(cp))} == refused
