"""Loading the demo story through the services, so it obeys the same rules as an editor.

Each record is looked up by its natural key first; loading twice changes nothing.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from tracker.demo import story
from tracker.models import (
    Development,
    Negotiation,
    Organisation,
    Participation,
    Person,
    ReportedOutcome,
    Round,
    Source,
    Statement,
    Topic,
    User,
    Venue,
)
from tracker.services import accounts, catalogue, facts, negotiations
from tracker.services.records import RecordService


@dataclass
class DemoReport:
    created: Counter[str] = field(default_factory=Counter)

    def summary(self) -> str:
        if not self.created:
            return "Demo story already loaded: nothing changed."
        parts = ", ".join(f"{count} {kind}" for kind, count in sorted(self.created.items()))
        return f"Demo story loaded: {parts}."


class _Loader:
    def __init__(self, session: Session) -> None:
        self.session = session
        self.report = DemoReport()

    def ensure(self, service: RecordService, where: Any, values: dict[str, Any]) -> Any:
        """The record matching ``where``, created from ``values`` when there is none."""
        found = self.session.scalars(select(service.model).where(where)).first()
        if found is not None:
            return found
        self.report.created[service.kind] += 1
        return service.create(self.session, None, values)

    def organisation(self, name: str | None) -> int | None:
        if name is None:
            return None
        return self.session.scalar(select(Organisation.id).where(Organisation.name == name))

    def topic_ids(self, slugs: list[str]) -> list[int]:
        return list(self.session.scalars(select(Topic.id).where(Topic.slug.in_(slugs))))


def load_demo(session: Session, with_accounts: bool = True) -> DemoReport:
    """Load the 2025 Iran–US talks story (and, unless told not to, the demo accounts)."""
    load = _Loader(session)
    for values in story.ORGANISATIONS:
        load.ensure(catalogue.organisations, Organisation.name == values["name"], values)
    people: dict[str, Person] = {}
    for entry in story.PEOPLE:
        values = {
            key: entry.get(key) for key in ("name", "name_original", "name_original_language")
        }
        values["description"] = entry.get("description")
        values["organisation_id"] = load.organisation(entry.get("organisation"))
        person = load.ensure(catalogue.people, Person.name == entry["name"], values)
        people[entry["key"]] = person
        for title, organisation, starts, ends in entry["titles"]:
            if any(existing.title == title for existing in person.titles):
                continue
            load.report.created["title"] += 1
            catalogue.person_titles.create(
                session,
                None,
                {
                    "person_id": person.id,
                    "title": title,
                    "organisation_id": load.organisation(organisation),
                    "valid_from": dt.date.fromisoformat(starts) if starts else None,
                    "valid_to": dt.date.fromisoformat(ends) if ends else None,
                },
            )
        session.refresh(person)
    for values in story.VENUES:
        load.ensure(catalogue.venues, Venue.name == values["name"], values)
    for values in story.TOPICS:
        load.ensure(catalogue.topics, Topic.slug == values["slug"], values)
    source = load.ensure(
        catalogue.sources,
        Source.headline == story.SOURCE["headline"],
        {
            **{k: v for k, v in story.SOURCE.items() if k != "outlet"},
            "outlet_id": load.organisation(story.SOURCE["outlet"]),
        },
    )
    negotiation = load.ensure(
        negotiations.negotiations,
        Negotiation.slug == story.NEGOTIATION["slug"],
        {
            **{k: v for k, v in story.NEGOTIATION.items() if k != "parties"},
            "party_ids": [load.organisation(name) for name in story.NEGOTIATION["parties"]],
        },
    )
    rounds: dict[int, Round] = {}
    for entry in story.ROUNDS:
        venue_id = session.scalar(select(Venue.id).where(Venue.name == entry["venue"]))
        values = {
            **{k: v for k, v in entry.items() if k not in ("venue", "mediator", "agenda")},
            "negotiation_id": negotiation.id,
            "venue_id": venue_id if entry["venue"] else None,
            "mediator_id": load.organisation(entry["mediator"]),
            "topic_ids": load.topic_ids(entry["agenda"]),
            "source_ids": [source.id],
        }
        rounds[entry["number"]] = load.ensure(
            negotiations.rounds,
            (Round.negotiation_id == negotiation.id) & (Round.number == entry["number"]),
            values,
        )
    for number, person_key, role, side, note in story.PARTICIPATIONS:
        load.ensure(
            negotiations.participations,
            (Participation.round_id == rounds[number].id)
            & (Participation.person_id == people[person_key].id),
            {
                "round_id": rounds[number].id,
                "person_id": people[person_key].id,
                "role": role,
                "side_id": load.organisation(side),
                "note": note,
                "source_ids": [source.id],
            },
        )
    for entry in story.OUTCOMES:
        round_id = rounds[entry["round"]].id
        load.ensure(
            facts.outcomes,
            (ReportedOutcome.round_id == round_id) & (ReportedOutcome.summary == entry["summary"]),
            {
                "round_id": round_id,
                "summary": entry["summary"],
                "reported_by_id": load.organisation(entry["reported_by"]),
                "verification": entry["verification"],
                "when_edtf": entry["when_edtf"],
                "topic_ids": load.topic_ids(entry["topics"]),
                "source_ids": [source.id],
            },
        )
    for entry in story.DEVELOPMENTS:
        load.ensure(
            facts.developments,
            (Development.negotiation_id == negotiation.id)
            & (Development.headline == entry["headline"]),
            {
                "negotiation_id": negotiation.id,
                "round_id": rounds[entry["round"]].id if entry["round"] else None,
                "headline": entry["headline"],
                "description": entry["description"],
                "when_edtf": entry["when_edtf"],
                "when_text": entry["when_text"],
                "verification": entry["verification"],
                "topic_ids": load.topic_ids(entry["topics"]),
                "person_ids": [],
                "organisation_ids": [load.organisation(name) for name in entry["organisations"]],
                "source_ids": [source.id],
            },
        )
    for quote in story.QUOTES:
        speaker = people[quote.speaker]
        load.ensure(
            facts.statements,
            (Statement.speaker_id == speaker.id) & (Statement.text_original == quote.text),
            {
                "negotiation_id": negotiation.id,
                "speaker_id": speaker.id,
                "speaker_organisation_id": speaker.organisation_id,
                "text_original": quote.text,
                "language": "en",
                "speech": quote.speech,
                "attribution": "on_record",
                "stance": quote.stance,
                "verification": "reported",
                "when_edtf": story.QUOTE_DATE,
                "when_text": "told Shafaq News",
                "topic_ids": load.topic_ids(quote.topics),
                "source_ids": [source.id],
            },
        )
    if with_accounts:
        for entry in story.ACCOUNTS:
            load.ensure(
                accounts.users,
                User.email == entry["email"],
                {**entry, "password": story.DEMO_PASSWORD, "active": True},
            )
    return load.report
