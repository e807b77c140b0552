"""Every page of every kind of record opens for an admin on the demo story."""

import pytest

KINDS = [
    "negotiations",
    "rounds",
    "participations",
    "outcomes",
    "statements",
    "developments",
    "people",
    "titles",
    "organisations",
    "venues",
    "topics",
    "sources",
]


@pytest.mark.parametrize("kind", KINDS)
def test_list_detail_new_and_edit_pages_open(client, auth, demo, kind):
    auth.login("admin")
    listing = client.get(f"/{kind}/")
    assert listing.status_code == 200
    assert client.get(f"/{kind}/1").status_code == 200
    assert client.get(f"/{kind}/new").status_code == 200
    assert client.get(f"/{kind}/1/edit").status_code == 200
    assert client.get(f"/{kind}/999999").status_code == 404
