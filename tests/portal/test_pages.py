import pytest
from django.db import OperationalError
from django.urls import reverse

from grids.roles import Role

AREAS = "/grids/"
RESIDENTS = "/residents/"
MY_GRIDS = "/residents/my-grids/"
PLACES = "/residents/places/"
REQUESTS = "/services/requests/"
INTAKE = "/services/requests/new/"
REPORT = "/services/report/"
SUPERVISION = "/services/supervision/"
QUEUE = "/queue/"
CATALOGUE = "/services/"
PARTY = "/party/"
DASHBOARD = "/dashboards/"
# The "Co-governance" menu's entries, in one menu after the party's (portal.context_processors: group).
DELIBERATION = "/deliberation/"
COBUILDING = "/cobuilding/"
VOLUNTEERS = "/volunteers/"
READINESS = "/readiness/"
HONOURS = "/honours/"
ADMIN = "admin"
HOME = "home"
IMPORTS = "/imports/"

# Each role's navigation sections, in order.
NAVIGATION = [
    (
        "admin",
        [
            *[HOME, AREAS, RESIDENTS, MY_GRIDS, PLACES, IMPORTS, REQUESTS, INTAKE, REPORT, SUPERVISION, CATALOGUE],
            *[QUEUE, PARTY, DELIBERATION, COBUILDING, VOLUNTEERS, READINESS, HONOURS],
            *[DASHBOARD, ADMIN],
        ],
    ),
    ("window", [HOME, AREAS, RESIDENTS, REQUESTS, INTAKE, CATALOGUE, QUEUE, DELIBERATION, COBUILDING, HONOURS]),
    (
        "grid_a",
        [
            *[HOME, AREAS, RESIDENTS, MY_GRIDS, PLACES, IMPORTS, REQUESTS, REPORT, CATALOGUE],
            *[DELIBERATION, COBUILDING, HONOURS],
        ],
    ),
    ("secretary", [HOME, AREAS, IMPORTS, PARTY, DELIBERATION, COBUILDING, VOLUNTEERS, READINESS, HONOURS]),
    (
        "community_admin",
        [
            *[HOME, AREAS, RESIDENTS, MY_GRIDS, PLACES, IMPORTS, REQUESTS, INTAKE, SUPERVISION, CATALOGUE],
            *[QUEUE, PARTY, DELIBERATION, COBUILDING, VOLUNTEERS, READINESS, HONOURS, DASHBOARD],
        ],
    ),
    (
        "official",
        [
            *[HOME, AREAS, RESIDENTS, REQUESTS, SUPERVISION, CATALOGUE, PARTY],
            *[DELIBERATION, COBUILDING, VOLUNTEERS, READINESS, HONOURS, DASHBOARD],
        ],
    ),
    ("dept", [HOME, REQUESTS, CATALOGUE]),
    ("nobody", [HOME]),
]


@pytest.mark.parametrize(("username", "sections"), NAVIGATION)
def test_each_role_sees_exactly_its_navigation_sections(client, demo, username, sections):
    import re

    client.force_login(demo[username])

    html = client.get(reverse("portal:home")).content.decode()

    assert re.findall(r'data-section="([^"]+)"', html) == sections


def test_home_page_is_in_chinese_and_lists_the_users_posts(client, demo):
    client.force_login(demo["window"])

    html = client.get(reverse("portal:home")).content.decode()

    assert '<html lang="zh-hans">' in html
    assert "您的岗位" in html
    assert "窗口工作人员" in html
    assert "多福巷社区" in html


def test_the_user_can_switch_to_english(client, demo):
    client.force_login(demo["window"])

    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    html = client.get(reverse("portal:home")).content.decode()

    assert '<html lang="en">' in html
    assert "Your posts" in html
    assert str(Role.WINDOW_STAFF.label) in html


def test_health_check_answers_ok_while_the_database_answers(client, db):
    response = client.get("/healthz")

    assert response.status_code == 200
    assert response.content == b"ok"


def test_health_check_answers_503_when_the_database_is_unreachable(client, db, monkeypatch):
    from django.db.backends.utils import CursorWrapper

    def unreachable(*args, **kwargs):
        raise OperationalError("connection refused")

    with monkeypatch.context() as patch:
        patch.setattr(CursorWrapper, "execute", unreachable)
        response = client.get("/healthz")

    assert response.status_code == 503


def test_pages_carry_security_headers(client, demo):
    client.force_login(demo["window"])

    response = client.get(reverse("portal:home"))

    csp = response.headers["Content-Security-Policy"]
    assert "script-src 'self'" in csp
    assert "unsafe-inline" not in csp
    assert response.headers["X-Frame-Options"] == "DENY"
    assert response.headers["X-Content-Type-Options"] == "nosniff"


def test_pages_have_no_inline_script(client, demo):
    import re

    client.force_login(demo["admin"])

    html = client.get(reverse("portal:home")).content.decode()

    assert re.findall(r"<script(?![^>]*\bsrc=)[^>]*>", html) == []
    assert " onclick=" not in html


def test_a_missing_page_answers_404_in_chinese(client, demo):
    client.force_login(demo["window"])

    response = client.get("/no-such-page/")

    assert response.status_code == 404
    assert "此页面不存在" in response.content.decode()


@pytest.fixture
def seeded_demo(db):
    """The areas and logins made by `seed_demo` itself (the other tests read the same rows built by factories)."""
    import io

    from django.core.management import call_command

    call_command("seed_demo", "--no-residents", stdout=io.StringIO())


def test_seed_demo_twice_changes_nothing(seeded_demo):
    import io

    from django.contrib.auth import get_user_model
    from django.core.management import call_command

    from grids.models import Grid, StaffPost

    before = (get_user_model().objects.count(), Grid.objects.count(), StaffPost.objects.count())
    call_command("seed_demo", stdout=io.StringIO())

    assert (get_user_model().objects.count(), Grid.objects.count(), StaffPost.objects.count()) == before


def test_seed_demo_if_empty_prints_the_logins_without_loading_again(seeded_demo):
    import io

    from django.core.management import call_command

    out = io.StringIO()
    call_command("seed_demo", "--if-empty", stdout=out)

    for username in ("admin", "window", "grid_a", "grid_b", "secretary", "official"):
        assert username in out.getvalue()
    assert "demo12345" in out.getvalue()
