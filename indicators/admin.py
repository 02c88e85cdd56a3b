from django import forms
from django.contrib import admin, messages
from django.db.models import Prefetch
from django.http import HttpResponseRedirect
from django.utils import timezone
from import_export.admin import ImportExportModelAdmin

from indicators.access import agencies_reporting_for, values_visible_to
from indicators.models import Assignment, DataValue, Indicator, PeriodReopening, Target, ValueAction, ValueStatus
from indicators.resources import IndicatorResource
from indicators.services.figures import ValueRuleError, values_review
from indicators.services.indicators import indicator_change_problems
from indicators.services.workflow import period_reopen, period_reopening_end
from plans.access import agencies_visible_to, plans_managed_by
from plans.admin import LOCALIZED_DECIMALS, PlanScopedAdmin, ReadableImportErrors
from plans.models import Agency, Goal, ReportingPeriod
from plans.numbers import format_value


class IndicatorInline(admin.TabularInline):
    """A goal lists its indicators; they are added on the indicator page, where a target and a lead are required."""

    model = Indicator
    extra = 0
    fields = ["code", "name", "unit", "kind", "direction"]
    readonly_fields = fields
    show_change_link = True
    ordering = ["position", "code"]

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Goal)
class GoalAdmin(PlanScopedAdmin):
    inlines = [IndicatorInline]
    list_display = ["number", "title", "plan"]
    list_display_links = ["number", "title"]
    list_filter = [("plan", admin.RelatedOnlyFieldListFilter)]
    search_fields = ["title", "plan__code"]

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("plan")


class RequiredRowsFormSet(forms.BaseInlineFormSet):
    """An inline that must keep at least one row matching `required` (the admin does not pass validate_min)."""

    message = ""

    def required(self, cleaned_data) -> bool:
        return True

    def clean(self):
        super().clean()
        kept = [
            f
            for f in self.forms
            if f.cleaned_data and not f.cleaned_data.get("DELETE") and self.required(f.cleaned_data)
        ]
        if not kept:
            raise forms.ValidationError(self.message)


class TargetFormSet(RequiredRowsFormSet):
    message = "Mỗi chỉ tiêu cần ít nhất một mốc chỉ tiêu kế hoạch (năm và giá trị)."


class TargetInline(admin.TabularInline):
    model = Target
    formset = TargetFormSet
    extra = 0
    min_num = 1
    fields = ["year", "value_number", "value_bool", "value_text"]
    formfield_overrides = LOCALIZED_DECIMALS


class AssignmentFormSet(RequiredRowsFormSet):
    message = "Mỗi chỉ tiêu cần ít nhất một cơ quan chủ trì."

    def required(self, cleaned_data) -> bool:
        return cleaned_data.get("role") == "lead"


class AssignmentInline(admin.TabularInline):
    model = Assignment
    formset = AssignmentFormSet
    extra = 0
    min_num = 1
    fields = ["agency", "role", "scope_note"]
    autocomplete_fields = ["agency"]


class IndicatorAdminForm(forms.ModelForm):
    class Meta:
        model = Indicator
        fields = [
            "plan",
            "goal",
            "code",
            "position",
            "name",
            "unit",
            "kind",
            "factor",
            "direction",
            "baseline_value",
            "baseline_text",
            "baseline_year",
            "notes",
            "data_source",
            "reported_by_commune",
            "change_threshold",
            "plausible_min",
            "plausible_max",
        ]

    def clean(self):
        cleaned = super().clean()
        plan, goal = cleaned.get("plan"), cleaned.get("goal")
        if plan and goal and goal.plan_id != plan.pk:
            self.add_error("goal", f"Mục tiêu này thuộc kế hoạch {goal.plan.code}, không phải {plan.code}.")
        if self.instance.pk:
            # What the figures mean stays fixed once there are figures (the same rule as the plan workbook's).
            for name, message in indicator_change_problems(self.instance, cleaned).items():
                if name in self.fields:
                    self.add_error(name, message[:1].upper() + message[1:])
        return cleaned


class AgencyFilter(admin.SimpleListFilter):
    title = "cơ quan"
    parameter_name = "agency"

    def lookups(self, request, model_admin):
        return [(agency.pk, agency.name) for agency in agencies_visible_to(request.user)]

    def queryset(self, request, queryset):
        if self.value():
            return queryset.filter(assignments__agency_id=self.value()).distinct()
        return queryset


@admin.register(Indicator)
class IndicatorAdmin(PlanScopedAdmin, ReadableImportErrors, ImportExportModelAdmin):
    form = IndicatorAdminForm
    resource_classes = [IndicatorResource]
    inlines = [TargetInline, AssignmentInline]
    list_display = ["code", "name", "unit", "kind", "direction", "targets_display"]
    list_display_links = ["code", "name"]
    list_filter = [
        ("plan", admin.RelatedOnlyFieldListFilter),
        ("goal", admin.RelatedOnlyFieldListFilter),
        AgencyFilter,
        "kind",
        "direction",
    ]
    search_fields = ["code", "name", "notes"]
    ordering = ["plan", "position", "code"]
    formfield_overrides = LOCALIZED_DECIMALS
    fieldsets = [
        (None, {"fields": ["plan", "goal", "code", "position", "name", "unit"]}),
        ("Cách đo", {"fields": ["kind", "factor", "direction"]}),
        ("Giá trị cơ sở", {"fields": ["baseline_value", "baseline_text", "baseline_year"]}),
        ("Báo cáo theo địa bàn", {"fields": ["reported_by_commune"]}),
        (
            "Kiểm tra chất lượng số liệu (trang duyệt cảnh báo, không từ chối)",
            {"fields": ["change_threshold", ("plausible_min", "plausible_max")]},
        ),
        (None, {"fields": ["notes", "data_source"]}),
    ]

    def get_resource_kwargs(self, request, **kwargs):
        return {"user": request.user}

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .select_related("plan", "goal")
            .prefetch_related(Prefetch("targets", queryset=Target.objects.order_by("year")))
        )

    @admin.display(description="chỉ tiêu kế hoạch")
    def targets_display(self, indicator):
        return "; ".join(str(target) for target in indicator.targets.all())

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "goal":
            kwargs["queryset"] = Goal.objects.filter(plan__in=plans_managed_by(request.user)).select_related("plan")
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


@admin.register(DataValue)
class DataValueAdmin(admin.ModelAdmin):
    """Figures are entered on the pages; the admin lists them (within the editor's scope) and approves the chosen
    ones through the same service as the review page. Nothing is edited or deleted here."""

    list_display = ["indicator_code", "period", "unit", "value_display", "status", "agency", "entered_at"]
    list_filter = ["status", ("indicator__plan", admin.RelatedOnlyFieldListFilter)]
    search_fields = ["indicator__code", "unit__name", "agency__name"]
    list_select_related = ["indicator__plan", "period", "unit", "agency"]
    actions = ["approve_chosen"]

    def get_queryset(self, request):
        return values_visible_to(request.user).select_related("indicator__plan", "period", "unit", "agency")

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.display(description="chỉ tiêu", ordering="indicator__code")
    def indicator_code(self, value):
        return f"{value.indicator.plan.code} · {value.indicator.code}"

    @admin.display(description="giá trị")
    def value_display(self, value):
        return format_value(value.value)

    @admin.action(description="Duyệt các số liệu đã chọn (đang chờ duyệt)")
    def approve_chosen(self, request, queryset):
        waiting = list(queryset.filter(status=ValueStatus.SUBMITTED).select_related("indicator__plan", "unit"))
        try:
            values_review(actor=request.user, items=[(value, None) for value in waiting], action=ValueAction.APPROVED)
        except ValueRuleError as error:
            self.message_user(request, f"{error} Không có gì được ghi.", level=messages.ERROR)
            return
        skipped = queryset.count() - len(waiting)
        note = f"; {skipped} số liệu không ở trạng thái chờ duyệt nên giữ nguyên" if skipped else ""
        self.message_user(request, f"Đã duyệt {len(waiting)} số liệu{note}.", level=messages.SUCCESS)


class PeriodChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, period):
        return f"{period.plan.code} · {period.label}"


class PeriodReopeningForm(forms.ModelForm):
    """A reopening is made through the service (reason required, never stacked: one in force is extended)."""

    period = PeriodChoiceField(label="Kỳ báo cáo", queryset=ReportingPeriod.objects.none())
    agency = forms.ModelChoiceField(
        label="Cơ quan",
        queryset=Agency.objects.none(),
        required=False,
        empty_label="Mọi cơ quan",
        help_text="Cơ quan chủ trì, phối hợp, cung cấp số liệu, hoặc cơ quan của địa bàn báo cáo theo địa bàn.",
    )
    note = forms.CharField(
        label="Lý do",
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"required": "Cần ghi lý do mở lại kỳ báo cáo."},
    )

    class Meta:
        model = PeriodReopening
        fields = ["period", "agency", "until", "note"]

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        if "period" not in self.fields:  # a reopening already made is only read
            return
        plans = plans_managed_by(user)
        self.fields["period"].queryset = (
            ReportingPeriod.objects.filter(plan__in=plans).select_related("plan").order_by("plan__code", "year", "kind")
        )
        self.fields["agency"].queryset = Agency.objects.filter(
            pk__in=[a.pk for plan in plans for a in agencies_reporting_for(plan)]
        ).order_by("name")
        self.fields["until"].widget = forms.DateInput(attrs={"placeholder": "dd/mm/yyyy"})

    def clean(self):
        cleaned = super().clean()
        period, agency = cleaned.get("period"), cleaned.get("agency")
        if period and agency and not agencies_reporting_for(period.plan).filter(pk=agency.pk).exists():
            self.add_error("agency", f"{agency.name} không báo cáo số liệu cho kế hoạch {period.plan.code}.")
        return cleaned


@admin.register(PeriodReopening)
class PeriodReopeningAdmin(admin.ModelAdmin):
    """Reopenings of locked periods: made here or by returning a figure on the review page; ended early by the
    action. Nothing else is changed or deleted: the list is the record."""

    form = PeriodReopeningForm
    list_display = ["period_display", "agency_display", "until", "in_force", "note", "created_by", "created_at"]
    list_filter = [("period__plan", admin.RelatedOnlyFieldListFilter)]
    search_fields = ["agency__name", "note", "period__plan__code"]
    actions = ["end_early"]

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .filter(period__plan__in=plans_managed_by(request.user))
            .select_related("period__plan", "agency", "created_by")
        )

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change=change, **kwargs)

        class WithUser(form):
            def __init__(self, *args, **inner):
                super().__init__(*args, user=request.user, **inner)

        return WithUser

    def get_readonly_fields(self, request, obj=None):
        return ["period", "agency", "until", "note", "created_by", "created_at"] if obj else []

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def save_model(self, request, obj, form, change):
        try:
            saved = period_reopen(
                actor=request.user,
                period=form.cleaned_data["period"],
                agency=form.cleaned_data["agency"],
                until=form.cleaned_data["until"],
                note=form.cleaned_data["note"],
            )
        except ValueRuleError as error:
            raise _Refused(str(error)) from error
        obj.pk = saved.pk

    def add_view(self, request, form_url="", extra_context=None):
        try:
            return super().add_view(request, form_url, extra_context)
        except _Refused as error:
            self.message_user(request, f"{error} Không có gì được ghi.", level=messages.ERROR)
            return HttpResponseRedirect(request.get_full_path())

    @admin.display(description="kỳ báo cáo", ordering="period__year")
    def period_display(self, reopening):
        return f"{reopening.period.plan.code} · {reopening.period.label}"

    @admin.display(description="cơ quan", ordering="agency__name")
    def agency_display(self, reopening):
        return reopening.agency or "Mọi cơ quan"

    @admin.display(description="còn hiệu lực", boolean=True)
    def in_force(self, reopening):
        return reopening.until >= timezone.localdate()

    @admin.action(description="Kết thúc sớm các lần mở lại đã chọn")
    def end_early(self, request, queryset):
        ended = 0
        for reopening in queryset.filter(until__gte=timezone.localdate()):
            try:
                period_reopening_end(actor=request.user, reopening=reopening)
            except ValueRuleError as error:
                self.message_user(request, str(error), level=messages.ERROR)
                return
            ended += 1
        if ended:
            self.message_user(request, f"Đã kết thúc sớm {ended} lần mở lại kỳ báo cáo.", level=messages.SUCCESS)
        else:
            self.message_user(request, "Các lần mở lại đã chọn đều đã hết hạn.", level=messages.WARNING)


class _Refused(Exception):
    """The service refused a reopening made in the admin; the add page says why."""


from indicators import admin_activities  # noqa: E402,F401  (work plans and activities: their own module)
