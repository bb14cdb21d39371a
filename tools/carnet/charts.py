"""Bar charts drawn as SVG at build time: readable without JavaScript, with their figures beside them."""

from __future__ import annotations

from html import escape
from itertools import count

from carnet.pages.common import Html

WIDTH, ROW, LABEL, PAD = 420, 30, 180, 6
_ids = count(1)


def bar_chart(title: str, rows: list[tuple[str, float]], unit: str = "") -> Html:
    """Horizontal bars, one per row, labelled with their value; the <title> names the chart."""
    ident = f"graphique-{next(_ids)}"
    top = max((v for _, v in rows), default=0) or 1
    height = ROW * len(rows) + PAD * 2
    bars = []
    for index, (label, value) in enumerate(rows):
        y = PAD + index * ROW
        length = (WIDTH - LABEL - 40) * value / top
        shown = f"{value:g}{unit}"
        short = label if len(label) <= 22 else label[:21] + "…"
        bars.append(
            f'<text x="{LABEL - 8}" y="{y + ROW / 2 + 4}" text-anchor="end" class="carnet-graphique__libelle">{escape(short)}</text>'
            f'<rect x="{LABEL}" y="{y + 4}" width="{length:.1f}" height="{ROW - 8}" rx="3" class="carnet-graphique__barre"/>'
            f'<text x="{LABEL + length + 6:.1f}" y="{y + ROW / 2 + 4}" class="carnet-graphique__valeur">{escape(shown)}</text>')
    return Html(f'<figure class="carnet-graphique"><svg role="img" aria-labelledby="{ident}" viewBox="0 0 {WIDTH} {height}" '
                f'width="100%" xmlns="http://www.w3.org/2000/svg"><title id="{ident}">{escape(title)}</title>'
                + "".join(bars) + "</svg></figure>")


def table(headers: list[str], rows: list[list[str]], caption: str) -> Html:
    """The chart's figures, for screen readers and for people who prefer numbers."""
    head = "".join(f'<th scope="col">{escape(h)}</th>' for h in headers)
    body = "\n".join("<tr>" + "".join(f"<td>{escape(str(c))}</td>" for c in row) + "</tr>" for row in rows)
    return Html(f"<table data-pagefind-ignore>\n<caption>{escape(caption)}</caption>\n<thead><tr>{head}</tr></thead>\n"
                f"<tbody>\n{body}\n</tbody>\n</table>")
