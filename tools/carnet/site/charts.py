"""Bar charts drawn as SVG at build time: readable without JavaScript, figures beside them."""

from __future__ import annotations

from collections.abc import Sequence
from html import escape
from textwrap import wrap
from zlib import crc32

from carnet.site.pages.common import Html

# Drawn at the width of a 360 px phone's column, shown at that size everywhere (never scaled up):
# each label sits above its bar, whole, wrapped on words rather than cut.
WIDTH, LINE, BAR, GAP, PAD, CHARS = 320, 17, 14, 10, 4, 38


def bar_chart(title: str, rows: Sequence[tuple[str, float]], unit: str = "") -> Html:
    """Horizontal bars, one per row, labelled with their value; the <title> names the chart."""
    # Named by its title (one chart per title on a page): the same page is the same HTML at every
    # build, so that `carnet serve` can tell that it did not change.
    ident = f"graphique-{crc32(title.encode('utf-8')):08x}"
    top = max((v for _, v in rows), default=0) or 1
    y, parts = PAD, []
    for label, value in rows:
        lines = wrap(label, CHARS) or [""]
        text = "".join(
            f'<tspan x="0" dy="{LINE if i else 0}">{escape(line)}</tspan>'
            for i, line in enumerate(lines)
        )
        parts.append(
            f'<text x="0" y="{y + LINE - 4}" class="carnet-graphique__libelle">{text}</text>'
        )
        y += LINE * len(lines)
        length = (WIDTH - 48) * value / top
        parts.append(
            f'<rect x="0" y="{y}" width="{length:.1f}" height="{BAR}" rx="3" '
            'class="carnet-graphique__barre"/>'
            f'<text x="{length + 6:.1f}" y="{y + BAR - 2}" class="carnet-graphique__valeur">'
            f"{escape(f'{value:g}{unit}')}</text>"
        )
        y += BAR + GAP
    height = y - GAP + PAD
    return Html(
        f'<figure class="carnet-graphique"><svg role="img" aria-labelledby="{ident}" viewBox="0 0 '
        f'{WIDTH} {height}" width="{WIDTH}" height="{height}" '
        f'xmlns="http://www.w3.org/2000/svg"><title id="{ident}">{escape(title)}</title>'
        + "".join(parts)
        + "</svg></figure>"
    )


def table(headers: list[str], rows: Sequence[Sequence[object]], caption: str) -> Html:
    """The chart's figures, for screen readers and people who prefer numbers: stacked on phones."""
    head = "".join(f'<th scope="col">{escape(h)}</th>' for h in headers)
    body = "\n".join(
        "<tr>"
        + "".join(
            f'<td data-label="{escape(h)}">{escape(str(c))}</td>'
            for h, c in zip(headers, row, strict=False)
        )
        + "</tr>"
        for row in rows
    )
    return Html(
        '<table data-carnet-tableau="lignes" data-pagefind-ignore>\n'
        f"<caption>{escape(caption)}</caption>\n"
        f"<thead><tr>{head}</tr></thead>\n<tbody>\n{body}\n</tbody>\n</table>"
    )
