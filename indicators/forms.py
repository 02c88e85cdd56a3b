from django import forms
from django.forms.utils import flatatt
from django.utils.html import format_html

from indicators.entry import EntryInvalid, read_entry
from indicators.models import Kind
from plans.numbers import input_number

YES_NO = [("", "—"), ("có", "Có"), ("không", "Không")]


class _PlainRendering:
    """The HTML Django's own widget templates write, written in Python: an entry form has ~100 inputs, and the
    template engine (a template and an include per input) took a third of the page's time (README, Load test)."""

    def render(self, name, value, attrs=None, renderer=None):
        value = self.format_value(value)
        attributes = flatatt(self.build_attrs(self.attrs, attrs))
        if self.input_type == "textarea":
            return format_html('<textarea name="{}"{}>\n{}</textarea>', name, attributes, value or "")
        shown = format_html(' value="{}"', value) if value is not None else ""
        return format_html('<input type="{}" name="{}"{}{}>', self.input_type, name, shown, attributes)


class PlainTextInput(_PlainRendering, forms.TextInput):
    pass


class PlainHiddenInput(_PlainRendering, forms.HiddenInput):
    pass


class PlainTextarea(_PlainRendering, forms.Textarea):
    input_type = "textarea"


class EntryRowForm(forms.Form):
    """One figure on the period's entry form; the inputs fit the indicator's kind (DESIGN.md 5)."""

    value = forms.CharField(label="Giá trị", required=False, widget=PlainTextInput)
    numerator = forms.CharField(label="Tử số", required=False, widget=PlainTextInput)
    denominator = forms.CharField(label="Mẫu số", required=False, widget=PlainTextInput)
    note = forms.CharField(label="Giải trình", required=False, widget=PlainTextarea(attrs={"rows": 1}))
    version = forms.IntegerField(widget=PlainHiddenInput, min_value=0)

    def __init__(self, data=None, *args, indicator, figure=None, **kwargs):
        self.indicator = indicator
        self.figure = figure
        if figure is not None and data is None:
            kwargs["initial"] = {
                "value": figure.value_text
                if indicator.kind == Kind.TEXT
                else ("có" if figure.value_bool else "không")
                if indicator.kind == Kind.BOOLEAN and figure.value_bool is not None
                else input_number(figure.value_number),
                "numerator": input_number(figure.numerator),
                "denominator": input_number(figure.denominator),
                "note": figure.note,
                "version": figure.version,
            }
        else:
            kwargs.setdefault("initial", {"version": 0})
        super().__init__(data, *args, **kwargs)
        if indicator.kind == Kind.BOOLEAN:
            self.fields["value"] = forms.ChoiceField(label="Giá trị", choices=YES_NO, required=False)
        elif indicator.kind == Kind.TEXT:
            self.fields["value"].widget = PlainTextarea(attrs={"rows": 2})
        else:
            self.fields["value"].widget.attrs.update({"class": "number", "inputmode": "decimal"})
        if not self.uses_fraction:
            del self.fields["numerator"]
            del self.fields["denominator"]
        else:
            for name in ("numerator", "denominator"):
                self.fields[name].widget.attrs.update({"class": "number", "inputmode": "decimal"})

    @property
    def uses_fraction(self) -> bool:
        """Rates (tỷ lệ, tỷ số) may be entered as numerator and denominator; the value is then computed."""
        return self.indicator.kind in (Kind.PERCENT, Kind.RATIO)

    def clean(self):
        cleaned = super().clean()
        try:
            cleaned["entry"] = read_entry(
                kind=self.indicator.kind,
                factor=self.indicator.factor,
                value=cleaned.get("value"),
                numerator=cleaned.get("numerator"),
                denominator=cleaned.get("denominator"),
            )
        except EntryInvalid as error:
            for field, message in error.errors.items():
                self.add_error(field if field in self.fields else "value", message[:1].upper() + message[1:])
        return cleaned

    @property
    def is_blank(self) -> bool:
        entry = self.cleaned_data.get("entry")
        return (entry is None or entry.is_empty) and not self.cleaned_data.get("note")


class ReturnForm(forms.Form):
    note = forms.CharField(
        label="Lý do trả lại",
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"required": "Cần ghi lý do trả lại để cơ quan biết phải sửa gì."},
    )
    reopen_until = forms.DateField(
        label="Mở lại kỳ cho cơ quan đến ngày",
        required=False,
        widget=forms.DateInput(attrs={"placeholder": "dd/mm/yyyy"}),
        help_text="Cần khi kỳ đã khóa với cơ quan, để cơ quan sửa được số liệu.",
    )


class ReopenForm(forms.Form):
    agency = forms.ModelChoiceField(label="Cơ quan", queryset=None, required=False, empty_label="Mọi cơ quan")
    until = forms.DateField(label="Mở đến ngày", widget=forms.DateInput(attrs={"placeholder": "dd/mm/yyyy"}))
    note = forms.CharField(
        label="Lý do", max_length=500, error_messages={"required": "Cần ghi lý do mở lại kỳ báo cáo."}
    )

    def __init__(self, *args, agencies, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["agency"].queryset = agencies
