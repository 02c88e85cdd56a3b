"""What an import of a workbook says it did (or, in a dry run, would do): every change as a line, counted by thing
and action. The plan and activities workbooks say it alike."""

from collections import Counter
from dataclasses import dataclass, field

CREATED, UPDATED, DELETED = "tạo mới", "cập nhật", "xóa"
DRY_RUN_HEAD = "Chạy thử (không ghi gì vào cơ sở dữ liệu)"


@dataclass(kw_only=True)
class ImportChanges:
    """The changes of an import; `THINGS` are the things it counts, in the order the summary lists them."""

    THINGS = ()

    changes: list[str] = field(default_factory=list)
    counts: Counter = field(default_factory=Counter)
    warnings: list[str] = field(default_factory=list)

    def record(self, thing: str, action: str, detail: str) -> None:
        self.counts[(thing, action)] += 1
        self.changes.append(f"{action.capitalize()} {thing} {detail}")

    @property
    def has_changes(self) -> bool:
        return bool(self.changes)

    def count_lines(self) -> list[str]:
        """`Chỉ tiêu: 3 tạo mới, 1 cập nhật`, a line per thing that changed."""
        lines = []
        for thing in self.THINGS:
            parts = [
                f"{self.counts[(thing, action)]} {action}"
                for action in (CREATED, UPDATED, DELETED)
                if self.counts[(thing, action)]
            ]
            if parts:
                lines.append(f"{thing.capitalize()}: " + ", ".join(parts))
        return lines
