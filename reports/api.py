"""The JSON API (DESIGN.md 7.4): GET /api/v1/plans/<code>/progress/?period=P&method=M."""

from django.http import Http404, JsonResponse
from django.views.decorators.http import require_GET

from plans.access import plan_scope, plans_visible_to
from reports.access import ProgressRequestError, method_of, period_of, unit_of, user_from_token
from reports.openapi import OPENAPI
from reports.selectors import plan_progress, progress_json


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
