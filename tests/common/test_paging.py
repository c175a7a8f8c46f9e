import pytest

from common.paging import capped_count, keyset_page
from grids.models import Community


@pytest.fixture
def communities(db):
    from grids.models import District, Street

    street = Street.objects.create(
        district=District.objects.create(code="110199", name="测试区"), code="110199001", name="测试街道"
    )
    return [Community.objects.create(street=street, code=f"110199001{n:03d}", name=f"社区{n}") for n in range(7)]


def test_a_page_holding_every_row_is_counted_without_a_query(communities, django_assert_num_queries):
    rows = Community.objects.filter(code__startswith="110199")
    page = keyset_page(rows, {}, size=10)

    assert page.whole
    with django_assert_num_queries(0):
        assert capped_count(rows, page=page) == (7, False)


@pytest.mark.parametrize("params", [{}, {"after": "x"}])
def test_a_full_first_page_is_counted(communities, django_assert_num_queries, params):
    rows = Community.objects.filter(code__startswith="110199")
    page = keyset_page(rows, params, size=5)

    assert not page.whole
    with django_assert_num_queries(1):
        assert capped_count(rows, page=page) == (7, False)
    assert capped_count(rows, cap=3, page=page) == (3, True)


def test_a_later_page_is_counted_even_when_it_is_the_last(communities):
    rows = Community.objects.filter(code__startswith="110199")
    first = keyset_page(rows, {}, size=5)
    last = keyset_page(rows, {"after": str(first.after)}, size=5)

    assert len(last) == 2
    assert not last.whole
    assert capped_count(rows, page=last) == (7, False)


def test_a_filtered_list_counts_further_than_an_unfiltered_one(client, demo, register, settings):
    from django.urls import reverse

    from common.views import FilteredListView
    from residents.views import ResidentListView

    client.force_login(demo["community_admin"])
    original = (FilteredListView.count_cap, FilteredListView.unfiltered_count_cap)
    try:
        ResidentListView.count_cap, ResidentListView.unfiltered_count_cap = 3, 1
        whole = client.get(reverse("residents:resident-list")).context
        filtered = client.get(
            reverse("residents:resident-list"), {"community": register["grid_1"].community_id}
        ).context
    finally:
        del ResidentListView.count_cap, ResidentListView.unfiltered_count_cap
    assert (whole["count"], whole["count_capped"]) == (1, True)
    assert (filtered["count"], filtered["count_capped"]) == (3, False)
    assert (FilteredListView.count_cap, FilteredListView.unfiltered_count_cap) == original
