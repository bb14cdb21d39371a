"""The monthly meetings as iCalendar files (RFC 5545), written by the icalendar library.

What calendars need to place a meeting at the right hour and keep it up to date:

- a `VTIMEZONE` for Europe/Paris, written with the yearly rules in force since 1996 (last Sunday of
  March and of October), the form Outlook, Google and Apple all read (tests check it against
  zoneinfo);
- a real end: `rencontre.duree_minutes` (90 by default);
- a stable `UID` per theme (`rencontre-AAAA-MM@<site>`): a new file updates the same event;
- `SEQUENCE`, which must grow each time the meeting changes (date, hour, length, place), or clients
  keep the old version: it counts the changes in the theme file's git history
  (`carnet.model.history`),
  so nobody has to remember to bump it. Without history (a shallow clone) it is 0: the publication
  workflow fetches the whole history.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

from icalendar import Calendar, Event, Timezone, TimezoneDaylight, TimezoneStandard

from carnet.dates import parse_date
from carnet.model.content import Corpus, Document
from carnet.model.history import History, load_history, read_front
from carnet.model.themes import AGENDA, meeting_duration, meeting_of
from carnet.site.pages.common import SiteSettings

PARIS = ZoneInfo("Europe/Paris")
PRODID = "-//Carnet de terrain//Rencontres du réseau//FR"
MOVES = (
    "date",
    "heure",
    "duree_minutes",
    "lieu",
)  # what makes a meeting « another version » of itself


def ics_path(theme: Document) -> str:
    return f"themes/{theme.id}.ics"


def paris_timezone() -> Timezone:
    """Europe/Paris as a VTIMEZONE with its yearly rules (CET/CEST)."""
    tz = Timezone()
    tz.add("tzid", "Europe/Paris")
    tz.add("x-lic-location", "Europe/Paris")
    for part, name, before, after, start, month in (
        (TimezoneDaylight(), "CEST", 1, 2, datetime(1970, 3, 29, 2), 3),
        (TimezoneStandard(), "CET", 2, 1, datetime(1970, 10, 25, 3), 10),
    ):
        part.add("tzname", name)
        part.add("tzoffsetfrom", timedelta(hours=before))
        part.add("tzoffsetto", timedelta(hours=after))
        part.add("dtstart", start)
        part.add("rrule", {"freq": "yearly", "bymonth": month, "byday": "-1su"})
        tz.add_component(part)
    return tz


def uid_domain(site_url: str) -> str:
    """The site's host and path as a UID's right-hand side; « carnet-de-terrain » without a site
    address.
    """
    parts = urlsplit(site_url)
    where = (parts.netloc + parts.path.rstrip("/")).replace("/", ".") if parts.netloc else ""
    return where or "carnet-de-terrain"


def meeting_sequence(history: History | None, theme: Document) -> int:
    """How many times the meeting changed since it was first announced (0 without history)."""
    if history is None:
        return 0
    states: list[tuple[str, ...]] = []
    for version in history.versions(f"themes/{theme.id}.md"):
        read = read_front(version.text)
        meeting = read[0].get("rencontre") if read else None
        if isinstance(meeting, dict) and meeting.get("date"):
            state = tuple(str(meeting.get(key, "")) for key in MOVES)
            if not states or states[-1] != state:
                states.append(state)
    current = meeting_of(theme)
    if current and (not states or states[-1] != tuple(str(current.get(key, "")) for key in MOVES)):
        states.append(
            tuple(str(current.get(key, "")) for key in MOVES)
        )  # edited, not committed yet
    return max(len(states) - 1, 0)


def build_event(
    theme: Document,
    page_url: str,
    stamp: datetime,
    sequence: int = 0,
    domain: str = "carnet-de-terrain",
) -> Event | None:
    """The theme's meeting as an event; None when the theme announces none."""
    meeting = meeting_of(theme)
    day = parse_date(meeting.get("date")) if meeting else None
    if day is None:
        return None
    event = Event()
    event.add("uid", f"rencontre-{theme.id}@{domain}")  # stable: a new file updates the same event
    event.add("dtstamp", stamp)
    event.add("sequence", sequence)
    # French typography: a non-breaking space before « : » (calendars wrap long summaries)
    event.add("summary", f"Rencontre du réseau\u00a0: {theme.get('titre', theme.id)}")
    if meeting.get("heure"):
        hour, minute = (int(x) for x in str(meeting["heure"]).split(":"))
        start = datetime(day.year, day.month, day.day, hour, minute, tzinfo=PARIS)
        event.add("dtstart", start)
        event.add("dtend", start + timedelta(minutes=meeting_duration(theme)))
    else:  # a whole day, as calendars show a date without an hour
        event.add("dtstart", day)
        event.add("dtend", day + timedelta(days=1))
    if meeting.get("lieu"):
        event.add("location", str(meeting["lieu"]))
    links = [meeting.get("visio_url"), meeting.get("inscription_url"), page_url]
    event.add(
        "description",
        f"{theme.get('resume', '')}\n" + "\n".join(str(link) for link in links if link),
    )
    event.add("url", meeting.get("visio_url") or page_url)
    event.add("status", "CONFIRMED")
    return event


def _calendar(events: list[Event], name: str = "") -> str:
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    # a subscribed calendar's name, and how often to look again (Apple, Google, Outlook read these)
    if name:
        calendar.add("x-wr-calname", name)
        calendar.add("x-wr-timezone", "Europe/Paris")
        calendar.add("refresh-interval", timedelta(days=1), parameters={"VALUE": "DURATION"})
        calendar.add("x-published-ttl", "P1D")
    # RFC 5545 wants at least one component in a calendar: before the first meeting, the agenda one
    # subscribes to holds its time zone, or strict clients (Outlook) refuse the whole file.
    if not events or any(isinstance(e.decoded("dtstart"), datetime) for e in events):
        calendar.add_component(paris_timezone())
    for event in events:
        calendar.add_component(event)
    return calendar.to_ical().decode("utf-8")


def build_ics(
    theme: Document,
    page_url: str,
    stamp: datetime,
    sequence: int = 0,
    domain: str = "carnet-de-terrain",
) -> str | None:
    """One meeting's invitation file; None when the theme announces none."""
    event = build_event(theme, page_url, stamp, sequence, domain)
    return _calendar([event]) if event is not None else None


def build_agenda(
    themes: list[Document],
    site_url: str,
    stamp: datetime,
    sequences: dict[str, int],
    name: str = "Rencontres du réseau",
) -> str:
    """Every meeting, past and to come, in one calendar to subscribe to (`themes/agenda.ics`)."""
    domain = uid_domain(site_url)
    events = [
        build_event(t, f"{site_url}themes/{t.id}/", stamp, sequences.get(t.id, 0), domain)
        for t in sorted(themes, key=lambda t: t.id)
    ]
    return _calendar([e for e in events if e is not None], name)


def stamp_of(today: date) -> datetime:
    """DTSTAMP: when the file was written (the build's « today », in UTC)."""
    return datetime(today.year, today.month, today.day, tzinfo=ZoneInfo("UTC"))


def build_invitations(corpus: Corpus, settings: SiteSettings) -> dict[str, str]:
    """Each meeting's invitation (themes/AAAA-MM.ics) and the network's agenda (themes/agenda.ics)
    to subscribe to.
    """
    stamp, history = stamp_of(settings.today), load_history(corpus.root)
    themes = [t for t in corpus.of_kind("theme") if t.readable]
    sequences = {t.id: meeting_sequence(history, t) for t in themes}
    files = {}
    for theme in themes:
        invitation = build_ics(
            theme,
            f"{settings.site_url}themes/{theme.id}/",
            stamp,
            sequences[theme.id],
            uid_domain(settings.site_url),
        )
        if invitation:
            files[ics_path(theme)] = invitation
    files[AGENDA] = build_agenda(
        themes,
        settings.site_url,
        stamp,
        sequences,
        f"{settings.site_name}\u00a0: rencontres du réseau",
    )
    return files
