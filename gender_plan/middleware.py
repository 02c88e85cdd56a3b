"""Response headers every page carries (settings CONTENT_SECURITY_POLICY and PERMISSIONS_POLICY)."""

from django.conf import settings
from django.http import HttpResponseBadRequest, HttpResponseNotFound, JsonResponse
from django.utils.cache import patch_cache_control


class SecurityHeadersMiddleware:
    """Content-Security-Policy, Permissions-Policy, and `Cache-Control: private, no-store`.

    Every page the app draws shows someone's figures, accounts or plans, and every download is a workbook or a
    report: none may stay in a shared cache or the browser's disk cache. Static files are served before this
    middleware (WhiteNoise) and keep their own caching.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        response.headers.setdefault("Content-Security-Policy", settings.CONTENT_SECURITY_POLICY)
        response.headers.setdefault("Permissions-Policy", settings.PERMISSIONS_POLICY)
        patch_cache_control(response, private=True, no_store=True)
        return response


class NullCharacterMiddleware:
    """A NUL character in the address is refused before any view reads it: PostgreSQL refuses it in every text it is
    compared with, which a view would otherwise turn into a 500. In the path: 404 (no such page); in the query:
    400 (JSON on the API, whose errors are JSON). Forms already refuse it (Django's ProhibitNullCharactersValidator).
    """

    MESSAGE = "Địa chỉ có ký tự không hợp lệ (NUL)."

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if "\x00" in request.path:
            return HttpResponseNotFound(f"<h1>{self.MESSAGE}</h1>", content_type="text/html; charset=utf-8")
        if any("\x00" in key or any("\x00" in value for value in values) for key, values in request.GET.lists()):
            if request.path.startswith("/api/"):
                return JsonResponse({"error": self.MESSAGE}, status=400, json_dumps_params={"ensure_ascii": False})
            return HttpResponseBadRequest(f"<h1>{self.MESSAGE}</h1>", content_type="text/html; charset=utf-8")
        return self.get_response(request)
