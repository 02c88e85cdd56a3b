from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.shortcuts import redirect
from django.templatetags.static import static
from django.urls import path

from indicators.views import activities as activity_views
from indicators.views import completeness as completeness_views
from indicators.views import entry as entry_views
from indicators.views import history as history_views
from indicators.views import home as home_views
from indicators.views import notices as notice_views
from indicators.views import plan_pages, values_files
from indicators.views import review as review_views
from plans import views as plan_views
from plans.forms import LoginForm
from reports import api
from reports.views import dashboard as dashboard_views
from reports.views import report as report_views

admin.site.site_header = "Quản trị kế hoạch thực hiện Chiến lược quốc gia về bình đẳng giới"
admin.site.site_title = "Bình đẳng giới"
admin.site.index_title = "Quản trị hệ thống"
# The admin signs in through the same login form (and the same throttling) as the rest of the app.
admin.site.login_form = LoginForm

handler400 = "plans.views.bad_request"


def favicon(request):
    """Browsers ask for /favicon.ico whatever the page links: send them to the app's icon (static, hashed name)."""
    return redirect(static("favicon.svg"))


urlpatterns = [
    path("", plan_views.home, name="home"),
    path("favicon.ico", favicon),
    path(
        "login/",
        auth_views.LoginView.as_view(authentication_form=LoginForm, redirect_authenticated_user=True),
        name="login",
    ),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path(
        "password/",
        auth_views.PasswordChangeView.as_view(template_name="plans/password_change.html"),
        name="password_change",
    ),
    path(
        "password/done/",
        auth_views.PasswordChangeDoneView.as_view(template_name="plans/password_change_done.html"),
        name="password_change_done",
    ),
    path("notices/", notice_views.notice_list, name="notices"),
    path("notices/<int:pk>/", notice_views.notice_open, name="notice_open"),
    path("plans/", plan_pages.plan_list, name="plan_list"),
    path("accounts/reporters/", plan_views.reporter_accounts, name="reporter_accounts"),
    path("accounts/reporters/<int:pk>/active/", plan_views.reporter_set_active, name="reporter_set_active"),
    path("accounts/reporters/<int:pk>/edit/", plan_views.reporter_edit, name="reporter_edit"),
    path("accounts/reporters/<int:pk>/password/", plan_views.reporter_password, name="reporter_password"),
    path("reporting/", home_views.reporter_home, name="reporter_home"),
    path("plans/import/", plan_pages.plan_import_view, name="plan_import"),
    path("plans/template.xlsx", plan_pages.plan_template_view, name="plan_template"),
    path("plans/<str:code>/", plan_pages.plan_detail, name="plan_detail"),
    path("plans/<str:code>/workbook.xlsx", plan_pages.plan_export_view, name="plan_export"),
    path("plans/<str:code>/carry-forward/", plan_pages.plan_carry_forward_view, name="plan_carry_forward"),
    path("plans/<str:code>/periods/<str:period_code>/entry/", entry_views.period_entry, name="period_entry"),
    path("plans/<str:code>/periods/<str:period_code>/review/", review_views.period_review, name="period_review"),
    path(
        "plans/<str:code>/periods/<str:period_code>/completeness/",
        completeness_views.period_completeness_view,
        name="period_completeness",
    ),
    path(
        "plans/<str:code>/periods/<str:period_code>/values.xlsx",
        values_files.period_values_download,
        name="period_values_download",
    ),
    path(
        "plans/<str:code>/periods/<str:period_code>/upload/",
        values_files.period_values_upload,
        name="period_values_upload",
    ),
    path(
        "plans/<str:code>/periods/<str:period_code>/activities/",
        activity_views.period_activities,
        name="period_activities",
    ),
    path(
        "plans/<str:code>/periods/<str:period_code>/activities/<int:pk>/report/",
        activity_views.activity_report_edit,
        name="activity_report_edit",
    ),
    path("activities/reports/<int:pk>/", activity_views.activity_report_detail, name="activity_report_detail"),
    path("activities/evidence/<int:pk>/", activity_views.evidence_download, name="evidence_download"),
    path("values/<int:pk>/history/", history_views.value_history, name="value_history"),
    path("plans/<str:code>/dashboard/", dashboard_views.dashboard, name="dashboard"),
    path(
        "plans/<str:code>/indicators/<str:indicator_code>/",
        dashboard_views.indicator_detail,
        name="indicator_detail",
    ),
    path("plans/<str:code>/report/", report_views.report_preview, name="report_preview"),
    path("plans/<str:code>/report/text/", report_views.report_text, name="report_text"),
    path("plans/<str:code>/report/<str:file_format>/", report_views.report_download, name="report_download"),
    path("api/v1/plans/<str:code>/progress/", api.plan_progress_api, name="api_plan_progress"),
    path("api/v1/openapi.json", api.openapi_view, name="api_openapi"),
    path("admin/", admin.site.urls),
]
