from axes.apps import AppConfig as AxesConfig
from django.apps import AppConfig


class PlansConfig(AppConfig):
    name = "plans"
    verbose_name = "Kế hoạch và địa bàn"


class LoginThrottleConfig(AxesConfig):
    """django-axes (failed logins and lockouts, plans.login), under a Vietnamese name in the admin."""

    verbose_name = "Khóa đăng nhập"
