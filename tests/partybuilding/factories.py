"""Factories of party organisations, resident units and members.

Activities are planned through `partybuilding.actions.activity_create` (`plan()` in this folder's
conftest), so that each test activity gets its check-in window and expected members as a real one does.
"""

import datetime

import factory
from stdnum.cn import uscc

from partybuilding.models import Member, Organisation, Unit
from tests.grids.factories import CommunityFactory
from tests.residents.factories import valid_id_number


def credit_code(first17: str) -> str:
    """A valid unified social credit code starting with `first17`."""
    # calc_check_digit ignores the last character of what it is given: the place of the check character.
    return first17 + uscc.calc_check_digit(first17 + "0")


def own_identity(number: int, born=datetime.date(1980, 1, 1)):
    """A valid ID number and a phone for a member not linked to a resident."""
    return {"id_number": valid_id_number("110102", born, number), "phone": f"1390000{number:04d}"}


class OrganisationFactory(factory.django.DjangoModelFactory):
    """A community's party committee; give `kind` and `parent` for a branch or a group under it."""

    class Meta:
        model = Organisation

    name = factory.Sequence(lambda n: f"测试{n}党组织")
    kind = Organisation.Kind.COMMITTEE
    community = factory.SubFactory(CommunityFactory)
    parent = None


class UnitFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Unit

    name = factory.Sequence(lambda n: f"测试{n}单位")
    credit_code = factory.Sequence(lambda n: credit_code(f"12110101MB{n % 10_000_000:07d}"))
    community = factory.SubFactory(CommunityFactory)


class MemberFactory(factory.django.DjangoModelFactory):
    """A full member with their own identity (not linked to a resident)."""

    class Meta:
        model = Member

    organisation = factory.SubFactory(OrganisationFactory)
    name = factory.Faker("name", locale="zh_CN")
    # Numbers from 500 up: the `party` fixture's members have 1 to 4, tests pick others below 500.
    id_number = factory.Sequence(lambda n: own_identity(500 + n % 500)["id_number"])
    phone = factory.Sequence(lambda n: own_identity(500 + n % 500)["phone"])
    joined_on = datetime.date(2005, 7, 1)
