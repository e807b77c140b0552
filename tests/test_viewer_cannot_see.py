"""A viewer walks every GET route of the app, with the ids of real records, and meets none of
what is not theirs to read: the person behind an anonymous statement, the edit history, other
people's accounts and the internal records (import previews, sign-ins, tokens).

:mod:`test_anonymous_speakers` proves the promised places one by one; this walk takes the
routes from ``app.url_map`` so a page, export, feed or API answer added later is walked too.
"""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Iterator
from urllib.parse import quote, quote_plus, urlencode

import pytest
from flask import Flask
from sqlalchemy import select
from test_anonymous_speakers import (
    NAME,
    NAME_ORIGINAL,
    ORGANISATION,
    QUOTE,
    SURNAME,
    TITLE,
    source,  # noqa: F401 (a fixture this module's fixture builds on)
)
from werkzeug.routing import Rule

from tracker.csv_contract.kinds import ENTITY_EXPORTS
from tracker.extensions import db
from tracker.models import (
    ApiToken,
    ChangeRecord,
    Development,
    Negotiation,
    Organisation,
    Participation,
    Person,
    PersonTitle,
    ReportedOutcome,
    Round,
    Source,
    Statement,
    Topic,
    User,
    UserRole,
    Venue,
)
from tracker.services import catalogue, facts, import_previews, tokens
from tracker.views.lookup import KINDS

#: a second anonymous source, named on the record when a correction was published about the
#: quote, and made anonymous afterwards: the correction's label named them
FORMER_NAME = "Ottoline Vexworthy"
FORMER_QUOTE = "Sanctions relief will come in three tranches or not at all"
#: the role the former was quoted in while on the record, which would name them as surely
FORMER_ROLE = "Special Envoy to the Marlowe Strait talks"
#: an internal note kept with an edit (history, for editors)
HISTORY_NOTE = "Tip-off from Brackenridge at the embassy"
#: a topic deleted by an admin: only its history snapshot remembers it
DELETED_TOPIC = "Gloamstone seabed clause"
#: another account and what belongs to it
OTHER_EMAIL = "quentin.marchbanks@newsroom.example.org"
OTHER_NAME = "Quentin Marchbanks"
OTHER_TOKEN = "Marchbanks nightly scraper"
PREVIEW_CELL = "Wolfhaven preview cell"
OTHER_BROWSER = "MarchbanksBrowser/9.9"

#: what no viewer may read anywhere
NEVER = (
    FORMER_ROLE,
    HISTORY_NOTE,
    DELETED_TOPIC,
    OTHER_EMAIL,
    OTHER_NAME,
    OTHER_TOKEN,
    PREVIEW_CELL,
    OTHER_BROWSER,
    "editor@newsroom.example.org",
    "admin@newsroom.example.org",
)
#: the anonymous speakers' identities, which only pages about people themselves may name
SPEAKER = (NAME, SURNAME, NAME_ORIGINAL, ORGANISATION, TITLE, FORMER_NAME)

#: pages and files about people, organisations and titles: these may name the speaker (a
#: person's existence is public) but must not tie them to the anonymous quote
ABOUT_PEOPLE = re.compile(
    r"^/(people|titles|organisations)/|^/api/v1/(people|organisations)\b|^/lookup/"
    r"|^/exports/(people|titles|organisations)\.csv"
    r"|^/exports/datapackage\.zip(\?[^#]*)?#data/(person|person_title|organisation)\.csv$"
)
#: models whose ids fill ``record_id`` for each blueprint
MODELS = {
    "developments": Development,
    "negotiations": Negotiation,
    "organisations": Organisation,
    "outcomes": ReportedOutcome,
    "participations": Participation,
    "people": Person,
    "rounds": Round,
    "sources": Source,
    "statements": Statement,
    "titles": PersonTitle,
    "topics": Topic,
    "users": User,
    "venues": Venue,
}
#: search words tried on every route that takes none in its path, each with the anonymous quote
#: it must not find (the search box echoes the words, so they are not looked for themselves)
SEARCHES = {
    "": None,
    "bluff": None,
    SURNAME: QUOTE,
    NAME_ORIGINAL: QUOTE,
    TITLE: QUOTE,
    "Vexworthy": FORMER_QUOTE,
    "Marlowe Strait": FORMER_QUOTE,
}
#: the routes that take ``?q=``
SEARCHABLE = re.compile(
    rf"^(timeline\.index|exports\.timeline_csv|api\.timeline|api\.\w+_list|lookup\.find"
    rf"|({'|'.join(MODELS)})\.index)$"
)
#: routes the walk leaves alone: files, switching language, signing out
SKIPPED = {"static", "language.choose", "auth.logout"}


@pytest.fixture
def secrets_everywhere(app: Flask, source) -> dict[str, int]:  # noqa: F811
    """The anonymous speaker of :func:`test_anonymous_speakers.source` and, beside them, every
    other kind of secret a viewer must not meet."""
    speaker_id, statement_id, _topic_id, round_id = source
    from conftest import PASSWORD, create_account

    other = create_account(app, UserRole.EDITOR, OTHER_EMAIL)
    elsewhere = app.test_client()  # the other account signed in on a browser of its own
    signed_in = elsewhere.post(
        "/login",
        data={"email": OTHER_EMAIL, "password": PASSWORD},
        headers={"User-Agent": OTHER_BROWSER},
    )
    assert signed_in.status_code == 302
    with app.app_context():
        user = db.session.get(User, other.id)
        user.name = OTHER_NAME
        statement = db.session.get(Statement, statement_id)
        negotiation_id = statement.negotiation_id
        former = catalogue.people.create(db.session, user, {"name": FORMER_NAME})
        db.session.flush()
        named = facts.statements.create(
            db.session,
            user,
            {
                "negotiation_id": negotiation_id,
                "round_id": round_id,
                "speaker_id": former.id,
                "attribution": "on_record",
                "speaker_role": FORMER_ROLE,
                "text_original": FORMER_QUOTE,
                "when_edtf": "2025-04-21",
                "source_ids": [1],
            },
        )
        db.session.commit()
        facts.statements.update(
            db.session,
            user,
            named,
            {"text_translation": "Three tranches"},
            note=HISTORY_NOTE,
            correction="The translation was missing.",
        )
        db.session.commit()
        facts.statements.update(
            db.session,
            user,
            named,
            {"attribution": "anonymous", "speaker_description": "a diplomat in Muscat"},
            note=HISTORY_NOTE,
        )
        doomed = catalogue.topics.create(db.session, user, {"name": DELETED_TOPIC})
        db.session.commit()
        catalogue.topics.delete(db.session, None, doomed, note=HISTORY_NOTE)
        tokens.create_token(db.session, user, OTHER_TOKEN)
        import_previews.keep_preview(
            db.session, user, "people", f"name\n{PREVIEW_CELL}\n".encode(), False
        )
        db.session.commit()
        return {"speaker": speaker_id, "statement": statement_id, "former": former.id}


def ids_of(model) -> list[int]:
    return list(db.session.scalars(select(model.id).order_by(model.id)))


def paths_of(app: Flask, rule: Rule) -> Iterator[tuple[str, str]]:
    """Every way to fill ``rule`` with real records (and one that does not exist)."""
    with app.app_context():
        blueprint = rule.endpoint.split(".")[0]
        api_kind = re.sub(r"_(by_id|by_uid|list)$", "", rule.endpoint.split(".")[1])
        choices: dict[str, list] = {}
        for name in rule.arguments:
            if name == "record_id":
                model = MODELS[api_kind if blueprint == "api" else blueprint]
                choices[name] = [*ids_of(model), 999999]
            elif name == "uid":
                model = MODELS[api_kind]
                choices[name] = list(db.session.scalars(select(model.uid)))
            elif name == "negotiation_id":
                choices[name] = ids_of(Negotiation)
            elif name == "slug":
                choices[name] = list(db.session.scalars(select(Negotiation.slug)))
            elif name == "name":
                choices[name] = list(ENTITY_EXPORTS)
            elif name == "kind":
                choices[name] = list(KINDS)
            elif name == "change_id":
                choices[name] = ids_of(ChangeRecord)
            else:
                raise AssertionError(f"the walk does not know how to fill <{name}> in {rule}")
    combinations: list[dict] = [{}]
    for name, values in choices.items():
        combinations = [{**done, name: value} for done in combinations for value in values]
    with app.test_request_context():
        from flask import url_for

        for values in combinations:
            path = url_for(rule.endpoint, **values)
            searches = SEARCHES if SEARCHABLE.match(rule.endpoint) else ("",)
            for words in searches:
                if "kind" in rule.arguments and not words:
                    continue  # a look-up needs words
                yield (f"{path}?{urlencode({'q': words})}" if words else path), words


def bodies_of(path: str, response) -> Iterator[tuple[str, str]]:
    """(path, text) of an answer, or of each member of a zip (``path#member``)."""
    if response.mimetype == "application/zip":
        archive = zipfile.ZipFile(io.BytesIO(response.data))
        for name in archive.namelist():
            yield f"{path}#{name}", archive.read(name).decode()
    else:
        yield path, response.get_data(as_text=True)


def walk_as(
    app: Flask, client, endpoints: re.Pattern[str] | None = None
) -> Iterator[tuple[str, str, str, str]]:
    """(endpoint, path, searched words, body) for every GET route the walking client opens,
    or those whose endpoint matches ``endpoints``."""
    for rule in sorted(app.url_map.iter_rules(), key=lambda rule: rule.rule):
        if "GET" not in rule.methods or rule.endpoint in SKIPPED:
            continue
        if endpoints is not None and not endpoints.search(rule.endpoint):
            continue
        for path, words in paths_of(app, rule):
            response = client.get(path)
            assert response.status_code < 500, (path, response.status_code)
            for where, body in bodies_of(path, response):
                yield rule.endpoint, where, words, body


def assert_nothing_hidden(
    endpoint: str, path: str, words: str, body: str, ids: dict[str, int]
) -> None:
    if SEARCHES.get(words):
        assert SEARCHES[words] not in body, f"searching {words!r} finds its quote in {path}"
    if words:
        body = body.replace(words, "").replace(quote_plus(words), "").replace(quote(words), "")
    for secret in NEVER:
        assert secret not in body, f"{secret!r} leaks in {path}"
    for anonymous_quote in (QUOTE, FORMER_QUOTE):
        if ABOUT_PEOPLE.match(path):
            assert anonymous_quote not in body, (
                f"the anonymous quote is tied to its speaker in {path}"
            )
    if not ABOUT_PEOPLE.match(path):
        for secret in SPEAKER:
            assert secret not in body, f"{secret!r} leaks in {path}"
        for person in ("speaker", "former"):
            assert not re.search(rf"/people/{ids[person]}\b", body), (person, path)
            assert not re.search(rf"person={ids[person]}\b", body), (person, path)


def test_a_viewer_walks_every_route_and_meets_no_secret(app, client, auth, secrets_everywhere):
    auth.login("viewer")
    walked = set()
    for endpoint, path, words, body in walk_as(app, client):
        walked.add(endpoint)
        assert_nothing_hidden(endpoint, path, words, body, secrets_everywhere)
    assert {"statements.show", "feeds.entries", "api.timeline"} <= walked


def test_an_anonymous_visitor_walks_every_route_and_meets_no_secret(
    app, client, secrets_everywhere
):
    for endpoint, path, words, body in walk_as(app, client):
        assert_nothing_hidden(endpoint, path, words, body, secrets_everywhere)


def test_a_viewers_api_token_reads_no_secret(app, client, secrets_everywhere):
    from conftest import create_account

    viewer = create_account(app, UserRole.VIEWER)
    with app.app_context():
        _token, text = tokens.create_token(db.session, db.session.get(User, viewer.id), "mine")
        db.session.commit()
    client.environ_base["HTTP_AUTHORIZATION"] = f"Bearer {text}"
    walked = 0
    for endpoint, path, words, body in walk_as(app, client):
        if endpoint.startswith("api."):
            walked += 1
            assert_nothing_hidden(endpoint, path, words, body, secrets_everywhere)
    assert walked > 20
    with app.app_context():
        assert db.session.scalar(select(ApiToken.id).where(ApiToken.name == OTHER_TOKEN))


def test_the_walk_would_see_the_secrets_where_they_are_allowed(
    app, client, auth, secrets_everywhere
):
    """The secrets are real: an admin meets each where admins may, so the walks above could
    fail."""
    auth.login("admin")
    seen = " ".join(
        client.get(path).get_data(as_text=True)
        for path in (
            "/changes/",
            "/changes/?kind=user",
            "/users/",
            f"/people/{secrets_everywhere['former']}",
            f"/api/v1/statements?q={FORMER_QUOTE.split()[0]}",
        )
    )
    for secret in (HISTORY_NOTE, DELETED_TOPIC, OTHER_EMAIL, FORMER_QUOTE):
        assert secret in seen, secret


#: what an editor must not read either: other accounts and what belongs to them
ACCOUNTS = (OTHER_EMAIL, OTHER_TOKEN, PREVIEW_CELL, OTHER_BROWSER, "admin@newsroom.example.org")
#: tables no one's data package holds
PRIVATE_TABLES = ("user_account", "login_session", "import_preview", "api_token", "feed_token")
#: the routes that could show an editor account records: history, exports, API, own account
EDITOR_WALK = re.compile(r"^(changes|exports|api|lookup|profile|feeds|home|timeline)\.|history")


def test_an_editor_reads_no_account_record(app, client, auth, secrets_everywhere):
    from conftest import create_account

    create_account(app, UserRole.ADMIN)
    auth.login("editor")
    walked = set()
    for endpoint, path, _words, body in walk_as(app, client, EDITOR_WALK):
        walked.add(endpoint)
        for table in PRIVATE_TABLES:
            assert not path.endswith(f"#data/{table}.csv"), path
        for secret in ACCOUNTS:
            assert secret not in body, f"{secret!r} reaches an editor in {path}"
    assert {"changes.index", "changes.show", "exports.data_package"} <= walked


def refused(response) -> bool:
    """Whether an answer sends the caller away: to sign in, or with 401/403/404."""
    if response.status_code == 302:
        return "/login" in response.headers["Location"]
    return response.status_code in (401, 403, 404)


def assert_opens_nothing(app: Flask, thief) -> None:
    """Every route but the public ones refuses ``thief``, the API and the feeds included."""
    public = {"auth.login", "api.openapi_document", "health.check"}
    for rule in app.url_map.iter_rules():
        if "GET" not in rule.methods or rule.endpoint in SKIPPED | public:
            continue
        for path, _words in paths_of(app, rule):
            response = thief.get(path)
            assert refused(response), (path, response.status_code)
            break  # one real record per route is enough to be refused


def test_a_session_cookie_copied_before_sign_out_opens_nothing(app, client, auth, demo):
    auth.login("viewer")
    copied = client.get_cookie("session").value
    thief = app.test_client()
    thief.set_cookie("session", copied)
    assert thief.get("/api/v1/statements").status_code == 200  # it works until sign-out
    auth.logout()
    assert_opens_nothing(app, thief)


def test_a_revoked_devices_remember_cookie_opens_nothing(app, client, demo):
    from conftest import PASSWORD, create_account

    from tracker.models import LoginSession

    create_account(app, UserRole.VIEWER)
    phone = app.test_client()
    phone.post(
        "/login",
        data={"email": "viewer@newsroom.example.org", "password": PASSWORD, "remember": "y"},
    )
    remembered = phone.get_cookie("remember_token").value
    client.post("/login", data={"email": "viewer@newsroom.example.org", "password": PASSWORD})
    with app.app_context():
        phones = db.session.scalars(
            select(LoginSession.id).where(LoginSession.remembered.is_(True))
        ).all()
    assert len(phones) == 1
    before = app.test_client()
    before.set_cookie("remember_token", remembered)
    assert before.get("/api/v1/statements").status_code == 200  # it works until revoked
    assert client.post(f"/profile/sessions/{phones[0]}/end").status_code == 302
    thief = app.test_client()
    thief.set_cookie("remember_token", remembered)
    assert_opens_nothing(app, thief)


def test_a_viewers_feed_links_carry_no_secret(app, secrets_everywhere):
    from conftest import create_account

    from tracker.models import FeedKind
    from tracker.services import feeds

    viewer = create_account(app, UserRole.VIEWER)
    with app.app_context():
        owner = db.session.get(User, viewer.id)
        links = [
            (
                f"/feeds/{negotiation.slug}/{name}",
                feeds.issue_secret(db.session, owner, negotiation, kind)[1],
            )
            for negotiation in db.session.scalars(select(Negotiation))
            for kind, name in ((FeedKind.ATOM, "entries.atom"), (FeedKind.CALENDAR, "calendar.ics"))
        ]
        db.session.commit()
    reader = app.test_client()  # a calendar app or feed reader: no session, only the link
    for path, key in links:
        response = reader.get(f"{path}?{urlencode({'key': key})}")
        assert response.status_code == 200, path
        assert_nothing_hidden(
            "feeds", path, "", response.get_data(as_text=True), secrets_everywhere
        )
