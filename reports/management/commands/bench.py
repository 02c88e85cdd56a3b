"""bench: build the sizes of DESIGN.md section 10 and time what users and programs do at those sizes.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/gender_plan_bench python manage.py bench [--sizes …] [--skip-build]

Sizes: `district` (20 indicators, figures of the district only: ≈ 200), `province` (Sơn La's 75 communes: ≈ 15.000),
`national` (34 provinces, 3.321 communes: 20 indicators × 10 periods ≈ 660.000 approved figures), and
`import` (a values workbook of 100.000 rows through import_values). Every measurement runs in a process of its own
(`bench --measure …`), so its peak memory is its own; each is compared with the plain SQL aggregate over the same
rows (SUM(numerator)/SUM(denominator) grouped by indicator and period), timed in the same run. Each starts with
nothing cached; `dashboard` is the first opening after a change (everything judged), `dashboard_kept` the next one
(the drill-down kept, reports.drilldown). The process's garbage collector is tuned as a server worker's is
(gender_plan.collector).

The data it builds are invented; it refuses any database whose name does not end in "_bench".
"""

import json
import os
import resource
import subprocess
import sys
import time
from datetime import datetime
from decimal import Decimal
from io import StringIO
from pathlib import Path

from django.conf import settings
from django.core.cache import cache
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import connection, reset_queries
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from gender_plan import collector

PLANS = {"district": "BENCH-HUYEN", "province": "BENCH-TINH", "national": "BENCH-QUOCGIA"}
PERIOD = "2025"
PERIODS = [f"{year}{half}" for year in range(2021, 2026) for half in ("S1", "")]
INDICATORS = 20
IMPORT_PERIODS = ("2026S1", "2026")  # the national plan's, without figures until the import


class Command(BaseCommand):
    help = "Đo hiệu năng ở quy mô huyện, tỉnh và toàn quốc (DESIGN.md mục 10); chỉ chạy trên cơ sở dữ liệu *_bench."

    def add_arguments(self, parser):
        parser.add_argument("--sizes", default="district,province,national,import")
        parser.add_argument("--skip-build", action="store_true", help="Dùng dữ liệu đã dựng ở lần chạy trước")
        parser.add_argument("--runs", type=int, default=3, help="Số lần đo mỗi phép (lấy trung vị)")
        parser.add_argument("--output", default="", help="Ghi kết quả (JSON) vào tệp này")
        parser.add_argument(
            "--import-rows",
            type=int,
            default=100_000,
            help="Số dòng của sổ số liệu nhập thử (mặc định 100.000; 132.840 là cả năm của kế hoạch toàn quốc)",
        )
        parser.add_argument("--measure", default="", help=argparse_hidden())
        parser.add_argument("--plan", default="")
        parser.add_argument("--unit", default="")
        parser.add_argument("--file", default="")

    def handle(self, *args, **options):
        name = connection.settings_dict["NAME"]
        if not str(name).endswith("_bench"):
            raise CommandError(f"Chỉ chạy trên cơ sở dữ liệu có tên kết thúc bằng _bench (đang là {name}).")
        if options["measure"]:
            self.stdout.write(
                json.dumps(measure(options["measure"], options["plan"], options["unit"], options["file"]))
            )
            return
        sizes = [size.strip() for size in options["sizes"].split(",") if size.strip()]
        if not options["skip_build"]:
            build(sizes, self.stdout)
        results = run_all(sizes, options["runs"], self.stdout, import_rows=options["import_rows"])
        machine = f"{os.cpu_count()} nhân, {_memory_gib():.0f} GiB, {connection.vendor} {connection.pg_version if connection.vendor == 'postgresql' else ''}"
        report = {"date": datetime.now().strftime("%d/%m/%Y %H:%M"), "machine": machine, "results": results}
        if options["output"]:
            Path(options["output"]).write_text(json.dumps(report, ensure_ascii=False, indent=2))
        self.stdout.write(markdown(report))


def argparse_hidden():
    import argparse

    return argparse.SUPPRESS


def _memory_gib() -> float:
    return os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 1024**3


# ---------------------------------------------------------------- building the sizes


def build(sizes: list[str], out) -> None:
    from plans.models import AdministrativeUnit
    from plans.services.units import NATIONAL_CODE, units_load_official

    if not AdministrativeUnit.objects.filter(code=NATIONAL_CODE).exists():
        out.write(units_load_official().text())
    for size in ("district", "province", "national"):
        if size in sizes or (size == "national" and "import" in sizes):
            started = time.perf_counter()
            count = _build_plan(size)
            out.write(f"Dựng {size}: {count:,} số liệu trong {time.perf_counter() - started:.1f} s")


def _build_plan(size: str, *, code: str = "", territory_code: str = "14") -> int:
    """A plan of 20 indicators, all reported by commune above the district size, with approved figures of every unit
    for the ten periods 2021–2025 (the district and the nation as DESIGN.md 10 says; a province, Sơn La's unless
    `territory_code` names another, for the load test too)."""
    from indicators.models import Assignment, DataValue, Indicator, Target, ValueStatus
    from plans.models import AdministrativeUnit, Goal, Plan, UnitLevel
    from plans.services import agency_get_or_create, plan_sync_periods, unit_get_or_create
    from plans.units import plan_units

    code = code or PLANS[size]
    if Plan.objects.filter(code=code).exists():
        _drop_plan(code)
    if size == "district":
        province = AdministrativeUnit.objects.get(code="14")
        territory, _ = unit_get_or_create(name="Thử Nghiệm", level=UnitLevel.DISTRICT, parent=province)
    elif size == "province":
        territory = AdministrativeUnit.objects.get(code=territory_code)
    else:
        territory = AdministrativeUnit.objects.get(code="VN")
    plan = Plan.objects.create(
        code=code,
        title=f"Kế hoạch đo hiệu năng ({size})",
        issuing_body="Ủy ban nhân dân",
        territory=territory,
        start_year=2021,
        end_year=2030,
        half_year_deadline_day=5,
        half_year_deadline_month=6,
        annual_deadline_day=5,
        annual_deadline_month=12,
    )
    plan_sync_periods(plan=plan)
    lead, _ = agency_get_or_create(name="Cơ quan chủ trì", unit=territory)
    indicators = []
    for goal_number in range(1, 6):
        goal = Goal.objects.create(plan=plan, number=goal_number, title=f"Mục tiêu {goal_number}")
        for n in range(INDICATORS // 5):
            count_kind = n == 3
            indicator = Indicator.objects.create(
                plan=plan,
                goal=goal,
                code=f"{goal_number}.{n + 1}",
                position=goal_number * 10 + n,
                name=f"Chỉ tiêu đo hiệu năng {goal_number}.{n + 1}",
                unit="người" if count_kind else "%",
                kind="count" if count_kind else "percent",
                factor=1 if count_kind else 100,
                direction="increase",
                baseline_value=Decimal(100 if count_kind else 40),
                baseline_year=2020,
                reported_by_commune=size != "district",
            )
            Target.objects.create(indicator=indicator, year=2030, value_number=Decimal(300 if count_kind else 70))
            Assignment.objects.create(indicator=indicator, agency=lead, role="lead")
            indicators.append(indicator)
    periods = {p.code: p for p in plan.periods.all()}
    units = [territory] if size == "district" else list(plan_units(plan).filter(level=UnitLevel.COMMUNE))
    now = timezone.now()
    batch, made = [], 0
    for p_index, period_code in enumerate(PERIODS):
        period = periods[period_code]
        for u_index, unit in enumerate(units):
            for indicator in indicators:
                seed = (u_index * 7 + indicator.position * 13 + p_index * 3) % 41
                if indicator.kind == "count":
                    fields = {"value_number": Decimal(seed)}
                else:
                    denominator = 50 + seed
                    numerator = denominator * (40 + p_index * 2 + seed % 9) // 100
                    fields = {
                        "numerator": Decimal(numerator),
                        "denominator": Decimal(denominator),
                        "value_number": (Decimal(numerator) / denominator * 100).quantize(Decimal("0.0001")),
                    }
                batch.append(
                    DataValue(
                        indicator=indicator,
                        period=period,
                        unit=unit,
                        agency=lead,
                        status=ValueStatus.APPROVED,
                        entered_at=now,
                        first_submitted_at=now,
                        **fields,
                    )
                )
                if len(batch) >= 20000:
                    DataValue.objects.bulk_create(batch)
                    made += len(batch)
                    batch = []
    DataValue.objects.bulk_create(batch)
    made += len(batch)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("ANALYZE")
    return made


def _drop_figures(code: str, periods) -> None:
    from indicators.models import DataValue, ValueChange

    figures = DataValue.objects.filter(indicator__plan__code=code, period__code__in=periods)
    ValueChange.objects.filter(data_value__in=figures).delete()
    figures.delete()


def _drop_plan(code: str) -> None:
    from indicators.models import DataValue, ValueChange
    from plans.models import Plan

    ValueChange.objects.filter(data_value__indicator__plan__code=code).delete()
    DataValue.objects.filter(indicator__plan__code=code).delete()
    Plan.objects.filter(code=code).delete()


# ---------------------------------------------------------------- measuring


def run_all(sizes: list[str], runs: int, out, import_rows: int = 100_000) -> list[dict]:
    from plans.models import Plan

    results = []
    for size in [s for s in ("district", "province", "national") if s in sizes]:
        plan = Plan.objects.select_related("territory").get(code=PLANS[size])
        unit = {"district": "", "province": "03856", "national": "14"}[size]
        cases = [
            ("sql_aggregate", ""),
            ("progress", ""),
            *([("progress_unit", unit)] if unit else []),
            ("api", ""),
            ("dashboard", ""),
            ("dashboard_kept", ""),
            ("review", ""),
            ("report_docx", ""),
            ("report_xlsx", ""),
            ("report_html", ""),
        ]
        baseline = None
        for what, unit_code in cases:
            figures = _median_runs(what, plan.code, unit_code, runs)
            if what == "sql_aggregate":
                baseline = figures["seconds"]
            figures |= {"size": size, "what": what, "unit": unit_code}
            if baseline and what != "sql_aggregate":
                figures["ratio"] = round(figures["seconds"] / baseline, 2) if baseline else None
            results.append(figures)
            out.write(
                f"{size:9} {what:16} {figures['seconds']:8.3f} s {figures['queries']:5} truy vấn {figures['peak_mib']:7.1f} MiB"
            )
    if "import" in sizes:
        path = Path(settings.BASE_DIR) / "bench-values.xlsx"
        rows = _values_workbook(path, import_rows)
        _drop_figures(PLANS["national"], IMPORT_PERIODS)  # an earlier run's: the import creates them all
        figures = _median_runs("import_values", PLANS["national"], "", 1, file=str(path))
        figures |= {"size": "import", "what": f"import_values {rows:,} dòng", "unit": ""}
        results.append(figures)
        out.write(f"import    {figures['what']:16} {figures['seconds']:8.1f} s {figures['peak_mib']:7.1f} MiB")
        path.unlink(missing_ok=True)
    return results


def _median_runs(what: str, plan: str, unit: str, runs: int, file: str = "") -> dict:
    samples = []
    for _ in range(max(1, runs)):
        completed = subprocess.run(
            [sys.executable, "manage.py", "bench", "--measure", what, "--plan", plan, "--unit", unit, "--file", file],
            capture_output=True,
            text=True,
            cwd=settings.BASE_DIR,
            env=os.environ.copy(),
            timeout=900,
        )
        if completed.returncode != 0:
            raise CommandError(f"Đo {what} thất bại:\n{completed.stderr[-3000:]}")
        samples.append(json.loads(completed.stdout.strip().splitlines()[-1]))
    samples.sort(key=lambda sample: sample["seconds"])
    return samples[len(samples) // 2]


def measure(what: str, plan_code: str, unit_code: str, file: str) -> dict:
    """One measurement in this process: wall time, SQL queries and the process's peak memory."""
    from django.test import Client

    from plans.models import Plan, Role, User
    from plans.services import user_create

    plan = Plan.objects.select_related("territory").prefetch_related("periods").get(code=plan_code)
    admin = User.objects.filter(is_superuser=True).first() or user_create(
        username="bench", password=os.urandom(16).hex(), role=Role.ADMINISTRATOR, unit=None
    )
    client = Client()
    client.force_login(admin)
    settings.ALLOWED_HOSTS = ["*"]
    # Warm up as a running server is: modules imported, URLs and templates loaded (a cheap page, not the one timed).
    client.get("/plans/")
    cache.clear()  # the database's cache outlives the process: every measurement starts with nothing kept
    if what == "dashboard_kept":  # opened once before: the drill-down is kept (reports.drilldown)
        _get(client, f"/plans/{plan.code}/dashboard/?period={PERIOD}")
    collector.tune()  # as each server worker does once the app is loaded (gender_plan/wsgi.py)
    reset_queries()
    started = time.perf_counter()
    with CaptureQueriesContext(connection) as context:
        if what == "sql_aggregate":
            _sql_aggregate(plan)
        elif what in ("progress", "progress_unit"):
            arguments = [plan.code, "--period", PERIOD] + (["--unit", unit_code] if unit_code else [])
            call_command("progress", *arguments, stdout=StringIO())
        elif what == "api":
            _get(client, f"/api/v1/plans/{plan.code}/progress/?period={PERIOD}")
        elif what in ("dashboard", "dashboard_kept"):
            _get(client, f"/plans/{plan.code}/dashboard/?period={PERIOD}")
        elif what == "review":
            _get(client, f"/plans/{plan.code}/periods/{PERIOD}/review/")
        elif what.startswith("report_"):
            kind = what.split("_")[1]
            call_command(
                "build_report", plan.code, "--period", PERIOD, "--format", kind, "--output", f"/tmp/bench.{kind}"
            )
        elif what == "import_values":
            call_command("import_values", file, stdout=StringIO())
        else:
            raise CommandError(f"Không biết đo “{what}”.")
    seconds = time.perf_counter() - started
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return {"seconds": round(seconds, 3), "queries": len(context.captured_queries), "peak_mib": round(peak, 1)}


def _get(client, url: str) -> None:
    response = client.get(url)
    if response.status_code != 200:
        raise CommandError(f"{url}: {response.status_code}")
    size = len(response.content)
    if size > 1024 * 1024:
        raise CommandError(f"{url}: {size:,} byte HTML, quá 1 MB")


def _sql_aggregate(plan) -> None:
    """The plain aggregate the targets are measured against (DESIGN.md 10)."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT d.indicator_id, d.period_id, SUM(d.numerator) / NULLIF(SUM(d.denominator), 0) "
            "FROM indicators_datavalue d JOIN indicators_indicator i ON i.id = d.indicator_id "
            "WHERE i.plan_id = %s AND d.status = 'approved' GROUP BY d.indicator_id, d.period_id",
            [plan.pk],
        )
        cursor.fetchall()


def _values_workbook(path: Path, rows: int) -> int:
    """A values workbook of the national plan: 2030's two periods, 20 indicators, communes in turn."""
    from openpyxl import Workbook

    from indicators.models import Indicator
    from plans.models import AdministrativeUnit, UnitLevel

    codes = list(Indicator.objects.filter(plan__code=PLANS["national"]).values_list("code", flat=True))
    kinds = dict(Indicator.objects.filter(plan__code=PLANS["national"]).values_list("code", "kind"))
    communes = list(
        AdministrativeUnit.objects.filter(level=UnitLevel.COMMUNE, valid_until__isnull=True).values_list(
            "code", flat=True
        )
    )
    book = Workbook(write_only=True)
    sheet = book.create_sheet("Số liệu")
    sheet.append(["Mã kế hoạch", "Mã chỉ tiêu", "Kỳ báo cáo", "Địa bàn", "Giá trị", "Tử số", "Mẫu số", "Ghi chú"])
    written = 0
    for period in IMPORT_PERIODS:
        for commune in communes:
            for code in codes:
                if written >= rows:
                    break
                if kinds[code] == "count":
                    sheet.append([PLANS["national"], code, period, commune, written % 50, None, None, None])
                else:
                    sheet.append([PLANS["national"], code, period, commune, None, written % 40, 80, None])
                written += 1
    book.save(path)
    return written


def markdown(report: dict) -> str:
    lines = [
        f"Đo ngày {report['date']} trên {report['machine']}.",
        "",
        "| quy mô | phép đo | thời gian (s) | truy vấn SQL | bộ nhớ đỉnh (MiB) | so với SQL gộp |",
        "|---|---|---:|---:|---:|---:|",
    ]
    for row in report["results"]:
        ratio = row.get("ratio")
        lines.append(
            f"| {row['size']} | {row['what']}{' ' + row['unit'] if row['unit'] else ''} | {row['seconds']:.3f} | "
            f"{row['queries']} | {row['peak_mib']:.0f} | {'' if ratio is None else f'{ratio}×'} |"
        )
    return "\n".join(lines)
