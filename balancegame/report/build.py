"""``balancegame report``: read, draw, write, in that order.

The output path is checked first (never the database, another file only with
``force``), the data read and closed, the page built in memory (and printed to PDF),
and only then written, through a temporary file renamed into place: an error at any
step leaves no file, and never half of one over an existing report.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, tzinfo
from pathlib import Path

from balancegame.errors import ReportError, UsageError
from balancegame.report.data import ReportData, read_report_data
from balancegame.report.html import page
from balancegame.report.pdf import INSTALL_HINT, NO_CHROMIUM, find_chromium, html_to_pdf
from balancegame.report.sections import header, progress
from balancegame.report.selection import Selection
from balancegame.report.session_section import session_section
from balancegame.session.export import write_atomically
from balancegame.session.storage.files import check_output_path

FORMATS = ("html", "pdf")


def report_html(data: ReportData, tz: tzinfo | None = None, made: datetime | None = None,
                today: date | None = None) -> str:
    """The whole report as one HTML page."""
    made = made or datetime.now(UTC)
    today = today or made.astimezone(tz).date()
    body = [header(data, tz, made), progress(data, tz, today),
            *(session_section(s, tz) for s in data.sessions)]
    return page(f"Balance training report {data.patient_id}, {data.selection.describe()}",
                body)


def output_format(out: Path, fmt: str | None) -> str:
    """The format asked for, or read from the file name; a contradiction is refused."""
    suffix = out.suffix.lower().lstrip(".")
    suffix = "html" if suffix == "htm" else suffix
    if fmt is None:
        return "pdf" if suffix == "pdf" else "html"
    if suffix in FORMATS and suffix != fmt:
        raise UsageError(f"--format {fmt} does not fit the file name {out.name}.",
                         f"Name the file .{fmt}, or leave --format out.")
    return fmt


@dataclass(frozen=True)
class Written:
    path: Path
    fmt: str
    n_sessions: int
    patient_id: str

    def sentence(self) -> str:
        return (f"Wrote the {self.fmt.upper()} report of {self.patient_id} "
                f"({self.n_sessions} session{'s' if self.n_sessions > 1 else ''}) to "
                f"{self.path}")


def write_report(db_path: Path | str, out_path: Path | str, patient_id: str,
                 selection: Selection | None = None, *, fmt: str | None = None,
                 force: bool = False, tz: tzinfo | None = None) -> Written:
    out = check_output_path(Path(db_path), Path(out_path), force=force)
    fmt = output_format(out, fmt)
    chromium = find_chromium() if fmt == "pdf" else None
    if fmt == "pdf" and chromium is None:  # said before the work, not after it
        raise ReportError(NO_CHROMIUM, INSTALL_HINT)
    data = read_report_data(db_path, patient_id, selection or Selection(), tz)
    text = report_html(data, tz)
    content: str | bytes = html_to_pdf(text, chromium) if fmt == "pdf" else text
    return Written(write_atomically(out, content), fmt, len(data.sessions), patient_id)
