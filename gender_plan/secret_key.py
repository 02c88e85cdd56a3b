"""The secret key's rule, in one place: with DEBUG off the app never serves without a real key.

Settings never fail for want of a key: a command that signs nothing (makemigrations, migrate, collectstatic,
import_values …) runs without one, and with no usable key SECRET_KEY is empty, which Django refuses to sign with.
What serves refuses to start: the WSGI application (gunicorn, `make serve`), `runserver` and `check` (manage.py).
"""

from django.core.exceptions import ImproperlyConfigured

DEVELOPMENT_KEY = "django-insecure-development-only-key-never-use-in-production"
MINIMUM_LENGTH = 40
SERVING_COMMANDS = {"runserver", "check"}
MESSAGE = (
    f"SECRET_KEY phải được đặt (ít nhất {MINIMUM_LENGTH} ký tự) khi DEBUG tắt. "
    f"SECRET_KEY must be set to a real secret of at least {MINIMUM_LENGTH} characters when DEBUG is off."
)


def usable(key: str, *, debug: bool) -> bool:
    """Whether the app may sign with `key`: any key while debugging, a real one (not the development key, long
    enough) otherwise."""
    if debug:
        return bool(key)
    return bool(key) and key != DEVELOPMENT_KEY and len(key) >= MINIMUM_LENGTH


def require_real_key() -> None:
    """Refuse to serve without a usable key (settings left it empty)."""
    from django.conf import settings

    try:
        key = settings.SECRET_KEY
    except ImproperlyConfigured:  # Django's own refusal of an empty key: say ours, in Vietnamese too
        key = ""
    if not usable(key, debug=settings.DEBUG):
        raise ImproperlyConfigured(MESSAGE)
