"""Hostile brand folders and SVGs fail cleanly, each with its line, and leave the previous outputs byte for byte."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from clinicdocs.building.build import BuildOptions, build
from clinicdocs.brands.schema import MAX_FONT_BYTES, MAX_LOGO_BYTES
from clinicdocs.errors import BuildError

from conftest import DEFAULT_BRAND, write_project

DOC = "# Knee care\n\nRest the knee.\n"
PI_SVG = '<?xml version="1.0"?>\n<?xml-stylesheet type="text/css" href="{href}"?>\n<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"/>\n'
PLAIN_SVG = '<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"/>'


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A project built once (EPUB only), whose outputs every hostile case must leave alone."""
    root = write_project(tmp_path_factory.mktemp("hostile"), {"source/doc.md": DOC, "source/images/ok.svg": PLAIN_SVG})
    build(BuildOptions(source=root / "source", layouts=root / "layouts", out=root / "build", only=("epub",)))
    return root


def snapshot(out: Path) -> dict[str, bytes]:
    """Return every file of the build folder and its bytes."""
    return {str(p.relative_to(out)): p.read_bytes() for p in sorted(out.rglob("*")) if p.is_file()}


def fails_cleanly(root: Path, brand: Path | None = None, source: Path | None = None) -> list[str]:
    """Build one brand into the shared build folder; return the error lines, after checking nothing changed."""
    before = snapshot(root / "build")
    brands = (str(brand),) if brand else ()
    with pytest.raises(BuildError) as caught:
        build(BuildOptions(source=source or root / "source", layouts=root / "layouts", out=root / "build", only=("epub",), brands=brands))
    assert snapshot(root / "build") == before
    return str(caught.value).splitlines()


def copy_brand(root: Path, name: str, edit=lambda text: text) -> Path:
    """Copy the shipped brand to a new folder beside the project's brands, editing its brand.toml."""
    folder = root / "other-brands" / name
    shutil.rmtree(folder, ignore_errors=True)
    shutil.copytree(root / "layouts" / "brands" / DEFAULT_BRAND, folder)
    toml = folder / "brand.toml"
    toml.write_text(edit(toml.read_text(encoding="utf-8")), encoding="utf-8")
    return folder


def line_of(folder: Path, start: str) -> int:
    """Return the line of brand.toml that starts with `start`."""
    return next(n for n, line in enumerate((folder / "brand.toml").read_text().splitlines(), 1) if line.startswith(start))


@pytest.mark.parametrize("href", ["https://evil.example/x.css", "file:///etc/passwd", "style.css"])
def test_a_logo_loading_a_stylesheet_by_processing_instruction_is_refused(project, href):
    folder = copy_brand(project, "pi-logo", lambda t: 'id = "pi-logo"\n' + t)
    (folder / "logo.svg").write_text(PI_SVG.format(href=href), encoding="utf-8")
    (error,) = fails_cleanly(project, folder)
    assert error.endswith(
        f"brand.toml:{line_of(folder, 'logo =')}: logo: logo has a processing instruction <?xml-stylesheet ...?> that loads '{href}'; "
        "remove it (SVG files may only refer to their own '#ids' or data: URLs) (got 'logo.svg')"
    )


def test_a_document_image_with_a_processing_instruction_is_refused(project, tmp_path):
    source = tmp_path / "source"
    source.mkdir()
    (source / "doc.md").write_text(DOC + "\n![A knee](knee.svg)\n", encoding="utf-8")
    (source / "knee.svg").write_text(PI_SVG.format(href="https://evil.example/x.css"), encoding="utf-8")
    (error,) = fails_cleanly(project, source=source)
    assert error.endswith("doc.md:5: image 'knee.svg' has a processing instruction <?xml-stylesheet ...?> that loads 'https://evil.example/x.css'; "
                          "remove it (SVG files may only refer to their own '#ids' or data: URLs)")


@pytest.mark.parametrize(("name", "key", "limit"), [("logo.png", "logo", MAX_LOGO_BYTES), ("font.ttf", "font.file", MAX_FONT_BYTES)])
def test_logo_and_font_size_limits_are_checked_before_reading(project, name, key, limit):
    edit = (lambda t: t.replace('logo = "logo.svg"', 'logo = "logo.png"')) if key == "logo" else (
        lambda t: t.replace('package = "fontpkg-atkinson-hyperlegible"', 'file = "font.ttf"'))
    folder = copy_brand(project, "big", lambda t: 'id = "big"\n' + edit(t))
    with open(folder / name, "wb") as handle:  # sparse: the size is real, the bytes are never written or read
        handle.truncate(limit + 1)
    (error,) = fails_cleanly(project, folder)
    line = line_of(folder, "logo =" if key == "logo" else "file =")
    what = "a logo" if key == "logo" else "a font file"
    assert error.endswith(f"brand.toml:{line}: {key}: file is {limit + 1:,} bytes, over the {limit:,}-byte limit for {what}; use a smaller file (got '{name}')")
    with open(folder / name, "wb") as handle:  # the last size accepted passes the size check and reaches the format check
        handle.truncate(limit)
    (error,) = fails_cleanly(project, folder)
    assert "over the" not in error


def test_a_brand_whose_id_would_write_into_another_brands_outputs_is_refused_when_built_alone(project):
    folder = copy_brand(project, DEFAULT_BRAND)  # another folder of the same name: the same id, by default
    (error,) = fails_cleanly(project, folder)
    out = "build/" + DEFAULT_BRAND
    assert error.endswith(f"other-brands/{DEFAULT_BRAND}/brand.toml:1: id: '{DEFAULT_BRAND}' would write into {project / out}, which the brand folder "
                          f"{(project / 'layouts' / 'brands' / DEFAULT_BRAND).resolve()} made; set a different id (or delete {project / out} if that brand is gone)")
    named = copy_brand(project, "impostor-named", lambda t: f'id = "{DEFAULT_BRAND}"\n' + t)
    assert fails_cleanly(project, named)[0].split(": id:")[0].endswith("impostor-named/brand.toml:1")
    build(BuildOptions(source=project / "source", layouts=project / "layouts", out=project / "build", only=("epub",),
                       brands=(str(copy_brand(project, "fine", lambda t: 'id = "fine"\n' + t)),)))  # an id of its own builds


def test_two_brands_with_one_id_name_the_line_and_the_other_folder(project):
    first = copy_brand(project, "twin-a", lambda t: 'id = "twin"\n' + t)
    second = copy_brand(project, "twin-b", lambda t: '# comment\nid = "twin"\n' + t)
    before = snapshot(project / "build")
    with pytest.raises(BuildError) as caught:
        build(BuildOptions(source=project / "source", layouts=project / "layouts", out=project / "build", only=("epub",),
                           brands=(str(first), str(second))))
    assert str(caught.value).endswith(f"twin-b/brand.toml:{line_of(second, 'id =')}: id: the brand folder {first} already uses the id 'twin'; set a different id")
    assert snapshot(project / "build") == before


def test_invalid_utf8_in_brand_toml_names_byte_and_line(project):
    folder = copy_brand(project, "latin1", lambda t: 'id = "latin1"\n' + t)
    data = (folder / "brand.toml").read_bytes()
    (folder / "brand.toml").write_bytes(data.replace(b'name = "', b'name = "Caf\xe9 ', 1))
    offset = data.index(b'name = "') + len(b'name = "Caf')
    (error,) = fails_cleanly(project, folder)
    line = data[:offset].count(b"\n") + 1
    assert error.endswith(f"brand.toml:{line}: invalid UTF-8 at byte {offset}; save the brand file as UTF-8")


def test_a_symlinked_logo_names_where_it_points(project, tmp_path):
    outside = tmp_path / "secret.svg"
    outside.write_text(PLAIN_SVG, encoding="utf-8")
    folder = copy_brand(project, "linked", lambda t: 'id = "linked"\n' + t)
    (folder / "logo.svg").unlink()
    os.symlink(outside, folder / "logo.svg")
    (error,) = fails_cleanly(project, folder)
    assert error.endswith(f"logo: must name an .svg or .png file inside the brand folder ({folder / 'logo.svg'} is a symbolic link to {outside}) (got 'logo.svg')")
