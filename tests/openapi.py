"""Every API response checked against the OpenAPI document (reports/openapi.py), as Zulip's validate_test_response.

`validate_response(response)` fails a test when the request used a path, method or query parameter the document
does not describe, or when the response's status, content type, required headers or JSON body drift from it.
API tests use the `api_client` fixture (tests/reports/conftest.py), whose every response goes through it.
"""

import json
import re
from functools import cache
from urllib.parse import parse_qsl

from openapi_schema_validator import OAS31Validator

from reports.openapi import OPENAPI


class OpenAPIMismatch(AssertionError):
    """What was requested or answered is not what the OpenAPI document says."""


@cache
def _document_validator() -> OAS31Validator:
    # rooted at the document, so that the schemas' references (#/components/…) resolve inside it
    return OAS31Validator(OPENAPI)


def schema_errors(instance, schema: dict) -> list[str]:
    """Where and how `instance` breaks `schema` (a schema of the document); [] when it fits."""
    validator = _document_validator().evolve(schema=schema)
    return [
        f"{'/'.join(str(part) for part in error.absolute_path) or '(root)'}: {error.message}"
        for error in validator.iter_errors(instance)
    ]


def operation_for(path: str, method: str) -> tuple[str, dict]:
    """The documented path template and operation that serve `method path`. Raises OpenAPIMismatch."""
    for template, operations in OPENAPI["paths"].items():
        pattern = "^" + re.sub(r"\\{[^}]+\\}", "[^/]+", re.escape(template)) + "$"
        if re.match(pattern, path):
            if method.lower() not in operations:
                raise OpenAPIMismatch(f"{method.upper()} {template} is not in the OpenAPI document")
            return template, operations[method.lower()]
    raise OpenAPIMismatch(f"{path} is not in the OpenAPI document")


def validate_request(path: str, method: str, query_string: str = "") -> dict:
    """The operation for this request; every query parameter it sends must be documented (values may be wrong:
    the API must answer them with a documented error)."""
    template, operation = operation_for(path, method)
    documented = {p["name"] for p in operation.get("parameters", []) if p["in"] == "query"}
    sent = {name for name, _ in parse_qsl(query_string, keep_blank_values=True)}
    if sent - documented:
        raise OpenAPIMismatch(f"{template}: undocumented query parameters {sorted(sent - documented)}")
    return operation


def validate_body(operation: dict, status: int, content_type: str, body: bytes, headers: dict) -> None:
    """The response of `operation` against the document: status, content type, required headers, JSON body."""
    responses = operation["responses"]
    if str(status) not in responses:
        raise OpenAPIMismatch(f"status {status} is not documented (only {sorted(responses)})")
    documented = responses[str(status)]
    for name, header in documented.get("headers", {}).items():
        if name not in headers:
            if header.get("required"):
                raise OpenAPIMismatch(f"status {status}: the {name} header is missing")
            continue
        errors = schema_errors(headers[name], header["schema"])
        if errors:
            raise OpenAPIMismatch(f"status {status}, header {name}: {errors}")
    media_type = content_type.split(";")[0].strip()
    content = documented.get("content", {})
    if not content:
        if body:
            raise OpenAPIMismatch(f"status {status} documents no body, but one was sent ({media_type})")
        return
    if media_type not in content:
        raise OpenAPIMismatch(f"status {status}: {media_type} is not documented (only {sorted(content)})")
    schema = content[media_type].get("schema")
    if media_type == "application/json":
        data = json.loads(body)
        if schema is not None:
            errors = schema_errors(data, schema)
            if errors:
                raise OpenAPIMismatch(f"status {status}: the JSON does not match the document:\n" + "\n".join(errors))


def validate_response(response):
    """Check a Django test client's response (and its request) against the document; return the response."""
    request = response.request
    operation = validate_request(request["PATH_INFO"], request["REQUEST_METHOD"], request.get("QUERY_STRING", ""))
    validate_body(
        operation,
        response.status_code,
        response.get("Content-Type", ""),
        response.content,
        {name: value for name, value in response.headers.items()},
    )
    return response


class ValidatingClient:
    """A test client whose every response is validated against the OpenAPI document (force_login etc. pass)."""

    def __init__(self, client):
        self._client = client

    def get(self, *args, **kwargs):
        return validate_response(self._client.get(*args, **kwargs))

    def __getattr__(self, name):
        return getattr(self._client, name)
