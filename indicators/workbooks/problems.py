"""What is wrong with a workbook, said where it is: the sheet, the Excel row number the user sees, the column."""

from dataclasses import dataclass

from django.conf import settings


@dataclass(frozen=True)
class Problem:
    message: str
    sheet: str = ""
    row: int | None = None
    column: str = ""

    def __str__(self) -> str:
        where = []
        if self.sheet:
            where.append(f"Sheet “{self.sheet}”")
        if self.row:
            where.append(f"dòng {self.row}")
        if self.column:
            where.append(f"cột “{self.column}”")
        return (", ".join(where) + ": " if where else "") + self.message


class WorkbookInvalid(Exception):
    """The workbook cannot be imported; `problems` lists every reason."""

    def __init__(self, problems: list[Problem]):
        self.problems = problems
        super().__init__("\n".join(str(problem) for problem in problems))


def shown(text, limit: int = 60) -> str:
    """Cell text as a message quotes it: a very long text is cut, so one cell cannot flood a page of problems."""
    text = str(text)
    return text if len(text) <= limit else text[:limit].rstrip() + "…"


def vn_count(number: int) -> str:
    """`100000` → `100.000`, as Vietnamese messages write counts."""
    return f"{number:,}".replace(",", ".")


def vn_size(size: int) -> str:
    """A size in bytes as a person reads it: `5 MB`, `512 KB`."""
    if size >= 1024 * 1024:
        megabytes = size / (1024 * 1024)
        return f"{megabytes:.0f} MB" if megabytes >= 10 else f"{megabytes:.1f} MB".replace(".", ",")
    return f"{max(size // 1024, 1)} KB"


def listed(problems: list[Problem]) -> list[Problem]:
    """The problems a page or a command lists: all of them up to settings.WORKBOOK_MAX_PROBLEMS, then how many more
    (a file wrong on each of 100.000 rows must not make a page of 100.000 lines)."""
    limit = settings.WORKBOOK_MAX_PROBLEMS
    if len(problems) <= limit:
        return list(problems)
    more = vn_count(len(problems) - limit)
    return list(problems[:limit]) + [Problem(f"còn {more} lỗi khác chưa liệt kê; hãy sửa các lỗi trên rồi nhập lại.")]
