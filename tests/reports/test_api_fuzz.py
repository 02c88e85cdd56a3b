"""The progress API fuzzed from its OpenAPI document with schemathesis: whatever the path and query hold (valid
values, and values the document forbids), the API answers a documented status, never a 5xx, and every response
fits the document (tests/openapi.py). Bounded: a few dozen examples, well under 30 seconds."""

from urllib.parse import quote

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from schemathesis import GenerationMode

from reports.models import ApiToken
from reports.openapi import OPENAPI
from tests.openapi import validate_response

pytestmark = pytest.mark.django_db

PROGRESS = schemathesis.openapi.from_dict(OPENAPI)["/api/v1/plans/{code}/progress/"]["GET"]
PLAN = "BACYEN-2021-2025"


def _text(value) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    return "" if value is None else str(value)


DOCUMENTED = {p["name"] for p in OPENAPI["paths"]["/api/v1/plans/{code}/progress/"]["get"]["parameters"]}


def _query(case) -> list[tuple[str, str]]:
    """The documented query parameters of a case (the API ignores others; the validator refuses them)."""
    pairs = []
    query = case.query if isinstance(case.query, dict) else {}
    for name, value in query.items():
        if name not in DOCUMENTED:
            continue
        for item in value if isinstance(value, list) else [value]:
            pairs.append((name, _text(item)))
    return pairs


def _cases():
    # The real plan's code half of the time, so that the query parameters reach the progress engine.
    real = PROGRESS.as_strategy(GenerationMode.POSITIVE, path_parameters={"code": PLAN})
    return st.one_of(
        real,
        PROGRESS.as_strategy(GenerationMode.POSITIVE, path_parameters={"code": PLAN}, query={"period": "2024"}),
        PROGRESS.as_strategy(GenerationMode.NEGATIVE, path_parameters={"code": PLAN}),
        PROGRESS.as_strategy(GenerationMode.POSITIVE),
        PROGRESS.as_strategy(GenerationMode.NEGATIVE),
    )


@pytest.mark.parametrize("auth", ["session", "token"])
def test_the_progress_api_never_fails_whatever_it_is_asked(client, bac_yen, users, auth):
    headers = {}
    if auth == "session":
        client.force_login(users["coordinator"])
    else:
        _, key = ApiToken.issue(user=users["leader"], name="fuzz")
        headers["HTTP_AUTHORIZATION"] = f"Token {key}"
    seen = set()

    @settings(
        max_examples=25,
        deadline=None,
        derandomize=True,  # the same cases every run: a failure here is a regression, never bad luck
        database=None,
        suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow, HealthCheck.filter_too_much],
    )
    @given(case=_cases())
    def fuzz(case):
        code = _text((case.path_parameters or {}).get("code"))
        path = f"/api/v1/plans/{quote(code, safe='')}/progress/"
        query = _query(case)
        response = client.get(path, query, **headers)
        assert response.status_code < 500, (path, query, response.content[:500])
        if code and "/" not in code and code not in (".", ".."):
            validate_response(response)
        if response.status_code == 400:
            assert response["Content-Type"].startswith("application/json"), (path, query)
        seen.add(response.status_code)

    fuzz()
    assert 400 in seen
    assert (
        validate_response(client.get("/api/v1/plans/KHONG-CO/progress/", {"period": "2024"}, **headers)).status_code
        == 404
    )
    assert (
        validate_response(client.get(f"/api/v1/plans/{PLAN}/progress/", {"period": "2024"}, **headers)).status_code
        == 200
    )


@pytest.mark.parametrize(
    "query",
    [
        {"period": "2024\x00"},
        {"period": "2024", "unit": "\x00"},
        {"period": "2024", "unit": "id:99999999999999999999"},
        {"period": "2024", "unit": "id:-1"},
        {"period": "2024", "method": "\x00"},
        {"period": "9" * 400},
        {"period": "2024", "include_submitted": "\x00"},
    ],
)
def test_malformed_parameters_answer_400_with_json(client, bac_yen, users, query):
    client.force_login(users["coordinator"])
    response = validate_response(client.get(f"/api/v1/plans/{PLAN}/progress/", query))
    assert response.status_code in (200, 400)
    if response.status_code == 400:
        assert response.json()["error"]


@pytest.mark.parametrize("code", ["\x00", "A" * 500, "%00", "BACYEN-2021-2025\x00"])
def test_a_malformed_plan_code_is_not_found(client, bac_yen, users, code):
    client.force_login(users["coordinator"])
    response = validate_response(client.get(f"/api/v1/plans/{quote(code, safe='')}/progress/", {"period": "2024"}))
    assert response.status_code == 404


def test_a_nul_in_a_pages_address_is_refused_not_a_500(client, bac_yen, users):
    client.force_login(users["coordinator"])
    assert client.get(f"/plans/{PLAN}/dashboard/", {"period": "2024\x00"}).status_code in (400, 404)
    assert client.get(f"/plans/{PLAN}\x00/dashboard/").status_code == 404
