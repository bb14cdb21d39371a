"""Date order: nothing in the future, verification after creation, resolution versus status."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

from carnet.checking.rules.context import Context
from carnet.dates import needs_review, parse_date
from carnet.findings import Finding, error, warning
from carnet.model.content import Corpus, Document

PAST_KEYS = ("creee_le", "verifiee_le", "constate_le", "resolu_le", "date")
NESTED_PAST = (("signalements", "date"), ("signale_a", "date"))


def check(corpus: Corpus, context: Context) -> Iterator[Finding]:
    for doc in corpus.targets():
        if doc.readable and doc.kind in ("fiche", "anecdote", "dysfonctionnement"):
            yield from _check_future(doc, context.today)
            yield from _check_order(doc, "verifiee_le", "creee_le", "la date de création")
            yield from _check_review(doc, context.today)
            if doc.kind == "dysfonctionnement":
                yield from _check_resolution(doc)
                yield from _check_reports(doc)


def _at(doc: Document, path: tuple, code: str, message: str, hint: str) -> Finding:
    line, col = doc.where(path)
    return error(doc.rel, line, code, message, hint, col)


def _check_future(doc: Document, today: date) -> Iterator[Finding]:
    targets: list[tuple[tuple[str | int, ...], object]] = [
        ((key,), doc.get(key)) for key in PAST_KEYS
    ]
    for key, sub in NESTED_PAST:
        items = doc.get(key)
        if isinstance(items, list):
            targets += [
                ((key, i, sub), item.get(sub))
                for i, item in enumerate(items)
                if isinstance(item, dict)
            ]
    for path, value in targets:
        day = parse_date(value)
        if day and day > today:
            yield _at(
                doc,
                path,
                "date-future",
                f"« {path[-1]} » : {value} est dans le futur",
                f"indiquez une date passée ou celle du jour ({today.isoformat()})",
            )


def _check_order(doc: Document, later: str, earlier: str, label: str) -> Iterator[Finding]:
    first, second = parse_date(doc.get(earlier)), parse_date(doc.get(later))
    if first and second and second < first:
        yield _at(
            doc,
            (later,),
            "date-ordre",
            f"« {later} » ({doc.get(later)}) est avant {label} ({doc.get(earlier)})",
            f"« {later} » ne peut pas précéder « {earlier} »",
        )


def _check_review(doc: Document, today: date) -> Iterator[Finding]:
    verified = parse_date(doc.get("verifiee_le"))
    if verified and doc.kind in ("fiche", "dysfonctionnement") and needs_review(verified, today):
        line, col = doc.where(("verifiee_le",))
        yield warning(
            doc.rel,
            line,
            "a-reverifier",
            f"vérifiée le {verified.isoformat()}, il y a plus de 6 mois : à revérifier",
            "vérifiez le contenu sur le site officiel, puis mettez « verifiee_le » à la date du "
            "jour",
            col,
        )


def _check_resolution(doc: Document) -> Iterator[Finding]:
    status, resolved = doc.get("statut"), doc.get("resolu_le")
    if status == "resolu" and resolved is None:
        yield _at(
            doc,
            ("statut",),
            "resolu-sans-date",
            "statut « resolu » sans date « resolu_le »",
            "ajoutez resolu_le: AAAA-MM-JJ, le jour où le problème a disparu",
        )
    elif status in ("actif", "contourne") and resolved is not None:
        yield _at(
            doc,
            ("resolu_le",),
            "date-resolution-interdite",
            f"« resolu_le » alors que le statut est « {status} »",
            "retirez resolu_le, ou passez le statut à « resolu »",
        )
    yield from _check_order(doc, "resolu_le", "constate_le", "la date de constat")


def _check_reports(doc: Document) -> Iterator[Finding]:
    seen = parse_date(doc.get("constate_le"))
    items = doc.get("signalements")
    if not seen or not isinstance(items, list):
        return
    for index, item in enumerate(items):
        day = parse_date(item.get("date")) if isinstance(item, dict) else None
        if day and day < seen:
            yield _at(
                doc,
                ("signalements", index, "date"),
                "date-ordre",
                f"confirmation du {day.isoformat()} antérieure au constat ({seen.isoformat()})",
                "une confirmation date d'après « constate_le » ; sinon avancez « constate_le »",
            )
