"""`make_docs.py serve`: the live preview, driven in real headless Chromium, and what it refuses to serve."""

from __future__ import annotations

import contextlib
import http.client
import os
import shutil
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from conftest import ROOT, write_project

GOOD = "---\ntitle: Preview Test\ndescription: D\nlanguage: en-US\ndate: 2025-01-01\nauthor: A\n---\n\n## Walking\n\nWalk every day.\n\n- [ ] Walk ten minutes.\n"
CHROMEDRIVER = Path("/usr/bin/chromedriver")
AXE = ROOT / ".ace" / "node_modules" / "@daisy" / "axe-core-for-ace" / "axe.min.js"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def get(port: int, path: str, host: str = "127.0.0.1") -> tuple[int, bytes]:
    """Send one GET with the path exactly as given (no client-side normalising) and return status and body."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    try:
        connection.putrequest("GET", path, skip_host=True, skip_accept_encoding=True)
        connection.putheader("Host", f"{host}:{port}")
        connection.endheaders()
        response = connection.getresponse()
        return response.status, response.read()
    finally:
        connection.close()


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory):
    """Start `serve` on a tiny project; yield (project root, port); stop it."""
    root = write_project(tmp_path_factory.mktemp("serve"), {"source/doc.md": GOOD, "secret.txt": "not for the browser"})
    with serving(root, "guide") as port:
        yield root, port


@contextlib.contextmanager
def serving(root: Path, only: str) -> Iterator[int]:
    """Run `make_docs.py serve --only ONLY` in `root` until its first page shows; yield its port; stop it."""
    port = free_port()
    env = {**os.environ, "PYTHONPATH": str(ROOT), "PYTHONUNBUFFERED": "1"}
    process = subprocess.Popen(
        [sys.executable, str(ROOT / "make_docs.py"), "serve", "--only", only, "--port", str(port)],
        cwd=root, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
    )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            if b"/pages/" in get(port, "/")[1]:
                break
        except OSError:
            pass
        time.sleep(0.2)
    try:
        yield port
    finally:
        process.terminate()
        process.wait(timeout=30)


@pytest.fixture(scope="module")
def browser():
    if not CHROMEDRIVER.exists():
        pytest.skip("Debian's chromium-driver is not installed (.ci/run installs it)")
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = "/usr/bin/chromium"
    for argument in ("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--window-size=1200,900"):
        options.add_argument(argument)
    driver = webdriver.Chrome(service=Service(str(CHROMEDRIVER)), options=options)
    yield driver
    driver.quit()


def test_preview_refreshes_itself_on_save_and_shows_then_clears_an_error(server, browser):
    from selenium.webdriver.support.ui import WebDriverWait

    root, port = server
    wait = WebDriverWait(browser, 30, poll_frequency=0.1)

    def shown(script: str) -> object:
        """Read the page in one step, so the swap of its content cannot come between two reads."""
        return browser.execute_script(f"return {script};")

    picture = "document.getElementById('page-1')?.src ?? ''"
    error = "document.getElementById('error')?.textContent ?? ''"
    browser.get(f"http://localhost:{port}/")
    first = wait.until(lambda _: shown(picture))
    notes = shown("document.querySelector('.notes').textContent")
    assert "Walking" in notes and "grade" in notes  # the section beside its page, with its reading grade
    doc = root / "source" / "doc.md"
    doc.write_text(GOOD.replace("Walk every day.", "Walk every day. Swim on Sundays."), encoding="utf-8")
    wait.until(lambda _: (src := shown(picture)) != first and src)  # the test never reloads the page
    doc.write_text(GOOD + "\n![Gone](images/gone.svg)\n", encoding="utf-8")
    assert "source/doc.md:15: image 'images/gone.svg' not found" in wait.until(lambda _: shown(error))
    assert shown(picture), "the last good pages stay under the error"
    doc.write_text(GOOD.replace("Walk every day.", "Walk."), encoding="utf-8")
    wait.until(lambda _: not shown(error) and shown(picture))
    links = shown("[...document.querySelectorAll('.outputs a')].map(a => a.href)")
    assert f"http://localhost:{port}/out/injury-prevention-guru/doc-guide-letter.pdf" in links


def test_serves_the_outputs_and_nothing_else(server):
    root, port = server
    status, body = get(port, "/out/injury-prevention-guru/doc-guide-letter.pdf")
    assert status == 200 and body.startswith(b"%PDF-")
    for path in (
        "/out/../secret.txt", "/out/injury-prevention-guru/../../secret.txt", "/out/%2e%2e/secret.txt",
        "/out/%2E%2E%2Fsecret.txt", "/out/%252e%252e/secret.txt", "/out//etc/passwd", "/out/" + str(root / "secret.txt"),
        "/out/.manifest.json", "/out/.lock", "/../secret.txt", "/secret.txt", "/source/doc.md", "/layouts/brands",
        "/out/injury-prevention-guru/", "/out/injury-prevention-guru/doc-guide-letter.pdf%00.txt",
    ):
        status, body = get(port, path)
        assert status in (400, 404), (path, status)
        assert b"not for the browser" not in body and b"%PDF" not in body, path


def test_answers_only_requests_addressed_to_localhost(server):
    _, port = server
    assert get(port, "/", host="localhost")[0] == 200
    assert get(port, "/", host="127.0.0.1")[0] == 200
    for host in ("attacker.example", "localhost.attacker.example", "127.0.0.1.nip.io", "0.0.0.0"):
        status, body = get(port, "/", host=host)
        assert status == 400 and b"/pages/" not in body, host


def test_listens_on_127_0_0_1_only(server):
    _, port = server
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as probe:
        probe.connect(("192.0.2.1", 9))  # no packet is sent: this only picks the machine's outward address
        address = probe.getsockname()[0]
    if address.startswith("127."):
        pytest.skip("this machine has no network address besides loopback")
    with pytest.raises(OSError), socket.create_connection((address, port), timeout=2):
        pass


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        (["--port", "0"], "--port: choose a port from 1 to 65535 (got 0)"),
        (["--port", "65536"], "--port: choose a port from 1 to 65535 (got 65536)"),
        (["--document", "nope"], "--document: no document 'nope' in source (choose from doc)"),
        (["--paper", "a4"], "--paper: brand 'injury-prevention-guru' prints on letter (got 'a4')"),
        (["--only", "epub"], "--variant: the preview shows one of the PDFs this build makes: none (add one to --only) (got 'guide')"),
        (["--only", "card", "--variant", "guide"], "this build makes: card (got 'guide')"),
    ],
)
def test_serve_refuses_a_choice_it_cannot_show(tmp_path, in_project, capsys, arguments, message):
    from clinicdocs.cli import main

    in_project(write_project(tmp_path, {"source/doc.md": GOOD}))
    assert main(["serve", *arguments]) == 1
    assert message in capsys.readouterr().err
    assert not (tmp_path / "build").exists()


def axe_violations(browser) -> list:
    """Run axe-core (the copy DAISY Ace ships) on the open page: WCAG 2.1 A and AA rules and best practices."""
    if not AXE.is_file():
        if os.environ.get("CLINICDOCS_REQUIRE_ACE"):
            pytest.fail(f"axe-core not found at {AXE}; install DAISY Ace as .ci/run does")
        pytest.skip(f"axe-core not found at {AXE} (DAISY Ace's copy; .ci/run installs it)")
    browser.execute_script(AXE.read_text(encoding="utf-8"))
    return browser.execute_async_script(
        "const done = arguments[arguments.length - 1];"
        "axe.run(document, {runOnly: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice']})"
        ".then(r => done(r.violations.map(v => [v.id, v.nodes.map(n => n.html)])));"
    )


def test_download_page_and_preview_have_no_accessibility_violations(browser, network_build, server):
    for brand in ("bjork-sondergaard-physio", "injury-prevention-guru"):
        browser.get((network_build / "build" / brand / "index.html").as_uri())
        assert axe_violations(browser) == [], brand
    browser.get(f"http://localhost:{server[1]}/")
    assert axe_violations(browser) == []


def test_download_page_fits_a_phone_screen(browser, network_build):
    # The shelf page (tests/rendering/test_shelf.py) in real Chromium at 390 CSS px: nothing wider than the screen,
    # every cover loaded, every download button at least 44 px tall (a finger's target).
    browser.execute_cdp_cmd("Emulation.setDeviceMetricsOverride", {"width": 390, "height": 844, "deviceScaleFactor": 1, "mobile": True})
    try:
        for brand in ("bjork-sondergaard-physio", "injury-prevention-guru"):
            browser.get((network_build / "build" / brand / "index.html").as_uri())
            assert browser.execute_script("return document.documentElement.scrollWidth") <= 390
            assert browser.execute_script("return [...document.images].every(i => i.complete && i.naturalWidth > 0)")
            heights = browser.execute_script("return [...document.querySelectorAll('.downloads a')].map(a => a.getBoundingClientRect().height)")
            books = [p for p in (network_build / "build" / brand).iterdir() if p.suffix in (".pdf", ".epub")]
            assert len(heights) == len(books) >= 4 and min(heights) >= 44  # three EPUBs and the one handout's card(s)
    finally:
        browser.execute_cdp_cmd("Emulation.clearDeviceMetricsOverride", {})


def test_the_previewed_output_is_written_first_in_a_batch_of_its_own(tmp_path):
    from clinicdocs.building.build import BuildOptions, build

    root = write_project(tmp_path, {"source/a.md": GOOD, "source/b.md": GOOD.replace("Walk", "Run")})
    chosen = root / "build" / "injury-prevention-guru" / "b-card-letter.pdf"
    batches: list[list[str]] = []
    options = BuildOptions(source=root / "source", layouts=root / "layouts", out=root / "build", only=("card",), first_target_alone=True, first_output=chosen)
    build(options, batch_done=lambda written: batches.append([t.path.name for t in written]))
    assert batches == [["b-card-letter.pdf"], ["a-card-letter.pdf"]]


@pytest.fixture(scope="module")
def switching_server(tmp_path_factory: pytest.TempPathFactory):
    """Start `serve` on two documents and two brands (one printing on A4 and Letter); yield the port; stop it."""
    root = write_project(tmp_path_factory.mktemp("switch"), {"source/doc.md": GOOD, "source/other.md": GOOD.replace("Preview Test", "Other Test")})
    other = write_project(tmp_path_factory.mktemp("other-brand"), {}, brand="bjork-sondergaard-physio")
    shutil.copytree(other / "layouts" / "brands" / "bjork-sondergaard-physio", root / "layouts" / "brands" / "bjork-sondergaard-physio")
    with serving(root, "guide,card") as port:
        yield port


def test_the_page_switches_document_brand_variant_and_paper_without_a_restart(switching_server, browser):
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import Select, WebDriverWait

    port = switching_server
    wait = WebDriverWait(browser, 60, poll_frequency=0.1)
    def showing(path: str) -> bool:
        """Tell whether the page shows the pages of this output (brand/file): its pictures are there and say so."""
        return browser.execute_script(
            "const main = document.getElementById('preview'); const page = document.getElementById('page-1');"
            f"return main.dataset.showing === {path!r} && !!page && page.alt.endsWith({path.split('/')[1]!r});"
        )

    browser.get(f"http://localhost:{port}/")
    wait.until(lambda _: showing("bjork-sondergaard-physio/doc-guide-a4.pdf"))  # the first brand, its first paper
    for key, value, expected in [
        ("document", "other", "bjork-sondergaard-physio/other-guide-a4.pdf"), ("variant", "card", "bjork-sondergaard-physio/other-card-a4.pdf"),
        ("paper", "letter", "bjork-sondergaard-physio/other-card-letter.pdf"),
        ("brand", "injury-prevention-guru", "injury-prevention-guru/other-card-letter.pdf"),  # Letter is this brand's only paper
    ]:
        Select(browser.find_element(By.ID, f"choose-{key}")).select_by_visible_text(value)
        wait.until(lambda _: showing(expected))
        assert f"{key}={value}" in browser.current_url
        assert Select(browser.find_element(By.ID, f"choose-{key}")).first_selected_option.text == value
    assert [o.text for o in Select(browser.find_element(By.ID, "choose-paper")).options] == ["letter"]
    assert "injury-prevention-guru" in browser.find_element(By.TAG_NAME, "h1").text
    # The address alone says what to show: a bookmark or a typed query switches too, brand and paper together.
    browser.get(f"http://localhost:{port}/?document=doc&brand=bjork-sondergaard-physio&variant=guide&paper=letter")
    wait.until(lambda _: showing("bjork-sondergaard-physio/doc-guide-letter.pdf"))
    assert "doc.md · bjork-sondergaard-physio · guide · letter" in browser.find_element(By.TAG_NAME, "h1").text


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("document=nope", "document: no document 'nope' in source (choose from doc, other)"),
        ("brand=nosuch", "brand: no brand 'nosuch' in this preview (choose from bjork-sondergaard-physio, injury-prevention-guru)"),
        ("variant=large-print", "variant: the preview shows one of the PDFs this build makes: guide, card (got 'large-print')"),
        ("brand=injury-prevention-guru&paper=a4", "paper: brand 'injury-prevention-guru' prints on letter (got 'a4')"),
    ],
)
def test_a_query_the_preview_cannot_show_says_what_it_can(switching_server, query, message):
    status, body = get(switching_server, f"/?{query}")
    assert status == 400 and message in body.decode()


def test_each_watch_build_renders_the_current_choice_first(tmp_path):
    import threading

    from clinicdocs.authoring.watch import watch
    from clinicdocs.building.build import BuildOptions

    root = write_project(tmp_path, {"source/a.md": GOOD, "source/b.md": GOOD.replace("Walk", "Run")})
    folder = root / "build" / "injury-prevention-guru"
    chosen = [folder / "b-card-letter.pdf"]
    batches: list[list[str]] = []
    stop, done = threading.Event(), threading.Event()
    options = BuildOptions(source=root / "source", layouts=root / "layouts", out=root / "build", only=("card",))
    thread = threading.Thread(target=watch, args=(options, lambda report: done.set(), lambda error: None, stop),
                              kwargs={"batch_done": lambda written: batches.append([t.path.name for t in written]), "first": lambda: chosen[0]})
    thread.start()
    try:
        assert done.wait(60)
        assert batches[:2] == [["b-card-letter.pdf"], ["a-card-letter.pdf"]]
        chosen[0], batches[:] = folder / "a-card-letter.pdf", []  # the page switched to a.md
        done.clear()
        # a.md first: whether watchfiles reports the two saves together or apart, a.md's card is stale in the first build.
        (root / "source" / "a.md").write_text(GOOD.replace("Walk", "Hop"), encoding="utf-8")
        (root / "source" / "b.md").write_text(GOOD.replace("Walk", "Swim"), encoding="utf-8")
        deadline = time.monotonic() + 60
        while sum(len(b) for b in batches) < 2 and time.monotonic() < deadline:
            time.sleep(0.1)
        assert batches[:2] == [["a-card-letter.pdf"], ["b-card-letter.pdf"]], batches
    finally:
        stop.set()
        thread.join(timeout=30)
