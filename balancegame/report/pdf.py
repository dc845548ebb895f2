"""The report as PDF: the HTML page printed by headless Chromium (Debian's ``chromium``).

Chromium prints the very page the HTML report is, with its print styles (A4, a page
break before every session), so the PDF and the HTML cannot differ.  It runs offline
(the page has no external reference, and background networking is off), with a
throw-away profile, and without its sandbox when run as root (it refuses to start
otherwise).  Without chromium the report says how to install it.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from pathlib import Path

from balancegame.errors import ReportError

TIMEOUT_S = 180.0
NO_CHROMIUM = "A PDF report needs the Chromium browser, and it is not installed."
INSTALL_HINT = ("Install it (Debian, Ubuntu: sudo apt-get install chromium), or make the "
                "HTML report (--format html) and print it from any browser.")


def find_chromium() -> str | None:
    for name in ("chromium", "chromium-browser"):
        found = shutil.which(name)
        if found:
            return found
    return None


def chromium_command(chromium: str, html: Path, pdf: Path, profile: Path) -> list[str]:
    command = [chromium, "--headless", "--disable-gpu", "--no-first-run",
               "--no-default-browser-check", "--disable-extensions", "--disable-sync",
               "--disable-background-networking", "--disable-component-update",
               "--no-pdf-header-footer", "--print-to-pdf-no-header",
               f"--user-data-dir={profile}", f"--print-to-pdf={pdf}", html.as_uri()]
    if hasattr(os, "geteuid") and os.geteuid() == 0:
        command.insert(1, "--no-sandbox")  # chromium will not start as root with it
    return command


def html_to_pdf(html_text: str, chromium: str | None = None) -> bytes:
    """The PDF of ``html_text``; a :class:`ReportError` without chromium or if it fails."""
    chromium = chromium or find_chromium()
    if chromium is None:
        raise ReportError(NO_CHROMIUM, INSTALL_HINT)
    with tempfile.TemporaryDirectory(prefix="balancegame-report-") as folder:
        tmp = Path(folder)
        html, pdf = tmp / "report.html", tmp / "report.pdf"
        html.write_text(html_text, encoding="utf-8")
        command = chromium_command(chromium, html, pdf, tmp / "profile")
        try:
            done = subprocess.run(command, capture_output=True, text=True, timeout=TIMEOUT_S,
                                  check=False, env={**os.environ, "HOME": folder})
        except subprocess.TimeoutExpired:
            raise ReportError(f"Chromium did not print the report within {TIMEOUT_S:.0f} s.",
                              "Try again, or make the HTML report (--format html) and "
                              "print it from a browser.") from None
        except OSError as exc:
            raise ReportError(f"Chromium ({chromium}) could not be started: "
                              f"{exc.strerror or exc}.", INSTALL_HINT) from None
        if done.returncode != 0 or not pdf.exists() or pdf.stat().st_size == 0:
            last = (done.stderr.strip().splitlines() or ["no message"])[-1][:300]
            raise ReportError(f"Chromium could not print the report (exit code "
                              f"{done.returncode}: {last}).",
                              "Make the HTML report (--format html) and print it from a "
                              "browser.")
        return pdf.read_bytes()
