"""django-import-export resources with Vietnamese column headers (agencies), and what every resource shares."""

from import_export import fields, resources, widgets

from plans.access import may_manage_unit, sees_everything
from plans.models import AdministrativeUnit, Agency
from plans.services import agency_prepare_for_save
from plans.text import name_key, neutralise_formula, restore_neutralised


class SpreadsheetSafeResource(resources.ModelResource):
    """Every export of the admin (CSV, Excel, TSV, JSON …) writes user text that starts like a formula with a leading
    apostrophe, so no spreadsheet ever evaluates it; numbers stay numbers. An import drops that apostrophe again, so
    an exported file imported back changes nothing. Rows are found by the resource's own rule (get_instance), not by
    id; unchanged rows are skipped and reported. `user` is who imports or exports (None: the command line), whose
    scope the resource checks."""

    class Meta:
        import_id_fields = ()
        skip_unchanged = True
        report_skipped = True

    def __init__(self, user=None, **kwargs):
        super().__init__(**kwargs)
        self.user = user

    def export_field(self, field, instance, **kwargs):
        value = super().export_field(field, instance, **kwargs)
        if isinstance(field.widget, widgets.NumberWidget):
            return value  # a number, even rendered as text for CSV ("-3"), is not user text
        return neutralise_formula(value)

    def before_import_row(self, row, **kwargs):
        for key, value in row.items():
            row[key] = restore_neutralised(value)
        super().before_import_row(row, **kwargs)


class UnitWidget(widgets.Widget):
    """A unit written as people write it: `huyện Bắc Yên`."""

    def clean(self, value, row=None, **kwargs):
        from plans.models import UnitLevel

        words = {"tỉnh": UnitLevel.PROVINCE, "huyện": UnitLevel.DISTRICT, "xã": UnitLevel.COMMUNE}
        text = str(value or "").strip()
        level_word, _, name = text.partition(" ")
        level = words.get(level_word.casefold())
        if level is None or not name:
            raise ValueError(f"Địa bàn “{text}” cần ghi kèm cấp, ví dụ “huyện Bắc Yên”.")
        unit = AdministrativeUnit.objects.filter(level=level, name_key=name_key(name)).first()
        if unit is None:
            raise ValueError(f"Chưa có địa bàn “{text}” trong hệ thống.")
        return unit

    def render(self, value, obj=None, **kwargs):
        return f"{value.get_level_display().lower()} {value.name}" if value else ""


class AgencyResource(SpreadsheetSafeResource):
    name = fields.Field(attribute="name", column_name="Tên cơ quan")
    short_name = fields.Field(attribute="short_name", column_name="Tên viết tắt")
    unit = fields.Field(attribute="unit", column_name="Địa bàn", widget=UnitWidget())

    class Meta:
        model = Agency
        fields = ("name", "short_name", "unit")

    def get_instance(self, instance_loader, row):
        """Agencies are matched by name, case- and space-insensitively, within their territory."""
        unit = self.fields["unit"].clean(row)
        return Agency.objects.filter(unit=unit, name_key=name_key(row.get("Tên cơ quan") or "")).first()

    def before_save_instance(self, instance, row, **kwargs):
        if self.user is not None and not sees_everything(self.user):
            if not may_manage_unit(self.user, instance.unit):
                raise ValueError(f"Bạn không có quyền với cơ quan của {instance.unit}.")
        if not (instance.name or "").strip():
            raise ValueError("Thiếu tên cơ quan.")
        if instance.pk and name_key(instance.name) == instance.name_key:
            # Matched case- and space-insensitively: the same name, so the stored spelling stays.
            instance.name = Agency.objects.values_list("name", flat=True).get(pk=instance.pk)
        agency_prepare_for_save(instance)
