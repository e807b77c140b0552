"""Services for the reference records: organisations, people, titles, venues, topics, sources."""

from __future__ import annotations

import re
import unicodedata
from typing import Any
from urllib.parse import urlsplit
from zoneinfo import available_timezones

from babel import Locale
from sqlalchemy import select
from sqlalchemy.orm import Session

from tracker.models import Negotiation, Organisation, Person, PersonTitle, Source, Topic, Venue
from tracker.services.errors import RuleViolation
from tracker.services.records import RecordService
from tracker.services.wording import N_

_ENGLISH = Locale("en")
COUNTRY_NAMES: dict[str, str] = {
    code: name
    for code, name in sorted(_ENGLISH.territories.items(), key=lambda item: item[1])
    if len(code) == 2 and code.isalpha() and code not in {"ZZ", "QO", "EU", "EZ", "UN", "XA", "XB"}
}
TIMEZONES: frozenset[str] = frozenset(available_timezones())


def country_name(code: str | None) -> str:
    return COUNTRY_NAMES.get(code or "", code or "")


def slugify(text: str) -> str:
    """A URL-safe slug; scripts other than Latin are kept (Arabic slugs are fine in URLs)."""
    normalised = unicodedata.normalize("NFKC", text).casefold()
    slug = re.sub(r"[^\w]+", "-", normalised).strip("-")
    return slug[:80] or "item"


def check_country(values: dict[str, Any], field: str = "country_code") -> None:
    code = values.get(field)
    if code is None:
        return
    values[field] = code = str(code).upper()
    if code not in COUNTRY_NAMES:
        raise RuleViolation(N_("Use a two-letter ISO 3166 country code, such as OM or IT."), field)


def check_web_address(values: dict[str, Any], field: str) -> None:
    """Only http(s) links are stored: a ``javascript:`` URL must never become a link."""
    address = values.get(field)
    if address is None:
        return
    parts = urlsplit(str(address))
    if parts.scheme.lower() not in ("http", "https") or not parts.netloc:
        raise RuleViolation(
            N_("Enter a full web address starting with https:// or http://."), field
        )


class OrganisationService(RecordService[Organisation]):
    model = Organisation
    kind = "organisation"
    unique_messages = {"name": N_("An organisation with this name already exists.")}

    def check(self, session: Session, record: Organisation, values: dict, creating: bool) -> None:
        check_country(values)


class PersonService(RecordService[Person]):
    model = Person
    kind = "person"
    references = {"organisation_id": Organisation}


class PersonTitleService(RecordService[PersonTitle]):
    model = PersonTitle
    kind = "title"
    references = {"person_id": Person, "organisation_id": Organisation}

    def check(self, session: Session, record: PersonTitle, values: dict, creating: bool) -> None:
        starts = values.get("valid_from", record.valid_from)
        ends = values.get("valid_to", record.valid_to)
        if starts and ends and ends < starts:
            raise RuleViolation(N_("The title cannot end before it starts."), "valid_to")


class VenueService(RecordService[Venue]):
    model = Venue
    kind = "venue"

    def check(self, session: Session, record: Venue, values: dict, creating: bool) -> None:
        check_country(values)
        zone = values.get("timezone")
        if zone is not None and zone not in TIMEZONES:
            raise RuleViolation(N_("Use an IANA time zone name, such as Asia/Muscat."), "timezone")
        latitude, longitude = values.get("latitude"), values.get("longitude")
        if (latitude is None) != (longitude is None):
            field = "longitude" if longitude is None else "latitude"
            raise RuleViolation(N_("Give both latitude and longitude, or neither."), field)


class TopicService(RecordService[Topic]):
    model = Topic
    kind = "topic"
    unique_messages = {
        "name": N_("A topic with this name already exists."),
        "slug": N_("Another topic already uses this short name."),
    }

    def check(self, session: Session, record: Topic, values: dict, creating: bool) -> None:
        if not values.get("slug") and values.get("name"):
            values["slug"] = unique_slug(session, Topic, slugify(values["name"]), record.id)


class SourceService(RecordService[Source]):
    model = Source
    kind = "source"
    references = {"outlet_id": Organisation}
    unique_messages = {"url": N_("This URL is already recorded as a source.")}

    def check(self, session: Session, record: Source, values: dict, creating: bool) -> None:
        for field in ("url", "archive_url"):
            check_web_address(values, field)
        published = values.get("published_on", record.published_on)
        accessed = values.get("accessed_on", record.accessed_on)
        if published and accessed and accessed < published:
            raise RuleViolation(
                N_("A source cannot be read before it was published."), "accessed_on"
            )


def unique_slug(
    session: Session, model: type[Negotiation | Topic], base: str, own_id: int | None
) -> str:
    """``base``, or ``base-2``, ``base-3``... whichever no other row of ``model`` uses."""
    candidate, counter = base, 1
    while session.scalar(select(model.id).where(model.slug == candidate, model.id != own_id)):
        counter += 1
        candidate = f"{base[:75]}-{counter}"
    return candidate


organisations = OrganisationService()
people = PersonService()
person_titles = PersonTitleService()
venues = VenueService()
topics = TopicService()
sources = SourceService()
