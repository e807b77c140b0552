"""The OpenAPI 3.1 document, generated from the same resource and field definitions the
serialisers use, so the document cannot promise what the responses do not deliver.
"""

from __future__ import annotations

from typing import Any

from flask import current_app

from tracker.api import timeline
from tracker.api.errors import ERROR_SCHEMA
from tracker.api.fields import REF_SCHEMA, VAGUE_DATE_SCHEMA, JsonSchema, object_schema
from tracker.api.params import ID_SCHEMA
from tracker.api.resources import RESOURCES, Resource

API_PREFIX = "/api/v1"

DESCRIPTION = """\
Read-only access to the Negotiation Round Tracker: negotiations, rounds, people, organisations,
venues, outcomes, statements, developments, sources and topics.

**Authentication.** Send a personal API token as `Authorization: Bearer <token>`. Create one on
your profile page (it is shown once) or with `tracker create-token EMAIL`. A browser that is
signed in to the tracker may call the API with its session.

**Pagination.** Lists return `items` and a `next_cursor`; pass it back as `cursor` to get the
next page, until `next_cursor` is null. Cursors are opaque and belong to one list and `sort`.

**Errors** are JSON: `{"error": {"status": 400, "title": "...", "message": "..."}}`.
"""


def _json(schema: JsonSchema) -> JsonSchema:
    return {"application/json": {"schema": schema}}


def _response(name: str) -> JsonSchema:
    return {"$ref": f"#/components/responses/{name}"}


def _schema(name: str) -> JsonSchema:
    return {"$ref": f"#/components/schemas/{name}"}


def page_schema(what: str, item_schema: str) -> JsonSchema:
    return {
        "type": "object",
        "description": f"One page of {what}.",
        "properties": {
            "items": {"type": "array", "items": _schema(item_schema)},
            "next_cursor": {
                "type": ["string", "null"],
                "description": "Pass as `cursor` for the next page; null on the last page.",
            },
            "next": {
                "type": ["string", "null"],
                "description": "The URL of the next page, or null on the last page.",
            },
        },
        "required": ["items", "next_cursor", "next"],
        "additionalProperties": False,
    }


def resource_paths(resource: Resource) -> dict[str, Any]:
    base = f"{API_PREFIX}/{resource.name}"
    tags = [resource.name]
    lookup_errors = {
        "400": _response("BadRequest"),
        "401": _response("Unauthorized"),
        "404": _response("NotFound"),
    }
    return {
        base: {
            "get": {
                "operationId": f"list_{resource.name}",
                "summary": f"List {resource.name}",
                "description": resource.description,
                "tags": tags,
                "parameters": [param.openapi() for param in resource.list_params()],
                "responses": {
                    "200": {
                        "description": f"A page of {resource.name}.",
                        "content": _json(_schema(f"{resource.component}Page")),
                    },
                    "400": _response("BadRequest"),
                    "401": _response("Unauthorized"),
                },
            }
        },
        f"{base}/{{id}}": {
            "get": {
                "operationId": f"get_{resource.singular.replace(' ', '_')}",
                "summary": f"One {resource.singular} by id",
                "tags": tags,
                "parameters": [{"name": "id", "in": "path", "required": True, "schema": ID_SCHEMA}],
                "responses": {
                    "200": {
                        "description": f"The {resource.singular}.",
                        "content": _json(_schema(resource.component)),
                    },
                    **lookup_errors,
                },
            }
        },
        f"{base}/by-uid/{{uid}}": {
            "get": {
                "operationId": f"get_{resource.singular.replace(' ', '_')}_by_uid",
                "summary": f"One {resource.singular} by uid",
                "description": "The uid stays the same across exports and re-imports.",
                "tags": tags,
                "parameters": [
                    {
                        "name": "uid",
                        "in": "path",
                        "required": True,
                        "schema": {"type": "string", "format": "uuid"},
                    }
                ],
                "responses": {
                    "200": {
                        "description": f"The {resource.singular}.",
                        "content": _json(_schema(resource.component)),
                    },
                    **lookup_errors,
                },
            }
        },
    }


def components() -> dict[str, Any]:
    schemas: dict[str, JsonSchema] = {
        "Error": ERROR_SCHEMA,
        "Ref": REF_SCHEMA,
        "VagueDate": VAGUE_DATE_SCHEMA,
    }
    for resource in RESOURCES:
        schemas[resource.component] = object_schema(resource.fields, resource.description)
        schemas[f"{resource.component}Page"] = page_schema(resource.name, resource.component)
    schemas["TimelineEntry"] = object_schema(timeline.ENTRY_FIELDS, "One line of the timeline.")
    schemas["TimelinePage"] = page_schema("timeline entries", "TimelineEntry")
    error = _json(_schema("Error"))
    return {
        "schemas": schemas,
        "responses": {
            "BadRequest": {
                "description": "A parameter is unknown, repeated or has a bad value.",
                "content": error,
            },
            "Unauthorized": {
                "description": "No working token and no signed-in session.",
                "headers": {
                    "WWW-Authenticate": {"schema": {"type": "string"}},
                },
                "content": error,
            },
            "NotFound": {"description": "No such record.", "content": error},
        },
        "securitySchemes": {
            "bearerToken": {
                "type": "http",
                "scheme": "bearer",
                "description": "A personal API token from your profile page.",
            },
            "browserSession": {
                "type": "apiKey",
                "in": "cookie",
                "name": current_app.config["SESSION_COOKIE_NAME"],
                "description": "The session of a browser signed in to the tracker.",
            },
        },
    }


def document() -> dict[str, Any]:
    paths: dict[str, Any] = {
        "/api/openapi.json": {
            "get": {
                "operationId": "openapi_document",
                "summary": "This document",
                "tags": ["meta"],
                "security": [],
                "responses": {
                    "200": {
                        "description": "The OpenAPI document.",
                        "content": _json({"type": "object"}),
                    }
                },
            }
        }
    }
    for resource in RESOURCES:
        paths.update(resource_paths(resource))
    paths[f"{API_PREFIX}/timeline"] = {
        "get": {
            "operationId": "timeline",
            "summary": "The timeline",
            "description": "Rounds, outcomes, statements and developments in one stream, "
            "with the filters and search of the timeline page.",
            "tags": ["timeline"],
            "parameters": [param.openapi() for param in timeline.PARAMS],
            "responses": {
                "200": {
                    "description": "A page of timeline entries.",
                    "content": _json(_schema("TimelinePage")),
                },
                "400": _response("BadRequest"),
                "401": _response("Unauthorized"),
            },
        }
    }
    return {
        "openapi": "3.1.0",
        "info": {
            "title": "Negotiation Round Tracker API",
            "version": "1.0.0",
            "description": DESCRIPTION,
        },
        "security": [{"bearerToken": []}, {"browserSession": []}],
        "tags": [
            *(
                {"name": resource.name, "description": resource.description}
                for resource in RESOURCES
            ),
            {"name": "timeline", "description": "Everything that happened, in one stream."},
            {"name": "meta", "description": "About the API itself."},
        ],
        "paths": paths,
        "components": components(),
    }
