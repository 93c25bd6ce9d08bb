"""Small helpers for the self-contained HTML pages (deck, handouts, report).

Every piece of content text goes through :func:`esc`: content comes from strangers (mods
shared in a class), and a card that says ``<script>`` must print as those letters.
"""

from __future__ import annotations

import html
import re
from collections.abc import Mapping

from game.base.i18n import _, language
from game.engine import Content, Text, tr

# A source names its URL in plain text; only http(s) addresses become links.
_URL = re.compile(r"https?://[^\s<>\"']+")


def esc(text: object) -> str:
    return html.escape(str(text), quote=True)


def text(value: Text | None, lang: str = "en") -> str:
    """A content text in ``lang``, whitespace folded, escaped."""
    return esc(" ".join(tr(value, lang).split()))


def paragraphs(value: Text | None, lang: str = "en", cls: str = "") -> str:
    """A content text as ``<p>`` elements, one per blank-line-separated paragraph."""
    raw = tr(value, lang).strip()
    if not raw:
        return ""
    attr = f' class="{esc(cls)}"' if cls else ""
    parts = [" ".join(part.split()) for part in re.split(r"\n\s*\n", raw)]
    return "\n".join(f"<p{attr}>{esc(part)}</p>" for part in parts if part)


def source(value: Text | None, lang: str = "en") -> str:
    """A source line with its http(s) address (if any) as a link; everything escaped."""
    raw = " ".join(tr(value, lang).split())
    out, last = [], 0
    for match in _URL.finditer(raw):
        url = match.group(0).rstrip(".,;)")
        end = match.start() + len(url)
        out.append(esc(raw[last:match.start()]))
        out.append(f'<a href="{esc(url)}">{esc(url)}</a>')
        last = end
    out.append(esc(raw[last:]))
    return "".join(out)


def signed(value: int) -> str:
    """``+6`` / ``−4`` with a real minus sign (easier to read on paper)."""
    return f"+{value}" if value > 0 else f"\u2212{-value}" if value < 0 else "0"


def moves_words(content: Content, moves: Mapping[str, int], lang: str = "en") -> str:
    """``Moscow +6, Economy −2`` (plain text, in the meters' order), or ``nothing``."""
    return ", ".join(f"{' '.join(tr(m.name, lang).split())} {signed(moves[m.id])}" for m in content.meters
                     if moves.get(m.id)) or _("nothing")


BASE_CSS = """
:root { color-scheme: light; }
* { box-sizing: border-box; }
body { font-family: Georgia, "Times New Roman", serif; font-size: 12pt; line-height: 1.4;
       color: #000; background: #fff; margin: 0 auto; max-width: 60rem; padding: 1rem; }
h1, h2, h3, h4 { font-family: "Helvetica Neue", Arial, sans-serif; line-height: 1.2; }
h1 { font-size: 1.8rem; margin: 0.2rem 0 0.6rem; }
h2 { font-size: 1.35rem; border-bottom: 2px solid #000; padding-bottom: 0.15rem; margin-top: 1.6rem; }
h3 { font-size: 1.1rem; margin: 0.2rem 0 0.4rem; }
a { color: #003c8f; }
table { border-collapse: collapse; margin: 0.4rem 0 0.8rem; }
th, td { border: 1px solid #555; padding: 0.15rem 0.4rem; text-align: left; vertical-align: top; }
th { background: #eee; }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; }
.small { font-size: 0.85em; }
.muted { color: #444; }
.tag { display: inline-block; border: 1px solid #000; border-radius: 0.2rem; padding: 0 0.3rem;
       font-family: Arial, sans-serif; font-size: 0.75em; text-transform: uppercase; letter-spacing: 0.03em; }
.history { border-left: 4px solid #000; padding: 0.1rem 0 0.1rem 0.6rem; margin: 0.5rem 0; }
.history p { margin: 0.2rem 0; }
.page { break-before: page; page-break-before: always; }
.keep { break-inside: avoid; page-break-inside: avoid; }
@media print {
  body { max-width: none; padding: 0; font-size: 11pt; }
  a { color: #000; text-decoration: none; }
  .noprint { display: none; }
  h2, h3 { break-after: avoid; page-break-after: avoid; }
}
"""


# Paper sizes a printout can be laid out for (CSS @page): schools in most of the world
# print on A4, in North America on US Letter.
PAPERS = {
    "a4": "@page { size: A4; margin: 14mm 12mm; }",
    "letter": "@page { size: letter; margin: 0.55in 0.5in; }",
}


def page(title: str, body: str, css: str = "", paper: str = "a4") -> str:
    """A complete HTML document: no script, no external resource, styles inline."""
    css = PAPERS[paper] + "\n" + css
    return (
        "<!DOCTYPE html>\n"
        f'<html lang="{language()}">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{esc(title)}</title>\n"
        f"<style>{BASE_CSS}{css}</style>\n</head>\n<body>\n{body}\n</body>\n</html>"
    )
