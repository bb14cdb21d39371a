"""The facilitator's month: review planning, reports in plain text, the letter read from git, the
meeting pack,
the calendar files and the next meeting on the home page. « Today » is 2026-11-23."""

from __future__ import annotations

import csv
import io
import os
import shutil
import subprocess
from datetime import date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
import vobject
from bs4 import BeautifulSoup
from icalendar import Calendar

from carnet.cli.main import main
from carnet.contribution.scaffold import proposed_meeting
from carnet.facilitation.admin_report import build_admin_report
from carnet.facilitation.admin_report_text import message, render_report_text, split_message
from carnet.facilitation.newsletter import build_letter, render_letter_markdown
from carnet.facilitation.pack import render_pack_html, render_pack_markdown
from carnet.model.content import load_corpus
from carnet.model.history import load_history, visible
from carnet.model.month import build_month_news, read_month_changes
from carnet.model.relations import build_relations
from carnet.site.calendar_ics import (
    build_agenda,
    build_ics,
    meeting_sequence,
    paris_timezone,
    stamp_of,
    uid_domain,
)
from carnet.site.pages.common import SiteSettings
from carnet.site.pages.home import build_home
from carnet.site.pages.printing import build_pack
from conftest import TODAY

ANIMATION = Path(__file__).parent / "animation_fixture" / "content"
C = "tests/animation_fixture/content"
SITE = "https://carnet.example.org/reseau/"


from test_animation import at_repo, nb, run  # noqa: E402,F401 (the same conventions; at_repo is an autouse fixture)

# --- carnet revue --dans --par
# -------------------------------------------------------------------------------

REVUE_PAR_ADMINISTRATION = nb(f"""\
CAF (2)~:
  {C}/dysfonctionnements/caf-session-expiree.md~: dysfonctionnement vérifié le 1er~avril~2026 (échéance 1er~octobre~2026), fraîcheur 0,90 — «~La session expire avant l'envoi~» (Une conseillère numérique) https://carnet.example.org/reseau/dysfonctionnements/caf-session-expiree/
  {C}/fiches/bientot-a-revoir.md~: fiche vérifiée le 5~juin~2026 (échéance 5~décembre~2026), fraîcheur 1,00 — «~Une fiche à revoir dans quelques jours~» (Sacha) https://carnet.example.org/reseau/fiches/bientot-a-revoir/
Sans administration (2)~:
  {C}/fiches/vieille-fiche.md~: fiche vérifiée le 23~mai~2025 (échéance 23~novembre~2025), fraîcheur 0,33 — «~Une fiche vérifiée il y a longtemps~» (Sacha) https://carnet.example.org/reseau/fiches/vieille-fiche/
  {C}/fiches/mot-de-passe.md~: fiche vérifiée le 1er~mars~2026 (échéance 1er~septembre~2026), fraîcheur 0,85 — «~Construire un mot de passe solide~» (Équipe Carnet, Anonyme) https://carnet.example.org/reseau/fiches/mot-de-passe/
4~contenus à revérifier d'ici 20~jours sur 8, dont 3 déjà en retard (dernière vérification il y a plus de 6~mois).
""")


def test_revue_within_days_grouped_by_administration(capsys: pytest.CaptureFixture) -> None:
    code, out, err = run(capsys, "revue", "--content", C, "--dans", "20", "--par", "administration")
    assert (code, out, err) == (0, REVUE_PAR_ADMINISTRATION, "")


def test_revue_by_author_lists_anonymous_last_and_a_content_in_each_of_its_groups(
    capsys: pytest.CaptureFixture,
) -> None:
    code, out, _ = run(capsys, "revue", "--content", C, "--dans", "20", "--par", "auteur")
    heads = [line for line in out.splitlines() if not line.startswith("  ")][:-1]
    assert heads == [
        nb(h)
        for h in (
            "Sacha (2)~:",
            "Équipe Carnet (1)~:",
            "Une conseillère numérique (1)~:",
            "Anonyme (1)~:",
        )
    ]


def test_revue_csv_and_markdown_grouped(capsys: pytest.CaptureFixture) -> None:
    code, out, _ = run(
        capsys, "revue", "--content", C, "--dans", "20", "--par", "auteur", "--format", "csv"
    )
    rows = list(csv.reader(io.StringIO(out.removeprefix("\ufeff"), newline=""), delimiter=";"))
    assert code == 0 and out.startswith("\ufeffAuteur;Échéance;")
    assert [(r[0], r[1], r[5]) for r in rows[1:3]] == [
        ("Sacha", "2025-11-23", "Une fiche vérifiée il y a longtemps"),
        ("Sacha", "2026-12-05", "Une fiche à revoir dans quelques jours"),
    ]
    assert rows[1][-1] == SITE + "fiches/vieille-fiche/"
    _, out, _ = run(
        capsys, "revue", "--content", C, "--par", "administration", "--format", "markdown"
    )
    assert [line for line in out.splitlines() if line.startswith("## ")] == [
        "## CAF (1)",
        "## Sans administration (2)",
    ]
    assert (
        "| [La session expire avant "
        "l'envoi](https://carnet.example.org/reseau/dysfonctionnements/caf-session-expiree/) "
        "|" in out
    )


def test_revue_refuses_negative_days(capsys: pytest.CaptureFixture) -> None:
    code, out, err = run(capsys, "revue", "--content", C, "--dans", "-3")
    assert (code, out) == (2, "") and "le nombre de jours doit être positif" in err


# --- carnet rapport --format texte
# ---------------------------------------------------------------------------

MESSAGE_DEPOT = nb("""\
Objet~: Le dépôt d'un justificatif échoue

Bonjour,

Le réseau des médiateurs et médiatrices numériques du carnet de terrain vous signale un dysfonctionnement de la \
démarche «~Dépôt d'un justificatif~» (https://www.caf.fr/allocataires/mon-compte).

Gravité~: bloquant. Statut~: actif.

Constaté le 3~novembre~2026, vu pour la dernière fois le 15~novembre~2026, 2~confirmations du terrain \
(départements~: 2B, 63).

Ce que l'on constate~:
Le dépôt échoue avec le message «~Une erreur est survenue~».

Ce que nous faisons en attendant~:
- Recréer le PDF depuis un ordinateur.
- Garder une capture d'écran de l'erreur.

Déjà signalé~: Services Publics+ (12~novembre~2026, réf. SP-1234).

Merci de votre attention.""")


@pytest.mark.parametrize("typed", ["CAF", "Caf", "caf"])
def test_rapport_texte_whole_message_in_any_case(capsys: pytest.CaptureFixture, typed: str) -> None:
    code, out, err = run(capsys, "rapport", typed, "--content", C, "--format", "texte")
    rule = "=" * 60
    assert (code, err) == (0, "")
    assert out.startswith(
        nb(
            "Dysfonctionnements en cours~: Caisse d'allocations familiales (CAF)\nAu "
            "23~novembre~2026~: 2~dysfonctionnements actifs ou contournés.\n"
        )
    )
    assert nb("ATTENTION~: 1~message marqué «~EXEMPLE FICTIF~»~: à ne pas transmettre.") in out
    assert (
        f"{rule}\n{nb('Message 1 sur 2 (709~caractères)')}\n{rule}\n{MESSAGE_DEPOT}\n\n{rule}\n"
        in out
    )
    assert nb("Message 2 sur 2 — EXEMPLE FICTIF, À NE PAS TRANSMETTRE") in out and "…" not in out


@pytest.mark.parametrize(
    "typed, note",
    [
        (
            "pole-emploi",
            "«~pole-emploi~»~: rapport de l'administration «~france-travail~» (anciennement Pôle "
            "emploi)",
        ),
        (
            "Pôle emploi",
            "«~Pôle emploi~»~: rapport de l'administration «~france-travail~» (anciennement Pôle "
            "emploi)",
        ),
        ("ameli", "«~ameli~»~: rapport de l'administration «~cpam~» (aussi appelée ameli)"),
    ],
)
def test_rapport_accepts_other_names(capsys: pytest.CaptureFixture, typed: str, note: str) -> None:
    code, out, err = run(capsys, "rapport", typed, "--content", C)
    assert (
        code == 0
        and err == nb(f"carnet : {note}\n")
        and out.startswith("# Dysfonctionnements en cours")
    )


def test_rapport_texte_with_nothing_to_send(capsys: pytest.CaptureFixture) -> None:
    code, out, _ = run(capsys, "rapport", "cpam", "--content", C, "--format", "texte")
    assert code == 0 and out.endswith(nb("Rien à transmettre~: aucun message.\n"))
    assert "à copier tel quel" not in out


def test_long_messages_are_split_never_cut() -> None:
    report = build_admin_report(load_corpus(ANIMATION), "caf", TODAY)
    whole = message(report, report.malfunctions[0])
    parts = split_message(whole, 300)
    assert [p.split("\n", 1)[0] for p in parts] == [
        "(partie 1 sur 3)",
        "(partie 2 sur 3)",
        "(partie 3 sur 3)",
    ]
    assert all(len(p) <= 300 for p in parts)
    assert (
        "\n\n".join(p.split("\n\n", 1)[1] for p in parts) == whole
    )  # cut between paragraphs, nothing lost
    words = " ".join(["x" * 50] * 20)
    assert all(len(p) <= 200 for p in split_message(words, 200))
    assert "".join(split_message(words, 200)).count("x" * 50) == 20
    text = render_report_text(report, 300)
    assert [line.split(" (")[0] for line in text.splitlines() if line.startswith("Message 1 ")] == [
        "Message 1 sur 2, partie 1 sur 3",
        "Message 1 sur 2, partie 2 sur 3",
        "Message 1 sur 2, partie 3 sur 3",
    ]


def test_rapport_limit_from_the_referentiel(tmp_path: Path) -> None:
    content = tmp_path / "content"
    shutil.copytree(ANIMATION, content)
    admins = content / "referentiels" / "administrations.yml"
    admins.write_text(
        admins.read_text("utf-8").replace(
            "    url: https://www.caf.fr/contact\n",
            "    url: https://www.caf.fr/contact\n    limite_caracteres: 400\n",
        ),
        encoding="utf-8",
    )
    report = build_admin_report(load_corpus(content), "caf", TODAY)
    assert report.limite == 400 and "(au plus 400 caractères par message)" in render_report_text(
        report
    ).replace("\u00a0", " ")


# --- the letter and git history
# ------------------------------------------------------------------------------


def git(repo: Path, when: str, *args: str) -> None:
    env = {
        **os.environ,
        "GIT_AUTHOR_DATE": when,
        "GIT_COMMITTER_DATE": when,
        "GIT_AUTHOR_NAME": "Test",
        "GIT_AUTHOR_EMAIL": "test@example.org",
        "GIT_COMMITTER_NAME": "Test",
        "GIT_COMMITTER_EMAIL": "test@example.org",
        "GIT_CONFIG_GLOBAL": os.devnull,
        "GIT_CONFIG_NOSYSTEM": "1",
    }
    subprocess.run(["git", "-C", str(repo), *args], check=True, env=env, capture_output=True)


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text("utf-8")
    assert old in text, (path, old)
    path.write_text(text.replace(old, new), encoding="utf-8")


@pytest.fixture(scope="module")
def carnet_repo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A carnet with its history: October as the fixture was, then November's changes."""
    repo = tmp_path_factory.mktemp("depot")
    content = repo / "content"
    shutil.copytree(ANIMATION, content)
    depot = content / "dysfonctionnements" / "caf-depot-bloque.md"
    theme = content / "themes" / "2026-12.md"
    edit(theme, "date: 2026-12-10", "date: 2026-12-03")
    git(repo, "2026-10-15T10:00:00+02:00", "init", "-q")
    git(repo, "2026-10-15T10:00:00+02:00", "add", "-A")
    git(repo, "2026-10-15T10:00:00+02:00", "commit", "-q", "-m", "octobre")
    fiches = content / "fiches"
    edit(fiches / "declarer-ses-ressources.md", "Une situation.", "Une situation, mieux expliquée.")
    edit(fiches / "declarer-ses-ressources.md", "auteurs: [Dominique]", "auteurs: [Dominique, Lou]")
    edit(
        fiches / "mot-de-passe.md", "verifiee_le: 2026-03-01", "verifiee_le: 2026-11-12"
    )  # a check, nothing else
    edit(
        fiches / "mot-de-passe.md",
        "## Situation\n",
        "## Situation\n<!-- une note pour les relecteurs -->\n",
    )
    edit(depot, "statut: actif", "statut: contourne")
    edit(theme, "date: 2026-12-03", "date: 2026-12-10")  # the meeting moved
    git(repo, "2026-11-16T09:00:00+01:00", "commit", "-q", "-a", "-m", "novembre")
    return repo


def test_letter_tells_changed_sheets_from_checks(carnet_repo: Path) -> None:
    corpus = load_corpus(carnet_repo / "content")
    history = load_history(carnet_repo / "content")
    assert history is not None
    changes = read_month_changes(history, corpus, "2026-11", TODAY)
    assert changes.changed == {"declarer-ses-ressources", "caf-depot-bloque"}
    news = build_month_news(corpus, "2026-11", changes)
    assert [d.id for d in news.changed_fiches] == ["declarer-ses-ressources"]
    assert news.rechecked == 1  # mot-de-passe: a new date and a comment nobody sees
    assert [d.id for d in news.worked_around] == ["caf-depot-bloque"]
    assert news.contributors == ("Camille", "Lou")
    letter = render_letter_markdown(build_letter(corpus, "2026-11", TODAY, SITE, "Carnet", changes))
    assert (
        nb("- Fiches~: 1~nouvelle fiche, 1~fiche modifiée, 1~fiche revérifiée sans changement.")
        in letter
    )
    assert nb("## Fiches modifiées\n\nCe qui a changé pour les lecteurs") in letter
    assert (
        nb(
            "Merci à celles et ceux qui ont contribué en novembre~2026~: Camille, Lou et "
            "1~contribution anonyme."
        )
        in letter
    )


def test_letter_cli_reads_the_history(carnet_repo: Path, capsys: pytest.CaptureFixture) -> None:
    code, out, err = run(capsys, "lettre", "2026-11", "--content", str(carnet_repo / "content"))
    assert code == 0 and "historique" not in err and "## Fiches modifiées" in out
    assert "[Déclarer ses ressources \\<sans> se tromper](fiches/declarer-ses-ressources/)" in out


def test_visible_ignores_the_check_date_and_comments() -> None:
    page = "---\ntitre: A\nverifiee_le: 2026-01-01\n---\n\nTexte.  \n\n\n<!-- note -->\nFin.\n"
    assert visible(page) == visible(
        page.replace("2026-01-01", "2026-11-01").replace("<!-- note -->", "")
    )
    assert (
        visible(page) != visible(page.replace("titre: A", "titre: B"))
        and visible("pas de front matter") is None
    )


def test_no_history_in_a_shallow_clone_or_a_nested_folder(
    carnet_repo: Path, tmp_path: Path
) -> None:
    clone = tmp_path / "clone"
    subprocess.run(
        ["git", "clone", "-q", "--depth", "1", f"file://{carnet_repo}", str(clone)],
        check=True,
        capture_output=True,
    )
    assert load_history(clone / "content") is None
    assert load_history(ANIMATION) is None and load_history(tmp_path) is None


# --- calendar
# -----------------------------------------------------------------------------------------------


def _lines(ics: str) -> list[str]:
    assert ics.endswith("\r\n") and "\n" not in ics.replace("\r\n", "")
    return ics.split("\r\n")[:-1]


def test_ics_is_strict_rfc_5545_text() -> None:
    theme = load_corpus(ANIMATION).by_id["2026-12"]
    ics = build_ics(theme, SITE + "themes/2026-12/", stamp_of(TODAY), 3, uid_domain(SITE))
    for line in _lines(ics):
        assert len(line.encode("utf-8")) <= 75, line  # folded at 75 octets
    unfolded = "\r\n".join(_lines(ics)).replace("\r\n ", "").split("\r\n")
    stack, seen = [], []
    for line in unfolded:  # components properly nested, each with the properties RFC 5545 requires
        name, _, value = line.partition(":")
        if name == "BEGIN":
            stack.append((value, set()))
        elif name == "END":
            component, props = stack.pop()
            assert component == value
            required = {
                "VCALENDAR": {"PRODID", "VERSION"},
                "VEVENT": {"UID", "DTSTAMP", "DTSTART"},
                "VTIMEZONE": {"TZID"},
                "DAYLIGHT": {"DTSTART", "TZOFFSETFROM", "TZOFFSETTO"},
                "STANDARD": {"DTSTART", "TZOFFSETFROM", "TZOFFSETTO"},
            }[component]
            assert required <= props, (component, props)
            seen.append(component)
        else:
            stack[-1][1].add(name.split(";")[0])
    assert stack == [] and seen == ["DAYLIGHT", "STANDARD", "VTIMEZONE", "VEVENT", "VCALENDAR"]


@pytest.mark.parametrize(
    "theme_id, start, end",
    [
        (
            "2026-12",
            "2026-12-10T09:30:00+01:00",
            "2026-12-10T11:30:00+01:00",
        ),  # winter, 120 minutes
        ("2026-11", "2026-11-26T14:30:00+01:00", "2026-11-26T16:00:00+01:00"),  # default 90 minutes
    ],
)
def test_two_independent_parsers_read_the_same_hour(theme_id: str, start: str, end: str) -> None:
    theme = load_corpus(ANIMATION).by_id[theme_id]
    ics = build_ics(theme, SITE + f"themes/{theme_id}/", stamp_of(TODAY), 2, uid_domain(SITE))
    event = next(iter(Calendar.from_ical(ics).walk("VEVENT")))
    assert (event.decoded("dtstart").isoformat(), event.decoded("dtend").isoformat()) == (
        start,
        end,
    )
    assert (str(event["UID"]), int(event["SEQUENCE"])) == (
        f"rencontre-{theme_id}@carnet.example.org.reseau",
        2,
    )
    other = vobject.readOne(ics).vevent  # vobject builds its timezone from the file's own VTIMEZONE
    assert (other.dtstart.value.isoformat(), other.dtend.value.isoformat()) == (start, end)
    assert other.uid.value == str(event["UID"]) and other.sequence.value == "2"


def test_summer_meeting_and_the_timezone_block_agree_with_zoneinfo(tmp_path: Path) -> None:
    corpus = load_corpus(ANIMATION)
    theme = corpus.by_id["2026-12"]
    theme.meta = {**theme.meta, "rencontre": {"date": "2027-07-01", "heure": "18:00"}}
    ics = build_ics(theme, "", stamp_of(TODAY))
    assert vobject.readOne(ics).vevent.dtstart.value.isoformat() == "2027-07-01T18:00:00+02:00"
    tz = paris_timezone().to_tz()
    paris = ZoneInfo("Europe/Paris")
    moment = datetime(2026, 1, 1, 12)
    while moment < datetime(2031, 1, 1):
        assert moment.replace(tzinfo=tz).utcoffset() == moment.replace(tzinfo=paris).utcoffset(), (
            moment
        )
        moment += timedelta(hours=37)


def test_sequence_grows_when_the_meeting_moves(carnet_repo: Path) -> None:
    corpus = load_corpus(carnet_repo / "content")
    history = load_history(carnet_repo / "content")
    theme = corpus.by_id["2026-12"]
    assert meeting_sequence(history, theme) == 1 and meeting_sequence(None, theme) == 0
    theme.meta = {
        **theme.meta,
        "rencontre": {**theme.meta["rencontre"], "heure": "10:00"},
    }  # edited, not committed
    assert meeting_sequence(history, theme) == 2
    assert meeting_sequence(history, corpus.by_id["2026-11"]) == 0  # never moved


def test_agenda_holds_every_meeting_once_with_one_timezone() -> None:
    themes = load_corpus(ANIMATION).of_kind("theme")
    agenda = build_agenda(themes, SITE, stamp_of(TODAY), {"2026-12": 1}, "Réseau : rencontres")
    calendar = Calendar.from_ical(agenda)
    assert [str(e["UID"]) for e in calendar.walk("VEVENT")] == [
        "rencontre-2026-11@carnet.example.org.reseau",
        "rencontre-2026-12@carnet.example.org.reseau",
    ]
    assert (
        len(calendar.walk("VTIMEZONE")) == 1
        and str(calendar["X-WR-CALNAME"]) == "Réseau : rencontres"
    )
    assert [e.sequence.value for e in vobject.readOne(agenda).vevent_list] == ["0", "1"]


def test_site_publishes_the_agenda_and_the_invitation(fixture_site: Path) -> None:
    agenda = (fixture_site / "themes" / "agenda.ics").read_text("utf-8")
    invitation = (fixture_site / "themes" / "2026-11.ics").read_text("utf-8")
    assert (
        "BEGIN:VTIMEZONE" in invitation and "DTEND;TZID=Europe/Paris:20261126T153000" in invitation
    )
    assert vobject.readOne(agenda).vevent.uid.value == vobject.readOne(invitation).vevent.uid.value


# --- the home page announces the next meeting
# ----------------------------------------------------------------


def _home(day: date) -> str:
    corpus = load_corpus(ANIMATION)
    return build_home(corpus, build_relations(corpus), SiteSettings(today=day)).full_markdown()


def test_home_announces_next_months_meeting_once_this_months_is_past() -> None:
    before, after = _home(date(2026, 11, 23)), _home(date(2026, 11, 27))
    assert nb("le 26~novembre~2026") in before and "2026-12.ics" not in before
    assert (
        nb("le 10~décembre~2026") in after
        and nb("26~novembre") not in after
        and "a eu lieu" not in after
    )
    assert 'href="themes/2026-12.ics"' in after and 'href="themes/agenda.ics"' in after
    assert (
        nb("Le thème du mois~: Quand personne ne répond") in after
    )  # November's theme stays the theme of the month
    assert "Prochaine rencontre" not in _home(date(2026, 12, 11))  # nothing after the last one


@pytest.mark.parametrize(
    "month, day, expected",
    [
        ("2026-12", date(2026, 11, 29), date(2026, 12, 17)),  # third Thursday, not today
        (
            "2026-11",
            date(2026, 11, 23),
            date(2026, 11, 26),
        ),  # third Thursday past: the next one in the month
        (
            "2026-11",
            date(2026, 11, 27),
            date(2026, 11, 19),
        ),  # no Thursday left: still inside the month
        ("2027-01", date(2026, 11, 23), date(2027, 1, 21)),
    ],
)
def test_new_theme_proposes_a_meeting_inside_its_month(
    month: str, day: date, expected: date
) -> None:
    assert proposed_meeting(month, day) == expected


def test_new_theme_has_the_meeting_keys_commented(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture
) -> None:
    monkeypatch.chdir(tmp_path)
    shutil.copytree(ANIMATION, tmp_path / "content")
    (tmp_path / "content" / "themes" / "2026-12.md").unlink()
    assert main(["nouveau", "theme", "2026-12"]) == 0
    text = (tmp_path / "content" / "themes" / "2026-12.md").read_text("utf-8")
    meeting = [
        line.split("#", 2)[1].strip() for line in text.splitlines() if line.startswith("#   ")
    ]
    assert meeting == [
        "date: 2026-12-17",
        'heure: "14:00"',
        "duree_minutes: 90",
        'lieu: "En visio"',
        'visio_url: "https://"',
        'inscription_url: "https://"',
    ]


# --- the meeting pack
# ----------------------------------------------------------------------------------------


def test_pack_holds_the_month_and_what_to_check_in_the_themes_scope() -> None:
    corpus = load_corpus(ANIMATION)
    pack = build_pack(corpus.by_id["2026-12"], corpus, TODAY, SITE)
    assert [d.id for d in pack.selection] == [
        "declarer-ses-ressources",
        "caf-session-expiree",
        "mot-de-passe",
    ]
    assert pack.news.month == "2026-11" and [d.id for d in pack.news.opened] == ["caf-depot-bloque"]
    assert [(c.doc.id, c.count) for c in pack.news.confirmed] == [("caf-depot-bloque", 2)]
    # Due by the meeting (10 December), in the selection or sharing CAF or « messagerie » with it:
    assert [i.id for i in pack.review] == [
        "vieille-fiche",
        "mot-de-passe",
        "caf-session-expiree",
        "bientot-a-revoir",
    ]


def test_pack_html_is_one_self_contained_printable_file(
    capsys: pytest.CaptureFixture, tmp_path: Path
) -> None:
    target = tmp_path / "dossier.html"
    code, out, err = run(capsys, "pack", "2026-12", "--content", C, "--sortie", str(target))
    assert (code, err) == (0, "") and out == f"Dossier de la rencontre écrit dans {target}\n"
    soup = BeautifulSoup(target.read_text("utf-8"), "html.parser")
    assert (
        soup.find_all(["script", "link", "img", "iframe"]) == []
        and "size: A4" in soup.style.get_text()
    )
    assert [h.get_text() for h in soup.select("h2.carnet-saut")] == [
        "Déclarer ses ressources <sans> se tromper",
        "La session expire avant l'envoi",
        "Construire un mot de passe solide",
        nb("Le mois sur le terrain~: novembre~2026"),
        "À revérifier",
    ]
    invitation = soup.find("a", string="Ajouter à mon agenda (.ics)")
    assert invitation["download"] == "rencontre-2026-12.ics" and invitation["href"].startswith(
        "data:text/calendar;"
    )
    links = {a["href"] for a in soup.find_all("a")} - {invitation["href"]}
    assert all(link.startswith("https://") for link in links), links
    assert SITE + "fiches/bientot-a-revoir/" in links
    assert (
        run(capsys, "pack", "2026-12", "--content", C, "--sortie", str(target))[0] == 1
    )  # never overwritten


def test_pack_markdown_and_unknown_month(capsys: pytest.CaptureFixture) -> None:
    code, out, _ = run(capsys, "pack", "2026-12", "--content", C, "--format", "markdown")
    assert code == 0 and out.startswith("# Les démarches de fin d'année\n")
    assert [line for line in out.splitlines() if line.startswith("## ")] == [
        "## Éditorial",
        "## Déclarer ses ressources \\<sans> se tromper",
        "## La session expire avant l'envoi",
        "## Construire un mot de passe solide",
        nb("## Le mois sur le terrain~: novembre~2026"),
        "## À revérifier",
    ]
    assert (
        "[Ajouter à mon agenda (.ics)](https://carnet.example.org/reseau/themes/2026-12.ics)" in out
    )
    assert nb("Thème de décembre~2026 · préparé par") in out
    code, out, err = run(capsys, "pack", "2027-03", "--content", C)
    assert (code, out) == (2, "") and "carnet nouveau theme 2027-03" in err


@pytest.mark.parametrize(
    "animateurs, line",
    [
        ("Animation du réseau", "Thème de novembre~2026 · préparé par Animation du réseau · "),
        ("[]", "Thème de novembre~2026 · version du "),
    ],
)
def test_pack_markdown_curators_as_typed(tmp_path: Path, animateurs: str, line: str) -> None:
    """One name typed without brackets (an error carnet check reports) is not spelt out letter by
    letter, and no curator leaves no « préparé par » dangling."""
    content = tmp_path / "content"
    shutil.copytree(ANIMATION, content)
    theme = content / "themes" / "2026-11.md"
    text = theme.read_text(encoding="utf-8")
    start = text.index("animateurs:")
    end = text.index("\n", start)
    theme.write_text(text[:start] + f"animateurs: {animateurs}" + text[end:], encoding="utf-8")
    corpus = load_corpus(content)
    pack = build_pack(corpus.by_id["2026-11"], corpus, TODAY, SITE)
    assert nb(line) in render_pack_markdown(pack)


def test_pack_markdown_elides_de_before_a_vowel(tmp_path: Path) -> None:
    """The pack of an April theme reads « Thème d'avril », never « Thème de avril »."""
    content = tmp_path / "content"
    shutil.copytree(ANIMATION, content)
    december = (content / "themes" / "2026-12.md").read_text(encoding="utf-8")
    (content / "themes" / "2027-04.md").write_text(
        december.replace("2026-12-10", "2027-04-08"), encoding="utf-8"
    )
    corpus = load_corpus(content)
    pack = build_pack(corpus.by_id["2027-04"], corpus, TODAY, SITE)
    assert nb("Thème d'avril~2027 · préparé par") in render_pack_markdown(pack)


def test_pack_page_on_the_site_starts_the_month_on_a_new_sheet(fixture_site: Path) -> None:
    pack = BeautifulSoup(
        (fixture_site / "themes/2026-11/imprimer/index.html").read_text("utf-8"), "html.parser"
    )
    titles = [h.get_text() for h in pack.select("h2.carnet-saut")]
    assert titles[-2:] == [nb("Le mois sur le terrain~: novembre~2026"), "À revérifier"]
    assert pack.find("a", string="Ajouter à mon agenda (.ics)")["href"] == "../../2026-11.ics"


def test_pack_html_without_site_address_keeps_relative_links() -> None:
    corpus = load_corpus(ANIMATION)
    html = render_pack_html(corpus, corpus.by_id["2026-12"], TODAY, "")
    assert 'href="data:text/calendar' in html and "https://carnet.example.org" not in html


# --- the dashboard of the network
# ----------------------------------------------------------------------------


def _dashboard(corpus) -> BeautifulSoup:
    from carnet.site.pages.animation import build_dashboard

    return BeautifulSoup(
        build_dashboard(corpus, build_relations(corpus), TODAY).full_markdown(), "html.parser"
    )


def _rows(soup: BeautifulSoup, caption: str) -> list[list[str]]:
    found = next(t for t in soup.find_all("table") if t.caption.get_text() == caption)
    return [[td.get_text() for td in tr.find_all("td")] for tr in found.tbody.find_all("tr")]


def test_dashboard_of_the_network_leaves_examples_out(tmp_path: Path) -> None:
    content = tmp_path / "content"
    shutil.copytree(ANIMATION, content)
    edit(
        content / "fiches" / "declarer-ses-ressources.md",
        "creee_le: 2025-06-01",
        "creee_le: 2026-10-20",
    )
    (content / "fiches" / "declarer-ses-ressources.md").write_text(
        (content / "fiches" / "declarer-ses-ressources.md")
        .read_text("utf-8")
        .replace("auteurs: [Dominique]", "auteurs: [Dominique, Camille]"),
        encoding="utf-8",
    )
    soup = _dashboard(load_corpus(content))
    months = {row[0]: row[1:] for row in _rows(soup, "Contributeurs par mois")}
    assert months[nb("octobre~2026")] == ["2", "2"] and months[nb("novembre~2026")] == [
        "1",
        "0",
    ]  # Camille came back
    assert _rows(soup, "Confirmations par mois")[-1] == [
        nb("novembre~2026"),
        "2",
    ]  # the example's March ones are not counted
    assert _rows(soup, "Dysfonctionnements par statut") == [
        ["Actif", "1"],
        ["Contourné", "0"],
        ["Résolu", "1"],
    ]
    assert _rows(soup, "Départements cités") == [
        ["Haute-Corse (2B)", "1", "0", "1"],
        ["Puy-de-Dôme (63)", "1", "0", "1"],
    ]
    caf = next(r for r in _rows(soup, "Couverture par administration") if r[0] == "CAF")
    assert caf[-1] == "1"  # the active one; the « contourné » example is neither active nor counted
    for figure in soup.select("figure.carnet-graphique"):  # each chart followed by its table
        assert figure.find_next_sibling().name == "table", figure.svg.title.get_text()
    discs = soup.select("figure.carnet-carte .carnet-carte__vu title")
    assert sorted(t.get_text() for t in discs) == [
        "Haute-Corse (2B)\u00a0: 1",
        "Puy-de-Dôme (63)\u00a0: 1",
    ]
    assert not soup.select("image, use, foreignObject") and "http" not in str(
        soup.select_one("figure.carnet-carte")
    ).replace("http://www.w3.org/2000/svg", "")


def test_review_page_groups_by_administration_and_looks_a_month_ahead() -> None:
    from carnet.site.pages.network import build_review_page

    soup = BeautifulSoup(
        build_review_page(load_corpus(ANIMATION), TODAY).full_markdown(), "html.parser"
    )
    markdown = build_review_page(load_corpus(ANIMATION), TODAY).markdown
    assert [line for line in markdown.splitlines() if line.startswith("## ")] == [
        "## CAF (2)",
        "## Sans administration (2)",
    ]
    items = [li.get_text(" ", strip=True) for li in soup.select("ol li")]
    assert items[1] == nb(
        "Une fiche à revoir dans quelques jours — fiche pratique, vérifiée le 5~juin~2026, à "
        "revérifier avant le 5~décembre~2026 · Sacha"
    )
    assert soup.select_one("ol li a")["href"] == "../dysfonctionnements/caf-session-expiree/"
