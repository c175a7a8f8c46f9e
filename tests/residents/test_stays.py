"""暂住登记: the stay of a resident registered elsewhere, the grid worker's reminders when it is over,
and the 出租房屋 register of rented dwellings with their tenants."""

import datetime

from django.urls import reverse
from django.utils import timezone

from grids.models import Dwelling
from residents.choices import ResidenceType, StayPurpose
from residents.models import Resident
from tests.residents.test_actions import form_data


def test_a_floating_resident_needs_the_registered_address_the_end_and_purpose_of_the_stay(client, demo, register):
    client.force_login(demo["grid_a"])
    zhao = register["zhao"]
    url = reverse("residents:resident-update", args=[zhao.pk])
    data = form_data(zhao, residence_type=ResidenceType.FLOATING, registered_address="", id_number="", phone="")

    missing = client.post(url, data)
    saved = client.post(
        url,
        {
            **data,
            "registered_address": "河北省保定市",
            "moved_in_on": "2026-03-01",
            "stay_until": "2027-02-28",
            "stay_purpose": StayPurpose.STUDY,
        },
    )

    assert missing.status_code == 200
    assert set(missing.context["form"].errors) == {"registered_address", "stay_until", "stay_purpose"}
    assert saved.status_code == 302
    assert Resident.objects.get(pk=zhao.pk).stay_until == datetime.date(2027, 2, 28)


def test_stays_that_are_over_are_on_the_grid_workers_home_page_and_lead_to_them(client, demo, register):
    today = timezone.localdate()
    Resident.objects.filter(pk=register["zhao"].pk).update(
        residence_type=ResidenceType.FLOATING, stay_until=today - datetime.timedelta(days=3)
    )
    Resident.objects.filter(pk=register["zhang"].pk).update(stay_until=today + datetime.timedelta(days=30))
    Resident.objects.filter(pk=register["li"].pk).update(stay_until=today - datetime.timedelta(days=3))  # grid_b's
    client.force_login(demo["grid_a"])

    home = client.get(reverse("portal:home"))
    link = reverse("residents:resident-list") + f"?grid={register['grid_1'].pk}&stay=over"
    listed = client.get(link)

    html = home.content.decode()
    assert 'data-testid="stays-over"' in html
    assert link.replace("&", "&amp;") in html
    assert [r.name for r in listed.context["page"]] == ["赵六"]


def test_the_rental_register_lists_the_rented_dwellings_of_the_users_grids_with_their_tenants(client, demo, register):
    Dwelling.objects.filter(pk__in=[register["d1"].pk, register["d2"].pk, register["far"].pk]).update(use="rented")
    client.force_login(demo["grid_a"])

    response = client.get(reverse("residents:rental-list"))

    rows = list(response.context["page"])
    assert [d.pk for d in rows] == [register["d1"].pk]
    assert sorted(t.name for t in rows[0].tenants) == ["张三", "赵六"]
    assert response.context["count"] == 1
