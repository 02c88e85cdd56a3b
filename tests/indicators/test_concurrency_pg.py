"""Two people at once, with real threads on PostgreSQL (row locks and the unique index do the work there; SQLite
serialises whole transactions, so these are skipped on it): the same figure saved twice, the same new figure
created twice, and an upload confirmed after one of its figures changed since the preview. One wins, the other is
told the figure changed meanwhile; nothing is lost or overwritten, never a 500."""

import io
import threading
import time
from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection, transaction
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from indicators.entry import read_entry
from indicators.models import DataValue, Indicator, PeriodReopening, ValueChange
from indicators.services.figures import StaleValue, value_save
from plans.models import Agency
from tests.workbooks import to_bytes

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="real concurrency needs PostgreSQL"),
]
CHANGED_MEANWHILE = "Không có gì bị ghi đè: hãy tải lại trang để xem bản mới."
AT_ONCE = "Một số liệu vừa được người khác nhập cùng lúc."


@pytest.fixture
def period(bac_yen):
    period = bac_yen.periods.get(code="2024S1")
    PeriodReopening.objects.create(period=period, until=date.today() + timedelta(days=30), created_at=timezone.now())
    return period


def save(actor, plan, period, value, version):
    indicator = Indicator.objects.select_related("plan").get(plan=plan, code="1.1a")
    entry = read_entry(kind=indicator.kind, factor=indicator.factor, value=value)
    return value_save(
        actor=actor,
        indicator=indicator,
        period=period,
        unit=plan.territory,
        entry=entry,
        expected_version=version,
        agency=Agency.objects.get(unit=plan.territory, name="Phòng Nội vụ"),
    )


def run_in_threads(*jobs):
    """Run each job in its own thread (and database connection); return what each returned or raised."""
    results = [None] * len(jobs)

    def runner(index, job):
        try:
            results[index] = job()
        except Exception as error:  # noqa: BLE001  (the test looks at what each raised)
            results[index] = error
        finally:
            connection.close()

    threads = [threading.Thread(target=runner, args=(i, job)) for i, job in enumerate(jobs)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return results


def test_two_people_saving_the_same_figure_one_wins_the_other_is_told(bac_yen, users, period):
    first = save(users["reporter"], bac_yen, period, "30", 0)
    barrier = threading.Barrier(2)

    def saving(actor, value):
        def job():
            barrier.wait(timeout=10)
            return save(actor, bac_yen, period, value, first.version)

        return job

    results = run_in_threads(saving(users["reporter"], "31"), saving(users["coordinator"], "32"))

    won = [r for r in results if isinstance(r, DataValue)]
    refused = [r for r in results if isinstance(r, StaleValue)]
    assert len(won) == 1 and len(refused) == 1, results
    assert CHANGED_MEANWHILE in str(refused[0])
    figure = DataValue.objects.get()
    assert (figure.value_number, figure.version) == (won[0].value_number, 2)
    assert figure.value_number in (Decimal(31), Decimal(32))
    assert ValueChange.objects.count() == 2  # the first save and the winner's, both in the audit


def test_two_people_creating_the_same_new_figure_the_second_gets_the_stale_message(bac_yen, users, period):
    inserted = threading.Event()

    def first():
        with transaction.atomic():
            value = save(users["reporter"], bac_yen, period, "30", 0)
            inserted.set()
            time.sleep(0.5)  # the second person's insert waits on the unique index until this commits
        return value

    def second():
        assert inserted.wait(timeout=10)
        return save(users["coordinator"], bac_yen, period, "40", 0)

    results = run_in_threads(first, second)

    assert isinstance(results[0], DataValue), results
    assert isinstance(results[1], StaleValue), results
    assert AT_ONCE in str(results[1])  # the unique index refused it: IntegrityError, not a 500
    assert DataValue.objects.get().value_number == 30
    assert ValueChange.objects.count() == 1


def test_a_confirm_after_a_figure_changed_since_the_preview_is_refused(bac_yen, users, period):
    reporter = users["reporter"]
    save(reporter, bac_yen, period, "30", 0)
    client = Client()
    client.force_login(reporter)
    url = reverse("period_values_upload", args=[bac_yen.code, period.code])
    workbook = load_workbook(
        io.BytesIO(client.get(reverse("period_values_download", args=[bac_yen.code, period.code])).content)
    )
    for row in workbook["Số liệu"].iter_rows(min_row=2):
        if row[1].value == "1.1a":
            row[4].value = "35"
    preview = client.post(url, {"file": SimpleUploadedFile("noi-vu.xlsx", to_bytes(workbook))})
    assert preview.status_code == 200 and preview.context["token"]

    # Meanwhile the coordinator corrects the same figure, in another thread and connection.
    (corrected,) = run_in_threads(lambda: save(users["coordinator"], bac_yen, period, "33", 1))
    assert isinstance(corrected, DataValue), corrected

    response = client.post(url, {"token": preview.context["token"]})

    assert response.status_code == 200
    assert CHANGED_MEANWHILE in response.content.decode()
    figure = DataValue.objects.get()
    assert (figure.value_number, figure.version) == (Decimal(33), 2)


def test_two_people_saving_the_same_figure_on_the_entry_page_never_a_500(bac_yen, users, period):
    save(users["reporter"], bac_yen, period, "30", 0)
    indicator = Indicator.objects.get(plan=bac_yen, code="1.1a")
    noi_vu = Agency.objects.get(unit=bac_yen.territory, name="Phòng Nội vụ")
    url = reverse("period_entry", args=[bac_yen.code, period.code])
    barrier = threading.Barrier(2)

    def posting(user, value, address):
        def job():
            client = Client()
            client.force_login(user)
            data = {"unit": bac_yen.territory.pk, f"r{indicator.pk}-value": value, f"r{indicator.pk}-version": 1}
            barrier.wait(timeout=10)
            return client.post(address, data, follow=True)

        return job

    results = run_in_threads(
        posting(users["reporter"], "31", url), posting(users["coordinator"], "32", f"{url}?agency={noi_vu.pk}")
    )

    assert all(getattr(r, "status_code", 500) < 500 for r in results), results
    told = [r for r in results if CHANGED_MEANWHILE in r.content.decode()]
    assert len(told) == 1
    figure = DataValue.objects.get()
    assert figure.version == 2 and figure.value_number in (Decimal(31), Decimal(32))
