"""The roll-up rule of DESIGN.md 3, at any depth, computed in the database.

The value of a unit is its own figure if it has one, else the aggregate of its children's values, each found by
the same rule. Equivalently: the figures that count for a unit are the TOPMOST figures inside it — those with no
figure above them (up to the unit itself) for the same indicator and period — so a figure is never counted twice:
a district that entered its own figure stands for its communes. Aggregating (`rolled_value`, pure): with
numerator and denominator in every figure, sum each and recompute (× factor); `count`, the sum; anything else is
not aggregated (the figure must be entered).

`rollups_below` computes, in a fixed number of queries whatever the number of units, per indicator and period (and, for a
drill-down, per child unit): how many topmost figures, how many carry a numerator and denominator, their sums,
how many are not yet approved, and the coverage — how many of the reporting units (the leaves of the plan's tree)
those figures stand for. Each unit row carries its ancestors per level (plans.models.AdministrativeUnit), so "a
figure above this one" is three equality anti-joins against the few figures entered at units that have children.
"""

from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import ROUND_HALF_UP, Decimal

from django.db import connection

from indicators.models import DataValue, Kind, ValueStatus
from indicators.models.figures import figure_value
from plans.models import AdministrativeUnit, Plan, UnitLevel

FOUR_PLACES = Decimal("0.0001")
UNIT_TABLE = AdministrativeUnit._meta.db_table
VALUE_TABLE = DataValue._meta.db_table
ANCESTOR_COLUMNS = ("national_ancestor_id", "province_ancestor_id", "district_ancestor_id")


# ---------------------------------------------------------------- the rule (pure)


@dataclass(slots=True)  # not frozen: a drill-down builds tens of thousands, and frozen ones cost 5× to build
class Sums:
    """What the topmost figures below a unit add up to, for one indicator and period."""

    figures: int = 0
    with_fraction: int = 0
    numerator: Decimal | None = None
    denominator: Decimal | None = None
    with_number: int = 0
    value: Decimal | None = None


def rolled_value(*, kind: str, factor: Decimal, sums: Sums) -> Decimal | None:
    """The aggregate of the topmost figures (DESIGN.md 3), or None where the rule does not aggregate."""
    if not sums.figures:
        return None
    if sums.with_fraction == sums.figures:
        if not sums.denominator:
            return None
        return (Decimal(sums.numerator) / Decimal(sums.denominator) * factor).quantize(
            FOUR_PLACES, rounding=ROUND_HALF_UP
        )
    if kind == Kind.COUNT and sums.with_number == sums.figures:
        return Decimal(sums.value)
    return None


@dataclass(frozen=True)
class UnitFigure:
    value: Decimal | bool | str | None
    numerator: Decimal | None = None
    denominator: Decimal | None = None


def aggregate(*, kind: str, factor: Decimal, figures: list[UnitFigure]) -> Decimal | None:
    """The rule on figures already in hand (the units' topmost figures)."""
    fractions = [f for f in figures if f.numerator is not None and f.denominator is not None]
    numbers = [f.value for f in figures if isinstance(f.value, Decimal)]
    sums = Sums(
        figures=len(figures),
        with_fraction=len(fractions),
        numerator=sum((f.numerator for f in fractions), Decimal(0)),
        denominator=sum((f.denominator for f in fractions), Decimal(0)),
        with_number=len(numbers),
        value=sum(numbers, Decimal(0)),
    )
    return rolled_value(kind=kind, factor=factor, sums=sums)


# ---------------------------------------------------------------- in the database


@dataclass(slots=True)  # not frozen, as Sums
class Rollup:
    """The aggregate below a unit (or, in a drill-down, of one child unit) for an indicator and a period."""

    indicator_id: int
    period_id: int
    sums: Sums
    unapproved: int  # topmost figures not yet approved (only when submitted ones are included)
    covered: int  # reporting units the topmost figures stand for
    on_time: int  # of those, covered by figures first submitted by the period's deadline
    child_id: int | None = None
    own: tuple | None = None  # a drill-down child's own figure: (value_number, value_bool, value_text)


def _within_sql(unit: AdministrativeUnit, alias: str) -> tuple[str, list]:
    if unit.level == UnitLevel.COMMUNE:
        return f"{alias}.id = %s", [unit.pk]
    return f"({alias}.id = %s OR {alias}.{unit.level}_ancestor_id = %s)", [unit.pk, unit.pk]


def _valid_sql(alias: str, start: date, end: date) -> tuple[str, list]:
    return (
        f"({alias}.valid_from IS NULL OR {alias}.valid_from <= %s) "
        f"AND ({alias}.valid_until IS NULL OR {alias}.valid_until >= %s)",
        [end, start],
    )


CHILD_ANCESTOR = {UnitLevel.NATIONAL: "province_ancestor_id", UnitLevel.PROVINCE: "district_ancestor_id"}


def _child_sql(unit: AdministrativeUnit) -> str:
    """The child of `unit` that a unit below it lies in: its ancestor one level down, or itself."""
    column = CHILD_ANCESTOR.get(unit.level)
    return f"COALESCE(u.{column}, u.id)" if column else "u.id"


def _placeholders(values) -> str:
    return ", ".join(["%s"] * len(values))


def rollups_below(
    *,
    plan: Plan,
    unit: AdministrativeUnit,
    indicator_ids: list[int],
    period_ids: list[int],
    statuses: list[str],
    by_child: bool = False,
    deadlines: dict[int, datetime] | None = None,
    coverage_only: bool = False,
) -> list[Rollup]:
    """The topmost figures strictly below `unit`, aggregated per indicator and period (and per child of `unit`
    with `by_child`). `unit`'s own figure is not among them: the caller lets it win.

    `coverage_only` (completeness) asks for no sum at all, only how many figures and the reporting units they cover
    (numeric sums are most of the statement's cost).

    Two queries (three per child) whatever the number of units and figures: the first looks for figures entered at
    units that have units below them (a district that entered its own figure); when there are none — the usual
    case, every figure at a commune — the aggregate is the plain one, with no anti-join and, for the plan's
    territory, no join at all.
    """
    if not indicator_ids or not period_ids:
        return []
    query = _Query(plan, unit, indicator_ids, period_ids, statuses, deadlines, coverage_only)
    statements = query.full(by_child) if query.has_interior_figures() else query.simple(by_child)
    width = 3 if by_child else 2  # the key: indicator, period (and child)
    rollups: dict[tuple, Rollup] = {}
    # PostgreSQL hands numeric sums back as decimals already; SQLite as floats or strings.
    number = _decimal if connection.vendor == "sqlite" else _same
    with connection.cursor() as cursor:
        for sql, params in statements:
            cursor.execute(sql, params)
            for row in cursor.fetchall():
                key = row[:width]
                rollup = _rollup(row, width, by_child, number)
                earlier = rollups.get(key)
                # a child's own figures and those further down: add them up
                rollups[key] = rollup if earlier is None else _merged(earlier, rollup)
    return list(rollups.values())


def _same(number):
    """PostgreSQL's sums, already decimals."""
    return number


def _rollup(row: tuple, width: int, by_child: bool, number=_same) -> Rollup:
    """A row of the roll-up's SQL: the key, then figures, with_fraction, numerator, denominator, with_number,
    value, unapproved, covered, on_time and (by child) whether the child has its own figure and that figure.
    (A drill-down reads one row per child, indicator and period: this is its inner loop, kept lean.)"""
    figures, with_fraction, numerator, denominator, with_number, value, unapproved, covered, on_time = row[
        width : width + 9
    ]
    own = None
    if by_child and row[12]:
        boolean = row[14]
        own = (number(row[13]), None if boolean is None else bool(boolean), row[15] or "")
    return Rollup(
        row[0],
        row[1],
        Sums(figures, with_fraction, number(numerator), number(denominator), with_number, number(value)),
        int(unapproved or 0),
        int(covered or 0),  # a sum of leaf counts is a decimal on PostgreSQL
        int(on_time or 0),
        row[2] if by_child else None,
        own,
    )


def _merged(first: Rollup, second: Rollup) -> Rollup:
    """Two parts' roll-ups for the same child, counts and sums added. (They do not meet today: a child's own
    figure shadows the figures below it. Added, not overwritten, should that ever change.) The own figure comes
    from the first part, the only one that reads it."""
    a, b = first.sums, second.sums
    return Rollup(
        indicator_id=first.indicator_id,
        period_id=first.period_id,
        sums=Sums(
            a.figures + b.figures,
            a.with_fraction + b.with_fraction,
            _plus(a.numerator, b.numerator),
            _plus(a.denominator, b.denominator),
            a.with_number + b.with_number,
            _plus(a.value, b.value),
        ),
        unapproved=first.unapproved + second.unapproved,
        covered=first.covered + second.covered,
        on_time=first.on_time + second.on_time,
        child_id=first.child_id,
        own=first.own,
    )


def _plus(a, b):
    if a is None or b is None:
        return b if a is None else a
    if isinstance(a, int) and isinstance(b, int):
        return a + b
    return _decimal(a) + _decimal(b)


def rollups_added(by_child: list[Rollup]) -> list[Rollup]:
    """The children's roll-ups added up: the roll-up below their parent (the topmost figures below a unit are the
    topmost figures below each of its children and the children's own), without asking the database again."""
    totals: dict[tuple[int, int], list] = {}
    for rollup in by_child:
        sums, key = rollup.sums, (rollup.indicator_id, rollup.period_id)
        total = totals.get(key)
        if total is None:
            totals[key] = [
                sums.figures,
                sums.with_fraction,
                sums.numerator,
                sums.denominator,
                sums.with_number,
                sums.value,
                rollup.unapproved,
                rollup.covered,
                rollup.on_time,
            ]
            continue
        total[0] += sums.figures
        total[1] += sums.with_fraction
        total[4] += sums.with_number
        for index, number in ((2, sums.numerator), (3, sums.denominator), (5, sums.value)):
            if number is not None:  # decimals already (rollups_below read them)
                total[index] = number if total[index] is None else total[index] + number
        total[6] += rollup.unapproved
        total[7] += rollup.covered
        total[8] += rollup.on_time
    return [
        Rollup(
            indicator_id=indicator_id,
            period_id=period_id,
            sums=Sums(*total[:6]),
            unapproved=total[6],
            covered=total[7],
            on_time=total[8],
        )
        for (indicator_id, period_id), total in totals.items()
    ]


class _Query:
    """The SQL of rollups_below, built from its parts (one place for both forms of the query).

    Per child, the figures are read in two parts, each grouped by a plain column so that PostgreSQL estimates the
    groups well (a GROUP BY on COALESCE(ancestor, id) made it plan for every unit, sort on disk and take 4× the
    plain aggregate at national size, even as two parts of one statement): the figures further down, grouped by
    their ancestor one level below `unit`, and the children's own figures, grouped by their unit, as two statements
    whose rows (a few per child) rollups_below adds up.
    Aggregates nobody asked for are constants (no deadlines: no on-time count; approved figures only: none
    unapproved), since each costs a pass over every figure.
    """

    def __init__(self, plan, unit, indicator_ids, period_ids, statuses, deadlines, coverage_only=False):
        self.plan, self.unit = plan, unit
        self.start, self.end = date(plan.start_year, 1, 1), date(plan.end_year, 12, 31)
        self.filter = (
            f"d.indicator_id IN ({_placeholders(indicator_ids)}) AND d.period_id IN ({_placeholders(period_ids)}) "
            f"AND d.status IN ({_placeholders(statuses)}) AND d.unit_id <> %s"
        )
        self.filter_params = [*indicator_ids, *period_ids, *statuses, unit.pk]
        self.deadlines = deadlines or {}
        self.counts_unapproved = any(status != ValueStatus.APPROVED for status in statuses)
        self.coverage_only = coverage_only

    def has_interior_figures(self) -> bool:
        """Whether any figure below the unit sits at a unit that has units below it."""
        within, within_params = _within_sql(self.unit, "u")
        sql = (
            f"SELECT 1 FROM {VALUE_TABLE} d JOIN {UNIT_TABLE} u ON u.id = d.unit_id "
            f"WHERE {self.filter} AND {within} "
            f"AND d.unit_id IN (SELECT c.parent_id FROM {UNIT_TABLE} c WHERE c.parent_id IS NOT NULL) LIMIT 1"
        )
        with connection.cursor() as cursor:
            cursor.execute(sql, [*self.filter_params, *within_params])
            return cursor.fetchone() is not None

    def _sums(self, covers: str) -> tuple[str, list]:
        """figures, with_fraction, numerator, denominator, with_number, value, unapproved, covered, on_time."""
        unapproved = (
            f"SUM(CASE WHEN d.status <> '{ValueStatus.APPROVED.value}' THEN 1 ELSE 0 END)"
            if self.counts_unapproved
            else "0"
        )
        covered = "COUNT(*)" if covers == "1" else f"SUM({covers})"
        on_time, params = "0", []
        if self.deadlines:
            cases = " ".join("WHEN %s THEN %s" for _ in self.deadlines)
            params = [
                item
                for period_id, deadline in self.deadlines.items()
                for item in (period_id, connection.ops.adapt_datetimefield_value(deadline))
            ]
            on_time = (
                f"SUM(CASE WHEN d.first_submitted_at IS NOT NULL AND d.first_submitted_at <= "
                f"(CASE d.period_id {cases} END) THEN {covers} ELSE 0 END)"
            )
        sums = "COUNT(d.numerator), SUM(d.numerator), SUM(d.denominator), COUNT(d.value_number), SUM(d.value_number)"
        if self.coverage_only:
            sums = "0, NULL, NULL, 0, NULL"
        columns = f"COUNT(*), {sums}, {unapproved}, {covered}, {on_time}"
        return columns, params

    def _select(self, by_child: bool, source: str, where: str, where_params: list, covers: str) -> list:
        """The aggregate over `source` filtered by `where`: per indicator and period, or per child too (in two
        statements, see the class)."""
        sums, sums_params = self._sums(covers)
        if not by_child:
            sql = f"SELECT d.indicator_id, d.period_id, {sums} FROM {source} WHERE {where} GROUP BY d.indicator_id, d.period_id"
            return [(sql, [*sums_params, *where_params])]
        column = CHILD_ANCESTOR.get(self.unit.level)
        own = "1, MAX(d.value_number), MAX(CAST(d.value_bool AS INTEGER)), MAX(d.value_text)"
        children, children_params = (f" AND u.{column} IS NULL" if column else ""), []
        if self.unit.level == UnitLevel.NATIONAL:
            # The provinces' own figures, which are few: said again as a list of units to start from, PostgreSQL
            # looks them up by index instead of reading every figure of the period (15 ms → 1 ms for a national
            # plan's completeness). Not for a province: its communes' own figures are nearly all its figures, and
            # reading them by index is slower than reading them all.
            within, within_params = _within_sql(self.unit, "c")
            children += f" AND d.unit_id IN (SELECT c.id FROM {UNIT_TABLE} c WHERE c.{column} IS NULL AND {within})"
            children_params = within_params
        statements = [
            (
                f"SELECT d.indicator_id, d.period_id, d.unit_id, {sums}, {own} FROM {source} "
                f"WHERE {where}{children} GROUP BY d.indicator_id, d.period_id, d.unit_id",
                [*sums_params, *where_params, *children_params],
            )
        ]
        if column:
            statements.append(
                (
                    f"SELECT d.indicator_id, d.period_id, u.{column}, {sums}, 0, NULL, NULL, NULL FROM {source} "
                    f"WHERE {where} AND u.{column} IS NOT NULL GROUP BY d.indicator_id, d.period_id, u.{column}",
                    [*sums_params, *where_params],
                )
            )
        return statements

    def simple(self, by_child: bool) -> list:
        """Every figure below is topmost and stands for one reporting unit: the plain aggregate."""
        needs_units = by_child or self.unit.pk != self.plan.territory_id
        if not needs_units:
            return self._select(False, f"{VALUE_TABLE} d", self.filter, self.filter_params, "1")
        within, within_params = _within_sql(self.unit, "u")
        source = f"{VALUE_TABLE} d JOIN {UNIT_TABLE} u ON u.id = d.unit_id"
        return self._select(by_child, source, f"{self.filter} AND {within}", [*self.filter_params, *within_params], "1")

    def full(self, by_child: bool) -> list:
        """Figures entered at units with units below them shadow those units (three equality anti-joins), and stand
        for every reporting unit below them (leaf counts)."""
        within_u, within_u_params = _within_sql(self.unit, "u")
        within_l, within_l_params = _within_sql(self.unit, "l")
        valid_l, valid_l_params = _valid_sql("l", self.start, self.end)
        valid_c, valid_c_params = _valid_sql("c", self.start, self.end)
        anti_joins = " ".join(
            f"AND NOT EXISTS (SELECT 1 FROM interior o WHERE o.indicator_id = d.indicator_id "
            f"AND o.period_id = d.period_id AND o.unit_id = u.{column})"
            for column in ANCESTOR_COLUMNS
        )
        ctes = f"""
            WITH interior AS (
                SELECT d.indicator_id, d.period_id, d.unit_id
                FROM {VALUE_TABLE} d JOIN {UNIT_TABLE} u ON u.id = d.unit_id
                WHERE {self.filter} AND {within_u}
                  AND d.unit_id IN (SELECT c.parent_id FROM {UNIT_TABLE} c WHERE c.parent_id IS NOT NULL)
            ),
            leaves AS (
                SELECT l.id, {", ".join("l." + column for column in ANCESTOR_COLUMNS)}
                FROM {UNIT_TABLE} l
                WHERE {within_l} AND {valid_l}
                  AND NOT EXISTS (SELECT 1 FROM {UNIT_TABLE} c WHERE c.parent_id = l.id AND {valid_c})
            ),
            leafcount AS (
                SELECT anc AS unit_id, COUNT(*) AS leaves FROM (
                    {" UNION ALL ".join(f"SELECT {column} AS anc FROM leaves" for column in ANCESTOR_COLUMNS)}
                ) ancestors WHERE anc IS NOT NULL GROUP BY anc
            )
        """
        cte_params = [
            *self.filter_params,
            *within_u_params,
            *within_l_params,
            *valid_l_params,
            *valid_c_params,
        ]
        source = (
            f"{VALUE_TABLE} d JOIN {UNIT_TABLE} u ON u.id = d.unit_id LEFT JOIN leafcount lc ON lc.unit_id = d.unit_id"
        )
        statements = self._select(
            by_child,
            source,
            f"{self.filter} AND {within_u} {anti_joins}",
            [*self.filter_params, *within_u_params],
            "COALESCE(lc.leaves, 1)",
        )
        return [(ctes + sql, [*cte_params, *params]) for sql, params in statements]


def _decimal(number) -> Decimal | None:
    """SQLite hands sums back as floats or strings: read them as the decimals they are."""
    if number is None or number.__class__ is Decimal:
        return number
    return Decimal(str(number))


def reporting_units_count(plan: Plan, unit: AdministrativeUnit) -> int:
    """How many reporting units (leaves of the plan's tree) lie in `unit` (1 if it is one)."""
    start, end = date(plan.start_year, 1, 1), date(plan.end_year, 12, 31)
    within_l, within_l_params = _within_sql(unit, "l")
    valid_l, valid_l_params = _valid_sql("l", start, end)
    valid_c, valid_c_params = _valid_sql("c", start, end)
    sql = (
        f"SELECT COUNT(*) FROM {UNIT_TABLE} l WHERE {within_l} AND {valid_l} "
        f"AND NOT EXISTS (SELECT 1 FROM {UNIT_TABLE} c WHERE c.parent_id = l.id AND {valid_c})"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [*within_l_params, *valid_l_params, *valid_c_params])
        return cursor.fetchone()[0]


def reporting_units_per_child(plan: Plan, unit: AdministrativeUnit) -> dict[int, int]:
    """How many reporting units (leaves) lie in each child of `unit`: one query."""
    start, end = date(plan.start_year, 1, 1), date(plan.end_year, 12, 31)
    within_l, within_l_params = _within_sql(unit, "u")
    valid_l, valid_l_params = _valid_sql("u", start, end)
    valid_c, valid_c_params = _valid_sql("c", start, end)
    child = _child_sql(unit)
    sql = (
        f"SELECT {child}, COUNT(*) FROM {UNIT_TABLE} u WHERE {within_l} AND {valid_l} AND u.id <> %s "
        f"AND NOT EXISTS (SELECT 1 FROM {UNIT_TABLE} c WHERE c.parent_id = u.id AND {valid_c}) GROUP BY {child}"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [*within_l_params, *valid_l_params, unit.pk, *valid_c_params])
        return dict(cursor.fetchall())


@dataclass
class UnitSeries:
    """A unit's figure for each period, by the rule: its own figure, else the roll-up of the units below it."""

    values: dict[str, object] = field(default_factory=dict)  # period code → value (number, yes/no or text)
    unapproved: set[str] = field(default_factory=set)  # periods whose value counts figures not yet approved
    aggregated: set[str] = field(default_factory=set)  # periods whose value is a roll-up, not entered
    covered: dict[str, int] = field(default_factory=dict)  # reporting units covered (-1: the unit's own figure)


def rolled_indicator_ids(indicators: list) -> list[int]:
    """The indicators whose figures below a unit roll up to it, whatever their setting today (an indicator may
    have been reported by unit): the kinds the rule aggregates."""
    return [i.pk for i in indicators if i.kind in (Kind.PERCENT, Kind.RATIO, Kind.COUNT)]


def unit_values(
    plan: Plan,
    unit: AdministrativeUnit,
    indicators: list,
    periods: list,
    statuses: list[str],
    *,
    below: list[Rollup] | None = None,
):
    """Each indicator's values for a unit over the periods (DESIGN.md 3): two queries whatever lies below it.
    `below`, the roll-ups per child of `unit` a drill-down page already has (for at least rolled_indicator_ids, the
    same periods and statuses), are added up instead of asking the database again."""
    by_id = {period.pk: period for period in periods}
    result = {indicator.pk: UnitSeries() for indicator in indicators}
    own = DataValue.objects.filter(
        indicator__in=[i.pk for i in indicators], period_id__in=list(by_id), unit=unit, status__in=statuses
    ).values_list("indicator_id", "period_id", "status", "value_number", "value_bool", "value_text")
    for indicator_id, period_id, status, number, boolean, text in own:
        value = figure_value(number, boolean, text)
        if value is None:
            continue
        code, series = by_id[period_id].code, result[indicator_id]
        series.values[code] = value
        series.covered[code] = -1
        if status != ValueStatus.APPROVED:
            series.unapproved.add(code)
    kinds = {indicator.pk: indicator for indicator in indicators}
    if below is None:
        below_unit = rollups_below(
            plan=plan,
            unit=unit,
            indicator_ids=rolled_indicator_ids(indicators),
            period_ids=list(by_id),
            statuses=statuses,
        )
    else:
        rolled = set(rolled_indicator_ids(indicators))
        below_unit = rollups_added([rollup for rollup in below if rollup.indicator_id in rolled])
    for rollup in below_unit:
        indicator, code = kinds[rollup.indicator_id], by_id[rollup.period_id].code
        series = result[indicator.pk]
        if code in series.values:
            continue  # the unit's own figure wins
        series.covered[code] = rollup.covered
        value = rolled_value(kind=indicator.kind, factor=indicator.factor, sums=rollup.sums)
        if value is None:
            continue
        series.values[code] = value
        series.aggregated.add(code)
        if rollup.unapproved:
            series.unapproved.add(code)
    return result
