"""Reporters: the problems of `check`, `importer` and `liens` as text, Markdown, JSON, GitHub, CSV.

Each command turns what it found into a `Report` (the problems, plus the lines and counts only it
knows), and `--format` picks a reporter by name in `REPORTERS`. A reporter is a pure function,
`Report → str`; the commands differ only in their `Report`, never in how a problem is written.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field

from carnet.findings import AVERTISSEMENT, ERREUR, Finding

BOM = "\ufeff"  # French spreadsheets read UTF-8 only with it
CSV_DELIMITER = ";"  # and split columns on « ; », the comma being the decimal mark
CSV_COLUMNS = ("chemin", "ligne", "colonne", "gravite", "code", "message", "aide")


@dataclass(frozen=True)
class Table:
    """Markdown: problems in a table under a heading (« ### `fiches/a.md` », « ### À corriger »)."""

    heading: str
    problems: Sequence[Finding]


@dataclass(frozen=True)
class Markdown:
    """How a command lays out a GitHub comment: text, tables of problems, text.

    `columns` are (header, alignment row cell) pairs; `row` gives a problem's cells, already made
    safe for a table, since what is safe depends on whose text it is (a contributor's, a server's).
    """

    opening: Sequence[str]
    tables: Sequence[Table]
    columns: Sequence[tuple[str, str]]
    row: Callable[[Finding], Sequence[str]]
    closing: Sequence[str] = ()


@dataclass(frozen=True)
class Report:
    """What a command found: the problems, and what it says around them.

    Text: `opening` lines, each problem and its hint, `closing` lines (summary, what was written).
    JSON: `header` keys, then « constats », then `totals` keys. Markdown: the command's `markdown`
    layout, or one table per file.
    """

    problems: Sequence[Finding]
    opening: Sequence[str] = ()
    closing: Sequence[str] = ()
    header: Mapping[str, object] = field(default_factory=dict)
    totals: Mapping[str, object] = field(default_factory=dict)
    markdown: Markdown | None = None


Reporter = Callable[[Report], str]


def where(f: Finding) -> str:
    """« Libellé », and the line when the contribution was a file."""
    return f"« {f.field} »" + (f" (ligne {f.line})" if f.line else "")


def problem_line(f: Finding) -> str:
    """`path:line:col: gravité [code] message`; a field: `gravité [code] « Champ » : message`."""
    if f.path:
        return f"{f.path}:{f.line}:{f.col}: {f.severity} [{f.code}] {f.message}"
    return f"{f.severity} [{f.code}] {where(f)} : {f.message}"


def text(report: Report) -> str:
    """One problem per line, then its hint; the command's lines before and after."""
    lines = list(report.opening)
    for f in report.problems:
        lines.append(problem_line(f))
        if f.hint:
            lines.append(f"  aide : {f.hint}")
    return "\n".join(lines + list(report.closing)) + "\n"


def as_record(f: Finding) -> dict[str, object]:
    """A problem as JSON and CSV show it: the finding's keys, its field label, its details."""
    return f.as_dict() | ({"champ": f.field} if f.field else {}) | dict(f.details)


def json_report(report: Report) -> str:
    """A stable JSON document: the header keys, the problems in order (« constats »), the totals."""
    data = {
        **report.header,
        "constats": [as_record(f) for f in report.problems],
        **report.totals,
    }
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


def escape_data(text: str) -> str:
    """GitHub's escaping for an annotation's message."""
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(text: str) -> str:
    """GitHub's escaping for an annotation's properties (file, title…)."""
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


LEVELS = {ERREUR: "error", AVERTISSEMENT: "warning"}


def annotation(f: Finding) -> str:
    """`::error file=…,line=…,col=…,title=…::message` for one problem (no file for a form field)."""
    level = LEVELS.get(f.severity, "notice")  # the importer's notes: what was normalised
    message = f.message + (f"\naide : {f.hint}" if f.hint else "")
    place = f"file={escape_property(f.path)},line={f.line},col={f.col}," if f.path else ""
    title = escape_property(f"[{f.code}]" if f.path else f"[{f.code}] « {f.field} »")
    return f"::{level} {place}title={title}::{escape_data(message)}"


def github(report: Report) -> str:
    """Annotations (GitHub shows the first ten per step), then the text report for the log."""
    lines = [annotation(f) for f in report.problems]
    return "\n".join(lines + [text(report).rstrip("\n")]) + "\n"


def csv_report(report: Report) -> str:
    """A row per problem, `;` and a byte-order mark for French spreadsheets; details as columns."""
    records = [as_record(f) for f in report.problems]
    columns = list(dict.fromkeys([*CSV_COLUMNS, *(key for r in records for key in r)]))
    out = io.StringIO()
    writer = csv.writer(out, delimiter=CSV_DELIMITER)
    writer.writerow(columns)
    for record in records:
        writer.writerow(["" if record.get(c) is None else record.get(c, "") for c in columns])
    return BOM + out.getvalue()


def table_cell(text: str) -> str:
    """Text safe in a Markdown table cell: one line, pipes escaped."""
    return " ".join(text.split()).replace("|", "\\|")


def by_file(problems: Sequence[Finding]) -> list[Table]:
    """One table per file, in the order the files first appear."""
    groups: dict[str, list[Finding]] = {}
    for f in problems:
        groups.setdefault(f.path, []).append(f)
    return [Table(f"### `{path}`", found) for path, found in groups.items()]


def default_markdown(report: Report) -> Markdown:
    """For a command without its own layout: a table per file, then the summary."""
    return Markdown(
        opening=[],
        tables=by_file(report.problems),
        columns=[("Ligne", "---:"), ("Gravité", "---"), ("Problème", "---"), ("À faire", "---")],
        row=lambda f: [str(f.line), f.severity, table_cell(f.message), table_cell(f.hint)],
        closing=report.closing,
    )


def markdown(report: Report) -> str:
    """A GitHub comment or issue body: the command's opening, a table per group, its closing."""
    layout = report.markdown or default_markdown(report)
    out = list(layout.opening)
    for table in layout.tables:
        out += [
            table.heading,
            "",
            "| " + " | ".join(name for name, _ in layout.columns) + " |",
            "| " + " | ".join(align for _, align in layout.columns) + " |",
        ]
        out += ["| " + " | ".join(layout.row(f)) + " |" for f in table.problems]
        out.append("")
    return "\n".join(out + list(layout.closing)) + "\n"


REPORTERS: dict[str, Reporter] = {
    "text": text,
    "markdown": markdown,
    "json": json_report,
    "github": github,
    "csv": csv_report,
}


def render(name: str, report: Report) -> str:
    """The report in the format chosen by name (`--format`)."""
    return REPORTERS[name](report)
