"""Facilitators' pages: what needs a new check, and the dashboard."""

from __future__ import annotations

from collections import Counter, defaultdict
from datetime import date

from carnet.dates import freshness, months_before, parse_date
from carnet.model.content import Corpus, Document
from carnet.model.relations import Relations
from carnet.site.charts import bar_chart, table
from carnet.site.pages.common import Page, assemble, french_date, front
from carnet.site.pages.network import build_review_page, network_sections  # noqa: F401 (site.py imports the page from here)
from carnet.text import plural

DASHBOARD = "tableau-de-bord.md"
BUCKETS = (
    ("Fraîche (1)", 1.0, 1.01),
    ("0,75 à 1", 0.75, 1.0),
    ("0,5 à 0,75", 0.5, 0.75),
    ("0,25 à 0,5", 0.25, 0.5),
    ("0 à 0,25", 0.0001, 0.25),
    ("Périmée (0)", -1, 0.0001),
)


def scored(rel: Relations, today: date) -> list[tuple[Document, float]]:
    """Fiches and dysfonctionnements with their freshness score, oldest check first."""
    docs = [
        d
        for kind in ("fiche", "dysfonctionnement")
        for d in rel.docs[kind]
        if parse_date(d.get("verifiee_le"))
    ]
    pairs = [(d, freshness(day, today)) for d in docs if (day := parse_date(d.get("verifiee_le")))]
    return sorted(pairs, key=lambda p: (str(p[0].get("verifiee_le")), p[0].id))


def percent(value: float) -> str:
    return f"{round(value * 100)}\u00a0%"


def _coverage(corpus: Corpus, rel: Relations, key: str, today: date) -> tuple[list, list]:
    referentiel = corpus.referentiels[key]
    chart, rows = [], []
    for ident in referentiel.entries:
        fiches = rel.of(key, ident, "fiche")
        stale = [
            f
            for f in fiches
            if (day := parse_date(f.get("verifiee_le"))) and freshness(day, today) < 1
        ]
        active = [
            d for d in rel.of(key, ident, "dysfonctionnement") if d.get("statut") == "actif"
        ]  # not « contourné »
        label = referentiel.short_label(ident)
        chart.append((label, len(fiches)))
        rows.append(
            [label, len(fiches), percent(len(stale) / len(fiches)) if fiches else "—", len(active)]
        )
    return chart, rows


def _months(rel: Relations, today: date) -> list[tuple[str, int]]:
    months = [months_before(today, n).strftime("%Y-%m") for n in range(11, -1, -1)]
    created = Counter(
        str(d.get("creee_le", ""))[:7]
        for kind in ("fiche", "anecdote", "dysfonctionnement")
        for d in rel.docs[kind]
    )
    return [(french_date(m), created.get(m, 0)) for m in months]


def _buckets(rel: Relations, today: date) -> list[tuple[str, int]]:
    scores = [s for _, s in scored(rel, today)]
    return [(label, sum(low <= s < high for s in scores)) for label, low, high in BUCKETS]


def without_examples(rel: Relations) -> Relations:
    """The same indexes without `exemple` content: illustrative documents are never counted."""

    def real(docs: list[Document]) -> list[Document]:
        return [d for d in docs if not d.get("exemple")]

    return Relations(
        docs={k: real(v) for k, v in rel.docs.items()},
        by_ref=defaultdict(list, {k: real(v) for k, v in rel.by_ref.items()}),
    )


def build_dashboard(corpus: Corpus, rel: Relations, today: date) -> Page:
    examples = sum(
        bool(d.get("exemple"))
        for kind in ("fiche", "anecdote", "dysfonctionnement")
        for d in rel.docs[kind]
    )
    rel = without_examples(rel)
    parts = [
        front(
            "Tableau de bord",
            "Couverture, contributions et fraîcheur du carnet, pour les animateurs du réseau.",
        ),
        "# Tableau de bord",
        f"État du carnet au {french_date(today)}\u00a0: "
        f"{plural(len(rel.docs['fiche']), 'fiche')}, "
        f"{plural(len(rel.docs['anecdote']), 'anecdote')}, "
        f"{plural(len(rel.docs['dysfonctionnement']), 'dysfonctionnement')}. "
        "Les fiches à revérifier sont listées sur "
        "la page [À revérifier](a-reverifier.md)."
        + (f" Les contenus d'exemple ({examples}) ne sont pas comptés." if examples else ""),
    ]
    headers = ["Fiches", "À revérifier", "Dysfonctionnements actifs"]
    for key, title in (("administrations", "administration"), ("competences", "compétence")):
        chart, rows = _coverage(corpus, rel, key, today)
        parts += [
            f"## Couverture par {title}",
            bar_chart(f"Nombre de fiches par {title}", chart),
            table([title.capitalize(), *headers], rows, f"Couverture par {title}"),
        ]
    months = _months(rel, today)
    parts += [
        "## Contributions par mois",
        bar_chart("Contenus créés chaque mois, sur douze mois", months),
        table(["Mois", "Contenus créés"], [[m, n] for m, n in months], "Contributions par mois"),
    ]
    parts += network_sections(rel, today)
    buckets = _buckets(rel, today)
    parts += [
        "## Fraîcheur des fiches et dysfonctionnements",
        "La fraîcheur vaut 1 dans les six mois qui suivent une vérification, puis baisse jusqu'à 0 "
        "à deux ans.",
        bar_chart("Répartition de la fraîcheur", buckets),
        table(
            ["Fraîcheur", "Contenus"], [[b, n] for b, n in buckets], "Répartition de la fraîcheur"
        ),
    ]
    return assemble(DASHBOARD, parts)
