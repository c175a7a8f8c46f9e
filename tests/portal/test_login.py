import pytest
from django.test import override_settings
from django.urls import reverse

LOGIN = "/accounts/login/"


def test_a_user_logs_in_and_lands_on_the_home_page(client, demo):
    response = client.post(LOGIN, {"username": "window", "password": "demo12345"})

    assert response.status_code == 302
    assert response.url == reverse("portal:home")


def test_a_wrong_password_is_refused_in_chinese_and_keeps_the_user_name(client, demo):
    response = client.post(LOGIN, {"username": "window", "password": "wrong"})

    html = response.content.decode()
    assert response.status_code == 200
    assert "请输入一个正确的" in html
    assert 'value="window"' in html


@override_settings(AXES_FAILURE_LIMIT=3)
def test_repeated_failed_logins_lock_the_account_out(client, demo):
    for _ in range(2):
        assert client.post(LOGIN, {"username": "window", "password": "wrong"}).status_code == 200

    locked = client.post(LOGIN, {"username": "window", "password": "wrong"})
    with_right_password = client.post(LOGIN, {"username": "window", "password": "demo12345"})

    assert locked.status_code == 429
    assert "账号已锁定" in locked.content.decode()
    assert "30 分钟" in locked.content.decode()
    assert with_right_password.status_code == 429
    assert "_auth_user_id" not in client.session


@override_settings(AXES_FAILURE_LIMIT=3)
def test_a_lockout_does_not_touch_other_accounts(client, demo):
    for _ in range(3):
        client.post(LOGIN, {"username": "window", "password": "wrong"})

    response = client.post(LOGIN, {"username": "grid_a", "password": "demo12345"})

    assert response.status_code == 302


def test_logout_needs_a_post_and_ends_the_session(client, demo):
    client.force_login(demo["window"])

    response = client.post(reverse("logout"))

    assert response.status_code == 302
    assert client.get(reverse("portal:home")).status_code == 302


def test_a_session_in_use_is_renewed_for_the_idle_timeout_only(client, demo):
    from datetime import timedelta

    from django.contrib.sessions.models import Session
    from django.utils import timezone

    client.force_login(demo["window"])

    response = client.get(reverse("portal:home"))
    session = Session.objects.get(session_key=client.session.session_key)
    idle = session.expire_date - timezone.now()

    assert response.status_code == 200
    assert timedelta(minutes=29) < idle <= timedelta(minutes=30)

    Session.objects.filter(pk=session.pk).update(expire_date=timezone.now() - timedelta(seconds=1))
    assert client.get(reverse("portal:home")).status_code == 302


def test_the_session_is_written_at_most_once_a_minute(client, demo):
    from django.contrib.sessions.models import Session

    from common.sessions import RENEWED_AT

    client.force_login(demo["window"])
    client.get(reverse("portal:home"))
    key = client.session.session_key
    saved = Session.objects.get(session_key=key).expire_date

    client.get(reverse("portal:home"))
    assert Session.objects.get(session_key=key).expire_date == saved

    # A minute later, the next request renews it.
    session = client.session
    session[RENEWED_AT] -= 61
    session.save()
    before = Session.objects.get(session_key=key).expire_date
    client.get(reverse("portal:home"))
    assert Session.objects.get(session_key=key).expire_date > before


def test_permissions_are_read_in_one_query(demo):
    from django.contrib.auth import get_user_model
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    user = get_user_model().objects.get(pk=demo["window"].pk)
    with CaptureQueriesContext(connection) as queries:
        assert user.has_perm("residents.view_resident")
        assert not user.has_perm("residents.delete_resident")
        assert user.get_all_permissions() >= {"residents.view_resident", "services.add_servicerequest"}
    assert len(queries) == 1


@pytest.mark.parametrize("username", ["window", "grid_a", "secretary", "official", "dept", "admin", "nobody"])
def test_permissions_are_those_djangos_backend_reads(demo, username):
    from django.contrib.auth import get_user_model
    from django.contrib.auth.backends import ModelBackend
    from django.contrib.auth.models import Permission

    from common.auth import PermissionBackend

    user = get_user_model().objects.get(pk=demo[username].pk)
    user.user_permissions.add(Permission.objects.get(codename="view_pointsrule"))  # one of the user's own

    fresh = get_user_model().objects.get(pk=user.pk)
    assert PermissionBackend().get_all_permissions(fresh) == ModelBackend().get_all_permissions(
        get_user_model().objects.get(pk=user.pk)
    )
    assert "partybuilding.view_pointsrule" in PermissionBackend().get_all_permissions(fresh)
