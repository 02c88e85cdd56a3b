"""The Word report printed, page by page: LibreOffice converts it to PDF and every page must carry body text (no
blank page before the annex, whatever the length), the annex on landscape pages.

Slow (LibreOffice takes about a second a document) and needs `soffice` and poppler's `pdftotext`/`pdfinfo`, so it
is left out of the suite: run it with `pytest -m pdf`. The suite checks the same rules on the document's structure
(test_report_documents.py)."""

import shutil
import subprocess

import pytest
from django.db import transaction

from reports.builders.docx import build_docx
from reports.content import build_report_content
from tests.reports.report_plans import report_plan
from tests.reports.test_report_documents import assert_test_database, demo_plan

pytestmark = [
    pytest.mark.pdf,
    pytest.mark.django_db,  # without it pytest-django creates no test database for a session of these tests alone
    pytest.mark.skipif(
        not all(shutil.which(tool) for tool in ("soffice", "pdftotext", "pdfinfo")),
        reason="needs LibreOffice (soffice) and poppler-utils",
    ),
]


def to_pdf(paths, folder):
    subprocess.run(
        ["soffice", "--headless", "--convert-to", "pdf", "--outdir", str(folder), *map(str, paths)],
        check=True,
        capture_output=True,
        timeout=600,
    )
    return [folder / (path.stem + ".pdf") for path in paths]


def pages_of(pdf) -> list[tuple[str, bool]]:
    """(text without the page number, is landscape) for every page."""
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout
    count = int(next(line.split()[-1] for line in info.splitlines() if line.startswith("Pages:")))
    pages = []
    for page in range(1, count + 1):
        text = subprocess.run(
            ["pdftotext", "-layout", "-f", str(page), "-l", str(page), str(pdf), "-"],
            capture_output=True,
            text=True,
            check=True,
        ).stdout
        size = subprocess.run(
            ["pdfinfo", "-f", str(page), "-l", str(page), str(pdf)], capture_output=True, text=True, check=True
        ).stdout
        width, height = next(
            (float(line.split()[3]), float(line.split()[5])) for line in size.splitlines() if " size:" in line
        )
        body = "\n".join(line for line in text.splitlines() if line.strip() and not line.strip().isdigit())
        pages.append((body, width > height))
    return pages


@pytest.fixture(scope="module")
def documents(django_db_setup, django_db_blocker, tmp_path_factory):
    """Word reports of several lengths: 3, 20 (Bắc Yên) and 64 indicators, and the 3-indicator one with its
    section VI grown line by line, so that the signature falls at every height of its page."""
    folder = tmp_path_factory.mktemp("reports")
    paths = []
    with django_db_blocker.unblock(), transaction.atomic():
        assert_test_database()
        plans = {"demo": demo_plan(), "long": report_plan(64, code="DAI"), "short": report_plan(3, code="NGAN")}
        for name, code, final in [
            ("short", "2024S1", False),
            ("demo", "2024S1", False),
            ("demo", "2024", False),
            ("demo", "2025", True),
            ("long", "2024", False),
            ("long", "2025", True),
        ]:
            plan = plans[name]
            content = build_report_content(plan, plan.periods.get(code=code), is_final=final)
            path = folder / f"{name}-{code}{'-final' if final else ''}.docx"
            path.write_bytes(build_docx(content))
            paths.append(path)
        short = plans["short"]
        content = build_report_content(short, short.periods.get(code="2024"))
        for lines in range(0, 48, 1):
            content.narrative.recommendations = "\n".join(f"Kiến nghị thứ {k + 1} gửi cấp trên." for k in range(lines))
            path = folder / f"grown-{lines:02d}.docx"
            path.write_bytes(build_docx(content))
            paths.append(path)
        transaction.set_rollback(True)
    return {pdf.stem: pages_of(pdf) for pdf in to_pdf(paths, folder)}


def test_no_page_without_body_text_whatever_the_length(documents):
    blank = {name: [n + 1 for n, (text, _) in enumerate(pages) if not text] for name, pages in documents.items()}
    assert not {name: numbers for name, numbers in blank.items() if numbers}
    assert len({len(pages) for name, pages in documents.items() if name.startswith("grown-")}) >= 2  # pages grew


@pytest.mark.parametrize(
    ("name", "least", "most"),
    [
        ("short-2024S1", 3, 5),
        ("demo-2024S1", 7, 11),
        ("demo-2024", 7, 11),
        ("demo-2025-final", 7, 12),
        ("long-2024", 16, 26),
        ("long-2025-final", 16, 28),
    ],
)
def test_page_counts_and_a_landscape_annex(documents, name, least, most):
    pages = documents[name]
    assert least <= len(pages) <= most
    annex_from = next(n for n, (text, _) in enumerate(pages) if "PHỤ LỤC" in text)
    assert [landscape for _, landscape in pages] == [False] * annex_from + [True] * (len(pages) - annex_from)
    assert "Nơi nhận:" in pages[annex_from - 1][0]  # the signature ends the text, right before the annex
    # the header row repeats on every page of the table (a last page may hold only the legend under it)
    assert all("STT" in text or text.strip().startswith("Cách đánh giá") for text, _ in pages[annex_from:])
