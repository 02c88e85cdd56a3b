"""The OpenAPI document of the JSON API (DESIGN.md 7.4), served at /api/v1/openapi.json.

The tests validate every API response against it (tests/openapi.py), so a response that drifts from this
document fails. Its word lists (statuses, methods, kinds, directions, levels) are the code's own.
"""

from indicators.models import Direction, Kind
from plans.models import UnitLevel
from reports.progress import (
    ACHIEVED,
    INSUFFICIENT_DATA,
    METHODS,
    NO_DATA,
    NOT_ACHIEVED,
    NOT_APPLICABLE,
    STATUS_ORDER,
)

PERIOD_PATTERN = r"^[0-9]{4}(S1)?$"  # 2024S1 (6 tháng đầu năm) or 2024 (cả năm)


def _object(properties: dict, *, nullable: bool = False) -> dict:
    """An object with exactly these properties, all required."""
    return {
        "type": ["object", "null"] if nullable else "object",
        "required": list(properties),
        "properties": properties,
        "additionalProperties": False,
    }


def _ref(name: str) -> dict:
    return {"$ref": f"#/components/schemas/{name}"}


_ERROR = {"application/json": {"schema": _ref("Error")}}

# A figure: a number, có/không (true/false) or a text, by the indicator's kind (never a localized number).
_FIGURE = {"type": ["number", "boolean", "string"]}
_NUMERIC_KINDS = [Kind.PERCENT, Kind.RATIO, Kind.COUNT]


def _by_kind(kinds: list[str], figure_type: str, **also: dict) -> dict:
    """What an indicator of these kinds holds: its figures of `figure_type`, and the `also` fields."""
    figure = {"properties": {"value": {"type": figure_type}}}
    return {
        "if": {"properties": {"kind": {"enum": [str(kind) for kind in kinds]}}},
        "then": {
            "properties": {
                "value": {"type": [figure_type, "null"]},
                "baseline": figure,
                "target": figure,
                **also,
            }
        },
    }


_NOT_MEASURED = {"achievement_pct": {"type": "null"}, "progress_ratio": {"type": "null"}, "forecast": {"type": "null"}}

OPENAPI = {
    "openapi": "3.1.0",
    "info": {
        "title": "Theo dõi kế hoạch bình đẳng giới — API",
        "version": "1",
        "description": "Tiến độ thực hiện các chỉ tiêu của một kế hoạch tại một kỳ báo cáo (DESIGN.md 6, 7.4). "
        "Chỉ số liệu đã duyệt được tính, trừ khi include_submitted=1.",
    },
    "paths": {
        "/api/v1/plans/{code}/progress/": {
            "get": {
                "operationId": "plan_progress",
                "summary": "Tiến độ của kế hoạch tại một kỳ",
                "parameters": [
                    {
                        "name": "code",
                        "in": "path",
                        "required": True,
                        "schema": {"type": "string"},
                        "example": "BACYEN-2021-2025",
                    },
                    {
                        "name": "period",
                        "in": "query",
                        "required": True,
                        "description": "Mã kỳ (2024S1, 2024) hoặc lời (“6 tháng đầu năm 2024”, “Năm 2024”).",
                        "schema": {"type": "string"},
                        "example": "2024S1",
                    },
                    {
                        "name": "method",
                        "in": "query",
                        "schema": {"type": "string", "enum": list(METHODS), "default": METHODS[0]},
                    },
                    {
                        "name": "unit",
                        "in": "query",
                        "description": "Một địa bàn trong kế hoạch (mã đơn vị hành chính, tên, hoặc id:<số>): tiến độ "
                        "của địa bàn đó; bỏ trống: địa bàn của kế hoạch. Dưới địa bàn của kế hoạch chỉ có các chỉ tiêu "
                        "báo cáo theo địa bàn; chỉ tiêu số lượng ở đó có status not_applicable và target null (cộng dồn "
                        "vào chỉ tiêu của cả địa bàn, không so riêng), dự báo chỉ theo số liệu của chính địa bàn đó.",
                        "schema": {"type": "string"},
                        "example": "14",
                    },
                    {
                        "name": "include_submitted",
                        "in": "query",
                        "description": "1, true hoặc yes: tính cả số liệu đã gửi mà chưa duyệt.",
                        "schema": {"type": "boolean", "default": False},
                    },
                ],
                "security": [{"session": []}, {"token": []}],
                "responses": {
                    "200": {
                        "description": "JSON tiến độ (DESIGN.md 7.4)",
                        "content": {"application/json": {"schema": _ref("Progress")}},
                    },
                    "400": {"description": "Thiếu kỳ; kỳ, phương pháp hoặc địa bàn không hợp lệ", "content": _ERROR},
                    "401": {
                        "description": "Chưa đăng nhập hoặc khóa API sai",
                        "headers": {
                            "WWW-Authenticate": {"required": True, "schema": {"type": "string", "const": "Token"}}
                        },
                        "content": _ERROR,
                    },
                    "404": {
                        "description": "Không có kế hoạch này, hoặc người dùng không được xem (trang lỗi HTML)",
                        "content": {"text/html": {"schema": {"type": "string"}}},
                    },
                },
            }
        },
        "/api/v1/openapi.json": {
            "get": {
                "operationId": "openapi",
                "summary": "Tài liệu OpenAPI này",
                "security": [],
                "responses": {"200": {"description": "Tài liệu OpenAPI 3.1", "content": {"application/json": {}}}},
            }
        },
    },
    "components": {
        "securitySchemes": {
            "session": {"type": "apiKey", "in": "cookie", "name": "sessionid"},
            "token": {"type": "apiKey", "in": "header", "name": "Authorization", "description": "Token <khóa>"},
        },
        "schemas": {
            "Error": _object({"error": {"type": "string", "minLength": 1, "description": "Lời báo lỗi tiếng Việt"}}),
            "Progress": _object(
                {
                    "plan": _object(
                        {
                            "code": {"type": "string"},
                            "title": {"type": "string"},
                            "start_year": {"type": "integer"},
                            "end_year": {"type": "integer"},
                        }
                    ),
                    "unit": _ref("Unit"),  # the unit judged: the plan's territory, or the one asked for
                    "period": {"type": "string", "pattern": PERIOD_PATTERN},
                    "method": {"type": "string", "enum": list(METHODS)},
                    "summary": _object({status: {"type": "integer", "minimum": 0} for status in STATUS_ORDER}),
                    "completeness": _object(
                        {name: {"type": "integer", "minimum": 0} for name in ("expected", "submitted", "on_time")}
                    ),
                    "goals": {"type": "array", "items": _ref("Goal")},
                },
            ),
            "Unit": _object(
                {
                    "code": {"type": ["string", "null"]},
                    "name": {"type": "string"},
                    "level": {"type": "string", "enum": list(UnitLevel.values)},
                }
            ),
            "Goal": _object(
                {
                    "number": {"type": "integer"},
                    "title": {"type": "string"},
                    "indicators": {"type": "array", "items": _ref("Indicator")},
                }
            ),
            "Indicator": {
                **_object(
                    {
                        "code": {"type": "string"},
                        "name": {"type": "string"},
                        "unit": {"type": "string"},
                        "kind": {"type": "string", "enum": list(Kind.values)},
                        "direction": {
                            "type": ["string", "null"],
                            "enum": [*Direction.values, None],
                            "description": "null cho chỉ tiêu có/không và định tính",
                        },
                        "baseline": _object({"value": _FIGURE, "year": {"type": ["integer", "null"]}}, nullable=True),
                        "target": _object({"value": _FIGURE, "year": {"type": "integer"}}, nullable=True),
                        "value": {"type": [*_FIGURE["type"], "null"]},
                        "value_period": {"type": ["string", "null"], "pattern": PERIOD_PATTERN},
                        "achievement_pct": {"type": ["number", "null"]},
                        "progress_ratio": {"type": ["number", "null"]},
                        "status": {"type": "string", "enum": list(STATUS_ORDER)},
                        "forecast": _object(
                            {"value": {"type": "number"}, "likely": {"type": "boolean"}}, nullable=True
                        ),
                        "lead_agencies": {"type": "array", "items": {"type": "string"}},
                        "coordinating_agencies": {"type": "array", "items": {"type": "string"}},
                        "coverage": _object(
                            {
                                "reported": {"type": "integer", "minimum": 0},
                                "expected": {"type": "integer", "minimum": 0},
                            },
                            nullable=True,
                        ),
                    }
                ),
                # DESIGN.md 6: a có/không is never judged as a number, a text is never judged at all
                "allOf": [
                    _by_kind(_NUMERIC_KINDS, "number", direction={"type": "string"}),
                    _by_kind(
                        [Kind.BOOLEAN],
                        "boolean",
                        direction={"type": "null"},
                        status={"enum": [ACHIEVED, NOT_ACHIEVED, INSUFFICIENT_DATA, NO_DATA]},
                        **_NOT_MEASURED,
                    ),
                    _by_kind(
                        [Kind.TEXT],
                        "string",
                        direction={"type": "null"},
                        status={"const": NOT_APPLICABLE},
                        **_NOT_MEASURED,
                    ),
                ],
            },
        },
    },
}
