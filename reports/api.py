"""The JSON API (DESIGN.md 7.4): GET /api/v1/plans/<code>/progress/?period=P&method=M."""

from django.http import Http404, JsonResponse
from django.views.decorators.http import require_GET

from plans.access import plan_scope, plans_visible_to
from reports.access import ProgressRequestError, method_of, period_of, unit_of, user_from_token
from reports.selectors import plan_progress, progress_json

OPENAPI = {
    "openapi": "3.0.3",
    "info": {
        "title": "Theo dõi kế hoạch bình đẳng giới — API",
        "version": "1",
        "description": "Tiến độ thực hiện các chỉ tiêu của một kế hoạch tại một kỳ báo cáo (DESIGN.md 6, 7.4). "
        "Chỉ số liệu đã duyệt được tính, trừ khi include_submitted=1.",
    },
    "paths": {
        "/api/v1/plans/{code}/progress/": {
            "get": {
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
                        "schema": {"type": "string"},
                        "example": "2024S1",
                    },
                    {
                        "name": "method",
                        "in": "query",
                        "schema": {"type": "string", "enum": ["linear", "escap"], "default": "linear"},
                    },
                    {"name": "include_submitted", "in": "query", "schema": {"type": "boolean", "default": False}},
                ],
                "security": [{"session": []}, {"token": []}],
                "responses": {
                    "200": {
                        "description": "JSON tiến độ (DESIGN.md 7.4)",
                        "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Progress"}}},
                    },
                    "400": {
                        "description": "Kỳ hoặc phương pháp không hợp lệ",
                        "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}},
                    },
                    "401": {"description": "Chưa đăng nhập hoặc khóa API sai"},
                    "404": {"description": "Không có kế hoạch này, hoặc người dùng không được xem"},
                },
            }
        }
    },
    "components": {
        "securitySchemes": {
            "session": {"type": "apiKey", "in": "cookie", "name": "sessionid"},
            "token": {"type": "apiKey", "in": "header", "name": "Authorization", "description": "Token <khóa>"},
        },
        "schemas": {
            "Error": {"type": "object", "properties": {"error": {"type": "string"}}},
            "Progress": {
                "type": "object",
                "required": ["plan", "period", "method", "summary", "completeness", "goals"],
                "properties": {
                    "plan": {
                        "type": "object",
                        "properties": {
                            "code": {"type": "string"},
                            "title": {"type": "string"},
                            "start_year": {"type": "integer"},
                            "end_year": {"type": "integer"},
                        },
                    },
                    "period": {"type": "string"},
                    "method": {"type": "string", "enum": ["linear", "escap"]},
                    "summary": {"type": "object", "additionalProperties": {"type": "integer"}},
                    "completeness": {
                        "type": "object",
                        "properties": {
                            "expected": {"type": "integer"},
                            "submitted": {"type": "integer"},
                            "on_time": {"type": "integer"},
                        },
                    },
                    "goals": {
                        "type": "array",
                        "items": {
                            "type": "object",
                            "properties": {
                                "number": {"type": "integer"},
                                "title": {"type": "string"},
                                "indicators": {"type": "array", "items": {"$ref": "#/components/schemas/Indicator"}},
                            },
                        },
                    },
                },
            },
            "Indicator": {
                "type": "object",
                "properties": {
                    "code": {"type": "string"},
                    "name": {"type": "string"},
                    "unit": {"type": "string"},
                    "kind": {"type": "string", "enum": ["percent", "ratio", "count", "boolean", "text"]},
                    "direction": {
                        "type": "string",
                        "nullable": True,
                        "enum": ["increase", "decrease", "maintain", None],
                    },
                    "baseline": {"type": "object", "nullable": True},
                    "target": {"type": "object", "nullable": True},
                    "value": {"nullable": True},
                    "value_period": {"type": "string", "nullable": True},
                    "achievement_pct": {"type": "number", "nullable": True},
                    "progress_ratio": {"type": "number", "nullable": True},
                    "status": {
                        "type": "string",
                        "enum": [
                            "achieved",
                            "on_track",
                            "needs_acceleration",
                            "limited_progress",
                            "deterioration",
                            "not_achieved",
                            "insufficient_data",
                            "no_data",
                            "not_applicable",
                        ],
                    },
                    "forecast": {
                        "type": "object",
                        "nullable": True,
                        "properties": {"value": {"type": "number"}, "likely": {"type": "boolean"}},
                    },
                    "lead_agencies": {"type": "array", "items": {"type": "string"}},
                    "coordinating_agencies": {"type": "array", "items": {"type": "string"}},
                },
            },
        },
    },
}


def _error(message: str, status: int) -> JsonResponse:
    response = JsonResponse({"error": message}, status=status, json_dumps_params={"ensure_ascii": False})
    if status == 401:
        response["WWW-Authenticate"] = "Token"
    return response


@require_GET
def plan_progress_api(request, code: str):
    user = request.user if request.user.is_authenticated else user_from_token(request.headers.get("Authorization", ""))
    if user is None:
        return _error("Cần đăng nhập hoặc gửi khóa API (Authorization: Token <khóa>).", 401)
    plan = plans_visible_to(user).select_related("territory").prefetch_related("periods").filter(code=code).first()
    if plan is None:
        raise Http404("Không tìm thấy kế hoạch.")
    try:
        period = period_of(plan, request.GET.get("period"))
        method = method_of(request.GET.get("method"))
    except ProgressRequestError as error:
        return _error(str(error), 400)
    include_submitted = request.GET.get("include_submitted", "").lower() in ("1", "true", "yes")
    try:
        unit = unit_of(plan, request.GET.get("unit"), within=plan_scope(user, plan))
    except ProgressRequestError as error:
        return _error(str(error), 400)
    result = plan_progress(plan, period, method=method, include_submitted=include_submitted, user=user, unit=unit)
    return JsonResponse(progress_json(result), json_dumps_params={"ensure_ascii": False})


@require_GET
def openapi_view(request):
    return JsonResponse(OPENAPI, json_dumps_params={"ensure_ascii": False})
