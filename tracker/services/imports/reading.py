"""Reading an uploaded file into rows: its size, encoding and header checked before any row
is, each cell with its export guard removed (see :mod:`tracker.csv_contract.cells`).
"""

from __future__ import annotations

import codecs
import csv
import io
from typing import Any

from tracker.csv_contract.cells import restore_cell
from tracker.services.imports.report import ImportRejected, RowError
from tracker.services.wording import N_

MAX_IMPORT_BYTES = 10 * 1024 * 1024
MAX_IMPORT_ROWS = 20_000


def read_table(data: bytes, allowed: list[str], required: tuple[str, ...]) -> list[dict[str, str]]:
    """The file's rows as dicts keyed by header, each cell with its export guard removed.

    :raise ImportRejected: for a file too big, not UTF-8, not CSV, or with a header that names
        unknown or duplicate columns or misses a required one. Ragged rows are kept, marked
        with the key ``None``, and reported per row.
    """
    if len(data) > MAX_IMPORT_BYTES:
        raise ImportRejected(
            N_(
                "The file is %(size)s MB; imports take up to %(limit)d MB. "
                "Split it into smaller files."
            ),
            size=f"{len(data) / 1_048_576:.1f}",
            limit=MAX_IMPORT_BYTES // 1_048_576,
        )
    text = _decode(data)
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    try:
        header = next(reader, None)
        if not header or not any(cell.strip() for cell in header):
            raise ImportRejected(N_("The file is empty: the first line must name the columns."))
        if any("\x00" in cell for cell in header):
            raise ImportRejected(
                N_("The header contains NUL bytes: the file is not a CSV text file.")
            )
        header = [cell.strip() for cell in header]
        _check_header(header, allowed, required)
        rows: list[dict[str, str]] = []
        for cells in reader:
            if not any(cell.strip() for cell in cells):
                rows.append({})
                continue
            row: dict[Any, Any] = {
                name: restore_cell(cell) for name, cell in zip(header, cells, strict=False)
            }
            if len(cells) != len(header):
                row[None] = RowError(
                    None,
                    N_("This row has %(cells)d cells; the header has %(columns)d."),
                    cells=len(cells),
                    columns=len(header),
                )
            rows.append(row)
            if len(rows) > MAX_IMPORT_ROWS:
                raise ImportRejected(
                    N_("The file has more than %(limit)d rows. Split it into smaller files."),
                    limit=MAX_IMPORT_ROWS,
                )
    except csv.Error as error:
        raise ImportRejected(
            N_("Line %(line)d is not valid CSV: %(reason)s."), line=reader.line_num, reason=error
        ) from None
    return rows


def _decode(data: bytes) -> str:
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError:
            pass
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise ImportRejected(
            N_(
                "The file is not UTF-8 text (byte %(byte)d cannot be read). In Excel or "
                "LibreOffice choose “CSV UTF-8” when saving, then upload it again."
            ),
            byte=error.start + 1,
        ) from None


def _check_header(header: list[str], allowed: list[str], required: tuple[str, ...]) -> None:
    repeated = sorted({name for name in header if header.count(name) > 1})
    if repeated:
        raise ImportRejected(
            N_("These columns appear twice: %(columns)s."), columns=", ".join(repeated)
        )
    unknown = [name for name in header if name not in allowed]
    if unknown:
        raise ImportRejected(
            N_("Unknown columns: %(unknown)s. The columns this import reads are: %(allowed)s."),
            unknown=", ".join(unknown),
            allowed=", ".join(allowed),
        )
    missing = [name for name in required if name not in header]
    if missing:
        raise ImportRejected(
            N_("Required columns are missing: %(columns)s."), columns=", ".join(missing)
        )
