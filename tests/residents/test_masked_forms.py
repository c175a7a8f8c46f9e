"""Edit forms never hold a saved ID number or phone in full: each is masked, kept when left empty and
changed by typing the new value; the full value is the logged "Show" of the record's page."""

from django.urls import reverse

from partybuilding.models import Member
from residents.models import PersonalDataAccess, Resident
from tests.residents.test_actions import form_data


def test_the_residents_edit_form_shows_the_id_number_and_phone_masked(client, demo, register):
    zhang = register["zhang"]
    client.force_login(demo["grid_a"])

    response = client.get(reverse("residents:resident-update", args=[zhang.pk]))

    html = response.content.decode()
    assert zhang.id_number not in html
    assert zhang.phone not in html
    assert zhang.masked_id_number in html
    assert zhang.masked_phone in html
    assert not PersonalDataAccess.objects.exists()


def test_left_empty_the_saved_values_stay_and_a_typed_one_replaces_them(client, demo, register):
    zhang = register["zhang"]
    id_number = zhang.id_number
    client.force_login(demo["grid_a"])
    url = reverse("residents:resident-update", args=[zhang.pk])

    kept = client.post(url, form_data(zhang, id_number="", phone="", skills="电工"))
    zhang.refresh_from_db()
    changed = client.post(url, form_data(zhang, id_number="", phone="13900001234", skills="电工"))

    assert (kept.status_code, changed.status_code) == (302, 302)
    saved = Resident.objects.get(pk=zhang.pk)
    assert (saved.id_number, saved.phone, saved.skills) == (id_number, "13900001234", "电工")


def test_the_member_edit_form_shows_the_id_number_and_phone_masked(client, party):
    liu = party["liu"]
    Member.objects.filter(pk=liu.pk).update(phone="13512345678")
    liu.refresh_from_db()
    client.force_login(party["users"]["secretary"])

    html = client.get(reverse("partybuilding:member-update", args=[liu.pk])).content.decode()

    assert "13512345678" not in html
    assert liu.masked_phone in html
    if liu.id_number:
        assert liu.id_number not in html


def test_the_admin_change_page_shows_them_masked_to_a_superuser_too(client, demo, register):
    zhang = register["zhang"]
    client.force_login(demo["admin"])

    html = client.get(reverse("admin:residents_resident_change", args=[zhang.pk])).content.decode()

    assert zhang.id_number not in html
    assert zhang.phone not in html
