"""Every page a person reads, as each role reads it on the demo data, says periods in words ("6 tháng đầu năm 2024",
never `2024S1`) and carries none of Django's English ("Add", "Show counts", "History" …).

The demo is loaded once for the module and rolled back afterwards. Each role starts from the pages of its week
and follows the links it finds there, one page of each kind (the same path with other ids or other values in the
query string is the same kind), so a page added later and linked from anywhere is read too. Only the text a person
sees counts: tags, scripts, styles and attribute values (form field names, links) are left out."""

import re
from dataclasses import dataclass, field
from html.parser import HTMLParser
from io import StringIO
from urllib.parse import parse_qsl, urlencode, urlsplit

import pytest
from django.core.management import call_command
from django.db import transaction
from django.test import Client

from indicators.models import ActivityReport, DataValue, Indicator
from plans.models import Plan, User
from tests.reports.test_report_documents import assert_test_database

PERIOD_CODE = re.compile(r"\b(?:19|20)\d\dS1\b")
# Django's interface in English, as whole words with their capital (Vietnamese never writes these).
ENGLISH = [
    "Action",
    "Actions",
    "Add",
    "All",
    "Cancel",
    "Change",
    "Change password",
    "Choose",
    "Clear all filters",
    "Close",
    "Date",
    "Delete",
    "Documentation",
    "Export",
    "Filter",
    "Go",
    "Hide counts",
    "History",
    "Home",
    "Import",
    "Log out",
    "Next",
    "No",
    "None",
    "Now",
    "Page",
    "Previous",
    "Recent actions",
    "Remove",
    "Save",
    "Save and add another",
    "Save and continue editing",
    "Search",
    "Select",
    "Show counts",
    "Submit",
    "Time",
    "Today",
    "Unknown",
    "View",
    "View site",
    "Welcome",
    "Yes",
]
ENGLISH_WORDS = re.compile(
    r"(?<![\w-])(?:" + "|".join(re.escape(w) for w in sorted(ENGLISH, key=len, reverse=True)) + r")(?![\w-])"
)

# Never followed: they change something, end the session, or are not pages.
SKIPPED = re.compile(
    r"/logout/|/delete/|/password/|/active/|\.xlsx|\.json|/report/(?!$)|/evidence/|/admin/r/|/admin/jsi18n/"
    r"|/autocomplete/|/export/|/import/|/api/|/static/|/media/|/carry-forward/"
)
PAGES_PER_ROLE = 150


class VisibleText(HTMLParser):
    """The text a person reads: no tags, no attribute values, nothing inside <script> or <style>."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.parts, self.links, self._hidden = [], [], 0

    def handle_starttag(self, tag, attrs):
        if tag in ("script", "style", "template"):
            self._hidden += 1
        if tag == "a":
            href = dict(attrs).get("href")
            if href:
                self.links.append(href)

    def handle_endtag(self, tag):
        if tag in ("script", "style", "template") and self._hidden:
            self._hidden -= 1

    def handle_data(self, data):
        if not self._hidden:
            self.parts.append(data)

    @property
    def text(self) -> str:
        return " ".join(" ".join(self.parts).split())


def page_kind(url: str) -> str:
    """The same page with other ids or other query values is the same kind of page."""
    parts = urlsplit(url)
    path = re.sub(r"/(?:19|20)\d\d(?:S1)?/", "/P/", parts.path)
    path = re.sub(r"/\d+/", "/N/", path)
    if not path.startswith("/admin/"):  # a plan's or an indicator's code; the admin's models keep their names
        path = re.sub(r"/(plans|indicators)/[^/]+/", r"/\1/X/", path)
    keys = sorted({key for key, _ in parse_qsl(parts.query)} - {"page", "o", "p"})
    return path + ("?" + "&".join(keys) if keys else "")


@dataclass
class Finding:
    url: str
    words: list = field(default_factory=list)


def crawl(client: Client, seeds: list[str]) -> tuple[list[Finding], int]:
    queue, kinds, seen, findings, read = list(seeds), set(), set(), [], 0
    while queue and read < PAGES_PER_ROLE:
        url = queue.pop(0)
        kind = page_kind(url)
        if url in seen or (kind in kinds and url not in seeds):
            continue
        seen.add(url)
        kinds.add(kind)
        response = client.get(url)
        if response.status_code != 200 or not response.get("Content-Type", "").startswith("text/html"):
            assert response.status_code in (200, 302, 403, 404), (url, response.status_code)
            continue
        read += 1
        parser = VisibleText()
        parser.feed(response.content.decode())
        words = sorted(set(PERIOD_CODE.findall(parser.text)) | set(ENGLISH_WORDS.findall(parser.text)))
        if words:
            findings.append(Finding(url, words))
        for href in parser.links:
            parts = urlsplit(href)
            if parts.scheme or parts.netloc or not parts.path.startswith("/") or SKIPPED.search(parts.path):
                continue
            query = urlencode([(k, v) for k, v in parse_qsl(parts.query) if k not in ("_changelist_filters",)])
            queue.append(parts.path + ("?" + query if query else ""))
    return findings, read


def seeds_for(username: str) -> list[str]:
    bac_yen = Plan.objects.get(code="BACYEN-2021-2025")
    son_la = Plan.objects.get(code="SONLA-2026-2030")
    hon_quan = Plan.objects.get(code="HONQUAN-2021-2030")
    commune = User.objects.get(username="baocao.xabacyen").unit
    value = DataValue.objects.filter(indicator__plan=bac_yen, period__code="2024").order_by("pk").first()
    indicator = Indicator.objects.filter(plan=bac_yen).order_by("position").first()
    pages = {
        "reader": [
            "/plans/",
            f"/plans/{bac_yen.code}/dashboard/",
            f"/plans/{bac_yen.code}/dashboard/?period=2024S1",
            f"/plans/{son_la.code}/dashboard/?period=2026S1",
            f"/plans/{son_la.code}/dashboard/?period=2026S1&unit={commune.pk}",
            f"/plans/{bac_yen.code}/indicators/{indicator.code}/",
            f"/plans/{bac_yen.code}/periods/2024/review/",
            f"/plans/{bac_yen.code}/periods/2024/completeness/",
            f"/plans/{son_la.code}/periods/2026S1/completeness/",
            f"/plans/{bac_yen.code}/report/?period=2024S1",
            f"/plans/{bac_yen.code}/report/?period=2025&final=1",
            f"/plans/{hon_quan.code}/periods/2024/activities/",
            f"/values/{value.pk}/history/",
        ],
        "coordinator": [
            f"/plans/{bac_yen.code}/periods/2025/entry/",
            f"/plans/{bac_yen.code}/periods/2025/upload/",
            "/accounts/reporters/",
            "/admin/",
        ],
        "reporter": ["/reporting/", f"/plans/{bac_yen.code}/periods/2025/entry/", f"/values/{value.pk}/history/"],
        "commune": ["/reporting/", f"/plans/{son_la.code}/periods/2026/entry/"],
    }
    admin_pages = ["/admin/"]
    for model in ("plans/plan", "plans/agency", "plans/administrativeunit", "plans/user", "plans/goal"):
        admin_pages += [f"/admin/{model}/", f"/admin/{model}/add/"]
    for model in ("indicator", "datavalue", "periodreopening", "workplan", "activity", "activityreport"):
        admin_pages += [f"/admin/indicators/{model}/", f"/admin/indicators/{model}/add/"]
    admin_pages += [
        f"/admin/plans/plan/{bac_yen.pk}/change/",
        f"/admin/plans/plan/{bac_yen.pk}/history/",
        f"/admin/indicators/indicator/{indicator.pk}/change/",
        "/admin/reports/letterhead/",
        "/admin/reports/letterhead/add/",
    ]
    report = ActivityReport.objects.order_by("pk").first()
    return {
        "quantri": pages["reader"] + pages["coordinator"] + admin_pages + ["/admin/reports/apitoken/"],
        "dieuphoi": pages["reader"] + pages["coordinator"] + admin_pages,
        "dieuphoi.honquan": [f"/plans/{hon_quan.code}/periods/2024/activities/", f"/activities/reports/{report.pk}/"],
        "lanhdao": pages["reader"],
        "baocao.noivu": pages["reporter"],
        "baocao.honquan.ldtbxh": ["/reporting/", f"/plans/{hon_quan.code}/periods/2024/activities/"],
        "baocao.xabacyen": pages["commune"],
    }[username]


USERS = [
    "quantri",
    "dieuphoi",
    "dieuphoi.honquan",
    "lanhdao",
    "baocao.noivu",
    "baocao.honquan.ldtbxh",
    "baocao.xabacyen",
]


@pytest.fixture(scope="module")
def crawled(django_db_setup, django_db_blocker) -> dict[str, tuple[list[Finding], int]]:
    with django_db_blocker.unblock(), transaction.atomic():
        assert_test_database()
        call_command("load_demo", "--allow-production", stdout=StringIO())
        result = {}
        for username in USERS:
            client = Client()
            client.force_login(User.objects.get(username=username))
            result[username] = crawl(client, seeds_for(username))
        transaction.set_rollback(True)
    return result


@pytest.mark.django_db
@pytest.mark.parametrize("username", USERS)
def test_every_page_says_periods_in_words_and_no_english(crawled, username):
    findings, read = crawled[username]
    assert read >= 8
    assert not findings, "\n".join(f"{f.url}: {', '.join(f.words)}" for f in findings)


def test_the_text_is_what_a_person_reads():
    parser = VisibleText()
    parser.feed(
        '<p title="Add">Kỳ <b>6 tháng đầu năm 2024</b></p><input name="2024S1" value="Save">'
        "<script>var Add = 1</script><style>.Go{}</style><a href='/x/?period=2024S1'>Năm 2024</a>"
    )
    assert parser.text == "Kỳ 6 tháng đầu năm 2024 Năm 2024"
    assert not PERIOD_CODE.search(parser.text) and not ENGLISH_WORDS.search(parser.text)
    assert ENGLISH_WORDS.findall("Show counts · Thêm · Add") == ["Show counts", "Add"]
    assert PERIOD_CODE.findall("kỳ 2024S1, năm 2024") == ["2024S1"]
