"""The report as HTML: the same content in the browser, printable on A4 (the print stylesheet)."""

from pathlib import Path

from django.contrib.staticfiles import finders
from django.template.loader import render_to_string

from reports.builders.annex import annex_headers, annex_row
from reports.charts import status_counts_svg
from reports.content import ReportContent, section_text
from reports.explain import legend_sentence
from reports.statuses import STATUS_PRINT_FILLS

REPORT_STYLESHEET = "css/report.css"
SECTIONS = ("direction", "shortcomings", "tasks", "recommendations")


def report_context(content: ReportContent) -> dict:
    return {
        "content": content,
        "sections": {
            name: [line.strip() for line in section_text(content, name).splitlines() if line.strip()]
            for name in SECTIONS
        },
        "annex_headers": annex_headers(content),
        "status_column": annex_headers(content).index("Đánh giá"),
        "annex_goals": [(goal, [(line, annex_row(content, line)) for line in goal.lines]) for goal in content.goals],
        "counts": [(status, label, STATUS_PRINT_FILLS[status], count) for status, label, _, count in content.counts],
        "status_chart": status_counts_svg({status: count for status, _, _, count in content.counts}),
        "legend": legend_sentence(),
    }


CHART_STYLESHEET = "css/charts.css"


def build_html(content: ReportContent) -> str:
    """A standalone HTML document (for `build_report --format html`), its stylesheet inside: the browser preview
    links the same file (static/css/report.css)."""
    stylesheet = "\n".join(
        Path(finders.find(name)).read_text(encoding="utf-8") for name in (REPORT_STYLESHEET, CHART_STYLESHEET)
    )
    return render_to_string("reports/report_document.html", report_context(content) | {"report_css": stylesheet})
