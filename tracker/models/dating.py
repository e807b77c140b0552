"""The vague-date columns shared by rounds, outcomes, statements and developments."""

from __future__ import annotations

import datetime as dt
from zoneinfo import available_timezones

from sqlalchemy import String
from sqlalchemy.orm import Mapped, mapped_column, validates

from tracker.dates import DateWording, VagueDate, describe_edtf, parse_vague_date

#: the IANA time zones a local time may be given in
TIME_ZONES: frozenset[str] = frozenset(available_timezones())
#: the refusal for anything else ("Muscat", "Not/AZone"), which calendars would silently ignore
NOT_A_TIME_ZONE = "Use an IANA time zone name, such as Asia/Muscat."


class VaguelyDated:
    """An EDTF date with derived bounds, an optional local time and zone, and display text.

    ``when_earliest`` and ``when_latest`` are always derived from ``when_edtf`` (see
    :meth:`_derive_bounds`), so sorting and filtering can never disagree with what was typed.
    """

    when_edtf: Mapped[str | None] = mapped_column(String(64))
    when_earliest: Mapped[dt.date | None] = mapped_column(index=True)
    when_latest: Mapped[dt.date | None]
    when_time: Mapped[dt.time | None]
    when_timezone: Mapped[str | None] = mapped_column(String(64))
    when_text: Mapped[str | None] = mapped_column(String(200))

    @validates("when_edtf")
    def _derive_bounds(self, _key: str, value: str | None) -> str | None:
        if value is None or not value.strip():
            self.when_earliest = None
            self.when_latest = None
            return None
        parsed = parse_vague_date(value)
        self.when_earliest = parsed.earliest
        self.when_latest = parsed.latest
        return parsed.edtf

    @validates("when_timezone")
    def _check_time_zone(self, _key: str, value: str | None) -> str | None:
        if value and value not in TIME_ZONES:
            raise ValueError(NOT_A_TIME_ZONE)
        return value or None

    @property
    def when(self) -> VagueDate | None:
        return parse_vague_date(self.when_edtf) if self.when_edtf else None

    @property
    def when_display(self) -> str:
        """How the date reads in English (exports, feeds): see :meth:`describe_when`."""
        return self.describe_when()

    def describe_when(self, locale: str = "en", wording: DateWording | None = None) -> str:
        """How the date reads on a page: the editor's wording first, then the EDTF reading in
        ``locale``."""
        precise = self.precise_when(locale, wording)
        if precise is None:
            return self.when_text or (wording.not_known if wording else "Date not known")
        if self.when_text:
            return f"{self.when_text} ({precise})"
        return precise

    def precise_when(self, locale: str = "en", wording: DateWording | None = None) -> str | None:
        """The EDTF reading alone, with the local time and zone, or ``None`` when undated."""
        if not self.when_edtf:
            return None
        precise = describe_edtf(self.when_edtf, locale, wording)
        if self.when_time is not None:
            zone = f" {self.when_timezone}" if self.when_timezone else ""
            precise = f"{precise}, {self.when_time.strftime('%H:%M')}{zone}"
        return precise
