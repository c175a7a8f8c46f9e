import datetime

from django.urls import reverse

from .conftest import plan


def test_the_secretary_sees_the_coming_activities_of_their_organisations_only(client, party):
    users = party["users"]
    soon = plan(users["secretary"], party["branch_1"], starts_in=datetime.timedelta(days=2), title="主题党日：社区清洁")
    later = plan(users["secretary"], party["branch_1"], starts_in=datetime.timedelta(days=30), title="党课：三十天后")
    far = plan(users["admin"], party["far_branch"], starts_in=datetime.timedelta(days=1), title="景山东街：主题党日")
    client.force_login(users["secretary"])

    html = client.get(reverse("portal:home")).content.decode()

    assert 'data-testid="home-party"' in html
    assert soon.get_absolute_url() in html
    assert later.title not in html
    assert far.title not in html
