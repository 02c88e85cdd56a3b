from django import forms
from django.contrib.auth import password_validation
from django.contrib.auth.forms import AuthenticationForm, SetPasswordForm

from plans.login import lockout_message
from plans.models import Agency, User


class LoginForm(AuthenticationForm):
    """Django's login, in Vietnamese, for the app and the admin. django-axes counts the failures (plans.login);
    once a name is locked out from an address, the form says so instead of "wrong password"."""

    error_messages = {
        **AuthenticationForm.error_messages,
        "invalid_login": "Tên đăng nhập hoặc mật khẩu không đúng.",
        "inactive": "Tài khoản này đã bị khóa. Liên hệ cán bộ điều phối.",
    }

    def clean(self):
        try:
            return super().clean()
        except forms.ValidationError:
            # axes marks the request while authenticate() runs: this failure reached the limit, or came after it.
            if getattr(self.request, "axes_locked_out", False):
                raise forms.ValidationError(lockout_message(), code="locked_out") from None
            raise


class ReporterCreateForm(forms.Form):
    """A coordinator creates a reporter account for one of their unit's agencies."""

    username = forms.RegexField(
        label="Tên đăng nhập",
        regex=r"^[\w.@+-]+$",
        max_length=150,
        error_messages={"invalid": "Chỉ dùng chữ không dấu, số và các ký tự . @ + - _"},
    )
    full_name = forms.CharField(label="Họ và tên", max_length=150)
    email = forms.EmailField(
        label="Thư điện tử", required=False, max_length=254, help_text="Để nhận thư nhắc hạn báo cáo."
    )
    agency = forms.ModelChoiceField(label="Cơ quan", queryset=Agency.objects.none())
    password1 = forms.CharField(label="Mật khẩu", widget=forms.PasswordInput, strip=False)
    password2 = forms.CharField(label="Nhập lại mật khẩu", widget=forms.PasswordInput, strip=False)

    def __init__(self, *args, agencies=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["agency"].queryset = agencies if agencies is not None else Agency.objects.none()

    def clean_username(self):
        # As the login form will read it (NFKC): `ｂａｏｃａｏ` would be an account nobody can sign in to.
        username = User.normalize_username(self.cleaned_data["username"])
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


class ReporterEditForm(forms.Form):
    """A coordinator corrects a reporter's name, email address or agency (among the agencies they manage)."""

    full_name = forms.CharField(label="Họ và tên", max_length=150)
    email = forms.EmailField(
        label="Thư điện tử", required=False, max_length=254, help_text="Để nhận thư nhắc hạn báo cáo."
    )
    agency = forms.ModelChoiceField(label="Cơ quan", queryset=Agency.objects.none())

    def __init__(self, *args, agencies, reporter: User, **kwargs):
        initial = {"full_name": reporter.get_full_name(), "email": reporter.email, "agency": reporter.agency_id}
        super().__init__(*args, initial=initial, **kwargs)
        self.fields["agency"].queryset = agencies


class ReporterPasswordForm(SetPasswordForm):
    """A coordinator sets a new password for a reporter; it must pass every password validator."""

    error_messages = {"password_mismatch": "Hai lần nhập mật khẩu không giống nhau."}
