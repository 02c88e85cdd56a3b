"""Pages about people and plans: home by role, the plan list, reporter accounts."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import BadRequest, PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods

from plans.access import (
    acts_for_agency,
    agencies_managed_by,
    agencies_visible_to,
    may_manage_accounts,
    reporters_managed_by,
)
from plans.forms import ReporterCreateForm, ReporterEditForm, ReporterPasswordForm
from plans.http import choice_param
from plans.models import Role, User
from plans.services import PlanRuleError, user_create, user_set_active, user_set_password, user_update


def bad_request(request, exception=None):
    """The 400 page (handler400): a malformed parameter says which one, in Vietnamese (plans.http)."""
    message = str(exception) if isinstance(exception, BadRequest) else ""
    return render(request, "400.html", {"message": message}, status=400)


@login_required
def home(request):
    """Each role lands where its work is."""
    if acts_for_agency(request.user):
        return redirect("reporter_home")
    return redirect("plan_list")


def _require_coordinator(user) -> None:
    if not may_manage_accounts(user):
        raise PermissionDenied("Chỉ cán bộ điều phối quản lý tài khoản báo cáo viên.")


@login_required
@require_http_methods(["GET", "POST"])
def reporter_accounts(request):
    _require_coordinator(request.user)
    agencies = agencies_visible_to(request.user).select_related("unit").order_by("name")
    form = ReporterCreateForm(request.POST or None, agencies=agencies)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        user = user_create(
            username=data["username"],
            password=data["password1"],
            role=Role.REPORTER,
            unit=data["agency"].unit,
            agency=data["agency"],
            full_name=data["full_name"],
            email=data["email"],
        )
        messages.success(request, f"Đã tạo tài khoản {user.username} cho {user.agency}.")
        return redirect("reporter_accounts")
    reporters = (
        User.objects.filter(role=Role.REPORTER, agency__in=agencies)
        .select_related("agency")
        .order_by("agency__name", "username")
    )
    return render(request, "plans/reporter_accounts.html", {"form": form, "reporters": reporters})


@login_required
@require_http_methods(["GET", "POST"])
def reporter_set_active(request, pk: int):
    """GET asks first ("Khóa tài khoản X?"); POST locks or opens the account again."""
    _require_coordinator(request.user)
    if request.method == "GET":
        reporter = get_object_or_404(reporters_managed_by(request.user).select_related("agency"), pk=pk)
        return render(request, "plans/reporter_set_active.html", {"reporter": reporter})
    user = get_object_or_404(User, pk=pk)
    choice = choice_param(request.POST, "active", ("0", "1"))
    if choice is None:
        raise BadRequest("Thiếu tham số “active”.")
    make_active = choice == "1"
    try:
        user_set_active(actor=request.user, user=user, is_active=make_active)
    except PlanRuleError as error:
        raise PermissionDenied(str(error)) from error
    messages.success(request, f"Đã {'mở lại' if make_active else 'khóa'} tài khoản {user.username}.")
    return redirect("reporter_accounts")


@login_required
@require_http_methods(["GET", "POST"])
def reporter_edit(request, pk: int):
    """A coordinator corrects a reporter's name, email address or agency (one of the agencies they manage)."""
    _require_coordinator(request.user)
    reporter = get_object_or_404(reporters_managed_by(request.user).select_related("agency"), pk=pk)
    agencies = agencies_managed_by(request.user).select_related("unit").order_by("name")
    form = ReporterEditForm(request.POST or None, agencies=agencies, reporter=reporter)
    if request.method == "POST" and form.is_valid():
        try:
            user_update(actor=request.user, user=reporter, **form.cleaned_data)
        except PlanRuleError as error:
            raise PermissionDenied(str(error)) from error
        messages.success(request, f"Đã lưu thông tin tài khoản {reporter.username}.")
        return redirect("reporter_accounts")
    return render(request, "plans/reporter_edit.html", {"form": form, "reporter": reporter})


@login_required
@require_http_methods(["GET", "POST"])
def reporter_password(request, pk: int):
    """A coordinator sets a new password for a reporter of their unit (who forgot theirs, or was locked out)."""
    _require_coordinator(request.user)
    reporter = get_object_or_404(reporters_managed_by(request.user).select_related("agency"), pk=pk)
    form = ReporterPasswordForm(reporter, request.POST or None)
    if request.method == "POST" and form.is_valid():
        user_set_password(actor=request.user, user=reporter, password=form.cleaned_data["new_password1"])
        messages.success(
            request, f"Đã đặt mật khẩu mới cho {reporter.username}. Hãy báo mật khẩu này cho người dùng trực tiếp."
        )
        return redirect("reporter_accounts")
    return render(request, "plans/reporter_password.html", {"form": form, "reporter": reporter})
