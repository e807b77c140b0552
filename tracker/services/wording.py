"""Marking the services' own wording for the translators' catalogue.

Services run without Flask (the CLI, scripts), so they cannot translate; they keep English and
mark it with :func:`N_` (a keyword ``pybabel extract`` knows), and pages show it translated.
"""

from __future__ import annotations


def N_(message: str) -> str:
    """``message`` unchanged; the mark puts it in the catalogue."""
    return message


class Term(str):
    """A word of the catalogue given to a sentence as a value ("person" in "No person named
    …"): a page translates it before filling it in, as it translates the sentence."""
