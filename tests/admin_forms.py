"""The data an admin change or add page would post back as it stands, so a test changes only what it means to."""

from django import forms


def _field_data(form) -> dict:
    data = {}
    for bound in form:
        if bound.field.disabled:
            continue
        value = bound.value()
        widget = bound.field.widget
        if isinstance(bound.field, forms.BooleanField):
            if value:
                data[bound.html_name] = "on"
            continue
        if isinstance(value, list | tuple):
            data[bound.html_name] = [str(v) for v in value]
            continue
        if value is None:
            data[bound.html_name] = ""
            continue
        if isinstance(widget, forms.MultiWidget):  # a date and a time in two inputs
            parts = value if isinstance(value, list) else widget.decompress(value)
            for suffix, part, sub in zip(widget.widgets_names, parts, widget.widgets, strict=True):
                data[bound.html_name + suffix] = "" if part is None else str(sub.format_value(part))
            continue
        formatted = widget.format_value(value) if hasattr(widget, "format_value") else value
        if isinstance(formatted, list):  # a select formats its one value as a list
            formatted = formatted[0] if formatted else None
        data[bound.html_name] = "" if formatted is None else str(formatted)
    return data


def admin_form_data(client, url: str, **changes) -> dict:
    """GET an admin add or change page and return what its form would post back, with `changes` applied."""
    response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    data = _field_data(response.context["adminform"].form)
    for inline in response.context["inline_admin_formsets"]:
        formset = inline.formset
        data.update(_field_data(formset.management_form))
        for form in formset.forms:
            data.update(_field_data(form))
    data.update({key: value for key, value in changes.items()})
    return data


def form_errors(response) -> dict:
    """Every error of the admin page's form and inlines, by field name (`prefix-0-agency` for an inline)."""
    errors = {}
    form = response.context["adminform"].form
    for name, messages in form.errors.items():
        errors[name] = [str(m) for m in messages]
    for inline in response.context["inline_admin_formsets"]:
        for form in inline.formset.forms:
            for name, messages in form.errors.items():
                errors[f"{form.prefix}-{name}"] = [str(m) for m in messages]
        for message in inline.formset.non_form_errors():
            errors.setdefault(f"{inline.formset.prefix}-__all__", []).append(str(message))
    return errors
