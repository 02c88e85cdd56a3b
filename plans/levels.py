"""Administrative levels as Vietnamese documents write them (DESIGN.md 3): pure functions, no database.

"tỉnh Sơn La", "Thành phố Hà Nội", "huyện Bắc Yên", "Xã Bắc Yên", "phường Hoàn Kiếm", "đặc khu Côn Đảo" all carry
their level in front of the name; workbooks write the level alone as "quốc gia", "tỉnh", "huyện" or "xã".
"""

from dataclasses import dataclass
from datetime import date, timedelta

from plans.models import UnitLevel
from plans.text import clean_name, loose_key

# Highest first: a unit's parent is always of a higher level.
LEVEL_ORDER = [UnitLevel.NATIONAL, UnitLevel.PROVINCE, UnitLevel.DISTRICT, UnitLevel.COMMUNE]
# The word a workbook writes for each level (read back by level_from_word).
LEVEL_WORDS = {
    UnitLevel.NATIONAL: "quốc gia",
    UnitLevel.PROVINCE: "tỉnh",
    UnitLevel.DISTRICT: "huyện",
    UnitLevel.COMMUNE: "xã",
}
# Words in front of a name, longest first so that "thành phố" wins over a shorter word, and "thị xã" over "xã".
_PREFIXES = [
    ("thành phố trực thuộc trung ương", UnitLevel.PROVINCE),
    ("thành phố trung ương", UnitLevel.PROVINCE),
    ("thành phố", UnitLevel.PROVINCE),
    ("toàn quốc", UnitLevel.NATIONAL),
    ("quốc gia", UnitLevel.NATIONAL),
    ("cả nước", UnitLevel.NATIONAL),
    ("thị trấn", UnitLevel.COMMUNE),
    ("đặc khu", UnitLevel.COMMUNE),
    ("thị xã", UnitLevel.DISTRICT),
    ("phường", UnitLevel.COMMUNE),
    ("huyện", UnitLevel.DISTRICT),
    ("quận", UnitLevel.DISTRICT),
    ("tỉnh", UnitLevel.PROVINCE),
    ("xã", UnitLevel.COMMUNE),
]
_LEVEL_BY_KEY = (
    {loose_key(word): level for word, level in _PREFIXES}
    | {loose_key(level.label): level for level in UnitLevel}
    | {level.value: level for level in UnitLevel}
)


@dataclass(frozen=True)
class UnitRef:
    name: str
    level: str | None  # None: the level was not written and is to be inferred
    type_word: str = ""  # the word written in front of the name ("phường", "thị trấn"), lower case


def level_from_word(text) -> str | None:
    """ "tỉnh" → province, "Quốc gia" → national, "phường" → commune; None for anything else."""
    return _LEVEL_BY_KEY.get(loose_key(text))


def level_word(level: str) -> str:
    return LEVEL_WORDS[UnitLevel(level)]


def is_above(upper: str, lower: str) -> bool:
    """Whether a unit of level `upper` may be the parent (or an ancestor) of one of level `lower`."""
    return LEVEL_ORDER.index(UnitLevel(upper)) < LEVEL_ORDER.index(UnitLevel(lower))


def split_unit_name(text: str) -> UnitRef:
    """`tỉnh Sơn La` → (Sơn La, province); `Phường Hoàn Kiếm` → (Hoàn Kiếm, commune); `Bắc Yên` → (Bắc Yên, None)."""
    name = clean_name(text)
    words = name.split()
    for prefix, level in _PREFIXES:
        size = len(prefix.split())
        if len(words) > size and loose_key(" ".join(words[:size])) == loose_key(prefix):
            return UnitRef(name=" ".join(words[size:]), level=level, type_word=prefix)
    return UnitRef(name=name, level=None)


# The two-tier reform (Nghị quyết 202/2025/QH15): from 01/7/2025 there are no districts. A district, and every unit
# under it, is kept for the plans of 2016–2025 and counts until the day before.
REFORM_DATE = date(2025, 7, 1)
DISTRICTS_END = REFORM_DATE - timedelta(days=1)
