"""Every step on a request carries the version the user saw: two desks acting on one request at once
apply one step, and the other desk is told who acted and what the request is now."""

import re
import uuid

from django.urls import reverse

from services.models import RequestEvent


def _step(client, service_request, action, version, **fields):
    data = {f"{action}-version": version, f"{action}-submission_key": str(uuid.uuid4())}
    data.update({f"{action}-{name}": value for name, value in fields.items()})
    return client.post(reverse("services:request-transition", args=[service_request.pk, action]), data)


def test_the_forms_of_a_request_carry_the_version_shown(client, demo, requests_):
    li = requests_["li"]
    client.force_login(demo["window"])

    html = client.get(li.get_absolute_url()).content.decode()

    assert re.search(rf'name="start-version" value="{li.version}"', html)
    assert re.search(r'name="start-submission_key" value="[0-9a-f-]{36}"', html)


def test_a_step_on_a_request_changed_since_the_page_was_opened_is_refused_with_who_acted(client, demo, requests_):
    li = requests_["li"]
    seen = li.version
    client.force_login(demo["window"])
    assert _step(client, li, "start", seen).status_code == 302

    response = _step(client, li, "cancel", seen, note="居民不再需要")

    li.refresh_from_db()
    assert response.status_code == 409
    assert li.status == "in_progress"
    assert RequestEvent.objects.filter(request=li, action="cancel").count() == 0
    html = response.content.decode()
    assert 'data-testid="conflict"' in html
    assert "社区自行办理" in html
    assert "办理中" in html
    # The page is the request as it is now: the cancel form it offers carries the new version.
    assert f'name="cancel-version" value="{li.version}"' in html


def test_the_second_clerk_of_the_same_step_is_told_it_was_done_not_that_their_role_may_not(client, demo, requests_):
    zhang = requests_["zhang"]
    zhang.refresh_from_db()
    seen = zhang.version
    client.force_login(demo["dept"])
    assert _step(client, zhang, "accept", seen).status_code == 302

    response = _step(client, zhang, "accept", seen)

    assert response.status_code == 409
    html = response.content.decode()
    assert "已由" in html
    assert "角色" not in html
    assert RequestEvent.objects.filter(request=zhang, action="accept").count() == 1


def test_the_same_step_posted_again_after_it_was_saved_lands_on_the_request(client, demo, requests_):
    li = requests_["li"]
    client.force_login(demo["window"])
    data = {"start-version": li.version, "start-submission_key": str(uuid.uuid4())}
    url = reverse("services:request-transition", args=[li.pk, "start"])

    first, second = client.post(url, data), client.post(url, data)

    assert (first.status_code, second.status_code) == (302, 302)
    assert second.url == li.get_absolute_url()
    assert RequestEvent.objects.filter(request=li, action="start").count() == 1
