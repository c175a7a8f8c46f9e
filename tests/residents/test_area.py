"""A resident's grid and community follow the dwelling, whatever changes it (database triggers)."""

import pytest

from grids.models import Dwelling, Grid
from residents.models import Resident, ResidentEvent

pytestmark = pytest.mark.django_db


def area(resident):
    return tuple(Resident.objects.filter(pk=resident.pk).values_list("grid_id", "community_id").get())


def test_a_new_resident_takes_the_grid_and_community_of_the_dwelling(register):
    assert area(register["zhang"]) == (register["grid_1"].pk, register["grid_1"].community_id)
    assert area(register["wang"]) == (register["far"].grid_id, register["far"].grid.community_id)


def test_moving_to_another_dwelling_moves_the_resident_to_its_grid(register):
    zhang = register["zhang"]
    zhang.dwelling = register["far"]
    zhang.save()

    assert area(zhang) == (register["far"].grid_id, register["far"].grid.community_id)


def test_a_save_of_a_stale_object_or_a_raw_update_cannot_set_another_area(register):
    zhang = register["zhang"]
    Resident.objects.filter(pk=zhang.pk).update(grid_id=register["far"].grid_id)
    zhang.save()  # the in-memory object never read its area: saving it must not clear it

    assert area(zhang) == (register["grid_1"].pk, register["grid_1"].community_id)


def test_a_dwelling_moved_to_another_grid_takes_its_residents_along(register):
    Dwelling.objects.filter(pk=register["d1"].pk).update(grid=register["grid_2"])

    assert area(register["zhang"]) == (register["grid_2"].pk, register["grid_2"].community_id)
    assert area(register["zhao"]) == (register["grid_2"].pk, register["grid_2"].community_id)
    assert area(register["li"]) == (register["grid_2"].pk, register["grid_2"].community_id)


def test_a_grid_moved_to_another_community_takes_its_residents_along(register):
    other = register["far"].grid.community
    Grid.objects.filter(pk=register["grid_2"].pk).update(community=other, number=99)

    assert area(register["li"]) == (register["grid_2"].pk, other.pk)


def test_the_area_is_not_part_of_the_change_history(register):
    before = ResidentEvent.objects.filter(pgh_obj_id=register["zhang"].pk).count()
    Dwelling.objects.filter(pk=register["d1"].pk).update(grid=register["grid_2"])

    assert ResidentEvent.objects.filter(pgh_obj_id=register["zhang"].pk).count() == before
