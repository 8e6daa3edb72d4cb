"""The web chronology in a real browser: Debian's Chromium, driven by Playwright with the
system browser (nothing downloaded), at a desktop and a phone width, from the file system
and from a web server. Every page loads with no console error and no request outside the
site; the timeline has one mark per record; axe finds no WCAG 2.1 A/AA violation.

Screenshots go to ``$DIPLTIME_SCREENSHOTS`` when it is set (``docs/`` holds the README's),
else to the test's own folder, for review: they are not compared pixel by pixel.
"""

from __future__ import annotations

import functools
import http.server
import os
import shutil
import threading
from pathlib import Path

import pytest

from helpers import ROOT, run_cli

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
AXE = Path(
    os.environ.get("DIPLTIME_AXE", ROOT / ".ci" / "node_modules" / "axe-core" / "axe.min.js")
)
IN_CI = bool(os.environ.get("CI"))
PAGES = [
    "en/index.html",
    "es/index.html",
    "en/partners/vnm.html",
    "es/partners/usa.html",
    "en/days/11-14.html",
    "es/days/index.html",
    "es/days/02-29.html",
    "en/milestones.html",
    "index.html",
]
SIZES = {"desktop": (1280, 900), "phone": (390, 844)}


def _needed() -> None:
    reason = None
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        reason = "playwright is not installed (pip install -c constraints.txt '.[test]')"
    if CHROMIUM is None:
        reason = "Debian's chromium is not installed (apt-get install chromium; CI installs it)"
    if reason:
        if IN_CI:
            pytest.fail(reason)
        pytest.skip(reason)


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("site") / "chronology"
    assert run_cli("export", "site", str(folder), "--both", "--year", "2024").code == 0
    return folder


@pytest.fixture(scope="module")
def browser():  # type: ignore[no-untyped-def]
    _needed()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as driver:
        launched = driver.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        yield launched
        launched.close()


def shots(tmp_path: Path) -> Path:
    folder = Path(os.environ.get("DIPLTIME_SCREENSHOTS") or tmp_path)
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def visit(browser, url: str, size: tuple[int, int], allowed: str):  # type: ignore[no-untyped-def]
    """Open ``url``; the page, its console errors and the requests outside ``allowed``."""
    page = browser.new_page(viewport={"width": size[0], "height": size[1]})
    errors: list[str] = []
    outside: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.on("request", lambda r: None if r.url.startswith(allowed) else outside.append(r.url))
    page.goto(url)
    page.wait_for_load_state("load")
    return page, errors, outside


@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize("name", PAGES)
def test_every_page_loads_cleanly_and_asks_nothing_of_another_host(
    browser, site, name, size, tmp_path
):
    url = (site / name).as_uri()
    page, errors, outside = visit(browser, url, SIZES[size], site.as_uri())
    assert errors == [] and outside == []
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= SIZES[size][0]  # nothing wider than a phone, but the timeline's own scroller
    page.screenshot(path=str(shots(tmp_path) / f"site-{size}-{name.replace('/', '-')}.png"))
    page.close()


def test_the_timeline_has_one_mark_per_record_and_says_what_each_is(browser, site):
    page, _, _ = visit(
        browser, (site / "en" / "partners" / "usa.html").as_uri(), (1280, 900), "file:"
    )
    marks = page.locator("svg .event")
    assert marks.count() == page.locator("li.event").count() == 57
    said = page.locator("svg a title").first.text_content()
    assert said and ":" in said  # "2 May 1826: United States recognition of Peru"
    page.close()


def test_the_anniversary_of_14_november_1994_is_on_the_14_november_page(browser, site):
    page, _, _ = visit(browser, (site / "en" / "days" / "11-14.html").as_uri(), (390, 844), "file:")
    text = page.locator("main").inner_text()
    assert "30th anniversary of the establishment of Peru–Viet Nam diplomatic relations" in text
    page.close()


def test_search_narrows_the_records_and_the_page_works_without_it(browser, site):
    page, _, _ = visit(
        browser, (site / "en" / "partners" / "usa.html").as_uri(), (1280, 900), "file:"
    )
    page.fill("input[type=search]", "cooley")
    shown = page.locator("li.event:visible")
    assert 1 <= shown.count() < 57
    page.close()
    quiet = browser.new_context(java_script_enabled=False).new_page()
    quiet.goto((site / "en" / "partners" / "usa.html").as_uri())
    assert quiet.locator("li.event:visible").count() == 57
    assert not quiet.locator("input[type=search]").is_visible()  # no box that cannot work
    quiet.close()


def test_the_site_works_from_a_web_server(browser, site):
    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        origin = f"http://127.0.0.1:{server.server_address[1]}/"
        page, errors, outside = visit(browser, origin + "es/partners/vnm.html", (1280, 900), origin)
        assert errors == [] and outside == []
        page.click("text=English")
        assert page.url == origin + "en/partners/vnm.html"
        page.close()
    finally:
        server.shutdown()


@pytest.mark.parametrize("name", PAGES)
def test_axe_finds_no_wcag_2_1_a_or_aa_violation(browser, site, name):
    if not AXE.is_file():
        reason = f"axe-core is not at {AXE} (npm install --prefix .ci axe-core; CI installs it)"
        if IN_CI:
            pytest.fail(reason)
        pytest.skip(reason)
    page, _, _ = visit(browser, (site / name).as_uri(), (1280, 900), "file:")
    page.add_script_tag(path=str(AXE))
    found = page.evaluate(
        "async () => (await axe.run(document, {runOnly: ['wcag2a', 'wcag2aa', 'wcag21a',"
        " 'wcag21aa']})).violations.map(v => v.id + ': ' + v.nodes.length)"
    )
    assert found == []
    page.close()
