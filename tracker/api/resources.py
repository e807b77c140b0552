"""The records the API publishes: for each, its fields, sort orders, filters and loading plan.

Everything the OpenAPI document says about a resource is read from its :class:`Resource`, and
so is every response, so the two agree by construction.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Select, select
from sqlalchemy.orm import InstrumentedAttribute, joinedload, selectinload

from tracker.api import fields as f
from tracker.api.params import CURSOR, LIMIT, Param, parse_timestamp, record_id, vocabulary
from tracker.db import Record
from tracker.kinds import declarations as kinds
from tracker.models import (
    Attribution,
    Development,
    Negotiation,
    Organisation,
    OrganisationKind,
    Participation,
    ParticipationRole,
    Person,
    PersonTitle,
    ReportedOutcome,
    Round,
    RoundScheduleChange,
    RoundStatus,
    Source,
    Statement,
    Topic,
    Venue,
    Verification,
)


@dataclass(frozen=True)
class Resource:
    """One kind of record as the API lists and shows it."""

    name: str  # the path segment and the endpoint prefix: "rounds"
    singular: str
    model: type[Record]
    description: str
    fields: Sequence[f.Field]
    #: sort name -> column; the first is the default. Every order ends with the id.
    sorts: dict[str, InstrumentedAttribute]
    label: Callable[[Any], str]
    filters: Sequence[Param] = ()
    load: Sequence[Any] = ()
    schema_name: str = field(default="")

    @property
    def component(self) -> str:
        return self.schema_name or self.singular.title().replace(" ", "")

    @property
    def default_sort(self) -> str:
        return next(iter(self.sorts))

    def sort_param(self) -> Param:
        names = list(self.sorts)

        def parse(raw: str) -> str:
            if raw not in self.sorts:
                raise ValueError(f"expected one of {', '.join(names)}; got {raw!r}")
            return raw

        return Param(
            "sort",
            {"type": "string", "enum": names, "default": self.default_sort},
            "The order of the list, ascending, ties broken by id. Records without a value "
            "(an unknown date) come last. `updated` suits scripts that sync changes.",
            parse,
        )

    def updated_since_param(self) -> Param:
        model = self.model
        return Param(
            "updated_since",
            {"type": "string", "format": "date-time"},
            "Only records created or changed at or after this moment (RFC 3339; UTC when no "
            "offset is given).",
            parse_timestamp,
            lambda statement, moment: statement.where(model.updated_at >= moment),
        )

    def list_params(self) -> list[Param]:
        return [LIMIT, CURSOR, self.sort_param(), self.updated_since_param(), *self.filters]

    def query(self) -> Select:
        return select(self.model).options(*self.load)

    def serialise(self, record: Any) -> dict[str, Any]:
        return f.serialise(self.fields, record)


def common_sorts(model: Any, **named: InstrumentedAttribute) -> dict[str, InstrumentedAttribute]:
    return {**named, "updated": model.updated_at, "id": model.id}


def negotiation_filter(column: InstrumentedAttribute, what: str) -> Param:
    return record_id(
        "negotiation",
        f"Only {what} of the negotiation with this id.",
        lambda statement, value: statement.where(column == value),
    )


def verification_filter(model: Any, what: str) -> Param:
    return vocabulary(
        "verification",
        Verification,
        f"Only {what} with this verification status.",
        lambda statement, value: statement.where(model.verification == value),
    )


def round_filter(column: InstrumentedAttribute, what: str) -> Param:
    return record_id(
        "round",
        f"Only {what} of the round with this id.",
        lambda statement, value: statement.where(column == value),
    )


def _speaker(statement: Statement) -> Person | None:
    return None if statement.attribution is Attribution.ANONYMOUS else statement.speaker


NEGOTIATIONS = Resource(
    name="negotiations",
    singular="negotiation",
    model=Negotiation,
    description="The processes the newsroom follows.",
    fields=f.kind_fields(kinds.NEGOTIATIONS),
    sorts=common_sorts(Negotiation, title=Negotiation.title),
    label=lambda negotiation: negotiation.title,
    load=[selectinload(Negotiation.parties)],
)

ROUNDS = Resource(
    name="rounds",
    singular="round",
    model=Round,
    description="Rounds of talks: when and where, in what format, who sat at the table.",
    fields=f.kind_fields(
        kinds.ROUNDS,
        after={"title": [f.text("label", doc="How pages name the round: “Round 2: Rome talks”.")]},
        then=[
            f.nested(
                "participations",
                [
                    f.ref("person", null=False),
                    f.choice("role", ParticipationRole),
                    f.ref("side", doc="The party the person sat for."),
                    f.text("note", null=True),
                ],
                doc="Who took part, in what role, for which side.",
            ),
            f.nested(
                "schedule_changes",
                [
                    f.moment("recorded_at"),
                    f.choice("previous_status", RoundStatus),
                    f.choice("new_status", RoundStatus),
                    f.text("previous_when_edtf", null=True),
                    f.text("new_when_edtf", null=True),
                    f.ref("previous_venue"),
                    f.ref("new_venue"),
                    f.text("note", null=True),
                    f.day("announced_on", doc="When the change was announced (not recorded)."),
                    f.ref("announced_by", doc="The source that announced the change."),
                ],
                doc="How the round was moved, postponed or cancelled, oldest first.",
            ),
        ],
    ),
    sorts=common_sorts(Round, date=Round.when_earliest, number=Round.number),
    label=lambda round_: round_.label,
    filters=[
        negotiation_filter(Round.negotiation_id, "rounds"),
        vocabulary(
            "status",
            RoundStatus,
            "Only rounds with this status.",
            lambda statement, value: statement.where(Round.status == value),
        ),
    ],
    load=[
        joinedload(Round.negotiation),
        joinedload(Round.venue),
        joinedload(Round.mediator),
        selectinload(Round.agenda),
        selectinload(Round.sources),
        selectinload(Round.participations).joinedload(Participation.person),
        selectinload(Round.participations).joinedload(Participation.side),
        selectinload(Round.schedule_changes).joinedload(RoundScheduleChange.previous_venue),
        selectinload(Round.schedule_changes).joinedload(RoundScheduleChange.new_venue),
        selectinload(Round.schedule_changes).joinedload(RoundScheduleChange.announced_by),
    ],
)

PEOPLE = Resource(
    name="people",
    singular="person",
    model=Person,
    description="People who negotiate, mediate, comment or are quoted.",
    fields=f.kind_fields(
        kinds.PEOPLE,
        then=[
            f.nested(
                "titles",
                [
                    f.text("title"),
                    f.ref("organisation"),
                    f.day("valid_from"),
                    f.day("valid_to"),
                ],
                doc="Roles held over time, newest first.",
            ),
        ],
    ),
    sorts=common_sorts(Person, name=Person.name),
    label=lambda person: person.name,
    filters=[
        record_id(
            "organisation",
            "Only people of the organisation with this id.",
            lambda statement, value: statement.where(Person.organisation_id == value),
        )
    ],
    load=[
        joinedload(Person.organisation),
        selectinload(Person.titles).joinedload(PersonTitle.organisation),
    ],
)

ORGANISATIONS = Resource(
    name="organisations",
    singular="organisation",
    model=Organisation,
    description="States, mediators, outlets, armed groups and international bodies.",
    fields=f.kind_fields(kinds.ORGANISATIONS),
    sorts=common_sorts(Organisation, name=Organisation.name),
    label=lambda organisation: organisation.name,
    filters=[
        vocabulary(
            "kind",
            OrganisationKind,
            "Only organisations of this kind.",
            lambda statement, value: statement.where(Organisation.kind == value),
        )
    ],
)

VENUES = Resource(
    name="venues",
    singular="venue",
    model=Venue,
    description="Where rounds are held.",
    fields=f.kind_fields(kinds.VENUES),
    sorts=common_sorts(Venue, name=Venue.name),
    label=str,
)

OUTCOMES = Resource(
    name="outcomes",
    singular="outcome",
    model=ReportedOutcome,
    description="What rounds were reported to have produced, by whom, and how far verified.",
    fields=f.kind_fields(
        kinds.OUTCOMES,
        after={
            "round": [
                f.ref("negotiation", read=lambda outcome: outcome.round.negotiation, null=False)
            ]
        },
    ),
    sorts=common_sorts(ReportedOutcome, date=ReportedOutcome.when_earliest),
    label=lambda outcome: outcome.summary[:80],
    filters=[
        record_id(
            "negotiation",
            "Only outcomes of rounds of the negotiation with this id.",
            lambda statement, value: statement.where(
                ReportedOutcome.round.has(Round.negotiation_id == value)
            ),
        ),
        round_filter(ReportedOutcome.round_id, "outcomes"),
        verification_filter(ReportedOutcome, "outcomes"),
    ],
    load=[
        joinedload(ReportedOutcome.round).joinedload(Round.negotiation),
        joinedload(ReportedOutcome.reported_by),
        joinedload(ReportedOutcome.reported_by_person),
        selectinload(ReportedOutcome.sources),
        selectinload(ReportedOutcome.topics),
    ],
)

STATEMENTS = Resource(
    name="statements",
    singular="statement",
    model=Statement,
    description="Words someone said, exactly as published.",
    fields=f.kind_fields(
        kinds.STATEMENTS,
        replace={
            "speaker": f.ref(
                "speaker",
                read=_speaker,
                doc="The person who spoke; always null for anonymous statements, to protect "
                "sources.",
            ),
            "speaker_role": f.text(
                "speaker_role",
                attribute="role_at_the_time",
                null=True,
                doc="The speaker's role when they spoke; always null for anonymous statements.",
            ),
        },
        after={
            "speaker": [
                f.text(
                    "speaker_label",
                    doc="Who said it as a reader sees it: name and role, or the anonymous wording.",
                )
            ]
        },
    ),
    sorts=common_sorts(Statement, date=Statement.when_earliest),
    label=lambda statement: statement.text_original[:80],
    filters=[
        negotiation_filter(Statement.negotiation_id, "statements"),
        round_filter(Statement.round_id, "statements"),
        record_id(
            "speaker",
            "Only statements by the person with this id (anonymous ones are never matched).",
            lambda statement, value: statement.where(
                Statement.speaker_id == value, Statement.attribution != Attribution.ANONYMOUS
            ),
        ),
        verification_filter(Statement, "statements"),
    ],
    load=[
        joinedload(Statement.negotiation),
        joinedload(Statement.round),
        joinedload(Statement.speaker).selectinload(Person.titles),
        joinedload(Statement.speaker_organisation),
        selectinload(Statement.sources),
        selectinload(Statement.topics),
    ],
)

DEVELOPMENTS = Resource(
    name="developments",
    singular="development",
    model=Development,
    description="Dated timeline entries not tied to one round.",
    fields=f.kind_fields(kinds.DEVELOPMENTS),
    sorts=common_sorts(Development, date=Development.when_earliest),
    label=lambda development: development.headline,
    filters=[
        negotiation_filter(Development.negotiation_id, "developments"),
        round_filter(Development.round_id, "developments"),
        verification_filter(Development, "developments"),
    ],
    load=[
        joinedload(Development.negotiation),
        joinedload(Development.round),
        selectinload(Development.people),
        selectinload(Development.organisations),
        selectinload(Development.sources),
        selectinload(Development.topics),
    ],
)

SOURCES = Resource(
    name="sources",
    singular="source",
    model=Source,
    description="Articles, broadcasts and documents that reported something.",
    fields=f.kind_fields(kinds.SOURCES),
    sorts=common_sorts(Source, published=Source.published_on),
    label=lambda source: source.headline,
    filters=[
        record_id(
            "outlet",
            "Only sources from the outlet (organisation) with this id.",
            lambda statement, value: statement.where(Source.outlet_id == value),
        )
    ],
    load=[joinedload(Source.outlet)],
)

TOPICS = Resource(
    name="topics",
    singular="topic",
    model=Topic,
    description="Agenda items: enrichment, sanctions, prisoner exchanges.",
    fields=f.kind_fields(kinds.TOPICS),
    sorts=common_sorts(Topic, name=Topic.name),
    label=lambda topic: topic.name,
)

RESOURCES: tuple[Resource, ...] = (
    NEGOTIATIONS,
    ROUNDS,
    PEOPLE,
    ORGANISATIONS,
    VENUES,
    OUTCOMES,
    STATEMENTS,
    DEVELOPMENTS,
    SOURCES,
    TOPICS,
)

for _resource in RESOURCES:
    f.LINKABLE[_resource.model] = (_resource.name, _resource.label)
