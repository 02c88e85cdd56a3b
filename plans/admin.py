from decimal import Decimal

from django import forms
from django.contrib import admin, messages
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.db import models
from import_export.admin import ImportExportModelAdmin

from plans.access import (
    agencies_visible_to,
    parent_plans_for,
    plans_managed_by,
    sees_everything,
    units_managed_by,
    units_visible_to,
)
from plans.models import AdministrativeUnit, Agency, Goal, Plan, ReportingPeriod, User
from plans.numbers import format_number
from plans.resources import AgencyResource
from plans.services import (
    PlanRuleError,
    agency_prepare_for_save,
    plan_link_problems,
    plan_sync_periods,
    unit_prepare_for_save,
)


class VietnameseDecimalInput(forms.TextInput):
    """Shows `48` and `1,8` rather than `48,0000` and `1,8000` (the database keeps four decimals)."""

    def format_value(self, value):
        if isinstance(value, Decimal):
            return format_number(value)
        return super().format_value(value)


# Decimals read and shown with the Vietnamese decimal comma (a number <input> would insist on a dot).
LOCALIZED_DECIMALS = {models.DecimalField: {"localize": True, "widget": VietnameseDecimalInput}}


class ReadableImportErrors:
    """An admin import says in Vietnamese what is wrong with the file (django-import-export would name the exception,
    in English). A workbook refused by the bounded reader lists its problems by sheet, row and column."""

    def add_data_read_fail_error_to_form(self, form, e):
        problems = getattr(e, "problems", None)
        if not problems:
            form.add_error(
                "import_file", "Không đọc được tệp: hãy chọn đúng định dạng của tệp (CSV, Excel .xlsx, TSV)."
            )
            return
        for problem in problems[:50]:
            form.add_error("import_file", str(problem))
        if len(problems) > 50:
            form.add_error("import_file", f"… và {len(problems) - 50} lỗi khác.")


@admin.register(AdministrativeUnit)
class AdministrativeUnitAdmin(admin.ModelAdmin):
    list_display = ["name", "level", "parent", "code"]
    list_filter = ["level"]
    search_fields = ["name", "code"]
    autocomplete_fields = ["parent"]

    def get_queryset(self, request):
        queryset = super().get_queryset(request).select_related("parent")
        if sees_everything(request.user):
            return queryset
        return queryset.filter(pk__in=units_visible_to(request.user).values("pk"))

    def save_model(self, request, obj, form, change):
        unit_prepare_for_save(obj)
        super().save_model(request, obj, form, change)


@admin.register(Agency)
class AgencyAdmin(ReadableImportErrors, ImportExportModelAdmin):
    resource_classes = [AgencyResource]
    list_display = ["name", "short_name", "unit"]
    list_filter = [("unit", admin.RelatedOnlyFieldListFilter)]
    search_fields = ["name", "short_name"]
    autocomplete_fields = ["unit"]

    def get_resource_kwargs(self, request, **kwargs):
        return {"user": request.user}

    def get_queryset(self, request):
        return agencies_visible_to(request.user).select_related("unit")

    def save_model(self, request, obj, form, change):
        agency_prepare_for_save(obj)
        super().save_model(request, obj, form, change)


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    fieldsets = DjangoUserAdmin.fieldsets + (("Phạm vi", {"fields": ("role", "unit", "agency")}),)
    add_fieldsets = DjangoUserAdmin.add_fieldsets + (("Phạm vi", {"fields": ("role", "unit", "agency")}),)
    list_display = ["username", "get_full_name", "role", "unit", "agency", "is_active"]
    list_filter = ["role", "is_active", ("unit", admin.RelatedOnlyFieldListFilter)]
    autocomplete_fields = ["unit", "agency"]


class GoalInline(admin.TabularInline):
    model = Goal
    extra = 0
    fields = ["number", "title"]
    show_change_link = True


class ReportingPeriodInline(admin.TabularInline):
    """The plan's periods with their real state today (indicators.periods: opens, deadline, lock, reopenings)."""

    model = ReportingPeriod
    extra = 0
    fields = ["period_label", "deadline_display", "state_today"]
    readonly_fields = fields
    can_delete = False
    verbose_name = "kỳ báo cáo"
    verbose_name_plural = "Kỳ báo cáo (tạo tự động theo năm và hạn báo cáo của kế hoạch)"

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("plan").prefetch_related("reopenings__agency")

    def has_add_permission(self, request, obj=None):
        return False

    @admin.display(description="kỳ")
    def period_label(self, period):
        return period.label

    @admin.display(description="hạn báo cáo")
    def deadline_display(self, period):
        return f"{period.deadline:%d/%m/%Y}" if period.deadline else "chưa có"

    @admin.display(description="tình trạng hôm nay")
    def state_today(self, period):
        from indicators.periods import period_state_text  # indicators depends on plans, not the other way

        return period_state_text(period, period.plan)


class PlanAdminForm(forms.ModelForm):
    class Meta:
        model = Plan
        fields = [
            "code",
            "document_number",
            "title",
            "issuing_body",
            "territory",
            "issue_date",
            "parent",
            "previous",
            "status",
            "start_year",
            "end_year",
            "half_year_deadline_day",
            "half_year_deadline_month",
            "annual_deadline_day",
            "annual_deadline_month",
            "lock_days_after_deadline",
        ]

    def clean(self):
        cleaned = super().clean()
        problems = plan_link_problems(self.instance, parent=cleaned.get("parent"), previous=cleaned.get("previous"))
        for name, message in problems.items():
            self.add_error(name, message)
        return cleaned


class PlanScopedAdmin(admin.ModelAdmin):
    """Coordinators see and change only their unit's plans (and everything under those plans)."""

    plan_lookup = "plan"

    def get_queryset(self, request):
        # The admin is for setting plans up: the plans the user manages, not those above their unit they may read.
        queryset = super().get_queryset(request)
        managed = plans_managed_by(request.user)
        return (
            queryset.filter(**{f"{self.plan_lookup}__in": managed})
            if self.plan_lookup
            else queryset.filter(pk__in=managed)
        )

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.related_model is Plan and db_field.name == "parent":
            # A district plan implements the province's: keep plans above the user's unit selectable, or the
            # current parent would vanish from the choices and be cleared on save.
            kwargs["queryset"] = parent_plans_for(request.user)
        elif db_field.related_model is Plan:
            kwargs["queryset"] = plans_managed_by(request.user)
        elif db_field.related_model is AdministrativeUnit and not sees_everything(request.user):
            kwargs["queryset"] = units_managed_by(request.user)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


@admin.register(Plan)
class PlanAdmin(PlanScopedAdmin):
    plan_lookup = None
    form = PlanAdminForm
    inlines = [GoalInline, ReportingPeriodInline]
    list_display = ["code", "title", "document_number", "territory", "start_year", "end_year", "status"]
    list_filter = ["status", "territory__level", ("territory", admin.RelatedOnlyFieldListFilter)]
    search_fields = ["code", "title", "document_number", "issuing_body"]
    fieldsets = [
        (
            None,
            {
                "fields": [
                    "code",
                    "document_number",
                    "title",
                    "issuing_body",
                    "territory",
                    "issue_date",
                    "parent",
                    "previous",
                    "status",
                ]
            },
        ),
        ("Thời gian", {"fields": [("start_year", "end_year")]}),
        (
            "Hạn báo cáo",
            {
                "fields": [
                    ("half_year_deadline_day", "half_year_deadline_month"),
                    ("annual_deadline_day", "annual_deadline_month"),
                    "lock_days_after_deadline",
                ]
            },
        ),
    ]
    formfield_overrides = LOCALIZED_DECIMALS

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("territory")

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        try:
            plan_sync_periods(plan=form.instance)
        except PlanRuleError as error:
            messages.error(request, str(error))
