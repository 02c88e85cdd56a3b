"""Response headers every page carries (settings CONTENT_SECURITY_POLICY and PERMISSIONS_POLICY)."""

from django.conf import settings
from django.http import HttpResponseNotFound, JsonResponse
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
    """A NUL character in an address is refused before a view reads it: PostgreSQL refuses it in every text it is
    compared with, which turned a plan code with a NUL (any page) and the API's query into a 500 (found by
    tests/reports/test_api_fuzz.py). In the path: 404, no such page; in the API's query: 400 with the API's JSON
    error. The pages answer a NUL in their query themselves (400 or 404, tests/test_production.py), and forms refuse
    it (Django's ProhibitNullCharactersValidator)."""

    MESSAGE = "Địa chỉ có ký tự không hợp lệ (NUL)."

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if "\x00" in request.path:
            return HttpResponseNotFound(f"<h1>{self.MESSAGE}</h1>", content_type="text/html; charset=utf-8")
        if request.path.startswith("/api/") and any(
            "\x00" in key or any("\x00" in value for value in values) for key, values in request.GET.lists()
        ):
            return JsonResponse({"error": self.MESSAGE}, status=400, json_dumps_params={"ensure_ascii": False})
        return self.get_response(request)
