"""Every hostile workbook of tests/hostile.py, through every import path (the three commands and the two upload
pages): refused with its Vietnamese message, in bounded memory and time, never a traceback or a 500, and nothing
written (issue 10)."""

import re
import resource
import time
import tracemalloc
from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone

from indicators.models import Assignment, DataValue, Indicator, PeriodReopening, Target, ValueChange
from indicators.services.values_import import values_import
from indicators.workbooks.reader import SheetRequest, open_workbook
from plans.models import AdministrativeUnit, Agency, Goal, Plan
from tests.hostile import CORPUS, INDICATOR, PERIOD, PLAN_CODE, VALUES_HEADER, package, styled_far_cell, tables

pytestmark = pytest.mark.django_db
COMMANDS = ["import_plan", "import_values", "load_units"]
PATHS = COMMANDS + ["plan_upload", "values_upload"]
MEMORY_BOUND = 64 * 1024 * 1024  # generous: the same files took 1–5 GB before the bounded reader
PROCESS_BOUND = 256 * 1024 * 1024  # how much a run may raise the process's peak resident memory
TIME_BOUND = 10.0  # seconds, per file and path, on a loaded 2-core machine
ENGLISH = re.compile(r"\b\w*(Error|Exception|ZipFile|Traceback)\b")


@pytest.fixture(scope="session")
def corpus() -> dict[str, bytes]:
    """Every hostile file, built once per session (the big ones take a moment)."""
    return {case.name: case.build() for case in CORPUS}


@pytest.fixture
def open_2025(bac_yen):
    period = bac_yen.periods.get(code=PERIOD)
    PeriodReopening.objects.create(
        period=period, agency=None, until=timezone.localdate() + timedelta(days=30), created_at=timezone.now()
    )
    return period


def stored() -> tuple:
    return tuple(
        model.objects.count()
        for model in (Plan, Goal, Indicator, Target, Assignment, Agency, AdministrativeUnit, DataValue, ValueChange)
    )


def what_the_user_reads(path: str, data: bytes, client, tmp_path) -> str:
    """Run one import path on the file and return what its user is told (a command's error, a page's text)."""
    if path in COMMANDS:
        file = tmp_path / "hostile.xlsx"
        file.write_bytes(data)
        with pytest.raises(CommandError) as refused:
            call_command(path, str(file))
        return str(refused.value)
    url = reverse("plan_import") if path == "plan_upload" else reverse("period_values_upload", args=[PLAN_CODE, PERIOD])
    response = client.post(url, {"file": SimpleUploadedFile("hostile.xlsx", data)})
    assert response.status_code == 200
    page = response.content.decode()
    assert "Xem trước:" not in page and 'name="token"' not in page  # no preview, nothing to confirm
    return page


@pytest.mark.parametrize("path", PATHS)
def test_every_hostile_workbook_is_refused_on_every_path(path, corpus, client, tmp_path, subtests, request):
    if path in ("import_values", "values_upload"):
        request.getfixturevalue("open_2025")  # so that a figure's own problem is reached, not a missing plan's
    if path.endswith("_upload"):
        users = request.getfixturevalue("users")
        client.force_login(users["coordinator" if path == "plan_upload" else "reporter"])
    kind = {"import_plan": "plan", "plan_upload": "plan", "load_units": "units"}.get(path, "values")
    before = stored()
    for case in CORPUS:
        if kind not in case.kinds:
            continue
        with subtests.test(case.name), override_settings(**case.settings):
            # Python's own allocations (tracemalloc) on the commands; the process's peak (resource) everywhere,
            # which also covers memory outside Python's allocator (tracing a page would cost more than it reads).
            tracing = path in COMMANDS and not case.big
            if tracing:
                tracemalloc.start()
            peak_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024
            started = time.perf_counter()
            try:
                text = what_the_user_reads(path, corpus[case.name], client, tmp_path)
            finally:
                elapsed = time.perf_counter() - started
                traced = tracemalloc.get_traced_memory()[1] if tracing else 0
                tracemalloc.stop()
            grown = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024 - peak_before

            assert case.expected(kind) in text, text[-3000:]
            assert not ENGLISH.search(text), ENGLISH.search(text)
            assert traced < MEMORY_BOUND, f"{traced / 2**20:.0f} MB"
            assert grown < PROCESS_BOUND, f"{grown / 2**20:.0f} MB"
            assert elapsed < TIME_BOUND
            assert stored() == before


def test_the_corpus_is_large_and_its_files_small(corpus):
    assert len(CORPUS) >= 40
    assert all(len(data) < 5 * 1024 * 1024 for data in corpus.values())  # every file reaches the reader on a page


def test_a_formatted_cell_at_xfd1048576_costs_nothing(bac_yen, open_2025):
    """One formatted but empty cell in the last cell of the grid, and a `<dimension>` claiming the whole grid: the
    sheet is read as the table it holds, in a moment and in little memory (it took 5 GB before)."""
    sheets = tables()
    sheets["Số liệu"] = styled_far_cell([VALUES_HEADER, [PLAN_CODE, INDICATOR, PERIOD, None, "31,5"]])
    data = package(sheets)
    tracemalloc.start()
    started = time.perf_counter()
    try:
        sheet = open_workbook(data, [SheetRequest("Số liệu", 100_000)])["Số liệu"]
        summary = values_import(data=data, actor=None)
    finally:
        elapsed = time.perf_counter() - started
        peak = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()

    assert (sheet.last_row, sheet.last_column, sheet.scan.dimension) == (2, 8, "A1:XFD1048576")
    assert summary.created == 1
    assert DataValue.objects.get(indicator__code=INDICATOR, period__code=PERIOD, unit=bac_yen.territory).value == 31.5
    assert elapsed < 2 and peak < 16 * 1024 * 1024
