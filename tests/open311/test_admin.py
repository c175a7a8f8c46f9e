"""API clients in the back office: a new key shown once, community admins kept to their community."""

import pytest
from django.urls import reverse

from grids.models import Community, District
from open311.actions import client_create
from open311.models import ApiClient, ApiKey

DUOFU, OTHER = "110101001001", "110101002001"
ADD = reverse("admin:open311_apiclient_add")


def form(**fields):
    return {
        "name": "社区小程序",
        "channel": "online",
        "ticket_source": "小程序",
        "may_read": "on",
        "may_create": "on",
        "active": "on",
        "keys-TOTAL_FORMS": "0",
        "keys-INITIAL_FORMS": "0",
        "keys-MIN_NUM_FORMS": "0",
        "keys-MAX_NUM_FORMS": "1000",
        **fields,
    }


@pytest.fixture
def staff_community_admin(demo):
    user = demo["community_admin"]
    user.is_staff = True
    user.save()
    return type(user).objects.get(pk=user.pk)


def test_a_new_client_shows_its_key_once_and_the_portal_keeps_only_a_digest(client, demo):
    client.force_login(demo["admin"])

    page = client.post(ADD, form(community=Community.objects.get(code=DUOFU).pk))

    assert page.status_code == 200
    assert "no-store" in page["Cache-Control"]
    secret = page.context["secret"]
    created = ApiClient.objects.get(name="社区小程序")
    assert ApiKey.find(secret).client == created
    assert not created.user.is_active
    assert not created.user.has_usable_password()
    assert secret not in client.get(reverse("admin:open311_apiclient_change", args=[created.pk])).content.decode()


def test_a_community_admin_keeps_only_the_clients_of_their_community(client, staff_community_admin):
    own, _key = client_create(name="多福巷", community=Community.objects.get(code=DUOFU))
    other, _key = client_create(name="别的社区", community=Community.objects.get(code=OTHER))
    client.force_login(staff_community_admin)

    listed = client.get(reverse("admin:open311_apiclient_changelist")).context["cl"].result_list
    foreign = client.get(reverse("admin:open311_apiclient_change", args=[other.pk]))
    new_key_elsewhere = client.post(reverse("admin:open311_apiclient_new_key", args=[other.pk]))
    district_wide = client.post(ADD, form(name="全区", district=District.objects.get().pk))
    confirm = client.get(reverse("admin:open311_apiclient_new_key", args=[own.pk]))
    issued = client.post(reverse("admin:open311_apiclient_new_key", args=[own.pk]))

    assert list(listed) == [own]
    assert foreign.status_code == 302  # the back office's "no such record"
    assert new_key_elsewhere.status_code == 404
    assert not ApiClient.objects.filter(name="全区").exists()
    assert other.keys.count() == 1
    assert district_wide.status_code in (200, 302)
    assert confirm.status_code == 200
    assert "secret" not in confirm.context
    assert ApiKey.find(issued.context["secret"]).client == own
    assert own.keys.count() == 2


def test_a_revoked_key_no_longer_opens_the_api(client, demo):
    api_client, secret = client_create(name="多福巷", community=Community.objects.get(code=DUOFU))
    client.force_login(demo["admin"])
    key = ApiKey.objects.get(client=api_client)

    client.post(reverse("admin:open311_apikey_changelist"), {"action": "revoke", "_selected_action": [key.pk]})

    assert ApiKey.find(secret) is None
    assert client.get(reverse("open311:services", kwargs={"fmt": "json"}), {"api_key": secret}).status_code == 403
