"""数据完整度 per grid and community: counted in the rollups, equal to a recount, each gap linking to
exactly the records that lack it."""

from django.urls import reverse

from dashboards import rollups
from dashboards.models import CommunitySnapshot, GridSnapshot
from residents.models import (
    Household,
    HouseholdMembership,
    Resident,
    household_completeness_items,
    resident_completeness_items,
)


def _known_gaps(register):
    """On top of the small register: 李四 of working age without employment, and 赵六 moved into a
    household of grid 1 without a head."""
    Resident.objects.filter(pk=register["li"].pk).update(employment_status="")
    HouseholdMembership.objects.filter(resident=register["zhao"]).delete()
    headless = Household.objects.create(dwelling=register["d1"], number="H0009")
    HouseholdMembership.objects.create(
        household=headless, resident=register["zhao"], relationship="20", started_on="2026-01-01"
    )
    rollups.rebuild()
    return headless


def test_the_figures_of_each_grid_equal_a_recount_of_the_register(demo, register):
    _known_gaps(register)
    for snapshot in GridSnapshot.objects.all():
        residents = Resident.objects.active().filter(grid_id=snapshot.grid_id)
        households = Household.objects.filter(dwelling__grid_id=snapshot.grid_id)
        for items, rows in ((resident_completeness_items(), residents), (household_completeness_items(), households)):
            for item, (applies, lacking) in items.items():
                counted = snapshot.completeness[item]
                assert counted == [rows.filter(applies).count(), rows.filter(lacking).count()], (snapshot.grid_id, item)


def test_known_gaps_of_grid_1_and_the_community_sum(demo, register):
    headless = _known_gaps(register)
    grid_1 = GridSnapshot.objects.get(grid=register["grid_1"]).completeness

    assert grid_1["phone"] == [2, 1]  # 张三 has one, 赵六 not
    assert grid_1["household"] == [2, 0]
    assert grid_1["head"] == [2, 1]  # H0009
    assert grid_1["visit"] == [2, 2]
    community = CommunitySnapshot.objects.get(community=register["grid_1"].community).completeness
    assert community["employment"] == [1, 1]  # of working age only 李四 (张三 is 76, 赵六 11), without it
    assert headless.pk


def test_each_gap_links_to_exactly_the_records_that_lack_it(client, demo, register):
    _known_gaps(register)
    client.force_login(demo["community_admin"])
    community = register["grid_1"].community

    page = client.get(reverse("dashboards:area", args=["community", community.pk]))

    figures = page.context["register"]["completeness"]
    assert 'data-testid="completeness"' in page.content.decode()
    for row in figures["items"]:
        listed = client.get(row["url"])
        assert listed.status_code == 200, row["item"]
        assert listed.context["count"] == row["lacking"], row["item"]
    children = {row["area"].obj.pk: row for row in page.context["children"] if row["area"]}
    assert children[register["grid_1"].pk]["completeness"] is not None


def test_the_grid_workers_home_page_shows_the_completeness_of_their_grids(client, demo, register):
    _known_gaps(register)
    client.force_login(demo["grid_a"])

    html = client.get(reverse("portal:home")).content.decode()

    assert 'data-testid="home-completeness"' in html
    assert f"/residents/?grid={register['grid_1'].pk}&amp;missing=phone" in html
