import factory

from indicators.models import Assignment, AssignmentRole, Direction, Indicator, Kind, Target
from plans.models import AdministrativeUnit, Agency, Goal, Plan, Role, UnitLevel, User
from plans.services import unit_prepare_for_save
from plans.text import name_key


class UnitFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AdministrativeUnit

    name = factory.Sequence(lambda n: f"Huyện thử {n}")
    name_key = factory.LazyAttribute(lambda unit: name_key(unit.name))
    level = UnitLevel.DISTRICT
    parent = None

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        """Through the service's preparation, so the unit has its place in the tree as real units do."""
        unit = model_class(*args, **kwargs)
        unit_prepare_for_save(unit)
        unit.save()
        return unit


class AgencyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Agency

    name = factory.Sequence(lambda n: f"Phòng thử {n}")
    name_key = factory.LazyAttribute(lambda agency: name_key(agency.name))
    unit = factory.SubFactory(UnitFactory)


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    role = Role.LEADER
    unit = factory.SubFactory(UnitFactory)
    password = factory.PostGenerationMethodCall("set_password", "Mat-khau-thu-1")


class PlanFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Plan

    code = factory.Sequence(lambda n: f"PLAN-{n}")
    title = factory.Sequence(lambda n: f"Kế hoạch thử {n}")
    issuing_body = "Ủy ban nhân dân huyện"
    territory = factory.SubFactory(UnitFactory)
    start_year = 2021
    end_year = 2025
    half_year_deadline_day = 18
    half_year_deadline_month = 5
    annual_deadline_day = 20
    annual_deadline_month = 11


class GoalFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Goal

    plan = factory.SubFactory(PlanFactory)
    number = factory.Sequence(lambda n: n + 1)
    title = factory.Sequence(lambda n: f"Mục tiêu thử {n}")


class IndicatorFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Indicator

    goal = factory.SubFactory(GoalFactory)
    plan = factory.LazyAttribute(lambda indicator: indicator.goal.plan)
    code = factory.Sequence(lambda n: f"{n}.1")
    name = factory.Sequence(lambda n: f"Tỷ lệ thử {n}")
    unit = "%"
    kind = Kind.PERCENT
    factor = 100
    direction = Direction.INCREASE


class TargetFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Target

    indicator = factory.SubFactory(IndicatorFactory)
    year = 2025
    value_number = 50


class AssignmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Assignment

    indicator = factory.SubFactory(IndicatorFactory)
    agency = factory.SubFactory(AgencyFactory)
    role = AssignmentRole.LEAD
