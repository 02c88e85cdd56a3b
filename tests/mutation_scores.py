"""Mutation scores per module after `mutmut run` (README, "Mutation testing"): `python -m tests.mutation_scores`.

Killed (and timed out) mutants over all mutants of each mutated module; a mutant no test reached counts as a
survivor. Not a test: it reads mutmut's results in mutants/.
"""

import json
import sys
from collections import Counter
from pathlib import Path

from mutmut.stats import status_by_exit_code

CAUGHT = ("killed", "timeout", "caught by type check")


def main() -> int:
    metas = sorted(Path("mutants").rglob("*.py.meta"))
    if not metas:
        print("Chưa có kết quả: chạy `mutmut run` trước.", file=sys.stderr)
        return 1
    for meta in metas:
        exit_codes = json.loads(meta.read_text())["exit_code_by_key"].values()
        statuses = Counter(status_by_exit_code[code] for code in exit_codes)
        total, caught = sum(statuses.values()), sum(statuses[s] for s in CAUGHT)
        module = meta.relative_to("mutants").as_posix().removesuffix(".meta")
        print(f"{module:24} {caught:4}/{total:4} {100 * caught / max(total, 1):6.1f} %   {dict(statuses)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
