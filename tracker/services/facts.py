"""Services for what gets published: reported outcomes, statements and developments.

Rules that live here: every published fact cites at least one source; a cancelled round gains
no outcomes; an anonymous statement says how its speaker was described.
"""

from __future__ import annotations

from sqlalchemy.orm import Session

from tracker.models import (
    Attribution,
    Development,
    Negotiation,
    Organisation,
    Person,
    ReportedOutcome,
    Round,
    RoundStatus,
    Source,
    Statement,
    Topic,
)
from tracker.services.errors import RuleViolation
from tracker.services.records import RecordService, require_sources
from tracker.services.wording import N_


class ReportedOutcomeService(RecordService[ReportedOutcome]):
    model = ReportedOutcome
    kind = "outcome"
    references = {
        "round_id": Round,
        "reported_by_id": Organisation,
        "reported_by_person_id": Person,
    }
    collections = {"source_ids": ("sources", Source), "topic_ids": ("topics", Topic)}

    def check(
        self, session: Session, record: ReportedOutcome, values: dict, creating: bool
    ) -> None:
        if creating or "sources" in values:
            require_sources(values)
        round_id = values.get("round_id", record.round_id)
        round_ = session.get(Round, round_id) if round_id is not None else None
        if (
            round_ is not None
            and round_.status is RoundStatus.CANCELLED
            and (creating or round_id != record.round_id)
        ):
            raise RuleViolation(
                N_("This round was cancelled: it cannot gain outcomes."), "round_id"
            )


class StatementService(RecordService[Statement]):
    model = Statement
    kind = "statement"
    references = {
        "negotiation_id": Negotiation,
        "round_id": Round,
        "speaker_id": Person,
        "speaker_organisation_id": Organisation,
    }
    collections = {"source_ids": ("sources", Source), "topic_ids": ("topics", Topic)}

    def check(self, session: Session, record: Statement, values: dict, creating: bool) -> None:
        if creating or "sources" in values:
            require_sources(values)
        attribution = values.get("attribution", record.attribution)
        speaker_id = values.get("speaker_id", record.speaker_id)
        description = values.get("speaker_description", record.speaker_description)
        if attribution == Attribution.ANONYMOUS and not description:
            raise RuleViolation(
                N_(
                    "Say how the anonymous speaker was described, e.g. “a senior Iranian official”."
                ),
                "speaker_description",
            )
        if attribution != Attribution.ANONYMOUS and speaker_id is None:
            raise RuleViolation(
                N_("Choose who said it, or mark the statement anonymous."), "speaker_id"
            )
        round_id = values.get("round_id", record.round_id)
        negotiation_id = values.get("negotiation_id", record.negotiation_id)
        round_ = session.get(Round, round_id) if round_id is not None else None
        if round_ is not None and negotiation_id is None:
            values["negotiation_id"] = round_.negotiation_id
        elif round_ is not None and round_.negotiation_id != negotiation_id:
            raise RuleViolation(N_("That round belongs to another negotiation."), "round_id")


class DevelopmentService(RecordService[Development]):
    model = Development
    kind = "development"
    references = {"negotiation_id": Negotiation, "round_id": Round}
    collections = {
        "source_ids": ("sources", Source),
        "topic_ids": ("topics", Topic),
        "person_ids": ("people", Person),
        "organisation_ids": ("organisations", Organisation),
    }

    def check(self, session: Session, record: Development, values: dict, creating: bool) -> None:
        if creating or "sources" in values:
            require_sources(values)
        round_id = values.get("round_id", record.round_id)
        negotiation_id = values.get("negotiation_id", record.negotiation_id)
        if round_id is not None:
            round_ = session.get(Round, round_id)
            if round_ is not None and round_.negotiation_id != negotiation_id:
                raise RuleViolation(N_("That round belongs to another negotiation."), "round_id")


outcomes = ReportedOutcomeService()
statements = StatementService()
developments = DevelopmentService()
