"""The roll-up rule of DESIGN.md 3, at any depth, computed in the database.

The value of a unit is its own figure if it has one, else the aggregate of its children's values, each found by
the same rule. Equivalently: the figures that count for a unit are the TOPMOST figures inside it — those with no
figure above them (up to the unit itself) for the same indicator and period — so a figure is never counted twice:
a district that entered its own figure stands for its communes. Aggregating (`rolled_value`, pure): with
numerator and denominator in every figure, sum each and recompute (× factor); `count`, the sum; anything else is
not aggregated (the figure must be entered).

`rollups_below` computes, in ONE query whatever the number of units, per indicator and period (and, for a
drill-down, per child unit): how many topmost figures, how many carry a numerator and denominator, their sums,
how many are not yet approved, and the coverage — how many of the reporting units (the leaves of the plan's tree)
those figures stand for. Each unit row carries its ancestors per level (plans.models.AdministrativeUnit), so "a
figure above this one" is three equality anti-joins against the few figures entered at units that have children.
"""

from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import ROUND_HALF_UP, Decimal

from django.db import connection

from indicators.models import DataValue, Kind
from plans.models import AdministrativeUnit, Plan, UnitLevel

FOUR_PLACES = Decimal("0.0001")
UNIT_TABLE = AdministrativeUnit._meta.db_table
VALUE_TABLE = DataValue._meta.db_table
ANCESTOR_COLUMNS = ("national_ancestor_id", "province_ancestor_id", "district_ancestor_id")


# ---------------------------------------------------------------- the rule (pure)


@dataclass(frozen=True)
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


@dataclass(frozen=True)
class Rollup:
    """The aggregate below a unit (or, in a drill-down, of one child unit) for an indicator and a period."""

    indicator_id: int
    period_id: int
    sums: Sums
    unapproved: int  # topmost figures not yet approved (only when submitted ones are included)
    covered: int  # reporting units the topmost figures stand for
    on_time: int  # of those, covered by figures first submitted by the period's deadline
    child_id: int | None = None
    own: dict | None = None  # a drill-down child's own figure: value_number, value_bool, value_text


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


def _child_sql(unit: AdministrativeUnit) -> str:
    """The child of `unit` that a unit below it lies in: its ancestor one level down, or itself."""
    if unit.level == UnitLevel.NATIONAL:
        return "COALESCE(u.province_ancestor_id, u.id)"
    if unit.level == UnitLevel.PROVINCE:
        return "COALESCE(u.district_ancestor_id, u.id)"
    return "u.id"


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
) -> list[Rollup]:
    """The topmost figures strictly below `unit`, aggregated per indicator and period (and per child of `unit`
    with `by_child`). `unit`'s own figure is not among them: the caller lets it win. One query, whatever the
    number of units and figures."""
    if not indicator_ids or not period_ids:
        return []
    start, end = date(plan.start_year, 1, 1), date(plan.end_year, 12, 31)
    within_u, within_u_params = _within_sql(unit, "u")
    within_l, within_l_params = _within_sql(unit, "l")
    valid_l, valid_l_params = _valid_sql("l", start, end)
    valid_c, valid_c_params = _valid_sql("c", start, end)
    figure_filter = (
        f"d.indicator_id IN ({_placeholders(indicator_ids)}) AND d.period_id IN ({_placeholders(period_ids)}) "
        f"AND d.status IN ({_placeholders(statuses)})"
    )
    figure_params = [*indicator_ids, *period_ids, *statuses]
    deadline_case, deadline_params = "0", []
    if deadlines:
        cases = " ".join("WHEN %s THEN %s" for _ in deadlines)
        deadline_case = (
            f"CASE WHEN d.first_submitted_at IS NOT NULL AND d.first_submitted_at <= "
            f"(CASE d.period_id {cases} END) THEN COALESCE(lc.leaves, 1) ELSE 0 END"
        )
        deadline_params = [
            item
            for period_id, deadline in deadlines.items()
            for item in (period_id, connection.ops.adapt_datetimefield_value(deadline))
        ]
    anti_joins = " ".join(
        f"AND NOT EXISTS (SELECT 1 FROM interior o WHERE o.indicator_id = d.indicator_id "
        f"AND o.period_id = d.period_id AND o.unit_id = u.{column})"
        for column in ANCESTOR_COLUMNS
    )
    child = _child_sql(unit)
    group = f"d.indicator_id, d.period_id{', ' + child if by_child else ''}"
    own_columns = (
        f", MAX(CASE WHEN d.unit_id = {child} THEN 1 ELSE 0 END), "
        f"MAX(CASE WHEN d.unit_id = {child} THEN d.value_number END), "
        f"MAX(CASE WHEN d.unit_id = {child} THEN CAST(d.value_bool AS INTEGER) END), "
        f"MAX(CASE WHEN d.unit_id = {child} THEN d.value_text END)"
        if by_child
        else ""
    )
    sql = f"""
        WITH interior AS (
            SELECT d.indicator_id, d.period_id, d.unit_id
            FROM {VALUE_TABLE} d JOIN {UNIT_TABLE} u ON u.id = d.unit_id
            WHERE {figure_filter} AND {within_u} AND d.unit_id <> %s
              AND EXISTS (SELECT 1 FROM {UNIT_TABLE} c WHERE c.parent_id = u.id)
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
        SELECT {group},
            COUNT(*), COUNT(d.numerator), SUM(d.numerator), SUM(d.denominator),
            COUNT(d.value_number), SUM(d.value_number),
            SUM(CASE WHEN d.status <> 'approved' THEN 1 ELSE 0 END),
            SUM(COALESCE(lc.leaves, 1)), SUM({deadline_case}){own_columns}
        FROM {VALUE_TABLE} d
        JOIN {UNIT_TABLE} u ON u.id = d.unit_id
        LEFT JOIN leafcount lc ON lc.unit_id = d.unit_id
        WHERE {figure_filter} AND {within_u} AND d.unit_id <> %s {anti_joins}
        GROUP BY {group}
    """
    params = [
        *figure_params,
        *within_u_params,
        unit.pk,
        *within_l_params,
        *valid_l_params,
        *valid_c_params,
        *deadline_params,
        *figure_params,
        *within_u_params,
        unit.pk,
    ]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        rows = cursor.fetchall()
    rollups = []
    for row in rows:
        indicator_id, period_id = row[0], row[1]
        child_id = row[2] if by_child else None
        rest = row[3:] if by_child else row[2:]
        figures, with_fraction, numerator, denominator, with_number, value, unapproved, covered, on_time = rest[:9]
        own = None
        if by_child and rest[9]:
            own = {
                "value_number": _decimal(rest[10]),
                "value_bool": None if rest[11] is None else bool(rest[11]),
                "value_text": rest[12] or "",
            }
        rollups.append(
            Rollup(
                indicator_id=indicator_id,
                period_id=period_id,
                sums=Sums(
                    figures, with_fraction, _decimal(numerator), _decimal(denominator), with_number, _decimal(value)
                ),
                unapproved=int(unapproved or 0),
                covered=int(covered or 0),
                on_time=int(on_time or 0),
                child_id=child_id,
                own=own,
            )
        )
    return rollups


def _decimal(number) -> Decimal | None:
    """SQLite hands sums back as floats or strings: read them as the decimals they are."""
    if number is None:
        return None
    if isinstance(number, Decimal):
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


def _figure_value(number, boolean, text):
    if number is not None:
        return number
    if boolean is not None:
        return boolean
    return text or None


def unit_values(plan: Plan, unit: AdministrativeUnit, indicators: list, periods: list, statuses: list[str]):
    """Each indicator's values for a unit over the periods (DESIGN.md 3): two queries whatever lies below it."""
    by_id = {period.pk: period for period in periods}
    result = {indicator.pk: UnitSeries() for indicator in indicators}
    own = DataValue.objects.filter(
        indicator__in=[i.pk for i in indicators], period_id__in=list(by_id), unit=unit, status__in=statuses
    ).values_list("indicator_id", "period_id", "status", "value_number", "value_bool", "value_text")
    for indicator_id, period_id, status, number, boolean, text in own:
        value = _figure_value(number, boolean, text)
        if value is None:
            continue
        code, series = by_id[period_id].code, result[indicator_id]
        series.values[code] = value
        series.covered[code] = -1
        if status != "approved":
            series.unapproved.add(code)
    kinds = {indicator.pk: indicator for indicator in indicators}
    # Figures below the unit roll up whatever the indicator's setting today (it may have been reported by unit).
    rolled = [i.pk for i in indicators if i.kind in (Kind.PERCENT, Kind.RATIO, Kind.COUNT)]
    for rollup in rollups_below(plan=plan, unit=unit, indicator_ids=rolled, period_ids=list(by_id), statuses=statuses):
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
