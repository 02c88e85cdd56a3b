"""Third-party apps under the names the admin shows (Vietnamese)."""

from axes.apps import AppConfig as AxesConfig


class LoginThrottleConfig(AxesConfig):
    """django-axes: failed logins and lockouts (plans.login)."""

    verbose_name = "Khóa đăng nhập"
