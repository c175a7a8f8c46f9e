import datetime

import pytest
from django.contrib.admin.sites import site
from django.core.exceptions import ValidationError
from django.db import IntegrityError, ProgrammingError, transaction
from django.test import RequestFactory

from partybuilding.models import CheckIn, Member, Organisation, PointsEntry, PointsSource, Unit, validate_uscc

from .conftest import VALID_USCC, plan


def test_the_unified_social_credit_code_of_the_standard_example_is_valid():
    validate_uscc(VALID_USCC)


@pytest.mark.parametrize(
    "code",
    [
        "91350100M000100Y44",  # wrong check character
        "91350100M000100Y4",  # 17 characters
        "91350100M000100Y433",  # 19 characters
        "9135010OM000100Y43",  # a letter O among the digits of the region code
    ],
)
def test_a_malformed_unified_social_credit_code_is_refused(code):
    with pytest.raises(ValidationError):
        validate_uscc(code)


def test_a_unit_is_cleaned_to_upper_case_and_validated(party):
    unit = Unit(name="测试单位", credit_code="91350100m000100y43", community=party["committee"].community)

    with pytest.raises(ValidationError) as error:
        unit.full_clean()

    assert "credit_code" in error.value.error_dict  # the code is registered already, after normalising


def test_the_database_refuses_a_malformed_credit_code(party):
    with pytest.raises(IntegrityError), transaction.atomic():
        Unit.objects.create(name="测试单位", credit_code="91350100-000100Y43", community=party["committee"].community)


def test_a_branch_cannot_sit_below_a_party_group(party):
    branch = Organisation(
        name="错误支部", kind=Organisation.Kind.BRANCH, parent=party["group_1"], community=party["group_1"].community
    )

    with pytest.raises(ValidationError) as error:
        branch.full_clean()

    assert "parent" in error.value.error_dict


def test_a_member_without_a_resident_needs_their_own_id_number_and_phone(party):
    with pytest.raises(IntegrityError), transaction.atomic():
        Member.objects.create(organisation=party["branch_1"], name="无名", joined_on=datetime.date(2000, 1, 1))


def test_a_member_linked_to_a_resident_takes_the_residents_name(party, register):
    member = Member.objects.create(
        organisation=party["branch_1"], resident=register["zhang"], joined_on=datetime.date(1970, 7, 1)
    )

    assert member.name == "张三"
    assert member.masked_phone == "138****5678"
    assert member.masked_id_number == "110105********002X"


def test_a_second_check_in_of_a_member_at_an_activity_is_refused_by_the_database(party):
    activity = plan(party["users"]["secretary"], party["branch_1"])
    CheckIn.objects.create(activity=activity, member=party["liu"], status=CheckIn.Status.PRESENT)

    with pytest.raises(IntegrityError), transaction.atomic():
        CheckIn.objects.create(activity=activity, member=party["liu"], status=CheckIn.Status.ABSENT)

    assert CheckIn.objects.filter(activity=activity, member=party["liu"]).count() == 1


def test_points_entries_can_be_neither_changed_nor_deleted_in_the_database(party):
    entry = PointsEntry.objects.create(
        member=party["liu"], on=datetime.date(2026, 1, 5), points=3, reason="参加主题党日", source=PointsSource.MANUAL
    )

    with pytest.raises(ProgrammingError, match="pgtrigger"), transaction.atomic():
        PointsEntry.objects.filter(pk=entry.pk).update(points=30)
    with pytest.raises(ProgrammingError, match="pgtrigger"), transaction.atomic():
        entry.delete()

    entry.refresh_from_db()
    assert entry.points == 3


def test_the_back_office_offers_no_way_to_edit_or_delete_points_entries_or_delete_members(party):
    request = RequestFactory().get("/")
    request.user = party["users"]["admin"]
    entries = site._registry[PointsEntry]
    members = site._registry[Member]

    assert not entries.has_change_permission(request)
    assert not entries.has_delete_permission(request)
    assert entries.has_add_permission(request)
    assert not members.has_delete_permission(request)


def test_every_model_of_the_app_has_an_admin():
    from django.apps import apps

    for model in apps.get_app_config("partybuilding").get_models():
        if model._meta.auto_created or model.__name__.endswith("Event"):
            continue
        assert model in site._registry, model
