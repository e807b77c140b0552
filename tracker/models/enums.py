"""The controlled vocabularies of the newsroom, stored as their string values.

Stored as VARCHAR with a named CHECK constraint rather than a native enum type, so that adding
a value is an ordinary migration on SQLite and PostgreSQL alike.
"""

from __future__ import annotations

import enum

from sqlalchemy import Enum


class Label(enum.StrEnum):
    """A vocabulary whose members read well on a page."""

    @property
    def label(self) -> str:
        return self.value.replace("_", " ").capitalize()

    @classmethod
    def choices(cls) -> list[tuple[str, str]]:
        return [(member.value, member.label) for member in cls]


class RoundStatus(Label):
    ANNOUNCED = "announced"
    SCHEDULED = "scheduled"
    HELD = "held"
    POSTPONED = "postponed"
    CANCELLED = "cancelled"


class RoundFormat(Label):
    DIRECT = "direct"
    INDIRECT = "indirect"
    MIXED = "mixed"
    UNKNOWN = "unknown"


class Verification(Label):
    """How far a published fact can be trusted; each is a different thing to a reader."""

    REPORTED = "reported"
    CONFIRMED = "confirmed"
    DISPUTED = "disputed"
    CORRECTED = "corrected"
    RETRACTED = "retracted"


class OrganisationKind(Label):
    STATE = "state"
    GOVERNMENT_BODY = "government_body"
    MEDIATOR = "mediator"
    ARMED_GROUP = "armed_group"
    MEDIA_OUTLET = "media_outlet"
    THINK_TANK = "think_tank"
    INTERNATIONAL_BODY = "international_body"
    POLITICAL_PARTY = "political_party"
    OTHER = "other"


class ParticipationRole(Label):
    HEAD_OF_DELEGATION = "head_of_delegation"
    DELEGATE = "delegate"
    MEDIATOR = "mediator"
    EXPERT = "expert"
    OBSERVER = "observer"
    OTHER = "other"


class SpeechKind(Label):
    DIRECT = "direct"  # the words as spoken, in quotation marks
    REPORTED = "reported"  # paraphrase: "X said that ..."


class Attribution(Label):
    ON_RECORD = "on_record"
    ANONYMOUS = "anonymous"  # "a senior official"


class Stance(Label):
    """Where a statement stands on its topics."""

    SUPPORTS = "supports"
    OPPOSES = "opposes"
    NEUTRAL = "neutral"
    MIXED = "mixed"
    UNCLEAR = "unclear"


class UserRole(Label):
    VIEWER = "viewer"
    EDITOR = "editor"
    ADMIN = "admin"

    @property
    def rank(self) -> int:
        return {"viewer": 0, "editor": 1, "admin": 2}[self.value]


def enum_column_type(vocabulary: type[enum.StrEnum], name: str) -> Enum:
    """A portable enum type with a named CHECK constraint, storing member values."""
    return Enum(
        vocabulary,
        name=name,
        native_enum=False,
        create_constraint=True,
        length=32,
        values_callable=lambda members: [member.value for member in members],
        validate_strings=True,
    )
