"""Article assist's review page: paste, review, confirm; nothing written before confirming,
everything written together or nothing, refusals named beside their proposal."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import re
from pathlib import Path

import pytest
from sqlalchemy import func, select

from tests.html_forms import form_fields
from tracker.extensions import db
from tracker.models import (
    Attribution,
    ChangeRecord,
    Organisation,
    Person,
    Round,
    RoundScheduleChange,
    RoundStatus,
    Source,
    Statement,
)
from tracker.services import catalogue, imports, negotiations

CORPUS = Path(__file__).resolve().parent / "assist_corpus"
SEED = (CORPUS / "seed-shafaq-iraqi-factions.txt").read_text(encoding="utf-8")
SEED_EXPECTED = json.loads((CORPUS / "seed-shafaq-iraqi-factions.json").read_text("utf-8"))
RECORDED_SPEAKERS = ("Saeed al-Qazah", "Mohammed al-Shammari", "Mehdi Azizi", "Abbas Araghchi")


@pytest.fixture
def newsroom(app) -> dict[str, int]:
    """One negotiation with three rounds (the second and third only announced), Shafaq News
    as an outlet and some of the seed article's speakers; returns ids by name."""
    with app.app_context():
        session = db.session
        talks = negotiations.negotiations.create(session, None, {"title": "Iran–US talks"})
        ids = {"talks": talks.id}
        for number in (1, 2, 3):
            round_ = negotiations.rounds.create(
                session, None, {"negotiation_id": talks.id, "number": number, "status": "announced"}
            )
            ids[f"round {number}"] = round_.id
        catalogue.organisations.create(
            session, None, {"name": "Shafaq News", "kind": "media_outlet"}
        )
        for name in RECORDED_SPEAKERS:
            ids[name] = catalogue.people.create(session, None, {"name": name}).id
        session.commit()
    return ids


def counts(app) -> dict[str, int]:
    with app.app_context():
        return {
            model.__name__: db.session.scalar(select(func.count()).select_from(model))
            for model in (
                Source,
                Statement,
                Person,
                Organisation,
                ChangeRecord,
                RoundScheduleChange,
            )
        }


def review(client, text: str, **values: str):
    """Paste ``text`` and return the review page."""
    page = client.get("/assist/")
    assert page.status_code == 200
    token = re.search(r'name="csrf_token" value="([^"]+)"', page.text)[1]
    return client.post("/assist/", data={"csrf_token": token, "text": text} | values)


def confirm(client, page_html: str, **changes: str | None):
    """Post the review form as a browser would, after ``changes`` (None unticks a box)."""
    fields = form_fields(page_html, form_index=_review_form_index(page_html))
    for name, value in changes.items():
        if value is None:
            fields.pop(name, None)
        else:
            fields[name] = [value]
    return client.post("/assist/confirm", data=fields)


def _review_form_index(html: str) -> int:
    forms = re.findall(r"<form\b[^>]*>", html)
    return next(i for i, tag in enumerate(forms) if "/assist/confirm" in tag)


def quote_rows(html: str) -> dict[str, str]:
    """Row name -> quote text on the review page."""
    fields = form_fields(html, form_index=_review_form_index(html))
    return {
        name.removesuffix("-text"): values[0]
        for name, values in fields.items()
        if re.fullmatch(r"quotes-\d+-text", name)
    }


def test_the_seed_article_becomes_its_source_statements_and_round_news(app, auth, client, newsroom):
    auth.login("editor")
    before = counts(app)
    page = review(client, SEED, published_on=SEED_EXPECTED["published"])
    assert page.status_code == 200
    assert counts(app) == before, "reading the article wrote something"
    assert '<mark id="mark-quotes-0-0" class="quote"' in page.text
    assert "not fetched" in page.text
    response = confirm(client, page.text)
    assert response.status_code == 302, response.text
    with app.app_context():
        source = db.session.scalar(select(Source))
        assert response.headers["Location"].endswith(f"/sources/{source.id}")
        assert source.headline.startswith("Iran–US talks and future of Iraqi armed factions")
        assert source.published_on == dt.date(2025, 4, 21)
        assert source.outlet.name == "Shafaq News" and source.language == "en"
        statements = db.session.scalars(select(Statement).order_by(Statement.id)).all()
        assert [s.text_original for s in statements] == [q["text"] for q in SEED_EXPECTED["quotes"]]
        for statement, expected in zip(statements, SEED_EXPECTED["quotes"], strict=True):
            assert statement.sources == [source]
            assert statement.negotiation_id == newsroom["talks"]
            assert statement.when_edtf == "2025-04-21"
            if statement.attribution is Attribution.ANONYMOUS:
                assert statement.speaker_description == expected["speaker"]
            else:
                assert expected["speaker"] in statement.speaker.name
        by_speaker = {s.speaker.name for s in statements if s.speaker}
        assert by_speaker >= {"Saeed al-Qazah", "Mohammed al-Shammari", "Mehdi Azizi"}
        assert (
            db.session.scalar(select(func.count()).select_from(Person))
            == len(RECORDED_SPEAKERS) + 1
        )  # Aqil Abbas is new, once however often he is quoted
        assert db.session.get(Round, newsroom["round 2"]).status is RoundStatus.HELD
        assert db.session.get(Round, newsroom["round 3"]).status is RoundStatus.SCHEDULED
        changes = db.session.scalars(select(RoundScheduleChange)).all()
        assert {(c.announced_on, c.announced_by_id) for c in changes} == {
            (dt.date(2025, 4, 21), source.id)
        }
    shown = client.get(response.headers["Location"]).text
    assert "Recorded from the article" in shown and "Aqil Abbas" in shown


def test_dropping_a_proposal_skips_it_and_editing_a_quote_changes_what_is_saved(
    app, auth, client, newsroom
):
    auth.login("editor")
    page = review(client, SEED, published_on="2025-04-21")
    rows = quote_rows(page.text)
    response = confirm(
        client,
        page.text,
        **{"quotes-0-accept": None, "quotes-1-text": "No lasting peace without disarmament."},
    )
    assert response.status_code == 302
    with app.app_context():
        saved = db.session.scalars(select(Statement.text_original)).all()
    assert rows["quotes-0"] not in saved
    assert rows["quotes-1"] not in saved and "No lasting peace without disarmament." in saved
    assert len(saved) == len(rows) - 1


def test_a_refusal_writes_nothing_and_is_shown_beside_its_proposal(app, auth, client, newsroom):
    auth.login("editor")
    page = review(client, SEED, published_on="2025-04-21")
    before = counts(app)
    response = confirm(client, page.text, **{"quotes-3-text": "   "})
    assert response.status_code == 422
    assert counts(app) == before
    refused = re.search(
        r'<fieldset class="proposal refused" id="quotes-3">.*?</fieldset>', response.text, re.S
    )
    assert refused and 'role="alert"' in refused[0] and "Statement 4" in refused[0]
    assert "Nothing was recorded" in response.text
    # The review survives the refusal: correcting the quote and confirming records it all.
    again = confirm(client, response.text, **{"quotes-3-text": "steady transition"})
    assert again.status_code == 302
    assert counts(app)["Statement"] == len(SEED_EXPECTED["quotes"])


def test_an_anonymous_speaker_needs_a_description(app, auth, client, newsroom):
    auth.login("editor")
    page = review(client, SEED, published_on="2025-04-21")
    response = confirm(client, page.text, **{"quotes-0-described_as": ""})
    assert response.status_code == 422
    assert "Say how the anonymous speaker was described" in response.text
    assert counts(app)["Statement"] == 0


def test_an_arabic_article_is_read_and_recorded(app, auth, client, newsroom):
    auth.login("editor")
    text = (CORPUS / "ar05-araghchi-rome.txt").read_text(encoding="utf-8")
    expected = json.loads((CORPUS / "ar05-araghchi-rome.json").read_text("utf-8"))
    with app.app_context():
        araghchi = db.session.get(Person, newsroom["Abbas Araghchi"])
        catalogue.people.update(db.session, None, araghchi, {"name_original": "عباس عراقجي"})
        db.session.commit()
    page = review(client, text, published_on=expected["published"])
    assert page.status_code == 200
    assert 'dir="auto" lang="ar"' in page.text
    # The fifth round is not on record: its news is refused until dropped or matched.
    refused = confirm(client, page.text)
    assert refused.status_code == 422 and "Choose the round this is about." in refused.text
    response = confirm(client, refused.text, **{"round_changes-0-accept": None})
    assert response.status_code == 302, response.text
    with app.app_context():
        statements = db.session.scalars(select(Statement).order_by(Statement.id)).all()
        assert [s.text_original for s in statements] == [q["text"] for q in expected["quotes"]]
        assert {s.language for s in statements} == {"ar"}
        assert any(s.speaker_id == newsroom["Abbas Araghchi"] for s in statements)


def test_the_page_and_the_review_are_in_arabic_for_arabic_readers(app, auth, client, newsroom):
    auth.login("editor")
    client.get("/language/ar")
    assert "مساعد المقالات" in client.get("/assist/").text
    page = review(client, SEED, published_on="2025-04-21")
    assert 'dir="rtl"' in page.text and "راجع المقالة" in page.text


def test_viewers_may_not_use_article_assist(app, auth, client, newsroom):
    auth.login("viewer")
    assert client.get("/assist/").status_code == 403
    assert client.post("/assist/confirm", data={}).status_code in (400, 403)
    assert "/assist/" not in client.get("/").text


def test_another_spelling_on_record_matches_a_misspelt_speaker(app, auth, client, newsroom):
    auth.login("editor")
    text = 'Mohamad Shamary, a political analyst, said: "The factions will not disarm."'
    page = review(client, text)
    assert '<option selected value="new">' in page.text  # unknown spelling: a new person
    with app.app_context():
        shammari = db.session.get(Person, newsroom["Mohammed al-Shammari"])
        catalogue.people.update(db.session, None, shammari, {"aliases": "Mohamad Shamary\n"})
        db.session.commit()
    page = review(client, text)
    assert f'<option selected value="{newsroom["Mohammed al-Shammari"]}">' in page.text
    assert confirm(client, page.text).status_code == 302
    with app.app_context():
        [statement] = db.session.scalars(select(Statement)).all()
        assert statement.speaker_id == newsroom["Mohammed al-Shammari"]
        assert statement.speaker_role == "a political analyst"


def test_aliases_are_on_the_person_page_and_in_the_timeline_search(app, auth, client, newsroom):
    auth.login("editor")
    person_id = newsroom["Mehdi Azizi"]
    page = client.get(f"/people/{person_id}/edit")
    fields = form_fields(page.text)
    fields["aliases"] = ["Mahdi Azizi\nمهدي عزيزي"]
    assert client.post(f"/people/{person_id}/edit", data=fields).status_code == 302
    shown = client.get(f"/people/{person_id}").text
    assert "Other spellings" in shown and "مهدي عزيزي" in shown
    page = review(client, 'Mehdi Azizi said: "Iran needs no proxies."', published_on="2025-04-21")
    assert confirm(client, page.text).status_code == 302
    found = client.get("/timeline/", query_string={"q": "Mahdi"}).text
    assert "Iran needs no proxies." in found


def test_other_spellings_travel_through_csv_and_the_api(app, auth, client, newsroom):
    auth.login("editor")
    with app.app_context():
        azizi = db.session.get(Person, newsroom["Mehdi Azizi"])
        catalogue.people.update(db.session, None, azizi, {"aliases": "Mahdi Azizi\nمهدي عزيزي"})
        db.session.commit()
    exported = client.get("/exports/people.csv").data
    [row] = [
        r for r in csv.DictReader(io.StringIO(exported.decode())) if r["name"] == "Mehdi Azizi"
    ]
    assert row["aliases"].splitlines() == ["Mahdi Azizi", "مهدي عزيزي"]
    body = client.get(f"/api/v1/people/{newsroom['Mehdi Azizi']}").get_json()
    assert body["aliases"] == "Mahdi Azizi\nمهدي عزيزي"
    with app.app_context():
        imports.import_csv(
            db.session,
            None,
            "people",
            'name,aliases\r\nAli Vaez,"Ali Vaiz\nعلي واعظ"\r\n'.encode(),
            commit=True,
        )
        vaez = db.session.scalar(select(Person).where(Person.name == "Ali Vaez"))
        assert vaez.alias_list == ["Ali Vaiz", "علي واعظ"]


def test_a_saved_web_page_is_read_like_pasted_text(app, auth, client, newsroom):
    auth.login("editor")
    html = (
        "<html lang='en'><head><meta property='og:title' content='Rome talks end'>"
        "<meta property='article:published_time' content='2025-04-21T10:00:00Z'></head>"
        "<body><article><p>Mehdi Azizi said: “Iran needs no proxies.”</p></article></body></html>"
    )
    page = client.get("/assist/")
    token = re.search(r'name="csrf_token" value="([^"]+)"', page.text)[1]
    review_page = client.post(
        "/assist/",
        data={"csrf_token": token, "page": (io.BytesIO(html.encode()), "rome.html")},
        content_type="multipart/form-data",
    )
    assert review_page.status_code == 200
    assert 'value="Rome talks end"' in review_page.text
    assert f'<option selected value="{newsroom["Mehdi Azizi"]}">' in review_page.text
    assert confirm(client, review_page.text).status_code == 302
    with app.app_context():
        [statement] = db.session.scalars(select(Statement)).all()
        assert statement.when_edtf == "2025-04-21"
        assert statement.sources[0].headline == "Rome talks end"


def test_nothing_pasted_is_asked_for(auth, client):
    auth.login("editor")
    response = review(client, "  ")
    assert response.status_code == 422
    assert "Paste the article" in response.text


def test_each_statement_is_dated_as_the_article_dates_it_and_reported_speech_is_kept(
    app, auth, client, newsroom
):
    auth.login("editor")
    text = (
        "Azizi says Iran is ready\n"
        "Mehdi Azizi told reporters on Saturday, April 19, that Iran was ready to go on.\n"
        "“We have no deadline,” Mehdi Azizi said on Sunday.\n"
        "“The ball is in their court,” Abbas Araghchi said.\n"
    )
    page = review(client, text, published_on="2025-04-21")
    assert 'value="on Saturday, April 19"' in page.text
    assert confirm(client, page.text).status_code == 302
    with app.app_context():
        statements = db.session.scalars(select(Statement).order_by(Statement.id)).all()
        assert [
            (s.text_original, s.speech.value, s.when_edtf, s.when_text) for s in statements
        ] == [
            ("Iran was ready to go on", "reported", "2025-04-19", "on Saturday, April 19"),
            ("We have no deadline,", "direct", "2025-04-20", "on Sunday"),
            ("The ball is in their court,", "direct", "2025-04-21", None),
        ]


def test_published_on_is_a_year_month_day_text_in_any_digits(app, auth, client, newsroom):
    auth.login("editor")
    client.get("/language/ar")
    form = client.get("/assist/").text
    assert re.search(r'<input[^>]*name="published_on"[^>]*type="text"', form)
    assert 'placeholder="2025-04-21"' in form
    page = review(client, 'Mehdi Azizi said: "Iran needs no proxies."', published_on="٢٠٢٥-٠٤-٢١")
    assert page.status_code == 200 and 'value="2025-04-21"' in page.text
    refused = review(client, "Mehdi Azizi said it.", published_on="21/04/2025")
    assert refused.status_code == 422
    assert re.search(r'id="published_on-error"', refused.text)


def test_the_speaker_is_a_searchable_picker_that_creates_no_one_before_confirming(
    app, auth, client, newsroom
):
    auth.login("editor")
    page = review(client, 'Ali Vaez, an analyst, said: "Nobody wants a war."')
    select_tag = re.search(r'<select[^>]*name="quotes-0-speaker"[^>]*>', page.text)[0]
    assert 'data-lookup="people"' in select_tag and "data-no-create" in select_tag
    assert '<option selected value="new">' in page.text  # without JavaScript: the plain list
    assert 'name="quotes-0-new_name"' in page.text and 'value="Ali Vaez"' in page.text
    chosen = confirm(client, page.text, **{"quotes-0-speaker": str(newsroom["Mehdi Azizi"])})
    assert chosen.status_code == 302
    with app.app_context():
        [statement] = db.session.scalars(select(Statement)).all()
        assert statement.speaker_id == newsroom["Mehdi Azizi"]
        assert db.session.scalar(select(Person).where(Person.name == "Ali Vaez")) is None


def test_an_empty_saved_page_is_refused_beside_the_field(auth, client):
    auth.login("editor")
    page = client.get("/assist/")
    token = re.search(r'name="csrf_token" value="([^"]+)"', page.text)[1]
    response = client.post(
        "/assist/",
        data={"csrf_token": token, "page": (io.BytesIO(b"  "), "empty.html")},
        content_type="multipart/form-data",
    )
    assert response.status_code == 422
    assert re.search(r'id="page-error"[^>]*>No article text was found', response.text)
