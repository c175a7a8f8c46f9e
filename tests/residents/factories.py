"""Factories of residents, households, tags and visits (places come from tests/grids/factories.py).

Names are Chinese (Faker's zh_CN names); ID numbers are valid and unique. A household is created with
its head (a household never exists without one): pass `head=False` to get an empty household,
`head=resident` to make an existing resident its head, or `head__name="…"`.
"""

import datetime

import factory
from django.utils import timezone
from stdnum.cn import ric

from residents.choices import HouseholdKind, Relationship, TagKind, VisitKind
from residents.models import Household, HouseholdMembership, Resident, ResidentTag, Visit
from tests.grids.factories import DwellingFactory, UserFactory


def valid_id_number(area_code: str, born: datetime.date, sequence: int) -> str:
    """A valid 18-character ID number; `sequence` (0-999) is odd for men and even for women."""
    first17 = f"{area_code}{born:%Y%m%d}{sequence:03d}"
    # calc_check_digit ignores the last character of what it is given: the place of the check character.
    return first17 + ric.calc_check_digit(first17 + "X")


def _days_ago(days):
    return lambda: timezone.localdate() - datetime.timedelta(days=days)


class ResidentFactory(factory.django.DjangoModelFactory):
    """A resident; `ResidentFactory(born=date(1950, 3, 1), male=False, area_code="370102")` fixes the ID number."""

    class Meta:
        model = Resident

    class Params:
        male = factory.Faker("pybool")
        born = factory.Faker("date_between", start_date=datetime.date(1930, 1, 1), end_date=datetime.date(2024, 12, 31))
        area_code = "110101"

        surname = factory.Faker("last_name", locale="zh_CN")
        given_name = factory.Maybe(
            "male",
            factory.Faker("first_name_male", locale="zh_CN"),
            factory.Faker("first_name_female", locale="zh_CN"),
        )

    name = factory.LazyAttribute(lambda o: o.surname + o.given_name)
    # Men have an odd sequence, women an even one.
    id_number = factory.LazyAttributeSequence(
        lambda o, n: valid_id_number(o.area_code, o.born, n % 500 * 2 + int(o.male))
    )
    phone = factory.Sequence(lambda n: f"139{n % 100_000_000:08d}")
    dwelling = factory.SubFactory(DwellingFactory)
    moved_in_on = factory.LazyFunction(_days_ago(3 * 365))


class HouseholdFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Household
        skip_postgeneration_save = True

    dwelling = factory.SubFactory(DwellingFactory)
    number = factory.Sequence(lambda n: f"9{n:09d}")
    kind = HouseholdKind.FAMILY

    @factory.post_generation
    def head(self, create, extracted, **kwargs):
        if not create or extracted is False:
            return None
        resident = extracted or ResidentFactory(dwelling=self.dwelling, **kwargs)
        HouseholdMembershipFactory(household=self, resident=resident, relationship=Relationship.HEAD)
        return resident


class HouseholdMembershipFactory(factory.django.DjangoModelFactory):
    """Another member of a household (其他 unless told); the household comes with its head."""

    class Meta:
        model = HouseholdMembership

    household = factory.SubFactory(HouseholdFactory)
    resident = factory.SubFactory(ResidentFactory, dwelling=factory.SelfAttribute("..household.dwelling"))
    relationship = Relationship.OTHER
    started_on = factory.LazyFunction(_days_ago(365))


class ResidentTagFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ResidentTag

    resident = factory.SubFactory(ResidentFactory)
    kind = TagKind.LOW_INCOME
    since = factory.LazyFunction(_days_ago(180))


class VisitFactory(factory.django.DjangoModelFactory):
    """A visit to a household (or, with `household=None, resident=…`, to a resident), in its grid."""

    class Meta:
        model = Visit

    household = factory.SubFactory(HouseholdFactory)
    resident = None
    grid = factory.LazyAttribute(lambda o: (o.household.dwelling if o.household else o.resident.dwelling).grid)
    worker = factory.SubFactory(UserFactory)
    visited_on = factory.LazyFunction(_days_ago(7))
    kind = VisitKind.ROUTINE
    notes = "入户了解家庭近况，一切正常。"
