"""django-import-export resource for indicators, with the plan workbook's Vietnamese headers.

The plan workbook (import_plan) is how indicators are created, moved or removed; this resource exports
indicators and lets staff correct their wording (name, unit, notes, data source) in bulk. Structure columns
(code, kind, direction, factor, baseline) are exported but read-only here, so that a spreadsheet edited
for wording cannot break a plan's rules.
"""

from import_export import fields, widgets

from indicators.models import Indicator
from indicators.workbooks.plan import DIRECTION_WORDS, KIND_WORDS
from plans.access import plans_managed_by
from plans.numbers import workbook_value
from plans.resources import SpreadsheetSafeResource


class ChoiceWordWidget(widgets.Widget):
    def __init__(self, words):
        super().__init__()
        self.words = words

    def render(self, value, obj=None, **kwargs):
        return self.words.get(value, "")


class IndicatorResource(SpreadsheetSafeResource):
    plan = fields.Field(attribute="plan__code", column_name="Kế hoạch", readonly=True)
    goal = fields.Field(attribute="goal__number", column_name="Mục tiêu", readonly=True)
    code = fields.Field(attribute="code", column_name="Mã chỉ tiêu", readonly=True)
    name = fields.Field(attribute="name", column_name="Tên chỉ tiêu")
    unit = fields.Field(attribute="unit", column_name="Đơn vị tính")
    kind = fields.Field(attribute="kind", column_name="Loại", readonly=True, widget=ChoiceWordWidget(KIND_WORDS))
    factor = fields.Field(attribute="factor", column_name="Hệ số", readonly=True)
    direction = fields.Field(
        attribute="direction", column_name="Hướng", readonly=True, widget=ChoiceWordWidget(DIRECTION_WORDS)
    )
    baseline = fields.Field(column_name="Giá trị cơ sở", readonly=True)
    baseline_year = fields.Field(attribute="baseline_year", column_name="Năm cơ sở", readonly=True)
    notes = fields.Field(attribute="notes", column_name="Ghi chú")
    data_source = fields.Field(attribute="data_source", column_name="Nguồn số liệu")

    class Meta:
        model = Indicator
        fields = (
            "plan",
            "goal",
            "code",
            "name",
            "unit",
            "kind",
            "factor",
            "direction",
            "baseline",
            "baseline_year",
            "notes",
            "data_source",
        )
        export_order = fields

    def dehydrate_goal(self, indicator):
        return indicator.goal.number

    def dehydrate_factor(self, indicator):
        return workbook_value(indicator.factor)

    def dehydrate_baseline_year(self, indicator):
        return indicator.baseline_year if indicator.baseline_year is not None else ""

    def dehydrate_baseline(self, indicator):
        """A number as a number (an Excel cell holds 15.38, shown 15,38 in Vietnamese Excel), else the text."""
        value = indicator.baseline_value if indicator.baseline_value is not None else indicator.baseline_text
        return workbook_value(value) if value not in (None, "") else ""

    def get_queryset(self):
        queryset = Indicator.objects.select_related("plan", "goal").order_by("plan__code", "position")
        return queryset.filter(plan__in=plans_managed_by(self.user)) if self.user is not None else queryset

    def get_instance(self, instance_loader, row):
        plan_code = str(row.get("Kế hoạch") or "").strip()
        code = str(row.get("Mã chỉ tiêu") or "").strip()
        instance = self.get_queryset().filter(plan__code=plan_code, code=code).first()
        if instance is None:
            raise ValueError(
                f"Không có chỉ tiêu “{code}” trong kế hoạch “{plan_code}” (hoặc bạn không có quyền với kế hoạch đó). "
                "Thêm chỉ tiêu mới bằng sổ Excel kế hoạch."
            )
        return instance

    def before_save_instance(self, instance, row, **kwargs):
        if not (instance.name or "").strip():
            raise ValueError(f"Chỉ tiêu {instance.code}: tên chỉ tiêu không được để trống.")
