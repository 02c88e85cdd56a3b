"""The load generator of `manage.py loadtest` (README, "Load test"): reporters and leaders as threads, each with its
own session, talking HTTP to one gunicorn on 127.0.0.1; then the numbers per endpoint and the integrity check.

Only the standard library (http.client, threads), so nothing is installed for it. Everything here but `Browser` and
the two user loops is pure, and tested (tests/reports/test_loadtest.py); the command does the Django side.
"""

import http.client
import math
import random
import re
import threading
import time
from dataclasses import dataclass, field
from html.parser import HTMLParser
from urllib.parse import urlencode, urlsplit

LOGIN = "đăng nhập"
ENTRY = "mở biểu nhập liệu"
SAVE = "lưu nháp"
SUBMIT = "gửi duyệt"
DASHBOARD = "bảng điều khiển"
ENDPOINTS = [LOGIN, ENTRY, SAVE, SUBMIT, DASHBOARD]


# ---------------------------------------------------------------- numbers


def percentile(samples: list[float], percent: float) -> float | None:
    """The nearest-rank percentile: the smallest sample with at least `percent` % of the samples at or below it."""
    if not samples:
        return None
    ordered = sorted(samples)
    rank = max(1, math.ceil(percent / 100 * len(ordered)))
    return ordered[rank - 1]


@dataclass
class Sample:
    endpoint: str
    seconds: float
    ok: bool
    detail: str = ""


@dataclass
class Row:
    endpoint: str
    requests: int
    per_second: float
    p50_ms: float | None
    p95_ms: float | None
    p99_ms: float | None
    errors: int


def summarise(samples: list[Sample], duration: float) -> list[Row]:
    """Requests per second, p50/p95/p99 (milliseconds) and errors of each endpoint, then of all together."""
    rows = []
    groups = [(name, [s for s in samples if s.endpoint == name]) for name in ENDPOINTS]
    groups.append(("tất cả", samples))
    for name, group in groups:
        if not group:
            continue
        times = [s.seconds * 1000 for s in group]
        rows.append(
            Row(
                endpoint=name,
                requests=len(group),
                per_second=len(group) / duration if duration > 0 else 0.0,
                p50_ms=percentile(times, 50),
                p95_ms=percentile(times, 95),
                p99_ms=percentile(times, 99),
                errors=sum(1 for s in group if not s.ok),
            )
        )
    return rows


def table(rows: list[Row]) -> str:
    """A Markdown table, as the README shows it."""

    def ms(value):
        return "" if value is None else f"{value:.0f}"

    lines = [
        "| endpoint | requests | req/s | p50 ms | p95 ms | p99 ms | errors |",
        "|---|---:|---:|---:|---:|---:|---:|",
    ]
    for row in rows:
        lines.append(
            f"| {row.endpoint} | {row.requests} | {row.per_second:.1f} | {ms(row.p50_ms)} | {ms(row.p95_ms)} | "
            f"{ms(row.p99_ms)} | {row.errors} |"
        )
    return "\n".join(lines)


def target_missed(rows: list[Row], *, p95_ms: float, exempt: tuple[str, ...] = (LOGIN,)) -> list[str]:
    """Why the run with think time misses its target (p95 ≤ p95_ms on every endpoint but the exempt ones, and no
    error anywhere); empty when it meets it."""
    problems = [] if rows else ["không có yêu cầu nào"]
    for row in rows:
        if row.errors:
            problems.append(f"{row.endpoint}: {row.errors} lỗi")
        if row.endpoint not in exempt and row.endpoint != "tất cả" and (row.p95_ms or 0) > p95_ms:
            problems.append(f"{row.endpoint}: p95 {row.p95_ms:.0f} ms > {p95_ms:.0f} ms")
    return problems


# ---------------------------------------------------------------- integrity


@dataclass(frozen=True)
class Save:
    """A save the server accepted: the figures (indicator id → the fields sent) of one unit, in the order sent."""

    user_id: int
    unit_id: int
    figures: dict  # indicator id → {"value_number": "12"} or {"numerator": "3", "denominator": "40"}
    submitted: bool


def expected_figures(saves: list[Save]) -> tuple[dict, dict]:
    """What the database must hold after the saves: the last fields sent for each (indicator, unit), and how many
    accepted saves changed it (each save sends a new number, so each must have left one audit row)."""
    last, counts = {}, {}
    for save in saves:
        for indicator_id, fields in save.figures.items():
            key = (indicator_id, save.unit_id)
            last[key] = (fields, save.submitted)
            counts[key] = counts.get(key, 0) + 1
    return last, counts


def integrity_problems(saves: list[Save], stored: dict, audits: dict, duplicates: list) -> list[str]:
    """Compare the accepted saves with the database.

    `stored`: (indicator id, unit id) → {"status": …, field: "number as text", …} of the figures in the database;
    `audits`: (indicator id, unit id) → how many audit rows the load test's users left on it;
    `duplicates`: (indicator id, unit id, period id) keys held by more than one row.
    """
    problems = [f"số liệu trùng: chỉ tiêu {i}, địa bàn {u}, kỳ {p}" for i, u, p in duplicates]
    last, counts = expected_figures(saves)
    for key, (fields, submitted) in sorted(last.items()):
        row = stored.get(key)
        if row is None:
            problems.append(f"mất số liệu: chỉ tiêu {key[0]}, địa bàn {key[1]}")
            continue
        for name, sent in fields.items():
            if _number(row.get(name)) != _number(sent):
                problems.append(f"sai số liệu: chỉ tiêu {key[0]}, địa bàn {key[1]}: {name} {row.get(name)} ≠ {sent}")
        if submitted and row.get("status") != "submitted":
            problems.append(f"sai trạng thái: chỉ tiêu {key[0]}, địa bàn {key[1]}: {row.get('status')}")
        if audits.get(key, 0) != counts[key]:
            problems.append(
                f"lịch sử: chỉ tiêu {key[0]}, địa bàn {key[1]}: {audits.get(key, 0)} dòng cho {counts[key]} lần lưu"
            )
    for key in sorted(set(audits) - set(last)):
        problems.append(f"lịch sử thừa: chỉ tiêu {key[0]}, địa bàn {key[1]}: {audits[key]} dòng, không lần lưu nào")
    return problems


def _number(text) -> str | None:
    """'12', '12.0000', 12 → '12': numbers compared as numbers written plainly."""
    if text is None or text == "":
        return None
    value = f"{float(text):.4f}".rstrip("0").rstrip(".")
    return value


# ---------------------------------------------------------------- the entry form


class _FormReader(HTMLParser):
    """The inputs of the page's POST form: name → value, and which rows are editable."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.inputs: dict[str, str] = {}
        self.in_post_form = False
        self._textarea: str | None = None

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if tag == "form":
            self.in_post_form = (attributes.get("method") or "").lower() == "post"
        elif self.in_post_form and tag == "input" and attributes.get("name"):
            if attributes.get("type") not in ("submit", "button", "checkbox", "radio") and "disabled" not in attributes:
                self.inputs[attributes["name"]] = attributes.get("value") or ""
        elif self.in_post_form and tag == "textarea" and attributes.get("name") and "disabled" not in attributes:
            self._textarea = attributes["name"]
            self.inputs[self._textarea] = ""

    def handle_data(self, data):
        if self._textarea:
            self.inputs[self._textarea] += data

    def handle_endtag(self, tag):
        if tag == "form":
            self.in_post_form = False
        elif tag == "textarea":
            self._textarea = None


def read_form(html: str) -> dict[str, str]:
    reader = _FormReader()
    reader.feed(html)
    return reader.inputs


ROW = re.compile(r"^r(\d+)-version$")


def entry_rows(inputs: dict[str, str]) -> dict[int, dict[str, str]]:
    """Indicator id → its row's inputs (value, numerator, denominator, note, version) for the editable rows."""
    rows = {}
    for name in inputs:
        match = ROW.match(name)
        if match and f"r{match.group(1)}-value" in inputs:
            prefix = f"r{match.group(1)}-"
            rows[int(match.group(1))] = {
                key[len(prefix) :]: value for key, value in inputs.items() if key.startswith(prefix)
            }
    return rows


def new_figures(row: dict[str, str], rng: random.Random) -> dict[str, str]:
    """New numbers for a row, always different from those it shows: a count, or a numerator over a denominator."""
    if "numerator" in row:
        denominator = rng.randint(50, 400)
        numerator = rng.randint(0, denominator)
        while str(numerator) == row.get("numerator") and str(denominator) == row.get("denominator"):
            numerator = (numerator + 1) % (denominator + 1)
        return {"value": "", "numerator": str(numerator), "denominator": str(denominator)}
    value = rng.randint(0, 5000)
    while str(value) == row.get("value"):
        value = rng.randint(0, 5000)
    return {"value": str(value)}


def plan_save(inputs: dict[str, str], rng: random.Random, *, user_id: int) -> tuple[dict, Save] | None:
    """What a reporter posts from the entry form whose inputs are given: 1–4 of its editable rows with new numbers,
    saved as a draft or, one time in four, submitted; and the Save to check afterwards. None: nothing editable."""
    rows = entry_rows(inputs)
    if not rows:
        return None
    chosen = rng.sample(sorted(rows), k=min(len(rows), rng.randint(1, 4)))
    submit = rng.random() < 0.25
    form = {"csrfmiddlewaretoken": inputs.get("csrfmiddlewaretoken", ""), "unit": inputs.get("unit", "")}
    figures = {}
    for indicator_id in chosen:
        row = rows[indicator_id]
        sent = new_figures(row, rng)
        form |= {f"r{indicator_id}-{name}": value for name, value in (row | sent).items()}
        figures[indicator_id] = {"value_number" if k == "value" else k: v for k, v in sent.items() if v}
    form["submit" if submit else "draft"] = "1"
    save = Save(user_id=user_id, unit_id=int(inputs.get("unit") or 0), figures=figures, submitted=submit)
    return form, save


# ---------------------------------------------------------------- HTTP


class RequestFailed(Exception):
    pass


class Browser:
    """One user's session: cookies, the CSRF token, one connection at a time to 127.0.0.1 only."""

    def __init__(self, port: int, username: str, password: str, *, record=None, timeout: float = 60):
        self.port = port
        self.username = username
        self.password = password
        self.form: dict[str, str] | None = None  # the inputs of the entry form last opened
        self.cookies: dict[str, str] = {}
        self.record = record
        self.timeout = timeout

    def request(self, endpoint: str, method: str, path: str, form: dict | None = None, expect=(200,)):
        """One request; returns (status, location, body). Recorded as `endpoint`; a status not expected is an
        error (recorded, then raised)."""
        body = urlencode(form).encode() if form is not None else None
        headers = {"Host": "127.0.0.1", "Connection": "close"}
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        if body is not None:
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        started = time.perf_counter()
        try:
            connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=self.timeout)
            try:
                connection.request(method, path, body=body, headers=headers)
                response = connection.getresponse()
                content = response.read()
                status, location = response.status, response.getheader("Location", "")
                for header, value in response.getheaders():
                    if header.lower() == "set-cookie":
                        name, _, rest = value.partition("=")
                        self.cookies[name.strip()] = rest.split(";", 1)[0]
            finally:
                connection.close()
        except OSError as error:
            self.record(Sample(endpoint, time.perf_counter() - started, False, f"{method} {path}: {error}"))
            raise RequestFailed(str(error)) from error
        seconds = time.perf_counter() - started
        ok = status in expect
        self.record(Sample(endpoint, seconds, ok, "" if ok else f"{method} {path}: {status}"))
        if not ok:
            raise RequestFailed(f"{method} {path}: {status}")
        return status, location, content.decode("utf-8", "replace")

    def login(self) -> None:
        _, _, page = self.request(LOGIN, "GET", "/login/")
        token = read_form(page).get("csrfmiddlewaretoken", "")
        form = {"csrfmiddlewaretoken": token, "username": self.username, "password": self.password}
        self.request(LOGIN, "POST", "/login/", form, expect=(302,))


@dataclass
class Phase:
    """One run: until when, and the think time between a user's actions (0: none)."""

    name: str
    seconds: float
    think: tuple[float, float]
    samples: list[Sample] = field(default_factory=list)
    saves: list[Save] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)
    ends_at: float = 0.0
    cpu: dict = field(default_factory=dict)  # CPU seconds by whom, filled in by the command

    def record(self, sample: Sample) -> None:
        with self.lock:
            self.samples.append(sample)

    def saved(self, save: Save) -> None:
        with self.lock:
            self.saves.append(save)

    def pause(self, rng: random.Random) -> bool:
        """Think, then say whether there is time for another action."""
        low, high = self.think
        if high > 0:
            time.sleep(max(0.0, min(rng.uniform(low, high), self.ends_at - time.monotonic())))
        return time.monotonic() < self.ends_at


def arrive(
    browser: Browser, phase: "Phase", *, rng: random.Random, entry_path: str = "", dashboard_path: str = "", **_
) -> None:
    """A user arrives: logs in once with the right password (django-axes counts only failures, so 55 users logging
    in from one address lock nobody out) and opens their first page: a reporter the entry form, a leader the
    dashboard (the first opening judges the drill-down, reports.drilldown; the later ones read what was kept)."""
    try:
        browser.login()
        if entry_path:
            _, _, page = browser.request(ENTRY, "GET", entry_path)
            browser.form = read_form(page)
        if dashboard_path:
            browser.request(DASHBOARD, "GET", dashboard_path)
    except RequestFailed:
        pass  # recorded


def reporter_loop(browser: Browser, phase: Phase, *, user_id: int, entry_path: str, rng: random.Random) -> None:
    """On the entry form: think, change 1–4 figures, save them as a draft (or, one time in four, submit them) and
    follow the redirect back to the form (where the next change is made); again until the phase ends."""
    while phase.pause(rng):
        try:
            if not browser.form:
                _, _, page = browser.request(ENTRY, "GET", entry_path)
                browser.form = read_form(page)
            inputs, browser.form = browser.form, None
            planned = plan_save(inputs, rng, user_id=user_id)
            if planned is None:
                continue
            form, save = planned
            endpoint = SUBMIT if save.submitted else SAVE
            _, location, _ = browser.request(endpoint, "POST", entry_path, form, expect=(302,))
            phase.saved(save)
            _, _, page = browser.request(ENTRY, "GET", urlsplit(location).path or entry_path)
            browser.form = read_form(page)
        except RequestFailed:
            pass  # recorded; the user carries on


def leader_loop(browser: Browser, phase: Phase, *, dashboard_path: str, rng: random.Random) -> None:
    """Think, read the dashboard; again until the phase ends."""
    while phase.pause(rng):
        try:
            browser.request(DASHBOARD, "GET", dashboard_path)
        except RequestFailed:
            pass  # recorded; the leader carries on


def run_phase(phase: Phase, reporters: list, leaders: list, *, seed: int, arrival: bool = False) -> float:
    """Run every user's loop in a thread of its own until the phase's time is up; returns the seconds it took.
    `reporters`: (browser, user id, entry path); `leaders`: (browser, dashboard path). An arrival phase logs everyone
    in (spread over the think time) and opens each one's first page (form or dashboard), once."""
    started = time.monotonic()
    phase.ends_at = started + phase.seconds
    threads = []
    for n, (browser, user_id, path) in enumerate(reporters):
        browser.record = phase.record
        rng = random.Random(seed * 1000 + n)
        threads.append(
            threading.Thread(
                target=_staggered,
                args=(
                    phase,
                    arrive if arrival else reporter_loop,
                    browser,
                    {"user_id": user_id, "entry_path": path, "rng": rng},
                ),
                daemon=True,
            )
        )
    for n, (browser, path) in enumerate(leaders):
        browser.record = phase.record
        rng = random.Random(seed * 1000 + 500 + n)
        threads.append(
            threading.Thread(
                target=_staggered,
                args=(phase, arrive if arrival else leader_loop, browser, {"dashboard_path": path, "rng": rng}),
                daemon=True,
            )
        )
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=phase.seconds + 120)
    return time.monotonic() - started


def _staggered(phase: Phase, loop, browser: Browser, arguments: dict) -> None:
    """Users do not all arrive in the same instant: each somewhere in the arrival's time."""
    if loop is arrive and phase.think[1] > 0:
        time.sleep(arguments["rng"].uniform(0, phase.think[1]))
    loop(browser, phase, **arguments)
