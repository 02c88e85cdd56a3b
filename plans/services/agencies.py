"""Writes for agencies: matched by name case- and whitespace-insensitively within a territory."""

from django.db import transaction

from plans.models import AdministrativeUnit, Agency
from plans.text import clean_name, name_key


@transaction.atomic
def agency_get_or_create(*, name: str, unit: AdministrativeUnit) -> tuple[Agency, bool]:
    """Agencies are matched by name case- and whitespace-insensitively within a territory."""
    return Agency.objects.get_or_create(unit=unit, name_key=name_key(name), defaults={"name": clean_name(name)})


def agency_prepare_for_save(agency: Agency) -> None:
    """Keep the stored name tidy and its matching key in step (used by the admin and the agency import)."""
    agency.name = clean_name(agency.name)
    agency.name_key = name_key(agency.name)
