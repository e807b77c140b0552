"""List pages paginate, sort and search, and refuse bad paging parameters with a 400."""

from __future__ import annotations

import re

from tracker.extensions import db
from tracker.services import catalogue


def venue_names(page: str) -> list[str]:
    return re.findall(r'<a href="/venues/\d+">([^<]+)</a>', page)


def add_venues(app, count: int) -> None:
    with app.app_context():
        for number in range(count):
            catalogue.venues.create(
                db.session, None, {"name": f"Venue {number:02d}", "city": "Doha"}
            )
        db.session.commit()


def test_pages_split_the_list_and_sorting_reverses_it(app, client, auth):
    add_venues(app, 30)
    auth.login("viewer")
    first = client.get("/venues/?per_page=25").get_data(as_text=True)
    second = client.get("/venues/?per_page=25&page=2").get_data(as_text=True)
    assert venue_names(first)[:2] == ["Venue 00", "Venue 01"]
    assert venue_names(second) == [f"Venue {n}" for n in range(25, 30)]
    assert "Page 2 of 2" in second
    descending = client.get("/venues/?sort=name&dir=desc").get_data(as_text=True)
    assert venue_names(descending)[0] == "Venue 29"


def test_search_narrows_the_list(app, client, auth, demo):
    auth.login("viewer")
    page = client.get("/people/?q=عزیزی").get_data(as_text=True)
    assert "Mehdi Azizi" in page
    assert "Steve Witkoff" not in page


def test_bad_paging_parameters_are_a_clear_400(client, auth):
    auth.login("viewer")
    assert client.get("/venues/?page=0").status_code == 400
    assert client.get("/venues/?page=abc").status_code == 400
    assert client.get("/venues/?per_page=lots").status_code == 400
    assert client.get("/venues/?sort=nonsense").status_code == 200
