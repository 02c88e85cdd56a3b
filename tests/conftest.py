from pathlib import Path

import pytest
from django.core.cache import cache

from indicators.services import plan_import
from plans.models import Agency, Plan, Role, UnitLevel
from plans.services import user_create
from tests.factories import UnitFactory
from tests.indicators.activity_world import media, world  # noqa: F401  (fixtures of the activity tests)

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"
BAC_YEN = FIXTURES / "bac_yen_2021_2025.xlsx"
SON_LA = FIXTURES / "son_la_2021_2025.xlsx"
PASSWORD = "Mat-khau-thu-1"


@pytest.fixture(autouse=True)
def _empty_cache():
    """Each test starts with nothing kept (a test database's ids come back after a rollback: a verdict kept by an
    earlier test must not be found under them)."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def bac_yen(db) -> Plan:
    """The demo plan, imported from the fixture workbook with its parent plan."""
    plan_import(data=SON_LA.read_bytes(), actor=None)
    plan_import(data=BAC_YEN.read_bytes(), actor=None)
    return Plan.objects.select_related("territory").get(code="BACYEN-2021-2025")


@pytest.fixture
def users(bac_yen):
    """One user per role in Bắc Yên, plus a coordinator of another district."""
    territory = bac_yen.territory
    other = UnitFactory(name="Đăk Tô", level=UnitLevel.DISTRICT)
    noi_vu = Agency.objects.get(unit=territory, name="Phòng Nội vụ")
    return {
        "administrator": user_create(username="admin", password=PASSWORD, role=Role.ADMINISTRATOR, unit=None),
        "coordinator": user_create(username="coord", password=PASSWORD, role=Role.COORDINATOR, unit=territory),
        "leader": user_create(username="leader", password=PASSWORD, role=Role.LEADER, unit=territory),
        "reporter": user_create(username="rep", password=PASSWORD, role=Role.REPORTER, unit=territory, agency=noi_vu),
        "other_coordinator": user_create(username="coord2", password=PASSWORD, role=Role.COORDINATOR, unit=other),
    }
