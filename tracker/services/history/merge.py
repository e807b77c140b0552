"""The three-way merge a conflict page offers when two editors saved the same record."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class FieldMerge:
    """One field of a conflict: the editor's value, the current one, and what the merge keeps.

    ``clash`` is true when both sides changed the field differently: the editor must choose.
    """

    name: str
    mine: Any
    theirs: Any
    base: Any
    take_theirs: bool
    clash: bool

    @property
    def differs(self) -> bool:
        return self.mine != self.theirs


def merge(
    mine: Mapping[str, Any], theirs: Mapping[str, Any], base: Mapping[str, Any] | None
) -> list[FieldMerge]:
    """A three-way merge of form values (all as :func:`to_json` gives them).

    A field only the other editor changed takes their value; a field only this editor changed
    keeps theirs; a field both changed differently is a clash, kept as this editor typed it.
    Without the base version every difference is a clash.
    """
    merged = []
    for name in mine:
        mine_value, theirs_value = mine[name], theirs.get(name)
        known = base is not None and name in base
        base_value = base.get(name) if base is not None else None
        take_theirs = known and mine_value == base_value and theirs_value != base_value
        clash = (
            mine_value != theirs_value
            and not take_theirs
            and not (known and theirs_value == base_value)
        )
        merged.append(FieldMerge(name, mine_value, theirs_value, base_value, take_theirs, clash))
    return merged
