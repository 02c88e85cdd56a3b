"""Login throttling with django-axes: how a failed attempt is keyed, and what a locked-out person sees.

Failures are counted in the database (axes' AccessAttempt), so every gunicorn worker shares them and a restart
keeps them. They are keyed on the user name and the client's address together (settings LOGIN_MAX_FAILURES,
LOGIN_FAILURE_WINDOW_SECONDS, CLIENT_IP_HEADER).
"""

import ipaddress
import unicodedata

from django.conf import settings
from django.http import HttpResponse

USERNAME_KEY_LENGTH = 150  # a user name's length; axes stores at most 255 characters


def username_key(raw: str | None) -> str:
    """The user name as Django's login form reads it (stripped, NFKC-normalised, so fullwidth or other look-alike
    compatibility letters are the plain ones), and without case: `ｒｅｐ`, `REP` and ` rep ` are counted as `rep`."""
    text = unicodedata.normalize("NFKC", str(raw or "")).strip()
    return unicodedata.normalize("NFKC", text.casefold())[:USERNAME_KEY_LENGTH]


def throttled_username(request, credentials: dict | None) -> str:
    """AXES_USERNAME_CALLABLE: the name failures are counted under, whatever spelling was typed."""
    field = "username"
    if credentials and credentials.get(field) is not None:
        return username_key(credentials[field])
    data = getattr(request, "POST", None) or {}
    return username_key(data.get(field))


def _meta_key(header: str) -> str:
    key = header.strip().upper().replace("-", "_")
    return key if key.startswith("HTTP_") or key == "REMOTE_ADDR" else f"HTTP_{key}"


def _valid_address(value: str) -> str | None:
    try:
        return str(ipaddress.ip_address(value.strip()))
    except ValueError:
        return None


def client_ip_address(request) -> str | None:
    """AXES_CLIENT_IP_CALLABLE: the client's address.

    Without CLIENT_IP_HEADER, the connection's address (REMOTE_ADDR). With it, the address the proxy wrote: in a
    list such as X-Forwarded-For, the CLIENT_IP_PROXY_COUNT-th from the right, since addresses to its left were
    written by the client and could be anything. A missing or malformed header falls back to REMOTE_ADDR.
    """
    remote = _valid_address(request.META.get("REMOTE_ADDR", "") or "")
    header = settings.CLIENT_IP_HEADER
    if not header:
        return remote
    addresses = [part for part in str(request.META.get(_meta_key(header), "")).split(",") if part.strip()]
    count = max(settings.CLIENT_IP_PROXY_COUNT, 1)
    if len(addresses) < count:
        return remote
    return _valid_address(addresses[-count]) or remote


def lockout_message() -> str:
    minutes = max(round(settings.AXES_COOLOFF_TIME.total_seconds() / 60), 1)
    return (
        f"Đăng nhập sai quá nhiều lần ({settings.AXES_FAILURE_LIMIT} lần) nên tên đăng nhập này tạm bị khóa đăng nhập "
        f"từ máy này. Vui lòng thử lại sau {minutes} phút, hoặc nhờ cán bộ điều phối hay quản trị mở khóa."
    )


def lockout_response(request, original_response=None, credentials=None) -> HttpResponse:
    """AXES_LOCKOUT_CALLABLE: the login page (ours or the admin's) with the lockout message, status 429.

    The login form has already put the message on the page (plans.forms.LoginForm); anything else gets it as text.
    """
    if original_response is not None and original_response.get("Content-Type", "").startswith("text/html"):
        original_response.status_code = 429
        return original_response
    return HttpResponse(lockout_message(), status=429, content_type="text/plain; charset=utf-8")
