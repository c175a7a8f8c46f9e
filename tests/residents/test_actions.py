import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse

from residents import actions
from residents.choices import Relationship, ResidentStatus
from residents.models import HouseholdMembership, Resident, ResidentTag

from .fixtures import ZHANG_SAN


def form_data(resident, **changes):
    data = {
        "name": resident.name,
        "id_number": resident.id_number,
        "phone": resident.phone,
        "dwelling": resident.dwelling_id,
        "moved_in_on": "",
        "residence_type": resident.residence_type,
        "registered_address": resident.registered_address,
        "ethnicity": resident.ethnicity,
        "political_status": resident.political_status,
        "education": "",
        "marital_status": "",
        "employment_status": "",
        "skills": "",
        "wanted_job": "",
        "version": resident.version,
    }
    data.update(changes)
    return data


def test_a_grid_worker_changes_a_phone_and_the_history_shows_who_did_it(client, demo, register):
    zhang = register["zhang"]
    client.force_login(demo["grid_a"])

    response = client.post(
        reverse("residents:resident-update", args=[zhang.pk]), form_data(zhang, phone="139 0000 1111")
    )

    assert response.status_code == 302
    zhang.refresh_from_db()
    assert (zhang.phone, zhang.version) == ("13900001111", 2)
    history = client.get(zhang.get_absolute_url()).context["history"]
    [change] = [entry for entry in history if any(c.field == "电话" for c in entry.changes) and entry.action == "修改"]
    assert change.user == "李强"
    assert [(c.old, c.new) for c in change.changes if c.field == "电话"] == [("138****5678", "139****1111")]


def test_a_stale_edit_is_refused_and_overwrites_nothing(client, demo, register):
    zhang = register["zhang"]
    opened = form_data(zhang, phone="13900001111")
    Resident.objects.filter(pk=zhang.pk).update(phone="13700002222", version=2)  # someone else saved meanwhile
    client.force_login(demo["grid_a"])

    response = client.post(reverse("residents:resident-update", args=[zhang.pk]), opened)

    assert response.status_code == 409
    assert "记录已被他人修改" in response.content.decode()
    assert "137****2222" in response.content.decode()
    zhang.refresh_from_db()
    assert zhang.phone == "13700002222"


def test_saving_again_after_reading_the_saved_values_overwrites_them(client, demo, register):
    zhang = register["zhang"]
    opened = form_data(zhang, phone="13900001111")
    Resident.objects.filter(pk=zhang.pk).update(phone="13700002222", version=2)
    client.force_login(demo["grid_a"])
    stale = client.post(reverse("residents:resident-update", args=[zhang.pk]), opened)
    saved_version = stale.context["form"]["version"].value()

    again = client.post(reverse("residents:resident-update", args=[zhang.pk]), {**opened, "version": saved_version})

    assert again.status_code == 302
    zhang.refresh_from_db()
    assert (zhang.phone, zhang.version) == ("13900001111", 3)


def test_bad_input_gets_chinese_errors_and_keeps_what_was_typed(client, demo, register):
    zhang = register["zhang"]
    client.force_login(demo["grid_a"])

    response = client.post(
        reverse("residents:resident-update", args=[zhang.pk]),
        form_data(zhang, id_number="110105194912310021", phone="12345", registered_address="北京市东城区多福巷1号"),
    )

    html = response.content.decode()
    assert response.status_code == 200
    assert "身份证号最后一位校验码不符" in html
    assert "手机号" in html
    assert "北京市东城区多福巷1号" in html


def test_a_duplicate_id_number_is_refused_without_revealing_the_other_record(client, demo, register):
    client.force_login(demo["grid_b"])  # 张三 lives in grid_a's grid: grid_b may not see her

    response = client.post(
        reverse("residents:resident-create"),
        {
            **form_data(register["li"], name="张小三", id_number=ZHANG_SAN, phone="13611112222"),
            "household": "",
            "relationship": "",
        },
    )

    html = response.content.decode()
    assert response.status_code == 200
    assert "已有居民使用此身份证号" in html
    assert "张三" not in html.replace("张小三", "")
    assert "13611112222" in html
    assert Resident.objects.filter(id_number=ZHANG_SAN).count() == 1


def test_a_grid_worker_registers_a_resident_into_a_household_of_their_grid(client, demo, register):
    client.force_login(demo["grid_a"])
    body = "11010120200101002"
    from stdnum.cn import ric

    response = client.post(
        reverse("residents:resident-create"),
        {
            **form_data(register["zhao"], name="赵小七", id_number=body + ric.calc_check_digit(body + "0"), phone=""),
            "household": register["household"].pk,
            "relationship": Relationship.GRANDDAUGHTER,
        },
    )

    assert response.status_code == 302
    new = Resident.objects.get(name="赵小七")
    assert new.memberships.get().household == register["household"]
    assert new.name_initials == "zxq"


def test_dropdowns_offer_only_dwellings_the_user_may_change(client, demo, register):
    client.force_login(demo["grid_a"])

    form = client.get(reverse("residents:resident-update", args=[register["zhang"].pk])).context["form"]

    assert set(form.fields["dwelling"].queryset) == {register["d1"]}
    assert form.fields["version"].initial == 1


def test_a_change_that_would_move_a_resident_out_of_scope_is_rolled_back(demo, register):
    zhang = register["zhang"]
    zhang.dwelling = register["d2"]  # grid_b's grid

    with pytest.raises(ValidationError, match="管辖范围"):
        actions.resident_update(user=demo["grid_a"], resident=zhang, version=1)

    zhang.refresh_from_db()
    assert zhang.dwelling == register["d1"]
    assert zhang.version == 1


@pytest.mark.parametrize("username", ["grid_b", "window", "official", "street_official"])
def test_users_who_may_not_edit_a_resident_get_404_or_403_and_nothing_changes(client, demo, register, username):
    zhang = register["zhang"]
    client.force_login(demo[username])

    get = client.get(reverse("residents:resident-update", args=[zhang.pk]))
    post = client.post(reverse("residents:resident-update", args=[zhang.pk]), form_data(zhang, phone="13900001111"))
    leave = client.post(
        reverse("residents:resident-leave", args=[zhang.pk]), {"status": "moved_out", "on": "2026-11-01"}
    )

    assert {get.status_code, post.status_code, leave.status_code} <= {403, 404}
    zhang.refresh_from_db()
    assert (zhang.phone, zhang.status) == ("13812345678", ResidentStatus.ACTIVE)


def test_moving_out_keeps_the_person_and_ends_the_household_membership(client, demo, register):
    zhao = register["zhao"]
    client.force_login(demo["grid_a"])

    response = client.post(
        reverse("residents:resident-leave", args=[zhao.pk]),
        {"status": "moved_out", "on": "2026-11-01", "note": "迁往海淀区"},
    )

    assert response.status_code == 302
    zhao.refresh_from_db()
    assert (zhao.status, zhao.status_changed_on, zhao.status_note) == (
        ResidentStatus.MOVED_OUT,
        datetime.date(2026, 11, 1),
        "迁往海淀区",
    )
    assert not zhao.memberships.current().exists()


def test_the_death_of_a_head_with_members_needs_a_new_head(client, demo, register):
    zhang, zhao = register["zhang"], register["zhao"]
    client.force_login(demo["grid_a"])
    url = reverse("residents:resident-leave", args=[zhang.pk])

    refused = client.post(url, {"status": "deceased", "on": "2026-11-01"})
    accepted = client.post(url, {"status": "deceased", "on": "2026-11-01", "new_head": zhao.pk})

    assert refused.status_code == 200
    assert "新户主" in refused.content.decode()
    assert accepted.status_code == 302
    assert HouseholdMembership.objects.current().get(household=register["household"]).resident == zhao
    assert HouseholdMembership.objects.current().get(household=register["household"]).relationship == "02"


def test_a_household_cannot_have_two_current_heads(register):
    with pytest.raises(IntegrityError), transaction.atomic():
        HouseholdMembership.objects.filter(resident=register["zhao"]).update(relationship=Relationship.HEAD)


def test_a_resident_belongs_to_one_current_household_at_a_time(register):
    with pytest.raises(IntegrityError), transaction.atomic():
        HouseholdMembership.objects.create(
            household=register["household_2"],
            resident=register["zhang"],
            relationship=Relationship.OTHER,
            started_on=datetime.date(2024, 1, 1),
        )


def test_the_database_refuses_a_second_resident_with_the_same_id_number(register):
    with pytest.raises(IntegrityError), transaction.atomic():
        Resident.objects.create(name="重复", id_number=ZHANG_SAN, dwelling=register["d1"])


def test_a_tag_ends_instead_of_being_deleted(client, demo, register):
    tag = ResidentTag.objects.get(resident=register["zhang"])
    client.force_login(demo["grid_a"])

    response = client.post(reverse("residents:tag-end", args=[tag.pk]))

    assert response.status_code == 302
    tag.refresh_from_db()
    assert tag.until is not None


def test_a_bulk_update_is_recorded_in_the_history(register):
    from residents.models import ResidentEvent

    before = ResidentEvent.objects.filter(pgh_obj_id=register["zhang"].pk).count()

    Resident.objects.filter(pk=register["zhang"].pk).update(skills="剪纸")

    events = ResidentEvent.objects.filter(pgh_obj_id=register["zhang"].pk).order_by("pgh_id")
    assert events.count() == before + 1
    assert events.last().skills == "剪纸"


def test_revealing_without_permission_is_logged_then_refused(demo, register):
    from django.core.exceptions import PermissionDenied

    from residents.models import PersonalDataAccess

    with pytest.raises(PermissionDenied):
        actions.personal_data_reveal(user=demo["official"], resident=register["zhang"], field="id_number")
    assert PersonalDataAccess.objects.filter(granted=False).count() == 1
