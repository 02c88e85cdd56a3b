from django import forms
from django.contrib import admin
from django.db.models import Prefetch
from import_export.admin import ImportExportModelAdmin

from indicators.models import Assignment, Indicator, Target
from indicators.resources import IndicatorResource
from plans.admin import LOCALIZED_DECIMALS, PlanScopedAdmin
from plans.models import Goal
from plans.selectors import agencies_visible_to, plans_visible_to


class IndicatorInlineForm(forms.ModelForm):
    """An indicator added under a goal belongs to the goal's plan; its code must be free in that plan."""

    class Meta:
        model = Indicator
        fields = ["code", "name", "unit", "kind", "direction", "factor"]

    def clean(self):
        cleaned = super().clean()
        goal = self.instance.goal if self.instance.goal_id else getattr(self, "parent_goal", None)
        code = cleaned.get("code")
        if goal is not None and code:
            self.instance.plan = goal.plan
            clash = Indicator.objects.filter(plan=goal.plan, code=code).exclude(pk=self.instance.pk)
            if clash.exists():
                self.add_error("code", f"Kế hoạch đã có chỉ tiêu mã “{code}”.")
        return cleaned


class IndicatorInline(admin.TabularInline):
    model = Indicator
    form = IndicatorInlineForm
    extra = 0
    show_change_link = True
    formfield_overrides = LOCALIZED_DECIMALS

    def get_formset(self, request, obj=None, **kwargs):
        formset = super().get_formset(request, obj, **kwargs)
        formset.form.parent_goal = obj
        return formset


@admin.register(Goal)
class GoalAdmin(PlanScopedAdmin):
    inlines = [IndicatorInline]
    list_display = ["number", "title", "plan"]
    list_display_links = ["number", "title"]
    list_filter = [("plan", admin.RelatedOnlyFieldListFilter)]
    search_fields = ["title", "plan__code"]

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("plan")


class TargetInline(admin.TabularInline):
    model = Target
    extra = 0
    fields = ["year", "value_number", "value_bool", "value_text"]
    formfield_overrides = LOCALIZED_DECIMALS


class AssignmentInline(admin.TabularInline):
    model = Assignment
    extra = 0
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
        ]

    def clean(self):
        cleaned = super().clean()
        plan, goal = cleaned.get("plan"), cleaned.get("goal")
        if plan and goal and goal.plan_id != plan.pk:
            self.add_error("goal", f"Mục tiêu này thuộc kế hoạch {goal.plan.code}, không phải {plan.code}.")
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
class IndicatorAdmin(PlanScopedAdmin, ImportExportModelAdmin):
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
            kwargs["queryset"] = Goal.objects.filter(plan__in=plans_visible_to(request.user)).select_related("plan")
        return super().formfield_for_foreignkey(db_field, request, **kwargs)
