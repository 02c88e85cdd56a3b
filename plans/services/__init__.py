"""Every write on the plans side, one module per job: units, agencies, plans, accounts. Each runs in a transaction."""

from plans.services.accounts import (
    COORDINATOR_APPS,
    COORDINATOR_EXCLUDED_MODELS,
    COORDINATOR_GROUP,
    coordinator_group,
    user_create,
    user_set_active,
    user_set_password,
)
from plans.services.agencies import agency_get_or_create, agency_prepare_for_save
from plans.services.errors import PlanRuleError
from plans.services.plans import plan_link_problems, plan_sync_periods
from plans.services.units import unit_get_or_create, unit_prepare_for_save, units_refresh_tree

__all__ = [
    "COORDINATOR_APPS",
    "COORDINATOR_EXCLUDED_MODELS",
    "COORDINATOR_GROUP",
    "PlanRuleError",
    "agency_get_or_create",
    "agency_prepare_for_save",
    "coordinator_group",
    "plan_link_problems",
    "plan_sync_periods",
    "unit_get_or_create",
    "unit_prepare_for_save",
    "units_refresh_tree",
    "user_create",
    "user_set_active",
    "user_set_password",
]
