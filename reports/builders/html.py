"""The report as HTML: the same content in the browser, printable on A4 (the print stylesheet)."""

from pathlib import Path

from django.contrib.staticfiles import finders
from django.template.loader import render_to_string

from reports.builders.annex import annex_headers, annex_row
from reports.content import ReportContent, section_text

REPORT_STYLESHEET = "css/report.css"
SECTIONS = ("direction", "shortcomings", "tasks", "recommendations")


def report_context(content: ReportContent) -> dict:
    return {
        "content": content,
        "sections": {name: section_text(content, name) for name in SECTIONS},
        "annex_headers": annex_headers(content),
        "annex_goals": [(goal, [(line, annex_row(content, line)) for line in goal.lines]) for goal in content.goals],
        "recipients": [line.strip() for line in content.letterhead.recipients.splitlines() if line.strip()],
        "authority": [line.strip() for line in content.letterhead.authority.splitlines() if line.strip()],
        "issuer_lines": content.letterhead.issuer.upper().splitlines(),
    }


def build_html(content: ReportContent) -> str:
    """A standalone HTML document (for `build_report --format html`), its stylesheet inside: the browser preview
    links the same file (static/css/report.css)."""
    stylesheet = Path(finders.find(REPORT_STYLESHEET)).read_text(encoding="utf-8")
    return render_to_string("reports/report_document.html", report_context(content) | {"report_css": stylesheet})
