"""A schematic map of France's départements, drawn as SVG at build time: no tile, no script, no
download.

No accurate outline ships offline with the project, so each département is a dot at its prefecture
(latitude and longitude rounded to a hundredth of a degree, projected with the cosine of 46.5°): the
dots draw the country's shape. Départements seen in the content get a larger disc, sized by count,
labelled with their code. Overseas départements sit in a row of boxes under the mainland. The
figures
are in the table that follows the map on the page.
"""

from __future__ import annotations

import math
from html import escape
from zlib import crc32

from carnet.site.pages.common import Html

# code;name;latitude;longitude (the prefecture)
_DATA = """\
01;Ain;46.20;5.22|02;Aisne;49.56;3.62|03;Allier;46.57;3.33|04;Alpes-de-Haute-Provence;44.09;6.24|05;Hautes-Alpes;44.56;6.08
06;Alpes-Maritimes;43.70;7.27|07;Ardèche;44.74;4.60|08;Ardennes;49.77;4.72|09;Ariège;42.97;1.61|10;Aube;48.30;4.08
11;Aude;43.21;2.35|12;Aveyron;44.35;2.57|13;Bouches-du-Rhône;43.30;5.37|14;Calvados;49.18;-0.37|15;Cantal;44.93;2.44
16;Charente;45.65;0.16|17;Charente-Maritime;46.16;-1.15|18;Cher;47.08;2.40|19;Corrèze;45.27;1.77|2A;Corse-du-Sud;41.93;8.74
2B;Haute-Corse;42.70;9.45|21;Côte-d'Or;47.32;5.04|22;Côtes-d'Armor;48.51;-2.76|23;Creuse;46.17;1.87|24;Dordogne;45.18;0.72
25;Doubs;47.24;6.02|26;Drôme;44.93;4.89|27;Eure;49.03;1.15|28;Eure-et-Loir;48.45;1.49|29;Finistère;48.00;-4.10
30;Gard;43.84;4.36|31;Haute-Garonne;43.60;1.44|32;Gers;43.65;0.59|33;Gironde;44.84;-0.58|34;Hérault;43.61;3.88
35;Ille-et-Vilaine;48.11;-1.68|36;Indre;46.81;1.69|37;Indre-et-Loire;47.39;0.69|38;Isère;45.19;5.72|39;Jura;46.67;5.55
40;Landes;43.89;-0.50|41;Loir-et-Cher;47.59;1.33|42;Loire;45.44;4.39|43;Haute-Loire;45.04;3.88|44;Loire-Atlantique;47.22;-1.55
45;Loiret;47.90;1.90|46;Lot;44.45;1.44|47;Lot-et-Garonne;44.20;0.62|48;Lozère;44.52;3.50|49;Maine-et-Loire;47.47;-0.55
50;Manche;49.12;-1.09|51;Marne;48.96;4.36|52;Haute-Marne;48.11;5.14|53;Mayenne;48.07;-0.77|54;Meurthe-et-Moselle;48.69;6.18
55;Meuse;48.77;5.16|56;Morbihan;47.66;-2.76|57;Moselle;49.12;6.18|58;Nièvre;46.99;3.16|59;Nord;50.63;3.06|60;Oise;49.43;2.08
61;Orne;48.43;0.09|62;Pas-de-Calais;50.29;2.78|63;Puy-de-Dôme;45.78;3.08|64;Pyrénées-Atlantiques;43.30;-0.37
65;Hautes-Pyrénées;43.23;0.08|66;Pyrénées-Orientales;42.70;2.90|67;Bas-Rhin;48.58;7.75|68;Haut-Rhin;48.08;7.36
69;Rhône;45.76;4.84|70;Haute-Saône;47.62;6.15|71;Saône-et-Loire;46.31;4.83|72;Sarthe;48.00;0.20|73;Savoie;45.57;5.92
74;Haute-Savoie;45.90;6.13|75;Paris;48.86;2.35|76;Seine-Maritime;49.44;1.10|77;Seine-et-Marne;48.54;2.66|78;Yvelines;48.80;2.13
79;Deux-Sèvres;46.32;-0.46|80;Somme;49.89;2.30|81;Tarn;43.93;2.15|82;Tarn-et-Garonne;44.02;1.35|83;Var;43.12;5.93
84;Vaucluse;43.95;4.81|85;Vendée;46.67;-1.43|86;Vienne;46.58;0.34|87;Haute-Vienne;45.83;1.26|88;Vosges;48.17;6.45
89;Yonne;47.80;3.57|90;Territoire de Belfort;47.64;6.86|91;Essonne;48.63;2.44
92;Hauts-de-Seine;48.89;2.21
93;Seine-Saint-Denis;48.91;2.44|94;Val-de-Marne;48.79;2.46|95;Val-d'Oise;49.05;2.10"""
OVERSEAS = {
    "971": "Guadeloupe",
    "972": "Martinique",
    "973": "Guyane",
    "974": "La Réunion",
    "976": "Mayotte",
}
MAINLAND = {
    code: (name, float(lat), float(lon))
    for code, name, lat, lon in (item.split(";") for item in _DATA.replace("\n", "|").split("|"))
}
NAMES = {**{code: name for code, (name, _, _) in MAINLAND.items()}, **OVERSEAS}

WIDTH, MARGIN, SCALE = 320, 12, 26.0  # px per degree of latitude
_COS = math.cos(math.radians(46.5))
_WEST, _NORTH = -4.8, 51.2


def departement_name(code: str) -> str:
    return NAMES.get(code, code)


def _xy(lat: float, lon: float) -> tuple[float, float]:
    return MARGIN + (lon - _WEST) * _COS * SCALE, MARGIN + (_NORTH - lat) * SCALE


def _disc(x: float, y: float, code: str, n: int, top: int) -> str:
    radius = 4 + 8 * math.sqrt(n / top)
    label = f"{departement_name(code)} ({code})\u00a0: {n}"
    return (
        f'<g class="carnet-carte__vu"><title>{escape(label)}</title><circle cx="{x:.1f}" '
        f'cy="{y:.1f}" r="{radius:.1f}" class="carnet-carte__disque"/><text x="{x:.1f}" '
        f'y="{y + 3:.1f}" text-anchor="middle" fill="#ffffff" stroke="none" font-size="8" '
        f'font-weight="bold" class="carnet-carte__code">{escape(code)}</text></g>'
    )


def departements_map(title: str, counts: dict[str, int]) -> Html:
    """The mainland as dots, the départements of `counts` as discs; overseas ones in boxes below."""
    # Named by its title: the same page is the same HTML at every build (see charts.bar_chart).
    ident = f"carte-{crc32(title.encode('utf-8')):08x}"
    top = max(counts.values(), default=0) or 1
    dots, seen = [], []  # seen: (count, svg), drawn largest first so that small discs stay on top
    for code, (_, lat, lon) in MAINLAND.items():
        x, y = _xy(lat, lon)
        dots.append(f'<circle cx="{x:.1f}" cy="{y:.1f}" r="2.2" class="carnet-carte__point"/>')
        if counts.get(code):
            seen.append((counts[code], _disc(x, y, code, counts[code], top)))
    base = _xy(41.3, 0)[1] + 14
    box = (WIDTH - 2 * MARGIN) / len(OVERSEAS)
    for i, code in enumerate(OVERSEAS):
        x = MARGIN + i * box
        dots.append(
            f'<rect x="{x + 2:.1f}" y="{base:.1f}" width="{box - 4:.1f}" height="34" rx="3" '
            f'fill="none" stroke="#9aa5b1" class="carnet-carte__cadre"/><text '
            f'x="{x + box / 2:.1f}" y="{base + 30:.1f}" text-anchor="middle" fill="#3e4c59" '
            f'font-size="8" class="carnet-carte__nom">'
            f"{escape(OVERSEAS[code])}</text>"
        )
        if counts.get(code):
            seen.append((counts[code], _disc(x + box / 2, base + 12, code, counts[code], top)))
    height = base + 34 + MARGIN
    return Html(
        f'<figure class="carnet-graphique carnet-carte"><svg role="img" aria-labelledby="{ident}" '
        f'viewBox="0 0 {WIDTH} {height:.0f}" width="{WIDTH}" height="{height:.0f}" '
        f'xmlns="http://www.w3.org/2000/svg"><title id="{ident}">{escape(title)}</title><g '
        f'fill="#9aa5b1" font-family="Arial, Helvetica, sans-serif">{"".join(dots)}</g><g '
        f'fill="#00695c" stroke="#ffffff" stroke-width="1" font-family="Arial, Helvetica, '
        f'sans-serif">{"".join(svg for _, svg in sorted(seen, key=lambda p: -p[0]))}</g>'
        "</svg></figure>"
    )
