"""Who changed what, when, and by which path: the history of every model that is not a figure (figures keep their
own audit, indicators.models.ValueChange).

django-simple-history keeps a historical row per save of the models given `AuditedHistory()`: the values after the
change (the row before it is the old value), the user, the time, and in `history_change_reason` the path the change
came by: the pages (Trang), the admin (Quản trị), a workbook (Tệp Excel) or a command (Lệnh). The path and the user
are set once per request by HistoryMiddleware, per command by `acting(user, COMMAND)`, and a workbook's import
narrows a page's path to WORKBOOK with `recorded_as(WORKBOOK)`.

A user's history never holds a password hash: it says only that the password changed ("đổi mật khẩu"), and a login
(which saves only `last_login`) is not a change.
"""

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar

from django.utils.functional import SimpleLazyObject, empty
from simple_history.models import HistoricalRecords
from simple_history.utils import bulk_create_with_history

PAGE = "Trang"
ADMIN = "Quản trị"
WORKBOOK = "Tệp Excel"
COMMAND = "Lệnh"
PASSWORD_CHANGED = "đổi mật khẩu"

_actor: ContextVar = ContextVar("history_actor", default=None)
_path: ContextVar[str] = ContextVar("history_path", default="")


@contextmanager
def acting(user, path: str) -> Iterator[None]:
    """Changes made inside are recorded as made by `user` (None: nobody named) by `path`."""
    actor_token, path_token = _actor.set(user), _path.set(path)
    try:
        yield
    finally:
        _actor.reset(actor_token)
        _path.reset(path_token)


@contextmanager
def recorded_as(path: str) -> Iterator[None]:
    """A workbook read on a page is recorded as WORKBOOK; a command or the admin reading one keeps its own path."""
    if _path.get() not in ("", PAGE):
        yield
        return
    token = _path.set(path)
    try:
        yield
    finally:
        _path.reset(token)


def current_actor():
    user = _actor.get()
    if isinstance(user, SimpleLazyObject):  # request.user, read only when something is recorded
        if user._wrapped is empty:
            user._setup()
        user = user._wrapped
    return user if user is not None and getattr(user, "is_authenticated", False) else None


def current_path() -> str:
    return _path.get()


def _history_user(instance=None, request=None, **kwargs):
    return current_actor()


class AuditedHistory(HistoricalRecords):
    """HistoricalRecords with the user and the path from `acting` (no request needed, so commands record too)."""

    def __init__(self, **kwargs):
        kwargs.setdefault("get_user", _history_user)
        super().__init__(**kwargs)

    def get_change_reason_for_object(self, instance, history_type, using):
        given = super().get_change_reason_for_object(instance, history_type, using)
        return " · ".join(part for part in (current_path(), given) if part)


class UserHistory(AuditedHistory):
    """Accounts: never the password hash, only that it changed; a login alone is no change."""

    def __init__(self, **kwargs):
        kwargs.setdefault("excluded_fields", ["password", "last_login"])
        super().__init__(**kwargs)

    def post_save(self, instance, created, using=None, **kwargs):
        update_fields = kwargs.get("update_fields")
        if update_fields is not None and set(update_fields) <= {"last_login"}:
            return
        super().post_save(instance, created, using=using, **kwargs)

    def get_change_reason_for_object(self, instance, history_type, using):
        reason = super().get_change_reason_for_object(instance, history_type, using)
        if getattr(instance, "_password", None) is not None:  # set_password in this save (Django clears it after)
            reason = " · ".join(part for part in (reason, PASSWORD_CHANGED) if part)
        return reason


def bulk_create_recorded(model, objects: list) -> list:
    """bulk_create with one historical row per object, written in one more statement (not one per row)."""
    return bulk_create_with_history(
        list(objects), model, default_user=current_actor(), default_change_reason=current_path()
    )


class HistoryMiddleware:
    """Every change a request makes is recorded with its user, by the admin or by the pages."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        from django.urls import reverse

        path = ADMIN if request.path.startswith(reverse("admin:index")) else PAGE
        with acting(request.user, path):
            return self.get_response(request)
