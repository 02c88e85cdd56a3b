"""The admin of annual work plans and their activities, scoped as plans are (plans.access): a coordinator sets up
the work plans of the plans they manage; activity reports are listed (and approved) within what the user may see,
and are written only through the report pages' service."""

from django import forms
from django.contrib import admin, messages
from django.db.models import Count

from indicators.access import activity_reports_visible_to
from indicators.activities import time_window, window_dates, window_text
from indicators.models import (
    Activity,
    ActivityOutput,
    ActivityReport,
    Indicator,
    Theme,
    TimeWindow,
    ValueAction,
    ValueStatus,
    WorkPlan,
)
from indicators.services.activities import activity_reports_review
from indicators.services.workflow import ValueRuleError
from plans.access import agencies_managed_by, plans_managed_by
from plans.admin import PlanScopedAdmin, ScopedForms, ScopedInlineForms
from plans.text import clean_name, name_key


class ThemeInlineForm(forms.ModelForm):
    class Meta:
        model = Theme
        fields = ["position", "name"]

    def save(self, commit=True):
        self.instance.name = clean_name(self.instance.name)
        self.instance.name_key = name_key(self.instance.name)
        return super().save(commit)


class ThemeInline(ScopedInlineForms, admin.TabularInline):
    model = Theme
    form = ThemeInlineForm
    extra = 0
    fields = ["position", "name"]
    ordering = ["position", "pk"]


@admin.register(WorkPlan)
class WorkPlanAdmin(PlanScopedAdmin):
    inlines = [ThemeInline]
    list_display = ["code", "year", "title", "plan", "activity_count"]
    list_display_links = ["code", "title"]
    list_filter = ["year", ("plan", admin.RelatedOnlyFieldListFilter)]
    search_fields = ["code", "title", "document_number", "plan__code"]
    fields = ["plan", "year", "code", "document_number", "title", "issuing_body", "issue_date"]

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("plan").annotate(activity_total=Count("activities"))

    @admin.display(description="số hoạt động", ordering="activity_total")
    def activity_count(self, work_plan):
        return work_plan.activity_total


class ActivityOutputInline(ScopedInlineForms, admin.TabularInline):
    model = ActivityOutput
    extra = 0
    fields = ["position", "kind", "label", "quantity", "women", "men"]


class ActivityAdminForm(forms.ModelForm):
    window = forms.ChoiceField(
        label="Khung thời gian",
        required=False,
        choices=[("", "— theo ngày ghi dưới đây —")] + [c for c in TimeWindow.choices if c[0] != TimeWindow.OTHER],
        help_text="Chọn để điền sẵn “Từ ngày”, “Đến ngày” theo năm của kế hoạch năm.",
    )

    class Meta:
        model = Activity
        fields = [
            "work_plan",
            "theme",
            "code",
            "position",
            "name",
            "lead_agency",
            "coordinating_agencies",
            "window",
            "start_date",
            "end_date",
            "indicators",
            "notes",
        ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["start_date"].required = self.fields["end_date"].required = False
        if self.instance.pk:
            self.initial["window"] = time_window(self.instance.start_date, self.instance.end_date)

    def clean(self):
        cleaned = super().clean()
        work_plan = cleaned.get("work_plan")
        if work_plan is None:
            return cleaned
        window = cleaned.get("window")
        if window and not (cleaned.get("start_date") and cleaned.get("end_date")):
            cleaned["start_date"], cleaned["end_date"] = window_dates(window, work_plan.year)
            self.instance.start_date, self.instance.end_date = cleaned["start_date"], cleaned["end_date"]
        start, end = cleaned.get("start_date"), cleaned.get("end_date")
        if not start or not end:
            self.add_error("start_date", "Ghi “Từ ngày” và “Đến ngày”, hoặc chọn khung thời gian.")
        elif start > end:
            self.add_error("end_date", "“Đến ngày” trước “Từ ngày”.")
        elif start.year != work_plan.year or end.year != work_plan.year:
            self.add_error("start_date", f"Thời gian phải nằm trong năm {work_plan.year} của kế hoạch năm.")
        theme = cleaned.get("theme")
        if theme is not None and theme.work_plan_id != work_plan.pk:
            self.add_error("theme", f"Nhóm nhiệm vụ này thuộc kế hoạch năm {theme.work_plan.code}.")
        territory = work_plan.plan.territory_id
        lead = cleaned.get("lead_agency")
        if lead is not None and lead.unit_id != territory:
            self.add_error("lead_agency", "Cơ quan chủ trì phải là cơ quan của địa bàn kế hoạch.")
        others = [a.name for a in cleaned.get("coordinating_agencies") or [] if a.unit_id != territory]
        if others:
            self.add_error("coordinating_agencies", f"Không thuộc địa bàn kế hoạch: {'; '.join(others)}.")
        if lead is not None and lead in (cleaned.get("coordinating_agencies") or []):
            self.add_error("coordinating_agencies", f"{lead.name} đã là cơ quan chủ trì.")
        foreign = [i.code for i in cleaned.get("indicators") or [] if i.plan_id != work_plan.plan_id]
        if foreign:
            self.add_error("indicators", f"Chỉ tiêu không thuộc kế hoạch {work_plan.plan.code}: {', '.join(foreign)}.")
        return cleaned


@admin.register(Activity)
class ActivityAdmin(PlanScopedAdmin):
    plan_lookup = "work_plan__plan"
    form = ActivityAdminForm
    inlines = [ActivityOutputInline]
    list_display = ["code", "name_short", "work_plan", "theme", "lead_agency", "window_display"]
    list_display_links = ["code", "name_short"]
    list_filter = [
        ("work_plan", admin.RelatedOnlyFieldListFilter),
        ("theme", admin.RelatedOnlyFieldListFilter),
        ("lead_agency", admin.RelatedOnlyFieldListFilter),
    ]
    search_fields = ["code", "name", "notes", "lead_agency__name"]
    ordering = ["work_plan", "position", "pk"]
    autocomplete_fields = ["lead_agency", "coordinating_agencies", "indicators"]

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("work_plan", "theme", "lead_agency")

    @admin.display(description="tên hoạt động", ordering="name")
    def name_short(self, activity):
        return activity.name if len(activity.name) <= 90 else activity.name[:90] + "…"

    @admin.display(description="thời gian", ordering="start_date")
    def window_display(self, activity):
        return window_text(activity.start_date, activity.end_date)

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        managed = plans_managed_by(request.user)
        if db_field.name == "work_plan":
            kwargs["queryset"] = WorkPlan.objects.filter(plan__in=managed).select_related("plan")
        elif db_field.name == "theme":
            kwargs["queryset"] = Theme.objects.filter(work_plan__plan__in=managed).select_related("work_plan")
        elif db_field.name == "lead_agency":
            kwargs["queryset"] = agencies_managed_by(request.user)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        if db_field.name == "coordinating_agencies":
            kwargs["queryset"] = agencies_managed_by(request.user)
        elif db_field.name == "indicators":
            kwargs["queryset"] = Indicator.objects.filter(plan__in=plans_managed_by(request.user)).select_related(
                "plan"
            )
        return super().formfield_for_manytomany(db_field, request, **kwargs)


@admin.register(ActivityReport)
class ActivityReportAdmin(ScopedForms, admin.ModelAdmin):
    """Activity reports are entered on the entry page; the admin lists them (within what the user may see) and
    approves the chosen ones through the same service as the activities page. Nothing is edited or deleted here."""

    list_display = ["activity", "period", "agency", "progress", "status", "entered_at"]
    list_filter = ["status", "progress", ("activity__work_plan", admin.RelatedOnlyFieldListFilter)]
    search_fields = ["activity__code", "activity__name", "agency__name"]
    list_select_related = ["activity", "period", "agency"]
    actions = ["approve_chosen"]

    def get_queryset(self, request):
        return activity_reports_visible_to(request.user).select_related("activity", "period", "agency")

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.action(description="Duyệt các báo cáo hoạt động đã chọn (đang chờ duyệt)")
    def approve_chosen(self, request, queryset):
        waiting = list(
            queryset.filter(status=ValueStatus.SUBMITTED)
            .select_related("activity__work_plan__plan", "period")
            .prefetch_related("evidence")
        )
        try:
            activity_reports_review(
                actor=request.user, items=[(report, None) for report in waiting], action=ValueAction.APPROVED
            )
        except ValueRuleError as error:
            self.message_user(request, f"{error} Không có gì được ghi.", level=messages.ERROR)
            return
        skipped = queryset.count() - len(waiting)
        note = f"; {skipped} báo cáo không ở trạng thái chờ duyệt nên giữ nguyên" if skipped else ""
        self.message_user(request, f"Đã duyệt {len(waiting)} báo cáo hoạt động{note}.", level=messages.SUCCESS)
