"""Factories of places (grids app) and of residents, households, tags and visits.

Names are Chinese (Faker's zh_CN surnames, given names fitting gender and birth year); ID numbers
are valid and unique. They draw their sequence digits from 500-999, the half `seed_demo` leaves free,
so factories and the demo residents can share a database.

A household is created with its head (a household never exists without one): pass `head=False` to
get an empty household, `head=resident` to make an existing resident its head, or `head__name="…"`.
A dwelling lies in a building of its grid's community; to give it a building, give the grid too.
"""

import datetime

import factory
import factory.random
from django.contrib.auth import get_user_model
from django.utils import timezone

from demo.residents import DEMO_SEQUENCES, given_name, make_id_number
from grids.models import Building, Community, Compound, District, Dwelling, Grid, Street
from residents.choices import HouseholdKind, Relationship, TagKind, VisitKind
from residents.models import Household, HouseholdMembership, Resident, ResidentTag, Visit


def _days_ago(days):
    return lambda: timezone.localdate() - datetime.timedelta(days=days)


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ("username",)

    username = factory.Sequence(lambda n: f"user{n}")
    first_name = factory.Faker("name", locale="zh_CN")
    password = factory.django.Password("demo12345")


class DistrictFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = District

    code = factory.Sequence(lambda n: f"9{n % 100_000:05d}000000")
    name = factory.Sequence(lambda n: f"测试{n}区")


class StreetFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Street

    district = factory.SubFactory(DistrictFactory)
    code = factory.LazyAttributeSequence(lambda o, n: f"{o.district.code[:6]}{n % 1000:03d}000")
    name = factory.Sequence(lambda n: f"测试{n}街道")


class CommunityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Community

    street = factory.SubFactory(StreetFactory)
    code = factory.LazyAttributeSequence(lambda o, n: f"{o.street.code[:9]}{n % 1000:03d}")
    name = factory.Sequence(lambda n: f"测试{n}社区")


class GridFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Grid

    community = factory.SubFactory(CommunityFactory)
    number = factory.Sequence(lambda n: n % 30_000 + 1)
    name = factory.LazyAttribute(lambda o: f"第{o.number}网格")


class CompoundFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Compound

    community = factory.SubFactory(CommunityFactory)
    name = factory.Sequence(lambda n: f"和平里{n + 1}号院")
    kind = Compound.Kind.COMPOUND


class BuildingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Building

    compound = factory.SubFactory(CompoundFactory)
    name = factory.Sequence(lambda n: f"{n + 1}号楼")


class DwellingFactory(factory.django.DjangoModelFactory):
    """A flat in a building of the grid's community; `DwellingFactory(bungalow=True)` is a house at an address."""

    class Meta:
        model = Dwelling

    class Params:
        bungalow = factory.Trait(
            building=None, unit="", floor=None, room="",
            address=factory.Sequence(lambda n: f"吉祥胡同{n + 1}号"),
        )

    grid = factory.SubFactory(GridFactory)
    building = factory.SubFactory(BuildingFactory, compound__community=factory.SelfAttribute("...grid.community"))
    unit = "1单元"
    floor = factory.Sequence(lambda n: n % 6 + 1)
    room = factory.LazyAttributeSequence(lambda o, n: f"{o.floor}{n:02d}")
    address = ""
    use = Dwelling.Use.OWNER_OCCUPIED


class ResidentFactory(factory.django.DjangoModelFactory):
    """A resident; `ResidentFactory(born=date(1950, 3, 1), male=False, area_code="370102")` fixes the ID number."""

    class Meta:
        model = Resident

    class Params:
        male = factory.Faker("pybool")
        born = factory.Faker("date_between", start_date=datetime.date(1930, 1, 1), end_date=datetime.date(2024, 12, 31))
        area_code = "110101"

        surname = factory.Faker("last_name", locale="zh_CN")

    # Faker's zh_CN male and female name lists overlap; the demo's lists tell boys' names from girls'.
    name = factory.LazyAttribute(lambda o: o.surname + given_name(factory.random.randgen, o.male, o.born))
    # Men have an odd sequence, women an even one.
    id_number = factory.LazyAttributeSequence(
        lambda o, n: make_id_number(o.area_code, o.born, DEMO_SEQUENCES + n % 250 * 2 + int(o.male))
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
