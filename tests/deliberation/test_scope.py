"""Who sees and who runs topics: the desk of the community runs them; grid workers see their grids'
and raise there; the party secretary and officials read their area. Outside: 404."""

import pytest
from django.urls import reverse

from deliberation.models import Topic

# user → the topics of the `topics` fixture they see
SEES = {
    "window": {"near", "grid_2", "whole"},
    "community_admin": {"near", "grid_2", "whole"},
    "secretary": {"near", "grid_2", "whole"},
    "official": {"near", "grid_2", "whole", "far"},
    "street_official": {"far"},
    "grid_a": {"near"},
    "grid_b": {"grid_2"},
    "dept": set(),
    "nobody": set(),
}


@pytest.mark.parametrize("username", SEES)
def test_each_role_sees_its_area(demo, topics, username):
    seen = set(Topic.objects.visible_to(demo[username]).values_list("pk", flat=True))

    assert seen == {topics[name].pk for name in SEES[username]}


@pytest.mark.parametrize(
    "username", ["window", "community_admin", "secretary", "official", "street_official", "grid_a", "grid_b"]
)
def test_a_topics_page_answers_inside_and_404_outside(client, demo, topics, username):
    client.force_login(demo[username])

    for name, topic in topics.items():
        response = client.get(reverse("deliberation:topic-detail", args=[topic.pk]))
        assert response.status_code == (200 if name in SEES[username] else 404), name


def test_the_desk_runs_its_communitys_topics_only(demo, topics):
    assert set(Topic.objects.editable_by(demo["window"])) == {topics["near"], topics["grid_2"], topics["whole"]}
    assert not Topic.objects.editable_by(demo["grid_a"]).exists()
    assert not Topic.objects.editable_by(demo["secretary"]).exists()
    assert not Topic.objects.editable_by(demo["official"]).exists()


@pytest.mark.parametrize(
    ("username", "topic", "status"),
    [
        ("window", "near", 200),
        ("community_admin", "near", 200),
        ("window", "far", 404),  # another community's desk
        ("street_official", "far", 403),  # officials read
        ("secretary", "near", 403),
        ("grid_a", "near", 403),
        ("nobody", "near", 403),
    ],
)
def test_recording_a_meeting_is_the_desks(client, demo, topics, username, topic, status):
    client.force_login(demo[username])

    response = client.get(reverse("deliberation:meeting-create", args=[topics[topic].pk]))

    assert response.status_code == status


@pytest.mark.parametrize(("username", "part"), [("window", "meeting"), ("window", "decision"), ("window", "task")])
def test_the_parts_of_another_communitys_topic_answer_404(client, demo, decided, username, part):
    """A desk of another community (景山东街社区's, made here) cannot reach the parts of 多福巷's topic."""
    from grids.models import Community
    from grids.roles import Role
    from tests.conftest import _user_with_post

    far_desk = _user_with_post("far_desk", Role.WINDOW_STAFF, Community.objects.get(code="110101002001"))
    client.force_login(far_desk)
    urls = {
        "meeting": reverse("deliberation:meeting-update", args=[decided["meeting"].pk]),
        "decision": reverse("deliberation:decision-update", args=[decided["decision"].pk]),
        "task": reverse("deliberation:task-done", args=[decided["task"].pk]),
    }

    assert client.get(urls[part]).status_code == 404
    client.force_login(demo[username])
    assert client.get(urls[part]).status_code == 200


def test_the_list_shows_the_users_topics_in_bounded_queries(
    client, demo, topics, raise_topic, django_assert_max_num_queries
):
    for number in range(30):
        raise_topic(title=f"议题{number}")
    client.force_login(demo["window"])

    with django_assert_max_num_queries(12):
        response = client.get(reverse("deliberation:topic-list"))

    assert response.status_code == 200
    listed = {topic.pk for topic in response.context["page"]}
    assert topics["near"].pk in listed or response.context["page"].after
    assert topics["far"].pk not in listed
    assert response.context["count"] == 33


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("status=raised", {"near", "grid_2", "whole"}),
        ("status=done", set()),
        ("dispute=yes", {"whole"}),
        ("dispute=no", {"near", "grid_2"}),
        ("source=community", {"near", "grid_2"}),
        ("q=电梯", {"whole"}),
        ("raised_from=2000-01-01", {"near", "grid_2", "whole"}),
        ("raised_to=2000-01-01", set()),
    ],
)
def test_the_list_filters(client, demo, topics, query, expected):
    Topic.objects.filter(pk=topics["whole"].pk).update(is_dispute=True, source="resident")
    client.force_login(demo["window"])

    response = client.get(f"{reverse('deliberation:topic-list')}?{query}")

    assert {topic.pk for topic in response.context["page"]} == {topics[name].pk for name in expected}


def test_an_invalid_filter_lists_nothing(client, demo, topics):
    client.force_login(demo["window"])

    response = client.get(f"{reverse('deliberation:topic-list')}?raised_from=not-a-day")

    assert response.status_code == 200
    assert list(response.context["page"]) == []


def test_a_community_outside_the_scope_is_no_filter_choice(client, demo, topics):
    client.force_login(demo["window"])

    response = client.get(f"{reverse('deliberation:topic-list')}?community={topics['far'].community_id}")

    assert list(response.context["page"]) == []


def test_odd_addresses_are_answered_without_an_error(client, demo):
    client.force_login(demo["window"])

    assert client.get(reverse("deliberation:topic-create"), {"request": "²"}).status_code == 200
    assert client.get(reverse("deliberation:topic-create"), {"request": "9" * 30}).status_code == 200
    assert client.get(reverse("deliberation:topic-disputes"), {"end": "9999-12-31"}).status_code == 200
