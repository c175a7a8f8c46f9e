import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError

from grids.actions import staff_post_assign
from grids.models import Community, District, Grid, StaffPost
from grids.roles import Role


def test_a_grid_worker_post_must_cover_a_grid_not_a_community(demo, community_1):
    post = StaffPost(user=demo["nobody"], role=Role.GRID_WORKER, community=community_1)

    with pytest.raises(ValidationError, match="网格员对应一个网格"):
        post.full_clean()
    with pytest.raises(IntegrityError):
        post.save()


def test_an_official_covers_the_district_or_a_street(demo):
    post = StaffPost(user=demo["nobody"], role=Role.OFFICIAL, district=District.objects.get())
    post.full_clean()
    post.save()

    with pytest.raises(IntegrityError):
        StaffPost.objects.create(user=demo["nobody"], role=Role.OFFICIAL, community=Community.objects.first())


def test_assigning_a_post_twice_keeps_one_current_post(demo, community_1):
    user = demo["nobody"]
    first = staff_post_assign(user=user, role=Role.WINDOW_STAFF, area=community_1)
    second = staff_post_assign(user=user, role=Role.WINDOW_STAFF, area=community_1)

    assert first == second
    assert StaffPost.objects.filter(user=user).count() == 1
    assert user.groups.filter(name="窗口工作人员").exists()


def test_the_database_refuses_a_second_current_copy_of_a_post(demo, community_1):
    with pytest.raises(IntegrityError):
        StaffPost.objects.create(user=demo["window"], role=Role.WINDOW_STAFF, community=community_1)


def test_an_ended_post_can_be_taken_up_again(demo, community_1):
    StaffPost.objects.filter(user=demo["window"]).update(ended_on="2026-01-01")

    staff_post_assign(user=demo["window"], role=Role.WINDOW_STAFF, area=community_1)

    assert StaffPost.objects.filter(user=demo["window"]).count() == 2


def test_two_grids_of_a_community_cannot_share_a_number(demo, community_1):
    with pytest.raises(IntegrityError):
        Grid.objects.create(community=community_1, number=1, name="重复网格")


def test_grid_code_extends_the_community_code(demo, community_1):
    assert Grid.objects.get(community=community_1, number=2).code == "110101001001002"


def test_division_codes_have_twelve_digits(demo):
    district = District(code="110101", name="东城区")

    with pytest.raises(ValidationError) as error:
        district.full_clean()
    assert "code" in error.value.message_dict


def test_every_role_has_its_group_after_migrate(db):
    from django.contrib.auth.models import Group

    assert set(Group.objects.values_list("name", flat=True)) >= {role.group_name for role in Role}
    assert Group.objects.get(name=Role.GRID_WORKER.group_name).permissions.filter(codename="view_grid").exists()
