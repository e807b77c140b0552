"""Every state change needs the form's CSRF token."""

import re

from conftest import PASSWORD, create_account, make_app

from tracker.models import UserRole


def token_from(page: str) -> str:
    return re.search(r'name="csrf_token"[^>]*value="([^"]+)"', page).group(1)


def test_posts_without_the_token_are_refused(database_url, tmp_path):
    app = make_app(database_url, tmp_path, WTF_CSRF_ENABLED=True)
    user = create_account(app, UserRole.EDITOR, "csrf@example.org")
    client = app.test_client()
    refused = client.post("/login", data={"email": user.email, "password": PASSWORD})
    assert refused.status_code == 400
    token = token_from(client.get("/login").get_data(as_text=True))
    signed_in = client.post(
        "/login", data={"email": user.email, "password": PASSWORD, "csrf_token": token}
    )
    assert signed_in.status_code == 302
    assert client.post("/venues/new", data={"name": "Geneva"}).status_code == 400
    form_token = token_from(client.get("/venues/new").get_data(as_text=True))
    saved = client.post("/venues/new", data={"name": "Geneva", "csrf_token": form_token})
    assert saved.status_code == 302
    from conftest import empty_all_tables

    from tracker.extensions import db

    with app.app_context():
        empty_all_tables(db.engine)
        db.engine.dispose()
