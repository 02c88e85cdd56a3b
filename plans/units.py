"""Finding administrative units: every unit inside another, and a unit named by official code or by name.

One rule for every caller (workbooks, the progress command, the API, the pages): a reference is an official code
as written officially (2 digits for a province, 5 for a commune: `14`, `03646`), or the same code without its
leading zeros where it then fits one unit, or a name, with or without its level word ("xã Bắc Yên", "Bắc Yên").
A reference that fits several units is an error that names them.
"""

from dataclasses import dataclass
from datetime import date

from django.db.models import Q, QuerySet

from plans.levels import split_unit_name
from plans.models import AdministrativeUnit, Plan, UnitLevel
from plans.text import name_key

# The official codes are written with this many digits (province, old district, commune).
CODE_WIDTHS = (2, 3, 5)


class UnitNotFound(LookupError):
    """No unit, or several, fit a reference; the message is Vietnamese and names the candidates."""

    def __init__(self, message: str, candidates: list[AdministrativeUnit] | None = None):
        super().__init__(message)
        self.candidates = candidates or []


def within_q(unit: AdministrativeUnit, prefix: str = "") -> Q:
    """The unit and every unit below it, as a filter (on AdministrativeUnit, or on a relation through `prefix`)."""
    if unit.level == UnitLevel.COMMUNE:
        return Q(**{f"{prefix}pk": unit.pk})
    return Q(**{f"{prefix}pk": unit.pk}) | Q(**{f"{prefix}{unit.level}_ancestor": unit.pk})


def units_within(unit: AdministrativeUnit) -> QuerySet[AdministrativeUnit]:
    return AdministrativeUnit.objects.filter(within_q(unit))


def is_within(unit: AdministrativeUnit, root: AdministrativeUnit) -> bool:
    """Whether `unit` is `root` or lies below it (no query: the ancestors are on the row)."""
    return unit.pk == root.pk or root.pk in unit.ancestor_ids()


def valid_during_q(start: date, end: date) -> Q:
    """Units that existed at some time between the two dates (abolished units are kept for old plans)."""
    return (Q(valid_from__isnull=True) | Q(valid_from__lte=end)) & (
        Q(valid_until__isnull=True) | Q(valid_until__gte=start)
    )


def plan_units(plan: Plan) -> QuerySet[AdministrativeUnit]:
    """The units of a plan: its territory and every unit below it that existed during the plan's years."""
    return units_within(plan.territory).filter(valid_during_q(date(plan.start_year, 1, 1), date(plan.end_year, 12, 31)))


@dataclass(frozen=True)
class UnitReference:
    """What a reference asks for: official codes to try (exact first), or a name key with an optional level."""

    text: str
    pk: int | None = None  # `id:<n>`, the pages' own name for a unit without an official code
    codes: tuple[str, ...] = ()
    name_key: str = ""
    level: str | None = None
    full_name_key: str = ""  # the whole text as a name: some names begin with a level word ("Xã thử 1")

    @property
    def is_code(self) -> bool:
        return bool(self.codes)


def read_reference(text) -> UnitReference:
    """`03646`, `3646` (→ 03646), `14`, `xã Bắc Yên`, `Bắc Yên`. Digits are codes; anything else is a name."""
    raw = str(text if text is not None else "").strip()
    if isinstance(text, float) and text.is_integer():
        raw = str(int(text))
    if raw.lower().startswith("id:") and raw[3:].isdigit() and len(raw) < 24:
        return UnitReference(text=raw, pk=int(raw[3:]))
    if raw.isdigit():
        padded = [raw.zfill(width) for width in CODE_WIDTHS if width > len(raw)]
        return UnitReference(text=raw, codes=(raw, *padded))
    ref = split_unit_name(raw)
    return UnitReference(text=raw, name_key=name_key(ref.name), level=ref.level, full_name_key=name_key(raw))


def describe_candidates(units: list[AdministrativeUnit]) -> str:
    """“xã Tân Lập (mã 04021, tỉnh Sơn La); xã Tân Lập (mã 25090, tỉnh Đắk Lắk)”."""
    parts = []
    for unit in units:
        where = [f"mã {unit.code}"] if unit.code else []
        parent = getattr(unit, "parent", None)
        if parent is not None:
            where.append(parent.label)
        parts.append(unit.label + (f" ({', '.join(where)})" if where else ""))
    return "; ".join(parts)


def choose(reference: UnitReference, candidates: list[AdministrativeUnit], *, where: str) -> AdministrativeUnit:
    """The one unit a reference means among candidates already narrowed to the territory. Raises UnitNotFound."""
    if reference.pk is not None:
        matches = [unit for unit in candidates if unit.pk == reference.pk]
    elif reference.is_code:
        exact = [unit for unit in candidates if unit.code == reference.codes[0]]
        matches = exact or [unit for unit in candidates if unit.code in reference.codes]
    else:
        matches = [
            unit
            for unit in candidates
            if (unit.name_key == reference.name_key and reference.level in (None, unit.level))
            or unit.name_key == reference.full_name_key
        ]
        matches = list(dict.fromkeys(matches))
    if len(matches) == 1:
        return matches[0]
    shown = reference.text if len(reference.text) <= 60 else reference.text[:60] + "…"
    if not matches:
        kind = "mã" if reference.is_code else "tên"
        raise UnitNotFound(f"không có địa bàn {kind} “{shown}” thuộc {where}.")
    raise UnitNotFound(
        f"“{shown}” trùng với {len(matches)} địa bàn: {describe_candidates(matches)}; hãy ghi mã hành chính.",
        matches,
    )


class UnitIndex:
    """The units of a territory held in memory, for looking up many references (a workbook of 100.000 rows)."""

    def __init__(self, units, *, where: str):
        self.where = where
        self.by_code: dict[str, list[AdministrativeUnit]] = {}
        self.by_name: dict[str, list[AdministrativeUnit]] = {}
        for unit in units:
            if unit.code:
                self.by_code.setdefault(unit.code, []).append(unit)
            self.by_name.setdefault(unit.name_key, []).append(unit)

    def find(self, text) -> AdministrativeUnit:
        reference = read_reference(text)
        if reference.pk is not None:
            candidates = [unit for units in self.by_name.values() for unit in units if unit.pk == reference.pk]
        elif reference.is_code:
            candidates = [unit for code in reference.codes for unit in self.by_code.get(code, [])]
        else:
            candidates = self.by_name.get(reference.name_key, []) + self.by_name.get(reference.full_name_key, [])
        return choose(reference, candidates, where=self.where)


def find_unit(text, *, within: AdministrativeUnit, queryset: QuerySet | None = None) -> AdministrativeUnit:
    """The unit inside `within` (or `within` itself) that a reference names, in one query. Raises UnitNotFound."""
    reference = read_reference(text)
    if not reference.text:
        raise UnitNotFound("thiếu địa bàn (mã hành chính hoặc tên).")
    units = (queryset if queryset is not None else units_within(within)).select_related("parent")
    if reference.pk is not None:
        units = units.filter(pk=reference.pk)
    elif reference.is_code:
        units = units.filter(code__in=reference.codes)
    else:
        units = units.filter(name_key__in={reference.name_key, reference.full_name_key})
    return choose(reference, list(units[:20]), where=within.label)


def plan_unit(plan: Plan, text, *, within: AdministrativeUnit | None = None) -> AdministrativeUnit | None:
    """The unit of a plan inside `within` (default the territory) that a page's or the API's `unit` parameter names:
    an official code, a name, or `id:<n>`; None when none is asked for. Raises UnitNotFound."""
    if text is None or not str(text).strip():
        return None
    root = within or plan.territory
    return find_unit(text, within=root, queryset=plan_units(plan).filter(within_q(root)))
