"""The report's page: one self-contained HTML file.

No script, no external link, no web font: the styles are in the page, the plots are
base64 PNGs in ``data:`` URIs, and the only links are to anchors inside the page, so it
opens the same offline, from a USB stick or attached to a message.  The type is large
(17 px on screen, 11 pt on paper), the background white, and printing starts every
session on a new page and keeps a table or a plot with its heading.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from html import escape

CSS = """
:root { --ink: #111; --dim: #444; --rule: #bbb; --band: #f2f2f2; --accent: #1f5fa8; }
html { background: #fff; }
body { font-family: "DejaVu Sans", "Segoe UI", Arial, Helvetica, sans-serif;
       font-size: 17px; line-height: 1.45; color: var(--ink); background: #fff;
       max-width: 1040px; margin: 0 auto; padding: 16px 24px 48px; }
h1 { font-size: 30px; margin: 8px 0 4px; }
h2 { font-size: 25px; margin: 36px 0 8px; padding-bottom: 4px;
     border-bottom: 3px solid var(--accent); }
h3 { font-size: 21px; margin: 28px 0 6px; }
h4 { font-size: 18px; margin: 18px 0 4px; }
p, li { max-width: 60em; }
.sub { color: var(--dim); margin: 0 0 12px; }
.note { border-left: 5px solid var(--accent); background: var(--band);
        padding: 8px 14px; margin: 12px 0; }
.note p { margin: 4px 0; }
table { border-collapse: collapse; margin: 6px 0 14px; width: 100%; }
th, td { border-bottom: 1px solid var(--rule); padding: 5px 8px; text-align: left;
         vertical-align: top; }
th { background: var(--band); font-weight: bold; }
td:first-child { min-width: 8em; }
td.num { text-align: right; white-space: nowrap; font-variant-numeric: tabular-nums; }
table.facts th { width: 30%; background: none; }
code, .code { font-family: "DejaVu Sans Mono", Consolas, monospace; font-size: 14px;
              color: var(--dim); }
.method { color: var(--dim); font-size: 15px; margin: 2px 0 6px; }
figure { margin: 10px 0 18px; }
figure img { max-width: 100%; height: auto; border: 1px solid var(--rule); }
figcaption { color: var(--dim); font-size: 15px; margin-top: 4px; }
.missing { color: var(--dim); }
nav ol { columns: 2; }
nav a, a { color: var(--accent); }
section.run { border-top: 1px solid var(--rule); margin-top: 24px; }
@media print {
  @page { size: A4; margin: 14mm 12mm 16mm; }
  body { font-size: 11pt; line-height: 1.3; max-width: none; padding: 0; }
  th, td { padding: 2pt 5pt; }
  h2 { margin-top: 0; } h3 { margin-top: 14pt; }
  h1 { font-size: 20pt; } h2 { font-size: 16pt; } h3 { font-size: 13.5pt; }
  h4 { font-size: 12pt; }
  code, .code, .method, figcaption { font-size: 9.5pt; }
  section.chapter, section.session { break-before: page; }
  h2, h3, h4 { break-after: avoid; }
  figure, table.facts, tr, .note { break-inside: avoid; }
  nav { display: none; }
  a { color: inherit; text-decoration: none; }
  * { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
}
"""


def esc(text: object) -> str:
    return escape(str(text), quote=True)


def table(headers: Sequence[str], rows: Iterable[Sequence[object]],
          numeric: Sequence[int] = ()) -> str:
    """An HTML table; cells are escaped text; columns in ``numeric`` right-aligned."""
    head = "".join(f"<th>{esc(h)}</th>" for h in headers)
    body = []
    for row in rows:
        cells = "".join(
            f'<td class="num">{esc(c)}</td>' if i in numeric else f"<td>{esc(c)}</td>"
            for i, c in enumerate(row))
        body.append(f"<tr>{cells}</tr>")
    return f"<table><thead><tr>{head}</tr></thead><tbody>{''.join(body)}</tbody></table>"


def facts(rows: Iterable[tuple[str, str]]) -> str:
    """A two-column table of label and value."""
    body = "".join(f"<tr><th scope=\"row\">{esc(k)}</th><td>{esc(v)}</td></tr>" for k, v in rows)
    return f'<table class="facts"><tbody>{body}</tbody></table>'


def figure(png_base64: str, alt: str, caption: str) -> str:
    return (f'<figure><img src="data:image/png;base64,{png_base64}" alt="{esc(alt)}">'
            f"<figcaption>{esc(caption)}</figcaption></figure>")


def note(*paragraphs: str) -> str:
    return '<div class="note">' + "".join(f"<p>{esc(p)}</p>" for p in paragraphs) + "</div>"


def paragraph(text: str, cls: str = "") -> str:
    return f'<p class="{cls}">{esc(text)}</p>' if cls else f"<p>{esc(text)}</p>"


def page(title: str, body: Sequence[str]) -> str:
    return ("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
            "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
            f"<title>{esc(title)}</title><style>{CSS}</style></head><body>"
            + "\n".join(body) + "</body></html>\n")
