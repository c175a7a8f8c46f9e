"""Factories of departments, and the departments of the demo district.

Service requests are made through `services.actions.request_create` (the `new_request` fixture), so
that every test request has its number, due date and first event as a real one has.
"""

import factory
from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Group

from demo.services import COMMUNITY_DEPARTMENTS, RESIDENT_UNITS, STREET_DEPARTMENTS
from grids.roles import Role
from services.choices import DepartmentKind, Function
from services.models import Department
from tests.grids.factories import PASSWORD, CommunityFactory


class DepartmentFactory(factory.django.DjangoModelFactory):
    """A community's office; `DepartmentFactory(street=…, community=None, kind=…)` serves a street."""

    class Meta:
        model = Department

    name = factory.Sequence(lambda n: f"测试{n}居委会")
    kind = DepartmentKind.COMMUNITY_OFFICE
    function = Function.COMMUNITY_COMMITTEE
    community = factory.SubFactory(CommunityFactory)
    street = None


def demo_departments(communities):
    """The departments of the demo district's streets and `communities` (by code), and their liaison
    `dept` (孙伟) for 多福巷社区居委会, as `seed_demo` makes them; returns the liaison."""
    streets = {community.street.code: community.street for community in communities.values()}
    departments = [
        Department(name=f"{street.name}{name}", kind=DepartmentKind.STREET_DEPARTMENT, function=function, street=street)
        for _code, street in sorted(streets.items())
        for name, function in STREET_DEPARTMENTS
    ]
    for code, community in sorted(communities.items()):
        departments += [
            Department(name=f"{community.name}{name}", kind=kind, function=function, community=community)
            for name, kind, function in COMMUNITY_DEPARTMENTS
        ]
        if code in RESIDENT_UNITS:
            departments.append(
                Department(
                    name=RESIDENT_UNITS[code],
                    kind=DepartmentKind.RESIDENT_UNIT,
                    function=Function.OTHER,
                    community=community,
                )
            )
    Department.objects.bulk_create(departments)
    liaison = get_user_model().objects.create(username="dept", first_name="孙伟", password=make_password(PASSWORD))
    liaison.groups.add(Group.objects.get(name=Role.DEPARTMENT_LIAISON.group_name))
    next(d for d in departments if d.name == "多福巷社区居委会").liaisons.add(liaison)
    return liaison
