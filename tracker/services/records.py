"""The one path every create, update and delete takes, whatever door it came through.

Each kind of record has a :class:`RecordService`; subclasses add the newsroom's rules in
:meth:`RecordService.check`. Services change and flush; the caller commits.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, ClassVar, Generic, TypeVar

from sqlalchemy import inspect, select
from sqlalchemy.exc import DataError, IntegrityError
from sqlalchemy.orm import Session
from sqlalchemy.orm.exc import StaleDataError

from tracker.db import Record, utcnow
from tracker.models import ChangeAction, ChangeRecord, User, UserRole
from tracker.services import constraints, field_rules, history
from tracker.services.errors import PermissionDenied, RecordNotFound, RuleViolation, StaleRecord
from tracker.services.registry import service_for_model
from tracker.services.wording import N_

RecordT = TypeVar("RecordT", bound=Record)


class RecordService(Generic[RecordT]):
    """Create, update and delete one kind of record.

    ``values`` are plain values keyed by attribute name. Keys named in :attr:`references`
    (``venue_id``) must name an existing row; keys in :attr:`collections` (``source_ids``) are
    lists of ids that replace the related collection.
    """

    model: type[RecordT]
    kind: ClassVar[str]
    #: foreign-key attribute -> model it must point at
    references: ClassVar[Mapping[str, type[Record]]] = {}
    #: "<name>_ids" value key -> (relationship attribute, related model)
    collections: ClassVar[Mapping[str, tuple[str, type[Record]]]] = {}
    #: unique attributes -> the message shown next to the field when taken
    unique_messages: ClassVar[Mapping[str, str]] = {}
    #: values kept exactly as given (not stripped), such as passwords
    verbatim: ClassVar[frozenset[str]] = frozenset()
    #: attributes kept out of the history's values (a password hash): only "changed" is kept
    hidden_fields: ClassVar[frozenset[str]] = frozenset()
    edit_role: ClassVar[UserRole] = UserRole.EDITOR
    delete_role: ClassVar[UserRole] = UserRole.ADMIN

    # -- the public operations -------------------------------------------------------------

    def get(self, session: Session, record_id: int) -> RecordT:
        """:raise RecordNotFound: when there is no such record."""
        record = session.get(self.model, record_id)
        if record is None:
            raise RecordNotFound(self.kind, record_id)
        return record

    def create(
        self,
        session: Session,
        actor: User | None,
        values: Mapping[str, Any],
        note: str | None = None,
    ) -> RecordT:
        """Add a record; its history starts with this creation."""
        record, _change = self.insert(session, actor, values, note=note)
        return record

    def insert(
        self,
        session: Session,
        actor: User | None,
        values: Mapping[str, Any],
        action: ChangeAction = ChangeAction.CREATE,
        note: str | None = None,
        caused_by: ChangeRecord | None = None,
    ) -> tuple[RecordT, ChangeRecord]:
        """:meth:`create`, also returning the history row (a restore links its children to it)."""
        self.authorise(actor, self.edit_role)
        _check_note(note)
        record = self.model()
        self._apply(session, record, dict(values), creating=True)
        session.add(record)
        self._flush(session)
        self.after_save(session, actor, record, created=True)
        change = history.record_change(
            session,
            actor,
            self,
            record,
            action,
            {},
            history.snapshot(self, record),
            note=note,
            caused_by=caused_by,
        )
        self._flush(session)
        return record, change

    def update(
        self,
        session: Session,
        actor: User | None,
        record: RecordT,
        values: Mapping[str, Any],
        expected_version: int | None = None,
        note: str | None = None,
        correction: str | None = None,
        action: ChangeAction = ChangeAction.UPDATE,
    ) -> RecordT:
        """Change ``record``; ``note`` says why (kept in the history). ``correction``, when
        given, marks the edit as a correction with that public note; facts with a
        verification status become "corrected". A save that changes nothing records nothing.

        :raise StaleRecord: when ``expected_version`` is not the record's current version, or
            another save got there first while this one was being written.
        """
        self.authorise(actor, self.edit_role)
        if expected_version is not None and expected_version != record.version:
            raise StaleRecord(record, expected_version)
        values = self._cleaned(values)
        # Before the hook below records anything from them (a round's schedule change).
        field_rules.check_values(self.model, values)
        _check_note(note)
        if correction is not None:
            correction = correction.strip()
            if not correction:
                raise RuleViolation(
                    N_("Say in a public note what was wrong and what is right."), "correction_note"
                )
            values.update(history.correction_values(self, correction))
        before = history.snapshot(self, record)
        hidden_before = {name: getattr(record, name) for name in self.hidden_fields}
        self.before_update(session, actor, record, values, note)
        self._apply(session, record, values, creating=False)
        after = history.snapshot(self, record)
        hidden_changed = [
            name for name, value in hidden_before.items() if getattr(record, name) != value
        ]
        if not history.diff(before, after) and not hidden_changed and correction is None:
            return record
        # Touching the row makes every real save an UPDATE checked against the version, even
        # when only a collection (the sources cited) changed.
        record.updated_at = utcnow()
        self._flush(session, record, expected_version)
        self.after_save(session, actor, record, created=False)
        after = history.snapshot(self, record)
        if correction is None:
            correction = history.implied_correction(before, after)
        history.record_change(
            session,
            actor,
            self,
            record,
            action,
            before,
            after,
            note=note,
            correction_note=correction,
            hidden_changed=hidden_changed,
        )
        self._flush(session, record, expected_version)
        return record

    def delete(
        self,
        session: Session,
        actor: User | None,
        record: RecordT,
        note: str | None = None,
        expected_version: int | None = None,
    ) -> None:
        """Delete ``record`` and what goes with it; each gets a history row holding everything
        needed to restore it, the cascaded ones pointing at the deletion that took them.

        :raise StaleRecord: when ``expected_version`` (the version the deleter saw) is not the
            record's current one, or another save got there first: a delete never silently
            throws away an edit its author did not see.
        """
        self.authorise(actor, self.delete_role)
        if expected_version is not None and expected_version != record.version:
            raise StaleRecord(record, expected_version)
        _check_note(note)
        self.check_delete(session, record)
        with session.no_autoflush:
            doomed = [(self, record)]
            for other, mapper, _state, _dict in inspect(self.model).cascade_iterator(
                "delete", inspect(record)
            ):
                service = service_for_model(mapper.class_)
                if service is not None:
                    doomed.append((service, other))
            befores = [
                {
                    **history.snapshot(service, doomed_record),
                    history.LINKS_KEY: history.inbound_links(session, doomed_record),
                }
                for service, doomed_record in doomed
            ]
        session.delete(record)
        deleting = None
        for (service, doomed_record), before in zip(doomed, befores, strict=True):
            change = history.record_change(
                session,
                actor,
                service,
                doomed_record,
                ChangeAction.DELETE,
                before,
                {},
                note=note if deleting is None else None,
                caused_by=deleting,
            )
            deleting = deleting or change
        self._flush(session, record, expected_version)

    # -- hooks for subclasses ---------------------------------------------------------------

    def check(
        self, session: Session, record: RecordT, values: dict[str, Any], creating: bool
    ) -> None:
        """Raise :class:`RuleViolation` when ``values`` would break a newsroom rule."""

    def before_update(
        self,
        session: Session,
        actor: User | None,
        record: RecordT,
        values: dict[str, Any],
        note: str | None,
    ) -> None:
        """Runs before an update is applied, while the old values are still on the record."""

    def after_save(
        self, session: Session, actor: User | None, record: RecordT, created: bool
    ) -> None:
        """Runs after a create or update was flushed."""

    def check_delete(self, session: Session, record: RecordT) -> None:
        """Raise :class:`RuleViolation` when the record may not be deleted."""

    # -- machinery ------------------------------------------------------------------------

    @staticmethod
    def authorise(actor: User | None, needed: UserRole) -> None:
        """:raise PermissionDenied: unless ``actor`` holds ``needed`` or more. ``None`` is the
        system itself (demo loader, migrations), which may do anything."""
        if actor is not None and not actor.can(needed):
            raise PermissionDenied(f"Your role ({actor.role.label}) may not do this.")

    def rule_broken(
        self, session: Session, record: RecordT | None, values: Mapping[str, Any]
    ) -> RuleViolation | None:
        """The first rule ``values`` would break on ``record`` (``None``: a new one), found
        without flushing anything, so a form can name it beside its own field errors instead of
        only on the next save. A check may still touch ``record`` (a password is hashed onto
        it): the caller rolls back afterwards, as after any refusal."""
        try:
            with session.no_autoflush:
                self._checked(
                    session,
                    record if record is not None else self.model(),
                    dict(values),
                    creating=record is None,
                )
        except RuleViolation as violation:
            return violation
        return None

    def _checked(
        self, session: Session, record: RecordT, values: dict[str, Any], creating: bool
    ) -> dict[str, Any]:
        """``values`` as the record will hold them, once every rule has let them through."""
        values = {
            key: self._as_vocabulary(key, value) for key, value in self._cleaned(values).items()
        }
        # Before any query sees them: PostgreSQL fails a whole statement on a NUL byte.
        field_rules.check_values(self.model, values)
        for key, model in self.references.items():
            if values.get(key) is not None and session.get(model, values[key]) is None:
                raise RuleViolation(N_("Choose an existing record from the list."), field=key)
        for key, (attribute, model) in self.collections.items():
            if key in values:
                values[attribute] = self._resolve_many(session, model, values.pop(key) or [], key)
        self.check(session, record, values, creating)
        field_rules.check_values(self.model, values)  # again: check() may derive values (a slug)
        field_rules.check_required(self.model, record, values)
        self._check_unique(session, record, values)
        return values

    def _apply(
        self, session: Session, record: RecordT, values: dict[str, Any], creating: bool
    ) -> None:
        values = self._checked(session, record, values, creating)
        for key, value in values.items():
            if not hasattr(type(record), key):
                raise RuleViolation(N_("Unknown field %(name)r."), field=key, name=key)
            try:
                setattr(record, key, value)
            except ValueError as error:
                raise RuleViolation(str(error), field=key) from error

    def _as_vocabulary(self, key: str, value: Any) -> Any:
        """Turn ``"held"`` into ``RoundStatus.HELD`` for enum columns, naming what is allowed."""
        column = self.model.__table__.columns.get(key)
        vocabulary = getattr(column.type, "enum_class", None) if column is not None else None
        if vocabulary is None or value is None:
            return value
        try:
            return vocabulary(value)
        except ValueError:
            allowed = ", ".join(member.value for member in vocabulary)
            raise RuleViolation(
                N_("“%(value)s” is not one of: %(allowed)s."),
                field=key,
                value=value,
                allowed=allowed,
            ) from None

    def _cleaned(self, values: Mapping[str, Any]) -> dict[str, Any]:
        """Blank strings become ``None`` and text is trimmed, except :attr:`verbatim` values."""
        return {
            key: value if key in self.verbatim else _blank_to_none(value)
            for key, value in values.items()
        }

    @staticmethod
    def _resolve_many(
        session: Session, model: type[Record], ids: list[Any], field: str
    ) -> list[Any]:
        wanted = [int(identifier) for identifier in ids]
        if not wanted:
            return []
        found = session.scalars(select(model).where(model.id.in_(wanted))).all()
        by_id = {row.id: row for row in found}
        missing = [identifier for identifier in wanted if identifier not in by_id]
        if missing:
            raise RuleViolation(N_("Some of the chosen records no longer exist."), field=field)
        return [by_id[identifier] for identifier in dict.fromkeys(wanted)]

    def _check_unique(self, session: Session, record: RecordT, values: dict[str, Any]) -> None:
        for attribute, message in self.unique_messages.items():
            value = values.get(attribute)
            if value is None:
                continue
            column = getattr(self.model, attribute)
            clash = session.scalar(
                select(self.model.id).where(column == value, self.model.id != record.id)
            )
            if clash is not None:
                raise RuleViolation(message, field=attribute)

    def _flush(
        self, session: Session, record: Any = None, expected_version: int | None = None
    ) -> None:
        """Flush, turning a constraint the checks did not foresee into a rule violation that
        names its field (see :mod:`tracker.services.constraints`) and a concurrent save (the
        version moved under us) into :class:`StaleRecord`.

        The session is then unusable until the caller rolls back, which every door does.
        """
        try:
            session.flush()
        except StaleDataError as error:
            raise StaleRecord(record, expected_version) from error
        except IntegrityError as error:
            raise constraints.violation(error, self.unique_messages) from error
        except DataError as error:
            # The field rules should have caught it; a value the database still cannot store
            # is the editor's to fix, never a 500.
            raise RuleViolation(
                N_("The database cannot store one of these values: %(reason)s"),
                reason=str(error.orig).splitlines()[0],
            ) from error


def _check_note(note: str | None) -> None:
    """The note on a change is kept in the history: the same characters as any text field."""
    if note:
        field_rules.check_text(note, "change_note", one_line=False)


def _blank_to_none(value: Any) -> Any:
    if isinstance(value, str):
        value = value.strip()
        return value or None
    return value


def require_sources(values: Mapping[str, Any], field: str = "source_ids") -> None:
    """Nothing is published without a source."""
    if not values.get("sources"):
        raise RuleViolation(
            N_("Cite at least one source: nothing is published without one."), field
        )
