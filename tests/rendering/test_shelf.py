"""Each clinic's shelf: a download page and an OPDS 1.2 catalog listing every output, with covers."""

from __future__ import annotations

import html.parser
import io
import re
from pathlib import Path

import feedparser
from PIL import Image

from conftest import write_network

from clinicdocs.building.build import BuildOptions, build

BRANDS = ("bjork-sondergaard-physio", "injury-prevention-guru")
ACQUISITION = "http://opds-spec.org/acquisition"
COVER = "http://opds-spec.org/image"


class PageReader(html.parser.HTMLParser):
    """Collect a page's links, images and language attributes."""

    def __init__(self) -> None:
        super().__init__()
        self.links: list[dict[str, str | None]] = []
        self.images: list[dict[str, str | None]] = []
        self.langs: list[str | None] = []
        self.meta: list[dict[str, str | None]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        {"a": self.links, "img": self.images, "meta": self.meta}.get(tag, []).append(found)
        if "lang" in found:
            self.langs.append(found["lang"])


def read_page(path: Path) -> PageReader:
    reader = PageReader()
    reader.feed(path.read_text(encoding="utf-8"))
    return reader


def built_books(folder: Path) -> set[str]:
    return {p.name for p in folder.iterdir() if p.suffix in (".pdf", ".epub")}


def test_catalog_parses_and_lists_every_epub_with_acquisition_link_and_cover(network_build):
    for brand in BRANDS:
        folder = network_build / "build" / brand
        feed = feedparser.parse((folder / "catalog.xml").read_bytes())
        assert not feed.bozo, feed.get("bozo_exception")
        assert feed.feed.title.startswith("Patient guides from ")
        assert [e.title for e in feed.entries] == ["El hombro & la espalda", "Knee Care", "Rücken stärken"]
        assert [e.dcterms_language for e in feed.entries] == [e.title_detail.language for e in feed.entries] == ["es-ES", "en-GB", "de-DE"]
        epubs = {link.href for e in feed.entries for link in e.links if link.rel == ACQUISITION and link.type == "application/epub+zip"}
        assert epubs == {p.name for p in folder.glob("*.epub")} == {"hombro.epub", "knee.epub", "ruecken.epub"}
        listed = {link.href for e in feed.entries for link in e.links if link.rel == ACQUISITION}
        assert listed == built_books(folder)
        for entry in feed.entries:
            covers = [link.href for link in entry.links if link.rel == COVER]
            assert len(covers) == 1 and covers[0].endswith("-cover.png")
            with Image.open(folder / covers[0]) as cover:
                assert cover.format == "PNG" and cover.size == (480, 720)
            assert entry.id.startswith("urn:uuid:") and entry.updated_parsed


def test_download_page_links_every_file_in_the_documents_languages(network_build):
    for brand in BRANDS:
        folder = network_build / "build" / brand
        page = read_page(folder / "index.html")
        hrefs = [link["href"] for link in page.links]
        assert {h for h in hrefs if h and h.endswith((".pdf", ".epub"))} == built_books(folder)
        assert "catalog.xml" in hrefs
        covers = [image["src"] for image in page.images if image.get("class") == "cover"]
        assert sorted(covers) == ["hombro-cover.png", "knee-cover.png", "ruecken-cover.png"]
        assert all((folder / c).is_file() for c in covers)
        assert {"es-ES", "en-GB", "de-DE"} <= set(page.langs)
        assert any(m.get("name") == "viewport" and "width=device-width" in (m.get("content") or "") for m in page.meta)
        text = (folder / "index.html").read_text(encoding="utf-8")
        assert re.search(r'<html lang="en-(?:US|GB)">', text) and "<span lang=\"de-DE\" dir=\"ltr\">Deutsch</span>" in text and "Español" in text


def test_shelf_is_rebuilt_when_what_it_lists_changes(tmp_path):
    root = write_network(tmp_path)
    options = BuildOptions(source=root / "source", layouts=root / "layouts", out=root / "build", only=("card", "catalog"), brands=(BRANDS[1],))

    def shelf_written() -> set[str]:
        return {t.path.name for t, _ in build(options).written} & {"index.html", "catalog.xml"}

    assert shelf_written() == {"index.html", "catalog.xml"}
    assert shelf_written() == set()  # nothing changed
    knee = root / "source" / "knee.md"
    knee.write_text(knee.read_text(encoding="utf-8").replace("Knee Care", "Caring for a Knee"), encoding="utf-8")
    assert shelf_written() == {"index.html", "catalog.xml"}
    page = (root / "build" / BRANDS[1] / "index.html").read_text(encoding="utf-8")
    assert "hombro-card-letter.pdf" in page and "knee-card" not in page  # no card, and no link, without exercises or checklist
    (root / "source" / "hombro.md").unlink()
    assert shelf_written() == {"index.html", "catalog.xml"}
    page = (root / "build" / BRANDS[1] / "index.html").read_text(encoding="utf-8")
    assert "Caring for a Knee" in page and "hombro" not in page and ".epub" not in page
    assert not list((root / "build" / BRANDS[1]).glob("hombro*")), "the outputs of a deleted handout are removed"
    options = BuildOptions(**{**options.__dict__, "only": ("catalog",)})
    before = (root / "build" / BRANDS[1] / "index.html").read_bytes()
    assert shelf_written() == set()  # a build of the shelf alone lists what the folder holds, as it did
    assert (root / "build" / BRANDS[1] / "index.html").read_bytes() == before


def test_a_build_of_part_of_the_shelf_never_drops_the_rest(tmp_path):
    """One handout, one variant or the shelf alone: the page and the catalog still list everything the folder holds."""
    root = write_network(tmp_path)
    full = BuildOptions(source=root / "source", layouts=root / "layouts", out=root / "build", only=("card", "epub", "catalog"), brands=(BRANDS[1],))
    build(full)
    folder = root / "build" / BRANDS[1]
    shelf = {name: (folder / name).read_bytes() for name in ("index.html", "catalog.xml")}
    listed = {link["href"] for link in read_page(folder / "index.html").links if link["href"].endswith((".pdf", ".epub"))}
    assert listed == built_books(folder) and {"hombro-card-letter.pdf", "hombro.epub", "knee.epub", "ruecken.epub"} <= listed
    for subset in ({"source": root / "source" / "knee.md"}, {"only": ("epub", "catalog")}, {"only": ("catalog",)},
                   {"source": root / "source" / "knee.md", "only": ("card", "catalog"), "force": True}):
        build(BuildOptions(**{**full.__dict__, **subset}))
        for name, before in shelf.items():
            assert (folder / name).read_bytes() == before, f"{name} changed after a build of {subset}"


def test_outputs_of_a_deleted_or_renamed_handout_are_removed_and_said(tmp_path, capsys):
    from clinicdocs.cli import main

    root = write_network(tmp_path)
    args = ["--source", str(root / "source"), "--layouts", str(root / "layouts"), "--out", str(root / "build"), "--brand", BRANDS[1], "--only", "card,catalog"]
    assert main(args) == 0
    folder = root / "build" / BRANDS[1]
    assert (folder / "hombro-card-letter.pdf").is_file()
    (root / "source" / "hombro.md").rename(root / "source" / "hombro-y-espalda.md")
    capsys.readouterr()
    assert main(["--keep-stale", *args]) == 0
    assert (folder / "hombro-card-letter.pdf").is_file() and "removed" not in capsys.readouterr().out
    page = (folder / "index.html").read_text(encoding="utf-8")
    assert "hombro-y-espalda-card-letter.pdf" in page and '"hombro-card-letter.pdf"' not in page  # a gone handout is not listed, even when kept
    assert main(args) == 0
    removed = sorted(line.split()[1].rsplit("/", 1)[-1] for line in capsys.readouterr().out.splitlines() if line.startswith("removed "))
    assert removed == ["hombro-card-letter.pdf", "hombro-cover.png"]
    assert sorted(p.name for p in folder.glob("hombro*")) == ["hombro-y-espalda-card-letter.pdf", "hombro-y-espalda-cover.png"]
    assert main(args) == 0 and "removed" not in capsys.readouterr().out  # the manifest forgot them: said once
