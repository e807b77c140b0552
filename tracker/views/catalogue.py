"""Pages for the reference records: organisations, people and titles, venues, topics, sources."""

from __future__ import annotations

from flask import url_for
from flask_babel import gettext
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from sqlalchemy.orm import Session, joinedload, selectinload

from tracker.forms.catalogue import (
    OrganisationForm,
    PersonForm,
    PersonTitleForm,
    SourceForm,
    TopicForm,
    VenueForm,
)
from tracker.i18n import country, translate
from tracker.models import (
    Organisation,
    OrganisationKind,
    Participation,
    Person,
    PersonTitle,
    Source,
    Statement,
    Topic,
    Venue,
)
from tracker.services import catalogue as service
from tracker.services import history
from tracker.services.access import reader_of, statements_readable
from tracker.views import choices
from tracker.views.crud import Column, Detail, RecordPages


def _fill_person(session: Session, form: PersonForm) -> None:
    form.organisation_id.choices = choices.optional(choices.organisations(session))


def _person_context(session: Session, person: Person) -> dict:
    """The person's statements as the reader may see them (a viewer never finds an anonymous
    quote under its real speaker) and the corrections of their titles."""
    return {
        "statements": statements_readable(person.statements, reader_of(current_user)),
        "title_corrections": history.corrections_of(
            session, service.person_titles.kind, [title.id for title in person.titles]
        ),
    }


def _fill_title(session: Session, form: PersonTitleForm) -> None:
    form.person_id.choices = choices.people(session)
    form.organisation_id.choices = choices.optional(choices.organisations(session))


def _prefill_title(session: Session, args: dict[str, str]) -> dict:
    return {"person_id": int(args["person_id"])} if args.get("person_id", "").isdigit() else {}


def _fill_source(session: Session, form: SourceForm) -> None:
    form.outlet_id.choices = choices.optional(
        choices.organisations(session, (OrganisationKind.MEDIA_OUTLET,))
    )


organisation_pages = RecordPages(
    name="organisations",
    singular=_l("organisation"),
    title=_l("Organisations"),
    service=service.organisations,
    form_class=OrganisationForm,
    columns=[
        Column(_l("Name"), lambda o: o.name, sort="name", link=True),
        Column(_l("Original script"), lambda o: o.name_original or ""),
        Column(_l("Kind"), lambda o: translate(o.kind.label), sort="kind"),
        Column(_l("Country"), lambda o: country(o.country_code), sort="country"),
    ],
    sorts={
        "name": Organisation.name,
        "kind": Organisation.kind,
        "country": Organisation.country_code,
    },
    default_sort="name",
    search=[Organisation.name, Organisation.name_original, Organisation.abbreviation],
    details=[
        Detail(_l("Name"), lambda o: o.name, ("name",)),
        Detail(_l("Original script"), lambda o: o.name_original, ("name_original",)),
        Detail(_l("Abbreviation"), lambda o: o.abbreviation, ("abbreviation",)),
        Detail(_l("Kind"), lambda o: translate(o.kind.label), ("kind",)),
        Detail(_l("Country"), lambda o: country(o.country_code), ("country_code",)),
        Detail(_l("Description"), lambda o: o.description, ("description",)),
        Detail(_l("People"), lambda o: o.people, ("people",)),
    ],
    detail_options=[selectinload(Organisation.people)],
    detail_template="organisations/detail.html",
)

person_pages = RecordPages(
    name="people",
    singular=_l("person"),
    title=_l("People"),
    service=service.people,
    form_class=PersonForm,
    columns=[
        Column(_l("Name"), lambda p: p.name, sort="name", link=True),
        Column(_l("Original script"), lambda p: p.name_original or ""),
        Column(_l("Current title"), lambda p: p.title_on(None) or ""),
        Column(_l("Organisation"), lambda p: p.organisation.name if p.organisation else ""),
    ],
    sorts={"name": Person.name, "created": Person.created_at},
    default_sort="name",
    search=[Person.name, Person.name_original, Person.description],
    list_options=[joinedload(Person.organisation), selectinload(Person.titles)],
    detail_options=[
        joinedload(Person.organisation),
        selectinload(Person.titles).joinedload(PersonTitle.organisation),
        selectinload(Person.statements).selectinload(Statement.sources),
        selectinload(Person.statements).selectinload(Statement.topics),
        selectinload(Person.statements).joinedload(Statement.round),
        selectinload(Person.participations).joinedload(Participation.round),
        selectinload(Person.participations).joinedload(Participation.side),
    ],
    fill_choices=_fill_person,
    detail_template="people/detail.html",
    template_shows=(
        "name",
        "name_original",
        "name_original_language",
        "aliases",
        "organisation_id",
        "description",
    ),
    detail_context=_person_context,
)

title_pages = RecordPages(
    name="titles",
    singular=_l("title"),
    title=_l("Titles"),
    service=service.person_titles,
    form_class=PersonTitleForm,
    columns=[
        Column(_l("Person"), lambda t: t.person.name, link=True),
        Column(_l("Title"), lambda t: t.title, sort="title"),
        Column(_l("From"), lambda t: t.valid_from or "", sort="from"),
        Column(_l("Until"), lambda t: t.valid_to or gettext("now")),
    ],
    sorts={"title": PersonTitle.title, "from": PersonTitle.valid_from},
    default_sort="from",
    list_options=[joinedload(PersonTitle.person)],
    details=[
        Detail(_l("Person"), lambda t: t.person, ("person",)),
        Detail(_l("Title"), lambda t: t.title, ("title",)),
        Detail(_l("Organisation"), lambda t: t.organisation, ("organisation",)),
        Detail(_l("Held from"), lambda t: t.valid_from, ("valid_from",)),
        Detail(_l("Held until"), lambda t: t.valid_to, ("valid_to",)),
    ],
    fill_choices=_fill_title,
    prefill=_prefill_title,
    next_url=lambda t: url_for("people.show", record_id=t.person_id),
)

venue_pages = RecordPages(
    name="venues",
    singular=_l("venue"),
    title=_l("Venues"),
    service=service.venues,
    form_class=VenueForm,
    columns=[
        Column(_l("Name"), lambda v: v.name, sort="name", link=True),
        Column(_l("City"), lambda v: v.city or "", sort="city"),
        Column(_l("Country"), lambda v: country(v.country_code), sort="country"),
        Column(_l("Time zone"), lambda v: v.timezone or ""),
    ],
    sorts={"name": Venue.name, "city": Venue.city, "country": Venue.country_code},
    default_sort="name",
    search=[Venue.name, Venue.name_original, Venue.city],
    details=[
        Detail(_l("Name"), lambda v: v.name, ("name",)),
        Detail(_l("Original script"), lambda v: v.name_original, ("name_original",)),
        Detail(_l("City"), lambda v: v.city, ("city",)),
        Detail(_l("Country"), lambda v: country(v.country_code), ("country_code",)),
        Detail(
            _l("Coordinates"),
            lambda v: f"{v.latitude:.4f}, {v.longitude:.4f}" if v.latitude is not None else None,
            ("latitude", "longitude"),
        ),
        Detail(_l("Time zone"), lambda v: v.timezone, ("timezone",)),
    ],
)

topic_pages = RecordPages(
    name="topics",
    singular=_l("topic"),
    title=_l("Topics"),
    service=service.topics,
    form_class=TopicForm,
    columns=[
        Column(_l("Name"), lambda t: t.name, sort="name", link=True),
        Column(_l("Original script"), lambda t: t.name_original or ""),
        Column(_l("Description"), lambda t: (t.description or "")[:120]),
    ],
    sorts={"name": Topic.name},
    default_sort="name",
    search=[Topic.name, Topic.name_original, Topic.description],
    details=[
        Detail(_l("Name"), lambda t: t.name, ("name",)),
        Detail(_l("Original script"), lambda t: t.name_original, ("name_original",)),
        Detail(_l("Short name"), lambda t: t.slug, ("slug",)),
        Detail(_l("Description"), lambda t: t.description, ("description",)),
    ],
    detail_template="topics/detail.html",
)

source_pages = RecordPages(
    name="sources",
    singular=_l("source"),
    title=_l("Sources"),
    service=service.sources,
    form_class=SourceForm,
    columns=[
        Column(_l("Headline"), lambda s: s.headline, sort="headline", link=True),
        Column(_l("Outlet"), lambda s: s.outlet.name if s.outlet else ""),
        Column(_l("Published"), lambda s: s.published_on or "", sort="published"),
        Column(_l("Language"), lambda s: s.language or ""),
    ],
    sorts={"published": Source.published_on, "headline": Source.headline},
    default_sort="published",
    search=[Source.headline, Source.url, Source.author],
    list_options=[joinedload(Source.outlet)],
    detail_options=[joinedload(Source.outlet)],
    details=[
        Detail(_l("Headline"), lambda s: s.headline, ("headline",)),
        Detail(_l("Outlet"), lambda s: s.outlet, ("outlet",)),
        Detail(_l("URL"), lambda s: s.url, ("url",)),
        Detail(_l("Author"), lambda s: s.author, ("author",)),
        Detail(_l("Language"), lambda s: s.language, ("language",)),
        Detail(_l("Published on"), lambda s: s.published_on, ("published_on",)),
        Detail(_l("Accessed on"), lambda s: s.accessed_on, ("accessed_on",)),
        Detail(_l("Archive"), lambda s: s.archive_url, ("archive_url",)),
        Detail(_l("Notes"), lambda s: s.notes, ("notes",)),
    ],
    fill_choices=_fill_source,
)

#: this area's kinds of record, each with list, detail and edit pages
PAGES = (organisation_pages, person_pages, title_pages, venue_pages, topic_pages, source_pages)
