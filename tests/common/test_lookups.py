import pytest

from grids.models import Community, Grid


@pytest.mark.parametrize("take", [0, 1, 3, None])
def test_any_selects_what_in_selects(demo, take):
    ids = list(Community.objects.order_by("pk").values_list("pk", flat=True))[:take]

    assert set(Grid.objects.filter(community_id__any=ids)) == set(Grid.objects.filter(community_id__in=ids))
    assert set(Grid.objects.filter(community__any=ids)) == set(Grid.objects.filter(community__in=ids))
    assert set(Community.objects.filter(pk__any=ids)) == set(Community.objects.filter(pk__in=ids))


def test_any_sends_the_ids_as_one_array_parameter(demo):
    ids = list(Community.objects.values_list("pk", flat=True))

    sql, params = Grid.objects.filter(community_id__any=ids).query.sql_with_params()

    assert "= ANY(%s::bigint[])" in sql
    assert params == (ids,)


def test_any_of_one_id_is_an_equality(demo):
    # PostgreSQL can walk an index on (community, id) in id order for an equality, not for = ANY.
    sql, params = Grid.objects.filter(community_id__any=[7]).query.sql_with_params()

    assert '"community_id" = %s' in sql
    assert params == (7,)
