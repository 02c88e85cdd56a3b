"""Response headers every page carries (settings CONTENT_SECURITY_POLICY and PERMISSIONS_POLICY)."""

from django.conf import settings
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
