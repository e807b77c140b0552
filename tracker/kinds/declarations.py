"""Every kind of record, declared once: each field in the order its CSV export lists it.

To add a field to a kind: add the column to the model, an Alembic migration, and one
``field_(attribute, N_("Label"))`` line here, where its CSV column should sit. The form, the
record's page, the API and its OpenAPI document, the CSV export and the import then carry it;
give an ``omit={SURFACE: "why"}`` wherever it must not appear (see docs/development.md).
"""

from __future__ import annotations

from tracker.kinds.spec import API, CSV, DETAIL, FORM, IMPORT, FieldSpec, Kind, declare, field_
from tracker.models import (
    Development,
    Negotiation,
    Organisation,
    Participation,
    Person,
    PersonTitle,
    ReportedOutcome,
    Round,
    Source,
    Statement,
    Topic,
    User,
    Venue,
)
from tracker.services.wording import N_

IN_WHEN = "inside the `when` block"
ON_DATE_LINE = "shown in the one Date line"
WORKED_OUT = "worked out from the EDTF date"
NO_IMPORTER = "the import takes people, sources, rounds, outcomes and statements only"


def vague_date() -> list[FieldSpec]:
    """The date fields of anything dated, in the CSV's order."""
    return [
        field_("when_edtf", N_("Date"), csv="date", api="when"),
        field_(
            "when_text",
            N_("Date as reported"),
            csv="date_text",
            omit={API: IN_WHEN, DETAIL: ON_DATE_LINE},
        ),
        field_(
            "when_time", N_("Local time"), csv="time", omit={API: IN_WHEN, DETAIL: ON_DATE_LINE}
        ),
        field_(
            "when_timezone",
            N_("Time zone"),
            csv="timezone",
            omit={API: IN_WHEN, DETAIL: ON_DATE_LINE},
        ),
        *(
            field_(
                name,
                label,
                omit={
                    FORM: WORKED_OUT,
                    CSV: WORKED_OUT,
                    IMPORT: WORKED_OUT,
                    API: IN_WHEN,
                    DETAIL: ON_DATE_LINE,
                },
            )
            for name, label in (
                ("when_earliest", N_("Earliest date")),
                ("when_latest", N_("Latest date")),
            )
        ),
    ]


def published() -> list[FieldSpec]:
    """How far a published fact can be trusted."""
    return [
        field_("verification", N_("Verification")),
        field_(
            "correction_note",
            N_("Correction note"),
            max_length=2000,
            doc="What was corrected or retracted, and why.",
        ),
    ]


def cited(
    topics: str = "topics",
    label: str = N_("Topics"),
    doc: str | None = None,
    sources_doc: str | None = "Where this was reported; every published fact has one.",
) -> list[FieldSpec]:
    """What a published fact touches and cites, as the CSV's last two columns."""
    return [
        field_(topics, label, csv="topics", value_key="topic_ids", doc=doc),
        field_("sources", N_("Sources"), doc=sources_doc),
    ]


NEGOTIATIONS = declare(
    "negotiations",
    Negotiation,
    "negotiation",
    N_("Negotiation"),
    [
        field_("title", N_("Title")),
        field_("slug", N_("Short name for links"), filled_in_by_the_service=True),
        field_("summary", N_("Summary"), max_length=10000),
        field_(
            "parties", N_("Parties"), value_key="party_ids", doc="The organisations negotiating."
        ),
    ],
    omit={IMPORT: NO_IMPORTER},
)

ROUNDS = declare(
    "rounds",
    Round,
    "round",
    N_("Round"),
    [
        field_("negotiation_id", N_("Negotiation")),
        field_("number", N_("Number")),
        field_("title", N_("Title")),
        field_("status", N_("Status")),
        field_("format", N_("Format")),
        *vague_date(),
        field_("venue_id", N_("Venue")),
        field_("mediator_id", N_("Mediator")),
        field_("summary", N_("Summary"), max_length=10000),
        *cited(
            topics="agenda", label=N_("Agenda"), doc="The topics on the table.", sources_doc=None
        ),
    ],
)

PARTICIPATIONS = declare(
    "participations",
    Participation,
    "participation",
    N_("Participation"),
    [
        field_("round_id", N_("Round"), csv=("negotiation", "round_number")),
        field_("person_id", N_("Person")),
        field_("role", N_("Role")),
        field_("side_id", N_("Side")),
        field_("note", N_("Note"), max_length=2000),
        field_(
            "sources",
            N_("Sources"),
            omit={CSV: "not exported yet: the rounds' sources stand for them"},
        ),
    ],
    omit={API: "shown inside each round's `participations`", IMPORT: NO_IMPORTER},
)

OUTCOMES = declare(
    "outcomes",
    ReportedOutcome,
    "outcome",
    N_("Reported outcome"),
    [
        field_("round_id", N_("Round"), csv=("negotiation", "round_number", "round_title")),
        field_("summary", N_("What was reported"), max_length=10000),
        *vague_date(),
        field_(
            "reported_by_id",
            N_("Reported by (organisation)"),
            doc="The organisation that reported the outcome.",
        ),
        field_("reported_by_person_id", N_("Reported by (person)")),
        *published(),
        *cited(),
    ],
)

STATEMENTS = declare(
    "statements",
    Statement,
    "statement",
    N_("Statement"),
    [
        field_("negotiation_id", N_("Negotiation")),
        field_("round_id", N_("Round"), csv=("round_number", "round_title")),
        field_("speaker_id", N_("Speaker")),
        field_("speaker_description", N_("Speaker as described"), doc="“A senior Omani official”."),
        field_("speaker_role", N_("Role as published")),
        field_("speaker_organisation_id", N_("Speaker's organisation")),
        field_(
            "text_original",
            N_("Words, exactly as published"),
            max_length=20000,
            doc="The words in the language they were said.",
        ),
        field_("language", N_("Language of those words"), doc="BCP 47 tag of `text_original`."),
        field_("text_translation", N_("Translation"), max_length=20000),
        field_(
            "occasion",
            N_("Where or how it was said"),
            doc="“Press conference in Muscat”, “interview with state TV”.",
        ),
        field_("speech", N_("Speech"), doc="Direct quotation or reported speech."),
        field_("attribution", N_("Attribution")),
        field_("stance", N_("Stance")),
        *vague_date(),
        *published(),
        *cited(),
    ],
)

DEVELOPMENTS = declare(
    "developments",
    Development,
    "development",
    N_("Development"),
    [
        field_("negotiation_id", N_("Negotiation")),
        field_("round_id", N_("Round"), csv="round_number"),
        field_("headline", N_("Headline")),
        field_("description", N_("Description"), max_length=10000),
        *vague_date(),
        *published(),
        field_("people", N_("People"), value_key="person_ids"),
        field_("organisations", N_("Organisations")),
        *cited(),
    ],
    omit={IMPORT: NO_IMPORTER},
)

PEOPLE = declare(
    "people",
    Person,
    "person",
    N_("Person"),
    [
        field_("name", N_("Name (Latin script)")),
        field_("name_original", N_("Name in original script"), doc="The name in its own script."),
        field_("name_original_language", N_("Language of that name")),
        field_(
            "aliases",
            N_("Other spellings"),
            max_length=5000,
            doc="Other spellings of the name, one a line.",
        ),
        field_("organisation_id", N_("Organisation")),
        field_("description", N_("Description"), max_length=5000),
    ],
)

TITLES = declare(
    "titles",
    PersonTitle,
    "title",
    N_("Title"),
    [
        field_("person_id", N_("Person")),
        field_("title", N_("Title")),
        field_("organisation_id", N_("Organisation")),
        field_("valid_from", N_("Held from")),
        field_("valid_to", N_("Held until")),
    ],
    omit={API: "shown inside each person's `titles`", IMPORT: NO_IMPORTER},
)

ORGANISATIONS = declare(
    "organisations",
    Organisation,
    "organisation",
    N_("Organisation"),
    [
        field_("name", N_("Name")),
        field_("name_original", N_("Name in original script")),
        field_("abbreviation", N_("Abbreviation")),
        field_("kind", N_("Kind")),
        field_("country_code", N_("Country"), doc="ISO 3166-1 alpha-2."),
        field_("description", N_("Description"), max_length=5000),
    ],
    omit={IMPORT: NO_IMPORTER},
)

VENUES = declare(
    "venues",
    Venue,
    "venue",
    N_("Venue"),
    [
        field_("name", N_("Name")),
        field_("name_original", N_("Name in original script")),
        field_("city", N_("City")),
        field_("country_code", N_("Country"), doc="ISO 3166-1 alpha-2."),
        field_("latitude", N_("Latitude")),
        field_("longitude", N_("Longitude")),
        field_("timezone", N_("Time zone"), doc="IANA time zone, e.g. Asia/Muscat."),
    ],
    omit={IMPORT: NO_IMPORTER},
)

TOPICS = declare(
    "topics",
    Topic,
    "topic",
    N_("Topic"),
    [
        field_("name", N_("Name")),
        field_("name_original", N_("Name in original script")),
        field_("slug", N_("Short name for links"), filled_in_by_the_service=True),
        field_("description", N_("Description"), max_length=5000),
    ],
    omit={IMPORT: NO_IMPORTER},
)

SOURCES = declare(
    "sources",
    Source,
    "source",
    N_("Source"),
    [
        field_("url", N_("URL"), doc="Where it was published."),
        field_("headline", N_("Headline or title")),
        field_("outlet_id", N_("Outlet")),
        field_("author", N_("Author")),
        field_("language", N_("Language")),
        field_("published_on", N_("Published on")),
        field_("accessed_on", N_("Accessed on")),
        field_("archive_url", N_("Archive URL")),
        field_("notes", N_("Notes"), max_length=5000),
    ],
)

ACCOUNTS_STAY_HERE = "accounts are never exported, imported or published"

USERS = declare(
    "users",
    User,
    "user",
    N_("User"),
    [
        field_("name", N_("Name")),
        field_("email", N_("Email")),
        field_("role", N_("Role")),
        field_(
            "password_hash",
            N_("Password"),
            omit={
                FORM: "the form takes a new password, never the hash",
                DETAIL: "a secret",
            },
        ),
        field_("active", N_("Active")),
        field_("last_login_at", N_("Last sign-in"), omit={FORM: "set by signing in"}),
        field_(
            "locale",
            N_("Interface language"),
            omit={FORM: "each person chooses it on their profile", DETAIL: "a personal setting"},
        ),
    ],
    omit={CSV: ACCOUNTS_STAY_HERE, API: ACCOUNTS_STAY_HERE, IMPORT: ACCOUNTS_STAY_HERE},
)

#: every kind of record, in the order the Exports page and the API list them
KINDS: tuple[Kind, ...] = (
    NEGOTIATIONS,
    ROUNDS,
    PARTICIPATIONS,
    OUTCOMES,
    STATEMENTS,
    DEVELOPMENTS,
    PEOPLE,
    TITLES,
    ORGANISATIONS,
    VENUES,
    TOPICS,
    SOURCES,
    USERS,
)


#: kind name -> declaration
BY_NAME: dict[str, Kind] = {kind.name: kind for kind in KINDS}


def kind_named(name: str) -> Kind:
    """:raise KeyError: for no such kind."""
    return BY_NAME[name]


def kind_writing(service_kind: str) -> Kind | None:
    """The declaration of the records a service of ``service_kind`` ("statement") writes."""
    return next((kind for kind in KINDS if kind.service_kind == service_kind), None)


def kind_of(model: type) -> Kind | None:
    """The declaration of ``model``'s records, or ``None`` for a model that is not a kind."""
    return next((kind for kind in KINDS if kind.model is model), None)
