"""What an indicator measures — kind, factor, direction — cannot change under its figures, whether through the plan
workbook or the admin; anything else (its wording, its notes) can."""

from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from indicators.models import DataValue, Indicator
from indicators.services import plan_import
from indicators.services.indicators import IndicatorRuleError, indicator_update
from indicators.workbooks.plan import plan_workbook_write
from indicators.workbooks.reader import WorkbookInvalid
from tests.workbooks import sheet_values, workbook_with_cell

pytestmark = pytest.mark.django_db


def with_figure(plan, code="1.1a"):
    indicator = Indicator.objects.get(plan=plan, code=code)
    DataValue.objects.create(
        indicator=indicator,
        period=plan.periods.get(code="2024"),
        unit=plan.territory,
        value_number=Decimal(30),
        status="approved",
        entered_at=timezone.now(),
    )
    return indicator


def test_the_service_refuses_a_new_kind_under_figures_and_says_what_to_do(bac_yen):
    indicator = with_figure(bac_yen)

    with pytest.raises(IndicatorRuleError) as refused:
        indicator_update(indicator=indicator, values={"kind": "count", "factor": Decimal(1), "name": "Khác"})

    assert set(refused.value.problems) == {"kind", "factor"}
    assert "tạo chỉ tiêu mới với mã khác" in refused.value.problems["kind"]
    indicator.refresh_from_db()
    assert (indicator.kind, indicator.factor, indicator.name) != ("count", 1, "Khác")


def test_wording_changes_freely_and_an_indicator_without_figures_changes_kind(bac_yen):
    indicator = with_figure(bac_yen)
    assert indicator_update(indicator=indicator, values={"name": "Tên mới"}) == ["name"]
    empty = Indicator.objects.get(plan=bac_yen, code="1.1b")
    assert set(indicator_update(indicator=empty, values={"direction": "decrease"})) == {"direction"}


def test_the_plan_workbook_is_refused_at_the_row_and_nothing_changes(bac_yen):
    with_figure(bac_yen)
    data = plan_workbook_write(bac_yen)
    row = next(n for n, cells in enumerate(sheet_values(data)["Chỉ tiêu"], start=1) if cells[2] == "1.1a")
    before = list(Indicator.objects.filter(plan=bac_yen).values_list("code", "kind", "direction", "name"))

    with pytest.raises(WorkbookInvalid) as refused:
        plan_import(data=workbook_with_cell(data, "Chỉ tiêu", f"H{row}", "giảm"), actor=None)

    assert any(p.row == row and p.column == "Hướng" and "đã có số liệu" in p.message for p in refused.value.problems)
    assert list(Indicator.objects.filter(plan=bac_yen).values_list("code", "kind", "direction", "name")) == before


def test_the_admin_refuses_it_at_the_field(client, bac_yen, users):
    indicator = with_figure(bac_yen)
    client.force_login(users["administrator"])
    url = reverse("admin:indicators_indicator_change", args=[indicator.pk])
    form = client.get(url).context["adminform"].form
    data = {name: (value if value is not None else "") for name, value in form.initial.items() if name in form.fields}
    data |= {"kind": "count", "factor": "1", "unit": "người"}
    for prefix in ("targets", "assignments"):
        data |= {f"{prefix}-TOTAL_FORMS": "0", f"{prefix}-INITIAL_FORMS": "0"}

    page = client.post(url, data)

    assert page.status_code == 200
    assert "đã có số liệu nên không đổi được" in page.content.decode()
    indicator.refresh_from_db()
    assert indicator.kind == "percent"
