"""What the commands share: reading an input file, writing an output file, listing a workbook's problems,
finding a plan by code. Every message is Vietnamese and names the file or the plan."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from indicators.workbooks.problems import WorkbookInvalid, listed, vn_count
from plans.history import COMMAND, acting
from plans.models import Plan, User


def read_input(file: str) -> tuple[Path, bytes]:
    path = Path(file)
    if not path.is_file():
        raise CommandError(f"Không tìm thấy tệp {path}.")
    return path, path.read_bytes()


def write_output(file: str, data: bytes) -> Path:
    path = Path(file)
    if not path.parent.is_dir():
        raise CommandError(f"Thư mục {path.parent} không tồn tại.")
    try:
        path.write_bytes(data)
    except OSError as error:
        raise CommandError(f"Không ghi được {path}: {error}") from error
    return path


def workbook_refused(path: Path, error: WorkbookInvalid) -> CommandError:
    """Every problem of a refused workbook, one a line (up to settings.WORKBOOK_MAX_PROBLEMS); nothing was written."""
    problems = listed(error.problems)
    return CommandError(
        f"Không nhập được {path.name}: {vn_count(len(error.problems))} lỗi, không có gì được ghi.\n"
        + "\n".join(f"- {problem}" for problem in problems)
    )


def plan_by_code(code: str) -> Plan:
    plan = Plan.objects.select_related("territory__parent", "parent").filter(code=code).first()
    if plan is None:
        raise CommandError(f"Không có kế hoạch mã “{code}”.")
    return plan


def add_user_argument(parser) -> None:
    parser.add_argument(
        "--user",
        metavar="TÊN_ĐĂNG_NHẬP",
        help="Người thực hiện, ghi vào lịch sử thay đổi (mặc định: tài khoản hệ thống chạy lệnh)",
    )


def acting_user(username: str | None):
    """The user a command acts as (`--user`), recorded in the audit trail; None if not given."""
    if not username:
        return None

    user = User.objects.filter(username=username, is_active=True).first()
    if user is None:
        raise CommandError(f"Không có người dùng “{username}” (đang hoạt động).")
    return user


class RecordedCommand(BaseCommand):
    """A command that writes: `--user TÊN_ĐĂNG_NHẬP` names who runs it, and every change it makes is recorded in the
    history with that user and the path “Lệnh” (plans.history). An unknown or locked user stops it before anything
    is written. Subclasses that add arguments call super().add_arguments(parser); `self.actor` is the user or None."""

    actor = None

    def add_arguments(self, parser):
        add_user_argument(parser)

    def execute(self, *args, **options):
        self.actor = acting_user(options.get("user"))
        with acting(self.actor, COMMAND):
            return super().execute(*args, **options)
