"""The OpenAPI document is valid, lists exactly the API's routes, and the responses match it."""

from __future__ import annotations

import re

import jsonschema
import pytest
import schemathesis
from conftest import create_account
from hypothesis import HealthCheck, Phase, given, settings
from openapi_spec_validator import validate
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from tracker.api.resources import RESOURCES
from tracker.extensions import db
from tracker.models import UserRole
from tracker.services import accounts, tokens


@pytest.fixture
def document(client) -> dict:
    response = client.get("/api/openapi.json")
    assert response.status_code == 200
    return response.json


@pytest.fixture
def token(app) -> str:
    create_account(app, UserRole.VIEWER, "openapi@newsroom.example.org")
    with app.app_context():
        user = accounts.find_user_by_email(db.session, "openapi@newsroom.example.org")
        _record, text = tokens.create_token(db.session, user, "schemathesis")
        db.session.commit()
    return text


def test_document_is_public_and_valid_openapi(document):
    validate(document)
    assert document["openapi"].startswith("3.1")


def test_document_lists_exactly_the_routes_of_the_api(app, document):
    """No route without documentation, no documented path without a route."""
    routes = set()
    for rule in app.url_map.iter_rules():
        if rule.rule.startswith("/api/"):
            routes.add(re.sub(r"<(?:[^:<>]+:)?([^<>]+)>", r"{\1}", rule.rule))
    documented = {path.replace("{id}", "{record_id}") for path in document["paths"]}
    assert routes == documented
    for item in document["paths"].values():
        assert set(item) == {"get"}


def test_every_resource_is_documented_with_its_filters(document):
    for resource in RESOURCES:
        operation = document["paths"][f"/api/v1/{resource.name}"]["get"]
        names = {parameter["name"] for parameter in operation["parameters"]}
        assert names == {param.name for param in resource.list_params()}
        sort = next(p for p in operation["parameters"] if p["name"] == "sort")
        assert sort["schema"]["enum"] == list(resource.sorts)


@pytest.mark.parametrize("resource", RESOURCES, ids=lambda resource: resource.name)
def test_every_demo_record_matches_its_documented_schema(client, auth, demo, document, resource):
    """Checked record by record, beyond the examples schemathesis happens to draw."""
    auth.login(UserRole.VIEWER)
    page_schema = {**document, "$ref": f"#/components/schemas/{resource.component}Page"}
    validator = jsonschema.Draft202012Validator(
        page_schema, format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER
    )
    response = client.get(f"/api/v1/{resource.name}?limit=200")
    assert response.status_code == 200
    assert response.json["items"]
    validator.validate(response.json)


def test_errors_match_the_documented_error_schema(client, document):
    validator = jsonschema.Draft202012Validator({**document, "$ref": "#/components/schemas/Error"})
    for response in (
        client.get("/api/v1/rounds"),
        client.get("/api/v1/rounds?limit=0", headers={"Authorization": "Bearer nrt_x"}),
    ):
        assert response.status_code == 401
        validator.validate(response.json)


def test_schemathesis_finds_no_server_error_and_no_undocumented_response(app, demo, token):
    """Every operation, a few deterministic examples each, with a working token.

    The operations are walked here rather than through ``schemathesis.pytest.from_fixture``,
    whose node-id rewriting does not work with pytest 9.
    """
    schema = schemathesis.openapi.from_wsgi("/api/openapi.json", app)
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) >= 3 * len(RESOURCES)
    headers = {"Authorization": f"Bearer {token}"}
    for operation in operations:

        @given(case=operation.as_strategy())
        @settings(
            max_examples=8,
            derandomize=True,
            deadline=None,
            database=None,
            phases=[Phase.explicit, Phase.generate],
            suppress_health_check=list(HealthCheck),
        )
        def call(case) -> None:
            case.call_and_validate(
                headers=headers,
                checks=[
                    not_a_server_error,
                    status_code_conformance,
                    content_type_conformance,
                    response_schema_conformance,
                ],
            )

        call()
