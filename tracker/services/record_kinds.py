"""Every kind of record the tracker keeps, each with the service that writes it: one list,
installed into :mod:`tracker.services.registry` by ``create_app``."""

from __future__ import annotations

from typing import Any

from tracker.services import accounts, catalogue, facts, negotiations
from tracker.services.records import RecordService

RECORD_SERVICES: tuple[RecordService[Any], ...] = (
    negotiations.negotiations,
    negotiations.rounds,
    negotiations.participations,
    facts.outcomes,
    facts.statements,
    facts.developments,
    catalogue.organisations,
    catalogue.people,
    catalogue.person_titles,
    catalogue.venues,
    catalogue.topics,
    catalogue.sources,
    accounts.users,
)
