"""loadtest: 50 commune reporters and 5 leaders of a province plan against gunicorn and PostgreSQL on this machine.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/gender_plan_load python manage.py loadtest [--skip-build]

Builds (or, with --skip-build, reuses) a province plan of Đắk Lắk's 102 communes with the benchmark's builder
(20 indicators reported by every commune, approved figures 2021–2025), UBND agencies and a reporter for 50 of the
communes and 5 leaders of the province; starts gunicorn on a free port of 127.0.0.1 with DEBUG off; then

1. with think time (60 s), after everyone has logged in and opened their first page (a reporter the 2026 entry
   form, a leader the dashboard of 2025): each reporter saves (or one time in four submits) 1–4 changed figures
   and is sent back to the form, about every 10 s; each leader reads the dashboard of 2025 about every 10 s;
2. without think time (30 s): the same users as fast as the server answers — the saturation throughput.

It prints requests/s, p50/p95/p99 and errors per endpoint of each run, checks that every accepted save is in the
database with the numbers sent, no figure twice and an audit row for each change, stops gunicorn, and exits non-zero
when the first run misses p95 ≤ 300 ms (logins apart: their cost is the password hash) or has an error, or the check
fails. The data are invented; it refuses any database whose name does not end in "_load".
"""

import json
import os
import signal
import socket
import subprocess
import sys
import time
from datetime import datetime, timedelta
from pathlib import Path

from django.conf import settings
from django.core.cache import cache
from django.core.management.base import BaseCommand, CommandError
from django.db import connection
from django.db.models import Count
from django.utils import timezone

from reports import loadtest as lt

PLAN_CODE = "LOAD-TINH"
PROVINCE_CODE = "66"  # Đắk Lắk: 102 communes and wards on the official tree, the nearest to 100
ENTRY_PERIOD = "2026"
DASHBOARD_PERIOD = "2025"
REPORTERS = 50
LEADERS = 5
# Accounts of a throwaway *_load database only; never a real one.
PASSWORD = "TaiThu@Tinh-2026-khong-dung-that"
TARGET_P95_MS = 300


class Command(BaseCommand):
    help = "Thử tải: 50 báo cáo viên xã và 5 lãnh đạo với gunicorn và PostgreSQL; chỉ chạy trên CSDL *_load."

    def add_arguments(self, parser):
        parser.add_argument("--skip-build", action="store_true", help="Dùng kế hoạch đã dựng ở lần chạy trước")
        parser.add_argument("--workers", type=int, default=int(os.environ.get("WEB_CONCURRENCY", "3")))
        parser.add_argument("--arrival-seconds", type=float, default=20, help="Mọi người đăng nhập trong khoảng này")
        parser.add_argument("--think-seconds", type=float, default=60)
        parser.add_argument("--saturation-seconds", type=float, default=30)
        parser.add_argument("--reporters", type=int, default=REPORTERS, help=f"Số báo cáo viên (tối đa {REPORTERS})")
        parser.add_argument("--leaders", type=int, default=LEADERS, help=f"Số lãnh đạo (tối đa {LEADERS})")
        parser.add_argument("--seed", type=int, default=2026)
        parser.add_argument("--output", default="", help="Ghi kết quả (JSON) vào tệp này")
        parser.add_argument("--log", default="", help="Nhật ký truy cập của gunicorn (mặc định: một tệp tạm)")

    def handle(self, *args, **options):
        name = str(connection.settings_dict["NAME"])
        if connection.vendor != "postgresql" or not name.endswith("_load"):
            raise CommandError(f"Chỉ chạy trên PostgreSQL, CSDL có tên kết thúc bằng _load (đang là {name}).")
        if not options["skip_build"]:
            started = time.perf_counter()
            self.stdout.write(build())
            self.stdout.write(f"Dựng dữ liệu trong {time.perf_counter() - started:.0f} s.")
        plan, period, reporters, leaders = load_users()
        reporters, leaders = reporters[: options["reporters"]], leaders[: options["leaders"]]
        reopen_if_needed(plan, period)
        cache.clear()  # every run starts with nothing kept: the leaders' first openings judge the drill-down
        connection.close()  # the server's workers do the work from now on

        port = free_port()
        log_path = Path(options["log"] or f"/tmp/loadtest-gunicorn-{port}.log")
        server = start_gunicorn(port, options["workers"], log_path)
        # A TERM (a CI timeout, `kill`) ends the run through the `finally` below, which stops gunicorn.
        signal.signal(signal.SIGTERM, _terminate)
        try:
            wait_until_up(port, server)
            entry_path = f"/plans/{plan.code}/periods/{period.code}/entry/"
            dashboard_path = f"/plans/{plan.code}/dashboard/?period={DASHBOARD_PERIOD}"
            reporter_users = [(lt.Browser(port, user.username, PASSWORD), user.pk, entry_path) for user in reporters]
            leader_users = [(lt.Browser(port, user.username, PASSWORD), dashboard_path) for user in leaders]
            run_started = timezone.now()
            spread = options["arrival_seconds"]
            phases = [
                lt.Phase("đăng nhập (mỗi người một lần, rải trong thời gian đến)", spread, (0.0, spread)),
                lt.Phase("với thời gian nghĩ 5–15 s", options["think_seconds"], (5.0, 15.0)),
                lt.Phase("không nghỉ (bão hòa)", options["saturation_seconds"], (0.0, 0.0)),
            ]
            results = []
            for n, phase in enumerate(phases):
                self.stdout.write(f"Chạy {phase.name}: {phase.seconds:.0f} s …")
                before = cpu_snapshot(server.pid)
                duration = lt.run_phase(phase, reporter_users, leader_users, seed=options["seed"] + n, arrival=n == 0)
                phase.cpu = cpu_used(before, cpu_snapshot(server.pid))
                rows = lt.summarise(phase.samples, duration)
                results.append((phase, duration, rows))
        finally:
            stop(server)
        saves = [save for phase, _, _ in results for save in phase.saves]
        problems = integrity(plan, period, reporters, saves, run_started)
        arrival_errors = [s.detail for s in results[0][0].samples if not s.ok]
        missed = lt.target_missed(results[1][2], p95_ms=TARGET_P95_MS) + arrival_errors[:5]
        report = self.report(options, results, saves, problems, missed, log_path)
        if options["output"]:
            Path(options["output"]).write_text(json.dumps(report, ensure_ascii=False, indent=2))
        if problems or missed:
            sys.exit(1)

    def report(self, options, results, saves, problems, missed, log_path) -> dict:
        machine = f"{os.cpu_count()} nhân, {_memory_gib():.0f} GiB, PostgreSQL {connection.pg_version // 10000}"
        self.stdout.write(
            f"\nĐo ngày {datetime.now():%d/%m/%Y %H:%M} trên {machine}; gunicorn {options['workers']} worker; "
            f"{options['reporters']} báo cáo viên, {options['leaders']} lãnh đạo; nhật ký truy cập: {log_path}"
        )
        for phase, duration, rows in results:
            self.stdout.write(f"\n{phase.name}, {duration:.0f} s:\n{lt.table(rows)}")
            self.stdout.write(cpu_text(phase.cpu, duration, len(phase.samples)))
            failed = [s.detail for s in phase.samples if not s.ok]
            for detail in failed[:10]:
                self.stdout.write(f"  lỗi: {detail}")
        self.stdout.write(f"\nKiểm tra: {len(saves)} lần lưu được nhận, {sum(len(s.figures) for s in saves)} số liệu.")
        for problem in problems[:50]:
            self.stdout.write(f"  {problem}")
        self.stdout.write("Không mất, không trùng số liệu; mỗi thay đổi có lịch sử." if not problems else "")
        if missed:
            self.stdout.write(f"Chưa đạt mục tiêu (p95 ≤ {TARGET_P95_MS} ms, 0 lỗi): " + "; ".join(missed))
        else:
            self.stdout.write(f"Đạt mục tiêu: p95 ≤ {TARGET_P95_MS} ms, 0 lỗi khi có thời gian nghĩ.")
        return {
            "date": datetime.now().strftime("%d/%m/%Y %H:%M"),
            "machine": machine,
            "workers": options["workers"],
            "runs": [
                {
                    "name": phase.name,
                    "seconds": round(duration, 1),
                    "cpu_seconds": {k: round(v, 1) for k, v in phase.cpu.items()},
                    "rows": [row.__dict__ for row in rows],
                }
                for phase, duration, rows in results
            ],
            "saves": len(saves),
            "problems": problems,
            "missed": missed,
        }


def _memory_gib() -> float:
    return os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 1024**3


# ---------------------------------------------------------------- data


def build() -> str:
    """The province plan (the benchmark's builder), an agency and a reporter for 50 of its communes, 5 leaders."""
    from plans.models import AdministrativeUnit, Role, UnitLevel, User
    from plans.services import agency_get_or_create, user_create
    from plans.services.units import NATIONAL_CODE, units_load_official
    from plans.units import plan_units
    from reports.management.commands.bench import _build_plan

    if not AdministrativeUnit.objects.filter(code=NATIONAL_CODE).exists():
        units_load_official()
    made = _build_plan("province", code=PLAN_CODE, territory_code=PROVINCE_CODE)
    from plans.models import Plan

    plan = Plan.objects.select_related("territory").get(code=PLAN_CODE)
    communes = list(plan_units(plan).filter(level=UnitLevel.COMMUNE).order_by("code"))
    people = [("taithu.dieuphoi", Role.COORDINATOR, plan.territory, None)]
    people += [(f"taithu.lanhdao{n}", Role.LEADER, plan.territory, None) for n in range(1, LEADERS + 1)]
    for n, unit in enumerate(communes[:REPORTERS], start=1):
        # As the Sơn La demo does (indicators/demo_son_la.py): the commune's People's Committee reports for it.
        agency, _ = agency_get_or_create(name=f"UBND {unit.label}", unit=unit)
        people.append((f"taithu.baocao{n:02}", Role.REPORTER, unit, agency))
    for username, role, unit, agency in people:
        User.objects.filter(username=username).delete()
        user_create(username=username, password=PASSWORD, role=role, unit=unit, agency=agency)
    return f"Kế hoạch {PLAN_CODE}: {len(communes)} xã, phường; {made:,} số liệu đã duyệt 2021–2025; {len(people)} người dùng."


def load_users():
    from plans.models import Plan, Role, User

    plan = Plan.objects.select_related("territory").filter(code=PLAN_CODE).first()
    if plan is None:
        raise CommandError(f"Chưa có kế hoạch {PLAN_CODE}: chạy lại không có --skip-build.")
    period = plan.periods.get(code=ENTRY_PERIOD)
    users = User.objects.filter(username__startswith="taithu.", is_active=True).order_by("username")
    reporters = [u for u in users if u.role == Role.REPORTER]
    leaders = [u for u in users if u.role == Role.LEADER]
    if len(reporters) != REPORTERS or len(leaders) != LEADERS:
        raise CommandError("Thiếu người dùng thử tải: chạy lại không có --skip-build.")
    return plan, period, reporters, leaders


def reopen_if_needed(plan, period) -> None:
    """The entry period must take figures whatever today's date: reopened for every agency if it is not open."""
    from indicators.periods import period_is_open_for
    from indicators.services.workflow import period_reopen
    from plans.models import User

    if not period_is_open_for(period, plan, None):
        period_reopen(
            actor=User.objects.get(username="taithu.dieuphoi"),
            period=period,
            agency=None,
            until=timezone.localdate() + timedelta(days=7),
            note="Thử tải",
        )


def integrity(plan, period, reporters, saves: list, since) -> list[str]:
    from indicators.models import DataValue, ValueChange

    units = {save.unit_id for save in saves}
    stored = {
        (row["indicator_id"], row["unit_id"]): {
            key: (str(value) if value is not None else None) for key, value in row.items()
        }
        for row in DataValue.objects.filter(indicator__plan=plan, period=period, unit_id__in=units).values(
            "indicator_id", "unit_id", "status", "value_number", "numerator", "denominator"
        )
    }
    audits = {
        (row["data_value__indicator_id"], row["data_value__unit_id"]): row["n"]
        for row in ValueChange.objects.filter(
            data_value__indicator__plan=plan,
            data_value__period=period,
            changed_by__in=reporters,
            changed_at__gte=since,
        )
        .values("data_value__indicator_id", "data_value__unit_id")
        .annotate(n=Count("id"))
    }
    duplicates = [
        (row["indicator_id"], row["unit_id"], row["period_id"])
        for row in DataValue.objects.filter(indicator__plan=plan)
        .values("indicator_id", "unit_id", "period_id")
        .annotate(n=Count("id"))
        .filter(n__gt=1)
    ]
    return lt.integrity_problems(saves, stored, audits, duplicates)


# ---------------------------------------------------------------- the server

CPU_GROUPS = {"gunicorn": "gunicorn", "postgres": "PostgreSQL", "self": "bộ tạo tải", "other": "tiến trình khác"}


def cpu_snapshot(server_pid: int) -> dict:
    """CPU seconds used so far on this machine (Linux /proc): the machine's busy time, and each process's with its
    group: the gunicorn under test, PostgreSQL (every database's), this load generator, or another."""
    tick = os.sysconf("SC_CLK_TCK")
    try:
        with open("/proc/stat") as stat:
            fields = [int(x) for x in stat.readline().split()[1:]]
    except OSError:
        return {}
    processes = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat") as stat:
                text = stat.read()
        except OSError:
            continue
        name = text[text.index("(") + 1 : text.rindex(")")]
        rest = text[text.rindex(")") + 2 :].split()
        if int(entry) == os.getpid():
            group = "self"
        elif int(rest[2]) == server_pid:  # its process group: the master and its workers
            group = "gunicorn"
        elif name.startswith("postgres"):
            group = "postgres"
        else:
            continue
        processes[int(entry)] = (group, (int(rest[11]) + int(rest[12])) / tick)  # utime + stime
    return {"busy": (sum(fields) - fields[3] - fields[4]) / tick, "processes": processes}  # but idle, iowait


def cpu_used(before: dict, after: dict) -> dict[str, float]:
    """CPU seconds between two snapshots by group; "other" is the rest of the machine's busy time (the machine may
    be shared: what others take is not the app's)."""
    if not before or not after:
        return {}
    groups = {"gunicorn": 0.0, "postgres": 0.0, "self": 0.0}
    for pid, (group, used) in after["processes"].items():
        earlier = before["processes"].get(pid)
        groups[group] += used - (earlier[1] if earlier and earlier[0] == group else 0.0)
    groups["other"] = max(0.0, after["busy"] - before["busy"] - sum(groups.values()))
    return groups


def cpu_text(cpu: dict[str, float], duration: float, requests: int) -> str:
    """Who used the machine during a phase, and what a request cost gunicorn: the cost does not depend on what else
    runs, and bounds the throughput of the machine's cores given to the app alone."""
    if not cpu:
        return ""
    cores = os.cpu_count() or 1
    parts = ", ".join(f"{CPU_GROUPS[k]} {v:.0f}" for k, v in cpu.items())
    text = f"CPU (giây, trên {duration * cores:.0f} giây-nhân có): {parts}."
    if requests and cpu.get("gunicorn"):
        each = cpu["gunicorn"] / requests * 1000
        text += f" gunicorn: {each:.0f} ms CPU mỗi yêu cầu (≤ {cores * 1000 / each:.0f} yêu cầu/s trên {cores} nhân)."
    if cpu.get("other", 0) > 0.25 * duration * cores:
        text += " Cảnh báo: máy đang bận việc khác, số đo chậm hơn thực tế."
    return text


def _terminate(signum, frame):
    raise SystemExit(f"Dừng theo tín hiệu {signum}.")


def _die_with_parent() -> None:
    """In the child before gunicorn starts (Linux): gunicorn is sent TERM if this process dies, even by KILL."""
    try:
        import ctypes

        ctypes.CDLL("libc.so.6", use_errno=True).prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG
    except (OSError, AttributeError):
        pass


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def start_gunicorn(port: int, workers: int, log_path: Path) -> subprocess.Popen:
    """gunicorn as `make serve` runs it (gender_plan/gunicorn_conf.py), on 127.0.0.1 only, DEBUG off, plain http."""
    env = os.environ | {
        "DEBUG": "false",
        "HOST": f"127.0.0.1:{port}",
        "WEB_CONCURRENCY": str(workers),
        "ALLOWED_HOSTS": "127.0.0.1",
        "SECURE_SSL_REDIRECT": "false",
        "SECRET_KEY": os.environ.get("SECRET_KEY") or "loadtest-only-not-a-secret-0123456789abcdef012345",
    }
    gunicorn = Path(sys.executable).with_name("gunicorn")
    log = log_path.open("w")
    return subprocess.Popen(
        [str(gunicorn), "--config", "gender_plan/gunicorn_conf.py", "gender_plan.wsgi"],
        cwd=settings.BASE_DIR,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,  # its own process group: stopped with every worker, whatever happens here
        preexec_fn=_die_with_parent,
    )


def wait_until_up(port: int, server: subprocess.Popen, seconds: float = 60) -> None:
    import http.client

    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise CommandError(f"gunicorn dừng ngay khi khởi động (mã {server.returncode}); xem nhật ký.")
        try:
            probe = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
            probe.request("GET", "/login/", headers={"Host": "127.0.0.1"})
            if probe.getresponse().status == 200:
                return
        except OSError:
            pass
        time.sleep(0.3)
    raise CommandError("gunicorn không trả lời sau 60 s.")


def stop(server: subprocess.Popen) -> None:
    """Stop gunicorn and its workers: TERM to its process group, KILL if it lingers."""
    if server.poll() is not None:
        return
    try:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=40)
    except subprocess.TimeoutExpired:
        os.killpg(server.pid, signal.SIGKILL)
        server.wait()
    except ProcessLookupError:
        pass
