"""Create, edit, delete, restore and roll back, interleaved at random across six kinds of
record through the services. After every step: each record's history replays to what it
holds, no history row belongs to two records, no id is handed out twice, and a restored record
comes back with its links.

Runs on SQLite, and on PostgreSQL when ``TRACKER_TEST_DATABASE_URL`` names a server.
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any

import pytest
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, rule, run_state_machine_as_test
from sqlalchemy import delete, select

from tracker.db import Base
from tracker.extensions import db
from tracker.models import ChangeAction, ChangeRecord
from tracker.services import history
from tracker.services.errors import RuleViolation
from tracker.services.records import RecordService
from tracker.services.registry import service_for

KINDS = ("topic", "person", "organisation", "venue", "source", "statement")
WORDS = ("Muscat", "Rome", "Geneva", "caps on enrichment", "sanctions relief", "قطر")
#: steps that may be refused by a newsroom rule (a name taken, a speaker deleted meanwhile)
MAY_BE_REFUSED = (RuleViolation,)

pick = st.integers(min_value=0, max_value=10_000)


def linked_fields(service: RecordService) -> set[str]:
    return set(service.references) | set(service.collections)


def plain(service: RecordService, values: dict[str, Any]) -> dict[str, Any]:
    """The fields a replay compares exactly: not bookkeeping, not links to other records
    (deleting the far end empties those without touching this record's history)."""
    skipped = history.BOOKKEEPING | linked_fields(service) | {history.LINKS_KEY}
    return {key: value for key, value in values.items() if key not in skipped}


def empty_record_tables() -> None:
    """A clean slate for each run; row by row, which on PostgreSQL is far quicker than the
    conftest's TRUNCATE for tables this small. Id counters are left as they are."""
    for table in reversed(Base.metadata.sorted_tables):
        db.session.execute(delete(table))
    db.session.commit()


class HistoryMachine(RuleBasedStateMachine):
    """The services under random use; the database is emptied before each run."""

    app: Any = None

    def __init__(self) -> None:
        super().__init__()
        self.context = self.app.app_context()
        self.context.push()
        db.session.rollback()
        empty_record_tables()
        self.counter = 0
        #: kind -> id -> uid of every record ever created, deleted or not
        self.handed_out: dict[str, dict[int, Any]] = defaultdict(dict)

    def teardown(self) -> None:
        db.session.rollback()
        db.session.close()
        self.context.pop()

    # -- helpers ----------------------------------------------------------------------------

    def living(self, kind: str) -> list[Any]:
        model = service_for(kind).model
        return list(db.session.scalars(select(model).order_by(model.id)))

    def choose(self, kind: str, index: int) -> Any | None:
        records = self.living(kind)
        return records[index % len(records)] if records else None

    def some_ids(self, kind: str, index: int, at_least_one: bool = False) -> list[int]:
        ids = [record.id for record in self.living(kind)]
        chosen = [identifier for bit, identifier in enumerate(ids) if index >> bit & 1]
        if at_least_one and not chosen and ids:
            chosen = [ids[index % len(ids)]]
        return chosen

    def attempt(self, step) -> Any:
        """Run one step and commit it; a refusal by a rule leaves nothing behind."""
        try:
            result = step()
            db.session.commit()
            return result
        except MAY_BE_REFUSED:
            db.session.rollback()
            return None

    def values_for(self, kind: str, index: int, word: str) -> dict[str, Any] | None:
        self.counter += 1
        name = f"{word} {self.counter}"
        organisation = self.choose("organisation", index)
        if kind == "topic":
            return {"name": name, "description": word}
        if kind == "person":
            return {"name": name, "organisation_id": organisation.id if organisation else None}
        if kind == "organisation":
            return {"name": name, "description": word}
        if kind == "venue":
            return {"name": name, "city": word}
        if kind == "source":
            return {"headline": name, "outlet_id": organisation.id if organisation else None}
        sources = self.some_ids("source", index, at_least_one=True)
        if not sources:
            return None
        speaker = self.choose("person", index)
        on_record = speaker is not None and index % 3 != 0
        return {
            "text_original": name,
            "attribution": "on_record" if on_record else "anonymous",
            "speaker_id": speaker.id if speaker is not None and index % 5 else None,
            "speaker_description": None if on_record else "a senior official",
            "source_ids": sources,
            "topic_ids": self.some_ids("topic", index // 7),
        }

    def edit_values(self, kind: str, index: int, word: str) -> dict[str, Any]:
        organisation = self.choose("organisation", index)
        if kind in ("topic", "organisation"):
            return {"description": f"{word} {index}"}
        if kind == "person":
            return {
                "description": word,
                "organisation_id": organisation.id if organisation and index % 2 else None,
            }
        if kind == "venue":
            return {"city": word}
        if kind == "source":
            return {"notes": word, "outlet_id": organisation.id if organisation else None}
        values: dict[str, Any] = {"text_original": f"{word} {index}"}
        values["topic_ids"] = self.some_ids("topic", index)
        sources = self.some_ids("source", index // 3, at_least_one=True)
        if sources:
            values["source_ids"] = sources
        return values

    # -- the rules ---------------------------------------------------------------------------

    @rule(kind=st.sampled_from(KINDS), index=pick, word=st.sampled_from(WORDS))
    def create(self, kind: str, index: int, word: str) -> None:
        values = self.values_for(kind, index, word)
        if values is None:
            return
        record = self.attempt(lambda: service_for(kind).create(db.session, None, values))
        if record is None:
            return
        assert record.id not in self.handed_out[kind], f"{kind} id {record.id} handed out twice"
        self.handed_out[kind][record.id] = record.uid

    @rule(kind=st.sampled_from(KINDS), index=pick, word=st.sampled_from(WORDS))
    def edit(self, kind: str, index: int, word: str) -> None:
        record = self.choose(kind, index)
        if record is None:
            return
        values = self.edit_values(kind, index, word)
        self.attempt(lambda: service_for(kind).update(db.session, None, record, values))

    @rule(kind=st.sampled_from(KINDS), index=pick)
    def delete(self, kind: str, index: int) -> None:
        record = self.choose(kind, index)
        if record is not None:
            self.attempt(lambda: service_for(kind).delete(db.session, None, record))

    @rule(index=pick)
    def restore(self, index: int) -> None:
        deletions = [
            change
            for change in db.session.scalars(
                select(ChangeRecord)
                .where(ChangeRecord.action == ChangeAction.DELETE)
                .order_by(ChangeRecord.id)
            )
            if history.current_record(db.session, change) is None
            and history.changes_to(db.session, change.record_kind, change.record_id)[0] == change
        ]
        if not deletions:
            return
        deletion = deletions[index % len(deletions)]
        expected_links = self.links_to_expect(deletion)
        restored = self.attempt(lambda: history.restore(db.session, None, deletion))
        if restored is None:
            assert self.refused_for_a_reason(deletion)
            return
        assert (restored.id, restored.uid) == (deletion.record_id, deletion.record_uid)
        service = service_for(deletion.record_kind)
        assert plain(service, history.snapshot(service, restored)) == plain(
            service, deletion.snapshot
        )
        for holder, attribute in expected_links:
            db.session.refresh(holder)
            value = getattr(holder, attribute)
            held = [item.id for item in value] if isinstance(value, list) else [value]
            assert restored.id in held, f"{holder} lost its link to {restored}"

    @rule(kind=st.sampled_from(KINDS), index=pick, which=pick)
    def roll_back(self, kind: str, index: int, which: int) -> None:
        record = self.choose(kind, index)
        if record is None:
            return
        earlier = [
            change
            for change in history.changes_to(db.session, kind, record.id)[1:]
            if change.action is not ChangeAction.DELETE
        ]
        if earlier:
            change = earlier[which % len(earlier)]
            self.attempt(lambda: history.rollback(db.session, None, record, change))

    @rule(kind=st.sampled_from(KINDS), index=pick)
    def roll_back_onto_another_record(self, kind: str, index: int) -> None:
        records = self.living(kind)
        if len(records) < 2:
            return
        target, other = records[index % len(records)], records[(index + 1) % len(records)]
        foreign = history.changes_to(db.session, kind, other.id)[-1]
        with pytest.raises(RuleViolation):
            history.rollback(db.session, None, target, foreign)
        db.session.rollback()

    # -- what a restore must bring back ---------------------------------------------------------

    def links_to_expect(self, deletion: ChangeRecord) -> list[tuple[Any, str]]:
        """(holder, attribute) of every link the deleted record had whose holder still exists,
        has not been pointed elsewhere, and whose own rules still let it be saved."""
        expected = []
        for link in deletion.snapshot.get(history.LINKS_KEY, []):
            for holder_kind in KINDS:
                service = service_for(holder_kind)
                table = service.model.__table__
                if "other" in link:
                    attributes = [
                        attribute
                        for attribute, _model in service.collections.values()
                        if getattr(service.model, attribute).property.secondary.name
                        == link["table"]
                    ]
                elif link["table"] == table.name:
                    attributes = [link["column"]]
                else:
                    continue
                for attribute in attributes:
                    for holder_id in link["ids"]:
                        holder = db.session.get(service.model, holder_id)
                        if holder is None or not self.rules_allow(service, holder):
                            continue
                        if "other" not in link and getattr(holder, attribute) is not None:
                            continue
                        expected.append((holder, attribute))
        return expected

    @staticmethod
    def rules_allow(service: RecordService, holder: Any) -> bool:
        try:
            service.check(db.session, holder, {}, creating=False)
        except RuleViolation:
            return False
        return True

    @staticmethod
    def refused_for_a_reason(deletion: ChangeRecord) -> bool:
        """The one refusal a restore may meet here: an on-record statement whose speaker was
        deleted meanwhile cannot stand without one."""
        saved = deletion.snapshot
        return (
            deletion.record_kind == "statement"
            and saved.get("attribution") == "on_record"
            and db.session.get(service_for("person").model, saved.get("speaker_id") or 0) is None
        )

    # -- what must hold after every step ------------------------------------------------------

    @invariant()
    def no_history_row_belongs_to_two_records(self) -> None:
        uids_by_id: dict[tuple[str, int], set[Any]] = defaultdict(set)
        ids_by_uid: dict[Any, set[tuple[str, int]]] = defaultdict(set)
        for kind, record_id, uid in db.session.execute(
            select(ChangeRecord.record_kind, ChangeRecord.record_id, ChangeRecord.record_uid)
        ):
            assert uid is not None
            uids_by_id[(kind, record_id)].add(uid)
            ids_by_uid[uid].add((kind, record_id))
        assert all(len(uids) == 1 for uids in uids_by_id.values()), uids_by_id
        assert all(len(ids) == 1 for ids in ids_by_uid.values()), ids_by_uid
        for kind in KINDS:
            for record in self.living(kind):
                assert self.handed_out[kind].get(record.id) == record.uid

    @invariant()
    def every_history_replays_to_what_its_record_holds(self) -> None:
        rows: dict[Any, list[ChangeRecord]] = defaultdict(list)
        for change in db.session.scalars(select(ChangeRecord).order_by(ChangeRecord.id)):
            rows[change.record_uid].append(change)
        for kind in KINDS:
            for record in self.living(kind):
                assert record.uid in rows, f"{kind} {record.id} has no history"
        for changes in rows.values():
            self.replay(changes)

    def replay(self, changes: list[ChangeRecord]) -> None:
        service = service_for(changes[0].record_kind)
        state: dict[str, Any] | None = None
        for change in changes:
            saved = plain(service, change.snapshot)
            if change.action in (ChangeAction.CREATE, ChangeAction.RESTORE):
                assert state is None, f"{change} brings back a record that exists"
            elif change.action is ChangeAction.DELETE:
                assert saved == state, f"{change} kept another state than the record had"
            else:
                assert state is not None, f"{change} changes a record that does not exist"
                for field, (old, new) in change.changes.items():
                    if field in saved or field in state:
                        assert state.get(field) == old, (change, field)
                        assert saved.get(field) == new, (change, field)
                unchanged = set(state) - set(change.changes)
                assert {key: state[key] for key in unchanged} == {
                    key: saved.get(key) for key in unchanged
                }, change
            state = None if change.action is ChangeAction.DELETE else saved
        record = db.session.get(service.model, changes[-1].record_id)
        if state is None:
            assert record is None, f"{changes[-1]} was deleted but is there"
            return
        assert record is not None and record.uid == changes[-1].record_uid
        now = history.snapshot(service, record)
        assert plain(service, now) == state
        last = changes[-1].snapshot
        for field in linked_fields(service):
            assert now.get(field) == self.still_existing(service, field, last.get(field)), field

    @staticmethod
    def still_existing(service: RecordService, field: str, value: Any) -> Any:
        """``value`` without the records deleted since: what the database left of the link."""
        if field in service.collections:
            model = service.collections[field][1]
            return [identifier for identifier in value or [] if db.session.get(model, identifier)]
        model = service.references[field]
        return value if value is not None and db.session.get(model, value) else None


@pytest.mark.filterwarnings("ignore::hypothesis.errors.NonInteractiveExampleWarning")
def test_history_survives_any_interleaving_of_edits(app):
    HistoryMachine.app = app
    run_state_machine_as_test(
        HistoryMachine,
        settings=settings(
            max_examples=20,
            stateful_step_count=30,
            deadline=None,
            database=None,
            suppress_health_check=[HealthCheck.too_slow],
        ),
    )
