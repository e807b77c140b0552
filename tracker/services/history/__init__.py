"""The edit history: what every change did, who made it, and how to undo it.

:mod:`tracker.services.records` calls :func:`record_change` for every create, update and delete,
inside the same transaction, so there is no change without history and no history without its
change. Everything else here reads the history: a record's changes, the site-wide recent
changes, the corrections readers must see (:func:`corrections_since`), the three-way merge a
conflict page offers, and an admin's restore and rollback.

The package keeps those jobs apart: :mod:`.snapshots` (records as JSON and back), :mod:`.log`
(writing a change), :mod:`.queries` (reading the history), :mod:`.merge` (after a conflict) and
:mod:`.undo` (restore and rollback); their public names are importable from here, as the pages,
the feeds and the record services use them.
"""

from tracker.services.history.log import record_change
from tracker.services.history.merge import FieldMerge, merge
from tracker.services.history.queries import (
    ChangeFilter,
    changes_to,
    corrections_of,
    corrections_since,
    current_record,
    editors,
    find_change,
    latest_corrections,
    recent_changes,
    record_uid,
    recorded_kinds,
    related_labels,
    state_at,
)
from tracker.services.history.snapshots import (
    BOOKKEEPING,
    HIDDEN,
    LINKS_KEY,
    correction_values,
    diff,
    implied_correction,
    inbound_links,
    snapshot,
    to_json,
    values_from_snapshot,
)
from tracker.services.history.undo import restore, rollback

__all__ = [
    "BOOKKEEPING",
    "HIDDEN",
    "LINKS_KEY",
    "ChangeFilter",
    "FieldMerge",
    "changes_to",
    "correction_values",
    "corrections_of",
    "corrections_since",
    "current_record",
    "diff",
    "editors",
    "find_change",
    "implied_correction",
    "inbound_links",
    "latest_corrections",
    "merge",
    "recent_changes",
    "record_change",
    "record_uid",
    "recorded_kinds",
    "related_labels",
    "restore",
    "rollback",
    "snapshot",
    "state_at",
    "to_json",
    "values_from_snapshot",
]
