"""Property tests: whatever a contributor writes, the checker answers with findings, never a
crash."""

from __future__ import annotations

import re
import time
from datetime import date
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from carnet.checking.check import check_corpus
from carnet.checking.personal_data import iban_is_valid, nir_is_valid
from carnet.model.content import load_corpus
from carnet.model.frontmatter import decode, parse_yaml, split
from conftest import CASES

KEYS = [
    "titre",
    "resume",
    "niveau",
    "competences",
    "administrations",
    "publics",
    "auteurs",
    "creee_le",
    "verifiee_le",
    "voir_aussi",
    "territoires",
    "duree_minutes",
    "liens",
    "statut",
    "resolu_le",
    "signalements",
    "selection",
    "rencontre",
    "exemple",
    "anonymisee",
    "date",
    "inconnue",
]
scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-(10**6), 10**6),
    st.floats(allow_nan=False),
    st.text(max_size=40),
    st.sampled_from(["2026-11-01", "2026-13-45", "caf", "pole-emploi", "63"]),
)
values = st.recursive(
    scalars,
    lambda inner: (
        st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4)
    ),
    max_leaves=12,
)
front_matters = st.dictionaries(st.sampled_from(KEYS) | st.text(max_size=10), values, max_size=10)
SETTINGS = settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)


def write_corpus(tmp: Path, files: dict[str, bytes]) -> Path:
    content = tmp / "content"
    for folder in ("fiches", "anecdotes", "dysfonctionnements", "themes"):
        (content / folder).mkdir(parents=True, exist_ok=True)
    (content / "referentiels").mkdir(exist_ok=True)
    for name in ("administrations", "competences", "publics"):
        (content / "referentiels" / f"{name}.yml").write_bytes(
            (CASES / "_referentiels" / f"{name}.yml").read_bytes()
        )
    for rel, raw in files.items():
        (content / rel).write_bytes(raw)
    return content


@SETTINGS
@given(
    meta=front_matters,
    folder=st.sampled_from(["fiches", "anecdotes", "dysfonctionnements", "themes"]),
)
def test_random_front_matter_never_crashes(tmp_path_factory, meta: dict, folder: str) -> None:
    tmp = tmp_path_factory.mktemp("fm")
    text = "---\n" + yaml.safe_dump(meta, allow_unicode=True) + "---\n\n## Situation\n"
    content = write_corpus(tmp, {f"{folder}/essai.md": text.encode("utf-8")})
    findings = check_corpus(load_corpus(content), date(2026, 11, 23))
    assert all(f.path.endswith(".md") or f.path.endswith(".yml") for f in findings)
    assert all(f.line >= 1 and f.col >= 1 and f.message for f in findings)


@SETTINGS
@given(raw=st.binary(max_size=600))
def test_random_bytes_never_crash(tmp_path_factory, raw: bytes) -> None:
    tmp = tmp_path_factory.mktemp("bytes")
    content = write_corpus(tmp, {"fiches/essai.md": raw, "themes/2026-11.md": b"---\n" + raw})
    findings = check_corpus(load_corpus(content), date(2026, 11, 23))
    assert all(f.line >= 1 and f.message for f in findings)


@settings(max_examples=200, deadline=None)
@given(text=st.text(max_size=300))
def test_parsers_return_findings_not_exceptions(text: str) -> None:
    """Each stage returns either a value or French findings that name the file and a line in it."""
    raw = text.encode("utf-8", "surrogatepass") if text else b""
    decoded, problems = decode(raw, "x.md")
    stages = [(decoded, problems)]
    if decoded is not None:
        parts, problems = split(decoded, "x.md")
        stages.append((parts, problems))
        if parts is not None:
            parsed = parse_yaml(parts.front, "x.md", 2)
            stages.append((None if parsed.findings else parsed, parsed.findings))
    parsed = parse_yaml(text, "x.yml", 1)
    stages.append((None if parsed.findings else parsed, parsed.findings))
    lines = max(1, text.count("\n") + 1 + text.count("\r"))
    for value, findings in stages:
        assert (value is None) == bool(findings), (
            value,
            findings,
        )  # a value, or the reasons there is none
        for f in findings:
            assert (
                f.path in ("x.md", "x.yml")
                and 1 <= f.line <= lines + 1
                and f.message
                and f.is_error
            )


# What lxml refuses (the Atom feeds, the sanitiser): a text the checker lets through must have none.
XML_INCOMPATIBLE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")


@settings(max_examples=200, deadline=None)
@given(title=st.text(max_size=40), body=st.text(max_size=200))
def test_accepted_text_holds_no_control_character(title: str, body: str) -> None:
    """A control character, raw in the body or written as a YAML escape in a value (« "\\a" »), is
    refused: the build wrote it into an Atom feed and failed with a traceback after « 0 erreur »."""
    front = yaml.safe_dump({"titre": title}, allow_unicode=True)
    raw = f"---\n{front}---\n{body}".encode("utf-8", "surrogatepass")
    text, problems = decode(raw, "x.md")
    parts = split(text, "x.md")[0] if text is not None else None
    parsed = parse_yaml(parts.front, "x.md", 2) if parts is not None else None
    if parsed is None or parsed.findings:
        return
    assert not XML_INCOMPATIBLE.search(parts.body) and not XML_INCOMPATIBLE.search(
        str(parsed.value)
    )


def _check_seconds(tmp: Path, body: str) -> float:
    head = (CASES / "valide" / "content" / "fiches" / "creer-une-adresse.md").read_text("utf-8")
    content = write_corpus(tmp, {"fiches/gros.md": (head + body).encode("utf-8")})
    started = time.perf_counter()
    check_corpus(load_corpus(content), date(2026, 11, 23))
    return time.perf_counter() - started


@pytest.mark.parametrize(
    "make, small",
    [
        # Spaces after a heading: the pattern was cubic (2,000 spaces took 10 s, so this test fails
        # in seconds instead of hanging).
        (lambda size: "## a" + " " * size + "b\n", 200),
        (lambda size: "## Étapes  # 1\n" * (size // 15), 20_000),  # each heading counted lines
        (lambda size: "Situation\n-\n\n" * (size // 13), 20_000),  # headings underlined
        (lambda size: "• a\n" * (size // 6), 20_000),
        (lambda size: "– a\n" * (size // 6), 20_000),
    ],
)
def test_body_checks_are_linear(tmp_path_factory, make, small: int) -> None:
    """Ten times the text takes about ten times as long, never a hundred (compared within the run,
    so a busy machine does not matter)."""
    short = _check_seconds(tmp_path_factory.mktemp("petit"), make(small))
    long = _check_seconds(tmp_path_factory.mktemp("grand"), make(10 * small))
    assert long < max(30 * short, 1.0), f"{short:.2f} s pour {small} caractères, {long:.2f} s ×10"


@given(number=st.integers(10**12, 10**13 - 1))
def test_nir_key_is_checked(number: int) -> None:
    body = str(number).zfill(13)
    key = 97 - int(body) % 97
    assert nir_is_valid(f"{body}{key:02d}")
    assert not nir_is_valid(f"{body}{(key % 97) + 1:02d}")


def test_known_iban() -> None:
    assert iban_is_valid("FR76 3000 6000 0112 3456 7890 189")
    assert not iban_is_valid("FR76 3000 6000 0112 3456 7890 180")
