from django import forms
from django.contrib import admin
from django.db.models import Prefetch
from import_export.admin import ImportExportModelAdmin

from indicators.models import Assignment, Indicator, Target
from indicators.resources import IndicatorResource
from plans.admin import LOCALIZED_DECIMALS, PlanScopedAdmin, ReadableImportErrors
from plans.models import Goal
from plans.selectors import agencies_visible_to, plans_visible_to


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
