"""The tracker's records. Importing this package registers every table on ``Base.metadata``."""

from tracker.models.accounts import LoginSession, User
from tracker.models.actors import Organisation, Person, PersonTitle
from tracker.models.enums import (
    Attribution,
    OrganisationKind,
    ParticipationRole,
    RoundFormat,
    RoundStatus,
    SpeechKind,
    Stance,
    UserRole,
    Verification,
)
from tracker.models.facts import Development, ReportedOutcome, Statement, Topic
from tracker.models.feeds import FeedKind, FeedToken
from tracker.models.history import ChangeAction, ChangeRecord
from tracker.models.imports import ImportPreview
from tracker.models.negotiations import Negotiation, Participation, Round, RoundScheduleChange
from tracker.models.places import Venue
from tracker.models.sources import Source
from tracker.models.timeline import EntryKind, TimelineEntry, TimelineFacet, TimelineFacetTotal
from tracker.models.tokens import ApiToken

__all__ = [
    "ApiToken",
    "Attribution",
    "ChangeAction",
    "ChangeRecord",
    "Development",
    "EntryKind",
    "FeedKind",
    "FeedToken",
    "ImportPreview",
    "LoginSession",
    "Negotiation",
    "Organisation",
    "OrganisationKind",
    "Participation",
    "ParticipationRole",
    "Person",
    "PersonTitle",
    "ReportedOutcome",
    "Round",
    "RoundFormat",
    "RoundScheduleChange",
    "RoundStatus",
    "Source",
    "SpeechKind",
    "Stance",
    "Statement",
    "TimelineEntry",
    "TimelineFacet",
    "TimelineFacetTotal",
    "Topic",
    "User",
    "UserRole",
    "Venue",
    "Verification",
]
