"""The report in a real browser: Debian's chromium, driven by its chromium-driver through
Selenium with explicit paths (Selenium Manager never downloads anything), offline.

The page is opened from a file:// address, as a therapist opens it from a USB stick:
its title, every image decoded (naturalWidth > 0), no message in the browser's console,
the header's fields, and a screenshot.  The PDF is printed by the same chromium.
Skipped when chromium or chromedriver is not installed (.ci/run installs both).
"""

from __future__ import annotations

import shutil
from datetime import UTC

import pytest
from helpers.report_sessions import PATIENT, make_sessions
from selenium import webdriver
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By

from balancegame.report.build import write_report

CHROMIUM = shutil.which("chromium")
DRIVER = shutil.which("chromedriver") or "/usr/bin/chromedriver"
pytestmark = pytest.mark.skipif(
    CHROMIUM is None or shutil.which(DRIVER) is None,
    reason="needs Debian's chromium and chromium-driver (apt-get install chromium "
           "chromium-driver)")
HEADER_FIELDS = ("Patient", "Report of", "Made", "Programs", "Supervised or at home",
                 "Software version", "Camera", "Camera set-up", "Calibration age")


@pytest.fixture(scope="module")
def reports(tmp_path_factory):
    folder = tmp_path_factory.mktemp("report-browser")
    db = folder / "log.sqlite3"
    make_sessions(db)
    html = write_report(db, folder / "P017.html", PATIENT, tz=UTC).path
    return db, html


@pytest.fixture
def browser():
    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for argument in ("--headless=new", "--no-sandbox", "--disable-gpu",
                     "--disable-background-networking", "--window-size=1100,1400"):
        options.add_argument(argument)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    driver = webdriver.Chrome(service=Service(executable_path=DRIVER), options=options)
    yield driver
    driver.quit()


def test_the_report_opens_offline_with_every_image_and_no_console_error(
        reports, browser, tmp_path) -> None:
    _, html = reports
    browser.get(html.as_uri())
    assert browser.title == f"Balance training report {PATIENT}, every session"
    images = browser.find_elements(By.TAG_NAME, "img")
    assert len(images) >= 10
    for img in images:
        assert browser.execute_script("return arguments[0].complete && "
                                      "arguments[0].naturalWidth", img) > 0
    assert browser.execute_script(  # nothing was fetched from anywhere but this file
        "return performance.getEntriesByType('resource').length") == 0
    problems = [e for e in browser.get_log("browser") if e["level"] in ("SEVERE", "WARNING")]
    assert problems == []
    assert browser.find_element(By.TAG_NAME, "h1").text == \
        f"Balance training report: {PATIENT}"
    shown = [th.text for th in browser.find_elements(
        By.CSS_SELECTOR, "#header table.facts th")]
    assert list(HEADER_FIELDS) == [f for f in shown if f in HEADER_FIELDS]
    assert "No normative values exist" in browser.find_element(By.CSS_SELECTOR,
                                                               "#header .note").text
    page_px = browser.execute_script("return document.documentElement.scrollWidth")
    assert page_px <= 1100  # nothing wider than the window: no sideways scrolling
    shot = tmp_path / "report-top.png"
    assert browser.save_screenshot(str(shot)) and shot.stat().st_size > 10_000


def test_the_pdf_is_printed_by_chromium_with_a_page_per_session(reports, tmp_path) -> None:
    db, _ = reports
    out = write_report(db, tmp_path / "P017.pdf", PATIENT, tz=UTC)
    data = out.path.read_bytes()
    assert out.fmt == "pdf" and data.startswith(b"%PDF-")
    pages = data.count(b"/Type /Page") - data.count(b"/Type /Pages")
    assert pages >= 1 + 1 + 3  # the header, progress, and every session on its own pages
