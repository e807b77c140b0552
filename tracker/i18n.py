"""The interface's language: English or Arabic, chosen by the reader, else by the browser.

The choice is kept on the signed-in account (so it follows the person to every device) and in
the session (so it works before signing in); without one, the browser's Accept-Language
decides. Arabic pages are laid out right to left.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from babel import Locale
from flask import Blueprint, Flask, abort, redirect, request, session
from flask_babel import Babel, format_datetime, get_locale, gettext
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from markupsafe import Markup

from tracker.dates import DateWording, describe_edtf, format_day
from tracker.extensions import db
from tracker.http_access import public, safe_next
from tracker.models import Round, User
from tracker.models.dating import VaguelyDated
from tracker.services import accounts
from tracker.services.wording import Term


@dataclass(frozen=True)
class Language:
    code: str
    name: str  # in the language itself, as the switch shows it
    direction: str  # "ltr" or "rtl"


LANGUAGES: dict[str, Language] = {
    "en": Language("en", "English", "ltr"),
    "ar": Language("ar", "العربية", "rtl"),
}
DEFAULT_LANGUAGE = "en"
SESSION_KEY = "language"

babel = Babel()
bp = Blueprint("language", __name__)


def select_locale() -> str:
    """The reader's own choice first (kept on their account, else in the session), then the
    best match for their browser, then English."""
    if current_user.is_authenticated and current_user.locale in LANGUAGES:
        return current_user.locale
    chosen = session.get(SESSION_KEY)
    if chosen in LANGUAGES:
        return chosen
    return request.accept_languages.best_match(LANGUAGES.keys()) or DEFAULT_LANGUAGE


def translate(text: object) -> str:
    """A fixed label (a vocabulary's, a form's) in the reader's language. Unlike ``_()`` in a
    template it never %-formats, so text holding a ``%`` is shown as it is."""
    return gettext(str(text)) if text else ""


def translated(refusal: Exception) -> str:
    """A service's refusal in the reader's language. Services keep English and mark their
    wording with ``N_``; a :class:`~tracker.services.errors.RuleViolation` carries that wording
    apart from its values, so the wording is translated first and the values filled in after.
    Wording the catalogue does not know (a library's own message) is shown as it is."""
    template = getattr(refusal, "template", None)
    if template is None:
        return gettext(str(getattr(refusal, "message", refusal)))
    params = getattr(refusal, "params", {})
    return gettext(template, **{name: _translated_value(value) for name, value in params.items()})


def _translated_value(value: object) -> object:
    """A value inside a refusal, translated when it is the catalogue's own: a word
    (:class:`~tracker.services.wording.Term`) or a nested refusal (the rule that stopped an
    import from creating a person)."""
    if isinstance(value, Term):
        return gettext(value)
    if isinstance(value, Exception):
        return translated(value)
    return value


def date_wording() -> DateWording:
    """The words around dates ("week of", "expected") in the reader's language."""
    return DateWording(
        week_of=gettext("week of %(date)s"),
        expected=gettext("%(date)s (expected)"),
        unconfirmed=gettext("%(date)s (unconfirmed)"),
        expected_unconfirmed=gettext("%(date)s (expected, unconfirmed)"),
        open_end=gettext("open"),
        not_known=gettext("Date not known"),
    )


def when(record: VaguelyDated) -> Markup:
    """A record's date as the reader reads it: Babel's month names in their language, after
    the reporting's own words ("the coming weekend"), isolated so their direction holds."""
    wording = date_wording()
    precise = record.precise_when(current_language().code, wording)
    if precise is None:
        return Markup("<bdi>{}</bdi>").format(record.when_text or wording.not_known)
    if record.when_text:
        return Markup("<bdi>{}</bdi> (<bdi>{}</bdi>)").format(record.when_text, precise)
    return Markup("{}").format(precise)


def edtf_words(value: str | None, wording_used: str | None = None) -> str:
    """An EDTF value in the reader's language, after the reporting's own words if any."""
    if not value:
        return wording_used or ""
    precise = describe_edtf(value, current_language().code, date_wording())
    return f"{wording_used} ({precise})" if wording_used else precise


def round_name(round_: Round) -> str:
    """A round as the reader's language names it: "Round 2: Rome", "الجولة 2: Rome"."""
    if round_.number is not None and round_.title:
        return gettext("Round %(number)s: %(title)s", number=round_.number, title=round_.title)
    if round_.number is not None:
        return gettext("Round %(number)s", number=round_.number)
    return round_.title or gettext("Unnumbered round")


def day(value: dt.date | dt.datetime | None) -> str:
    """A day in the reader's language, "12 April 2025"."""
    return format_day(value, current_language().code) if value else ""


def moment(value: dt.date | None) -> str:
    """A moment (a change, a sign-in) in the reader's language and the app's time zone, named:
    "1 May 2025 14:03 UTC", "1 مايو 2025 14:03 التوقيت العالمي"; a plain day as :func:`day`
    writes it. Stored moments without a zone are UTC."""
    if not isinstance(value, dt.datetime):
        return day(value)
    return format_datetime(value, "d MMMM y HH:mm z")


def is_dated(value: object) -> bool:
    """A day or a moment, which a page shows through :func:`moment`, never as ISO text."""
    return isinstance(value, dt.date)


def country(code: str | None) -> str:
    """A country's name in the reader's language, from Babel; the code when Babel has none."""
    if not code:
        return ""
    return Locale(current_language().code).territories.get(code.upper(), code)


def current_language() -> Language:
    return LANGUAGES.get(str(get_locale() or DEFAULT_LANGUAGE), LANGUAGES[DEFAULT_LANGUAGE])


def page_locale() -> dict[str, object]:
    """What base.html needs for ``<html lang dir>`` and the language switch."""
    language = current_language()
    return {
        "page_lang": language.code,
        "page_dir": language.direction,
        "other_languages": [other for other in LANGUAGES.values() if other != language],
    }


@bp.route("/language/<code>")
@public
def choose(code: str):
    """Remember the reader's language and go back to the page they were on. A plain link,
    not a form: it changes only how pages read, never the newsroom's records.

    :raise 404: for a language the interface is not translated into.
    """
    if code not in LANGUAGES:
        abort(404)
    session[SESSION_KEY] = code
    if current_user.is_authenticated:
        accounts.remember_language(current_user, code)
        db.session.commit()
    return redirect(safe_next(request.args.get("next")))


def adopt_account_language(user: User) -> None:
    """At sign-in, the language kept on the account replaces the session's; an account
    without one keeps whatever the session or the browser chose, and stores nothing until
    its owner uses the switch."""
    if user.locale in LANGUAGES:
        session[SESSION_KEY] = user.locale


#: labels of the fixed vocabularies (statuses, kinds), which live in the models without Flask;
#: listed here so the extractor finds them and templates can show them with ``_(label)``
VOCABULARY = (
    _l("On record"),
    _l("Anonymous"),
    _l("State"),
    _l("Government body"),
    _l("Mediator"),
    _l("Armed group"),
    _l("Media outlet"),
    _l("Think tank"),
    _l("International body"),
    _l("Political party"),
    _l("Other"),
    _l("Head of delegation"),
    _l("Delegate"),
    _l("Expert"),
    _l("Observer"),
    _l("Direct"),
    _l("Indirect"),
    _l("Mixed"),
    _l("Unknown"),
    _l("Announced"),
    _l("Scheduled"),
    _l("Held"),
    _l("Postponed"),
    _l("Cancelled"),
    _l("Reported"),
    _l("Supports"),
    _l("Opposes"),
    _l("Neutral"),
    _l("Unclear"),
    _l("Viewer"),
    _l("Editor"),
    _l("Admin"),
    _l("Confirmed"),
    _l("Disputed"),
    _l("Corrected"),
    _l("Retracted"),
    _l("Round"),
    _l("Outcome"),
    _l("Statement"),
    _l("Development"),
)


def init_app(app: Flask) -> None:
    babel.init_app(app, locale_selector=select_locale)
    app.context_processor(page_locale)
    app.jinja_env.globals["tr"] = translate
    app.jinja_env.globals["translated"] = translated
    app.jinja_env.globals["edtf_words"] = edtf_words
    app.jinja_env.filters["when"] = when
    app.jinja_env.filters["day"] = day
    app.jinja_env.filters["moment"] = moment
    app.jinja_env.tests["dated"] = is_dated
    app.register_blueprint(bp)
