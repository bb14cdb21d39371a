"""The monthly meeting as an iCalendar file (RFC 5545), written by the icalendar library."""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from icalendar import Calendar, Event

from carnet.content import Document
from carnet.dates import parse_date

PARIS = ZoneInfo("Europe/Paris")
DURATION = timedelta(hours=1, minutes=30)


def ics_path(theme: Document) -> str:
    return f"themes/{theme.id}.ics"


def build_ics(theme: Document, page_url: str, stamp: datetime) -> str | None:
    """The theme's meeting as an event; None when the theme announces none."""
    meeting = theme.get("rencontre") or {}
    day = parse_date(meeting.get("date"))
    if day is None:
        return None
    calendar = Calendar()
    calendar.add("prodid", "-//Carnet de terrain//Rencontres du réseau//FR")
    calendar.add("version", "2.0")
    event = Event()
    event.add("uid", f"rencontre-{theme.id}@carnet-de-terrain")  # stable: a new file updates the same event
    event.add("dtstamp", stamp)
    event.add("summary", f"Rencontre du réseau : {theme.get('titre', theme.id)}")
    if meeting.get("heure"):
        hour, minute = (int(x) for x in meeting["heure"].split(":"))
        start = datetime(day.year, day.month, day.day, hour, minute, tzinfo=PARIS)
        event.add("dtstart", start)
        event.add("dtend", start + DURATION)
    else:
        event.add("dtstart", day)
        event.add("dtend", day + timedelta(days=1))
    if meeting.get("lieu"):
        event.add("location", meeting["lieu"])
    links = [meeting.get("visio_url"), meeting.get("inscription_url"), page_url]
    event.add("description", f"{theme.get('resume', '')}\n" + "\n".join(l for l in links if l))
    event.add("url", meeting.get("visio_url") or page_url)
    calendar.add_component(event)
    return calendar.to_ical().decode("utf-8")
