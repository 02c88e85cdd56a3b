"""The OpenAPI document itself (reports/openapi.py), and the helper that holds every API response to it."""

import copy
import json

import pytest
from openapi_spec_validator import validate as validate_document

from reports.openapi import OPENAPI
from tests.openapi import OpenAPIMismatch, operation_for, schema_errors, validate_body, validate_request

API = "/api/v1/plans/BACYEN-2021-2025/progress/"
PROGRESS = {"$ref": "#/components/schemas/Progress"}

# The example of DESIGN.md 7.4, with one indicator of each other kind.
EXAMPLE = {
    "plan": {"code": "BACYEN-2021-2025", "title": "Kế hoạch", "start_year": 2021, "end_year": 2025},
    "unit": {"code": None, "name": "Bắc Yên", "level": "district"},
    "period": "2024S1",
    "method": "linear",
    "summary": {
        "achieved": 0,
        "on_track": 0,
        "needs_acceleration": 1,
        "limited_progress": 0,
        "deterioration": 0,
        "not_achieved": 0,
        "insufficient_data": 1,
        "no_data": 0,
        "not_applicable": 1,
    },
    "completeness": {"expected": 3, "submitted": 2, "on_time": 1},
    "goals": [
        {
            "number": 1,
            "title": "Mục tiêu 1",
            "indicators": [
                {
                    "code": "1.1",
                    "name": "Tỷ lệ nữ",
                    "unit": "%",
                    "kind": "percent",
                    "direction": "increase",
                    "baseline": {"value": 15.38, "year": 2015},
                    "target": {"value": 35.0, "year": 2025},
                    "value": 30.0,
                    "value_period": "2024S1",
                    "achievement_pct": 85.7,
                    "progress_ratio": 0.812,
                    "status": "needs_acceleration",
                    "forecast": {"value": 36.1, "likely": True},
                    "lead_agencies": ["Phòng Nội vụ"],
                    "coordinating_agencies": [],
                    "coverage": {"reported": 1, "expected": 1},
                },
                {
                    "code": "5.1",
                    "name": "Đưa nội dung bình đẳng giới vào chương trình",
                    "unit": "",
                    "kind": "boolean",
                    "direction": None,
                    "baseline": None,
                    "target": {"value": True, "year": 2025},
                    "value": False,
                    "value_period": "2023",
                    "achievement_pct": None,
                    "progress_ratio": None,
                    "status": "insufficient_data",
                    "forecast": None,
                    "lead_agencies": ["Phòng GD&ĐT"],
                    "coordinating_agencies": ["Phòng Nội vụ"],
                    "coverage": {"reported": 0, "expected": 1},
                },
                {
                    "code": "6.2",
                    "name": "Bố trí cán bộ",
                    "unit": "",
                    "kind": "text",
                    "direction": None,
                    "baseline": {"value": "Chưa đủ", "year": None},
                    "target": {"value": "Bố trí đủ cán bộ", "year": 2025},
                    "value": None,
                    "value_period": None,
                    "achievement_pct": None,
                    "progress_ratio": None,
                    "status": "not_applicable",
                    "forecast": None,
                    "lead_agencies": [],
                    "coordinating_agencies": [],
                    "coverage": None,
                },
            ],
        }
    ],
}


def test_the_document_is_a_valid_openapi_3_document():
    validate_document(OPENAPI)  # raises on any fault, $refs included
    assert OPENAPI["openapi"].startswith("3.")
    json.dumps(OPENAPI)  # served as JSON as it is


def test_the_design_example_fits_the_document():
    assert schema_errors(EXAMPLE, PROGRESS) == []
    of_a_province = EXAMPLE | {"unit": {"code": "14", "name": "Sơn La", "level": "province"}}
    assert schema_errors(of_a_province, PROGRESS) == []


def drifted(change) -> dict:
    data = copy.deepcopy(EXAMPLE)
    change(data)
    return data


def indicator(data, n=0):
    return data["goals"][0]["indicators"][n]


@pytest.mark.parametrize(
    ("change", "where"),
    [
        (lambda d: d.update(extra=1), "(root)"),
        (lambda d: d.pop("completeness"), "(root)"),
        (lambda d: d["plan"].pop("title"), "plan"),
        (lambda d: d.update(period="2024S2"), "period"),
        (lambda d: d.update(method="trung bình"), "method"),
        (lambda d: d["summary"].pop("no_data"), "summary"),
        (lambda d: d["summary"].update(late=1), "summary"),
        (lambda d: d["summary"].update(achieved=-1), "summary/achieved"),
        (lambda d: d["completeness"].update(on_time="1"), "completeness/on_time"),
        (lambda d: d["goals"][0].update(number="1"), "goals/0/number"),
        (lambda d: indicator(d).update(value="30,0"), "goals/0/indicators/0/value"),  # a localized number
        (lambda d: indicator(d).update(value=True), "goals/0/indicators/0/value"),
        (lambda d: indicator(d)["target"].update(value="35"), "goals/0/indicators/0/target/value"),
        (lambda d: indicator(d)["baseline"].update(value="15,38"), "goals/0/indicators/0/baseline/value"),
        (lambda d: indicator(d).update(status="đạt"), "goals/0/indicators/0/status"),
        (lambda d: indicator(d).update(direction=None), "goals/0/indicators/0/direction"),
        (lambda d: indicator(d).update(direction="up"), "goals/0/indicators/0/direction"),
        (lambda d: indicator(d).update(value_period="6 tháng đầu năm 2024"), "goals/0/indicators/0/value_period"),
        (lambda d: indicator(d).update(achievement_pct="85,7"), "goals/0/indicators/0/achievement_pct"),
        (lambda d: indicator(d)["forecast"].pop("likely"), "goals/0/indicators/0/forecast"),
        (lambda d: indicator(d).pop("coordinating_agencies"), "goals/0/indicators/0"),
        (lambda d: indicator(d).update(lead_agencies="Phòng Nội vụ"), "goals/0/indicators/0/lead_agencies"),
        (lambda d: indicator(d).update(kind="tỷ lệ"), "goals/0/indicators/0/kind"),
        # a có/không is never judged as a number, a text never at all
        (lambda d: indicator(d, 1).update(value=0), "goals/0/indicators/1/value"),
        (lambda d: indicator(d, 1).update(achievement_pct=0.0), "goals/0/indicators/1/achievement_pct"),
        (lambda d: indicator(d, 1).update(progress_ratio=0.5), "goals/0/indicators/1/progress_ratio"),
        (lambda d: indicator(d, 1).update(forecast={"value": 1, "likely": True}), "goals/0/indicators/1/forecast"),
        (lambda d: indicator(d, 1).update(status="on_track"), "goals/0/indicators/1/status"),
        (lambda d: indicator(d, 1).update(direction="increase"), "goals/0/indicators/1/direction"),
        (lambda d: indicator(d, 2).update(status="achieved"), "goals/0/indicators/2/status"),
        (lambda d: indicator(d, 2).update(value=1), "goals/0/indicators/2/value"),
        (lambda d: d.pop("unit"), "(root)"),
        (lambda d: d.update(unit={"name": "Sơn La", "level": "province"}), "unit"),
        (lambda d: indicator(d).update(coverage={"reported": 1}), "goals/0/indicators/0/coverage"),
        (
            lambda d: indicator(d).update(coverage={"reported": -1, "expected": 1}),
            "goals/0/indicators/0/coverage/reported",
        ),
        (lambda d: d.update(unit={"code": "14", "name": "Sơn La", "level": "tỉnh"}), "unit/level"),
    ],
)
def test_a_response_that_drifts_from_the_document_is_caught(change, where):
    errors = schema_errors(drifted(change), PROGRESS)
    assert errors and any(error.startswith(f"{where}:") for error in errors), errors


def response(status=200, data=EXAMPLE, content_type="application/json", headers=None):
    _, operation = operation_for(API, "GET")
    body = json.dumps(data).encode() if content_type == "application/json" else data
    return validate_body(operation, status, content_type, body, headers or {})


def test_documented_answers_pass():
    response()
    response(400, {"error": "Thiếu kỳ báo cáo (period), ví dụ 2024S1 hoặc 2024."})
    response(401, {"error": "Cần đăng nhập"}, headers={"WWW-Authenticate": "Token"})
    response(404, b"<h1>Not Found</h1>", content_type="text/html; charset=utf-8")


@pytest.mark.parametrize(
    ("answer", "message"),
    [
        ({"status": 500, "data": {"error": "x"}}, "status 500 is not documented"),
        ({"status": 403, "data": {"error": "x"}}, "status 403 is not documented"),
        ({"status": 401, "data": {"error": "x"}}, "the WWW-Authenticate header is missing"),
        ({"status": 401, "data": {"error": "x"}, "headers": {"WWW-Authenticate": "Basic"}}, "header WWW-Authenticate"),
        ({"status": 400, "data": {"error": ""}}, "the JSON does not match"),
        ({"status": 400, "data": {"error": "x", "detail": "y"}}, "the JSON does not match"),
        ({"status": 200, "data": b"<html>", "content_type": "text/html"}, "text/html is not documented"),
        ({"status": 404, "data": {"error": "x"}}, "application/json is not documented"),
    ],
)
def test_undocumented_answers_fail(answer, message):
    with pytest.raises(OpenAPIMismatch, match=message):
        response(**answer)


def test_undocumented_requests_fail():
    assert validate_request(API, "GET", "period=2024&method=escap&include_submitted=1") is operation_for(API, "GET")[1]
    validate_request(API, "GET", "period=x")  # a wrong value is the API's to answer, with a documented 400
    validate_request(API, "GET", "period=2024&unit=14")
    with pytest.raises(OpenAPIMismatch, match=r"undocumented query parameters \['agency'\]"):
        validate_request(API, "GET", "period=2024&agency=3")
    with pytest.raises(OpenAPIMismatch, match="POST /api/v1/plans/{code}/progress/ is not in the OpenAPI document"):
        validate_request(API, "POST")
    with pytest.raises(OpenAPIMismatch, match="/api/v1/plans/ is not in the OpenAPI document"):
        validate_request("/api/v1/plans/", "GET")
    with pytest.raises(OpenAPIMismatch, match="is not in the OpenAPI document"):
        validate_request("/api/v1/plans/A/B/progress/", "GET")
