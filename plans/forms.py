from django import forms
from django.conf import settings
from django.contrib.auth import password_validation
from django.contrib.auth.forms import AuthenticationForm
from django.core.cache import cache

from plans.models import Agency, User


def _throttle_key(request, username: str) -> str:
    address = request.META.get("REMOTE_ADDR", "") if request else ""
    return f"login-failures:{(username or '').strip().casefold()}:{address}"


class ThrottledAuthenticationForm(AuthenticationForm):
    """Django's login with a limit: after LOGIN_MAX_FAILURES failures for one name from one address, wait."""

    error_messages = {
        **AuthenticationForm.error_messages,
        "invalid_login": "Tên đăng nhập hoặc mật khẩu không đúng.",
        "inactive": "Tài khoản này đã bị khóa. Liên hệ cán bộ điều phối.",
        "throttled": "Đăng nhập sai quá nhiều lần. Vui lòng thử lại sau %(minutes)d phút.",
    }

    def clean(self):
        key = _throttle_key(self.request, self.data.get("username", ""))
        if cache.get(key, 0) >= settings.LOGIN_MAX_FAILURES:
            raise forms.ValidationError(
                self.error_messages["throttled"],
                code="throttled",
                params={"minutes": settings.LOGIN_FAILURE_WINDOW_SECONDS // 60},
            )
        try:
            cleaned = super().clean()
        except forms.ValidationError:
            cache.set(key, cache.get(key, 0) + 1, settings.LOGIN_FAILURE_WINDOW_SECONDS)
            raise
        cache.delete(key)
        return cleaned


class ReporterCreateForm(forms.Form):
    """A coordinator creates a reporter account for one of their unit's agencies."""

    username = forms.RegexField(
        label="Tên đăng nhập",
        regex=r"^[\w.@+-]+$",
        max_length=150,
        error_messages={"invalid": "Chỉ dùng chữ không dấu, số và các ký tự . @ + - _"},
    )
    full_name = forms.CharField(label="Họ và tên", max_length=150)
    email = forms.EmailField(label="Thư điện tử", required=False, help_text="Để nhận thư nhắc hạn báo cáo.")
    agency = forms.ModelChoiceField(label="Cơ quan", queryset=Agency.objects.none())
    password1 = forms.CharField(label="Mật khẩu", widget=forms.PasswordInput, strip=False)
    password2 = forms.CharField(label="Nhập lại mật khẩu", widget=forms.PasswordInput, strip=False)

    def __init__(self, *args, agencies=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["agency"].queryset = agencies if agencies is not None else Agency.objects.none()

    def clean_username(self):
        username = self.cleaned_data["username"]
        if User.objects.filter(username__iexact=username).exists():
            raise forms.ValidationError("Tên đăng nhập này đã có người dùng.")
        return username

    def clean(self):
        cleaned = super().clean()
        first, second = cleaned.get("password1"), cleaned.get("password2")
        if first and second and first != second:
            self.add_error("password2", "Hai lần nhập mật khẩu không giống nhau.")
        elif first:
            candidate = User(username=cleaned.get("username", ""), email=cleaned.get("email", ""))
            try:
                password_validation.validate_password(first, candidate)
            except forms.ValidationError as error:
                self.add_error("password1", error)
        return cleaned
