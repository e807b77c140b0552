"""Streaming CSV (RFC 4180, UTF-8): header first, then lines the database built, in chunks.

Memory stays flat however many rows there are: rows come from a server-side cursor a chunk at
a time, and each chunk is sent before the next is read. See :mod:`tracker.csv_contract.cells` for how
cells are quoted and guarded against formula injection.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator

from sqlalchemy import Engine

from tracker.csv_contract.cells import header_line
from tracker.csv_contract.kinds import TabularExport

BYTE_ORDER_MARK = "\ufeff".encode()
#: rows per chunk: big enough that Python's per-chunk work vanishes, small enough to stay flat
CHUNK_ROWS = 5000
MEDIA_TYPE = "text/csv; charset=utf-8; header=present"


def stream_csv(
    engine: Engine,
    export: TabularExport,
    bom: bool = False,
    progress: Callable[[int], None] | None = None,
) -> Iterator[bytes]:
    """The export as CSV bytes, one chunk of lines at a time; ``progress`` hears row counts."""
    header = header_line(export.columns(engine.dialect.name))
    yield (BYTE_ORDER_MARK if bom else b"") + (header + "\r\n").encode()
    statement = export.lines(engine.dialect.name)
    with engine.connect() as connection:
        result = connection.execution_options(stream_results=True, yield_per=CHUNK_ROWS).execute(
            statement
        )
        for chunk in result.scalars().partitions():
            yield ("\r\n".join(chunk) + "\r\n").encode()
            if progress is not None:
                progress(len(chunk))


def write_csv(
    engine: Engine,
    export: TabularExport,
    destination: Callable[[bytes], object],
    bom: bool = False,
    progress: Callable[[int], None] | None = None,
) -> None:
    """Write the export through ``destination`` (a file's ``write``), chunk by chunk."""
    for chunk in stream_csv(engine, export, bom=bom, progress=progress):
        destination(chunk)
