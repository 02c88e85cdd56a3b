from decimal import Decimal

from django import forms
from django.contrib import admin, messages
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.db import models
from django.http import Http404
from import_export.admin import ImportExportModelAdmin
from simple_history.admin import SimpleHistoryAdmin

from plans.access import (
    agencies_visible_to,
    may_manage_agency,
    may_manage_unit,
    may_restructure_units,
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


def scope_problems(editor, form) -> dict[str, str]:
    """What an admin form may not write for this editor (plans.access decides): every unit and agency the form now
    points at must be one the editor manages, and re-parenting a unit or moving an agency to another unit is for
    administrators. Only the fields the editor changed are checked (an unchanged parent above the editor's unit was
    set by someone allowed to)."""
    problems: dict[str, str] = {}
    instance, cleaned = form.instance, form.cleaned_data
    existing = instance.pk is not None and not instance._state.adding
    for name in form.changed_data:
        field = form.fields.get(name)
        model = getattr(getattr(field, "queryset", None), "model", None)
        if model not in (AdministrativeUnit, Agency) or name not in cleaned:
            continue
        value = cleaned[name]
        chosen = list(value) if hasattr(value, "__iter__") else ([] if value is None else [value])
        if existing and not may_restructure_units(editor):
            if isinstance(instance, AdministrativeUnit) and name == "parent":
                problems[name] = "Chỉ quản trị viên được chuyển địa bàn sang địa bàn cấp trên khác."
                continue
            if isinstance(instance, Agency) and name == "unit":
                problems[name] = "Chỉ quản trị viên được chuyển cơ quan sang địa bàn khác."
                continue
        if model is AdministrativeUnit:
            foreign = [str(unit) for unit in chosen if not may_manage_unit(editor, unit)]
            if foreign:
                problems[name] = f"Địa bàn ngoài phạm vi bạn quản lý: {'; '.join(foreign)}."
        else:
            foreign = [str(agency) for agency in chosen if not may_manage_agency(editor, agency)]
            if foreign:
                problems[name] = f"Cơ quan không thuộc địa bàn bạn quản lý: {'; '.join(foreign)}."
    if (
        isinstance(instance, AdministrativeUnit)
        and not existing
        and "parent" in form.fields
        and cleaned.get("parent") is None
        and not may_restructure_units(editor)
        and "parent" not in problems
    ):
        problems["parent"] = "Chọn địa bàn cấp trên thuộc phạm vi bạn quản lý (chỉ quản trị viên tạo được địa bàn gốc)."
    return problems


class ScopeCheckedForm:
    """Mixed into every admin form and inline form by ScopedForms / ScopedInlineForms: the scope_problems of the
    editor are errors at their fields."""

    editor = None

    def clean(self):
        cleaned = super().clean()
        if self.editor is not None:
            for name, message in scope_problems(self.editor, self).items():
                self.add_error(name, message)
        return cleaned


def _scope_checked(form_class, editor):
    return type(form_class.__name__, (ScopeCheckedForm, form_class), {"editor": editor})


class ScopedForms:
    """A ModelAdmin whose form checks the units and agencies it points at against the editor's scope."""

    def get_form(self, request, obj=None, **kwargs):
        return _scope_checked(super().get_form(request, obj, **kwargs), request.user)


class ScopedInlineForms:
    """An inline whose forms check the units and agencies they point at against the editor's scope."""

    def get_formset(self, request, obj=None, **kwargs):
        formset = super().get_formset(request, obj, **kwargs)
        formset.form = _scope_checked(formset.form, request.user)
        return formset


class AuditedAdmin(SimpleHistoryAdmin):
    """The admin's “Lịch sử” page of a model with AuditedHistory: every change, who, when, old → new and by which
    path (plans.history). Only for objects the editor may open (never read from the history of another unit's
    object), and read-only: reverting is off (SIMPLE_HISTORY_REVERT_DISABLED), a change goes through the form."""

    history_list_display = ["history_change_reason"]

    def history_view(self, request, object_id, extra_context=None):
        if not self.get_queryset(request).filter(pk=object_id).exists():
            raise Http404("Không tìm thấy.")
        return super().history_view(request, object_id, extra_context)

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        raise Http404("Không khôi phục bản cũ từ lịch sử: hãy sửa trên trang của đối tượng.")


@admin.register(AdministrativeUnit)
class AdministrativeUnitAdmin(ScopedForms, admin.ModelAdmin):
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
class AgencyAdmin(ScopedForms, ReadableImportErrors, ImportExportModelAdmin):
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
class UserAdmin(ScopedForms, AuditedAdmin, DjangoUserAdmin):
    fieldsets = DjangoUserAdmin.fieldsets + (("Phạm vi", {"fields": ("role", "unit", "agency")}),)
    add_fieldsets = DjangoUserAdmin.add_fieldsets + (("Phạm vi", {"fields": ("role", "unit", "agency")}),)
    list_display = ["username", "get_full_name", "role", "unit", "agency", "is_active"]
    list_filter = ["role", "is_active", ("unit", admin.RelatedOnlyFieldListFilter)]
    autocomplete_fields = ["unit", "agency"]


class GoalInline(ScopedInlineForms, admin.TabularInline):
    model = Goal
    extra = 0
    fields = ["number", "title"]
    show_change_link = True


class ReportingPeriodInline(ScopedInlineForms, admin.TabularInline):
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


# The plan's form in the admin, as its fieldsets (the form's fields are read from them: one list).
PLAN_FIELDSETS = [
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


class PlanAdminForm(forms.ModelForm):
    class Meta:
        model = Plan
        fields = [
            name
            for _, options in PLAN_FIELDSETS
            for line in options["fields"]
            for name in (line if isinstance(line, tuple) else (line,))
        ]

    def clean(self):
        cleaned = super().clean()
        problems = plan_link_problems(self.instance, parent=cleaned.get("parent"), previous=cleaned.get("previous"))
        for name, message in problems.items():
            self.add_error(name, message)
        return cleaned


class PlanScopedAdmin(ScopedForms, AuditedAdmin):
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
    fieldsets = PLAN_FIELDSETS
    formfield_overrides = LOCALIZED_DECIMALS

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("territory")

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        try:
            plan_sync_periods(plan=form.instance)
        except PlanRuleError as error:
            messages.error(request, str(error))
