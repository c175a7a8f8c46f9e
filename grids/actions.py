from django.contrib.auth.models import Group
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from common.actions import StaleEdit, ensure_in_scope

from .models import Community, District, Dwelling, Grid, StaffPost, Street
from .roles import Role
from .scope import forget_area_scopes

_AREA_FIELDS = {District: "district", Street: "street", Community: "community", Grid: "grid"}


@transaction.atomic
def staff_post_assign(*, user, role: Role, area) -> StaffPost:
    """Give `user` the post `role` over `area` and put them in the role's group.

    Holding a post twice is harmless: the current post is returned.
    """
    post, _created = StaffPost.objects.get_or_create(
        user=user, role=role, ended_on__isnull=True, **{_AREA_FIELDS[type(area)]: area}
    )
    user.groups.add(Group.objects.get(name=Role(role).group_name))
    forget_area_scopes(user)
    return post


@transaction.atomic
def place_save(*, user, place, version: int | None = None):
    """Register or change a compound, building or dwelling that `user` keeps (the pages of places).

    An edit is refused (StaleEdit) when someone saved the place since `version` was read; a dwelling's
    grid is changed only by `dwelling_move`. The saved place must still be one the user keeps."""
    model = type(place)
    if place.pk is not None:
        current = model.objects.select_for_update().get(pk=place.pk)
        if version is not None and current.version != version:
            raise StaleEdit(current)
        if isinstance(place, Dwelling) and place.grid_id != current.grid_id:
            raise ValidationError({"grid": _("A dwelling is moved to another grid by the community admin.")})
        place.version = current.version + 1
    place.full_clean()
    place.save()
    ensure_in_scope(model.objects.editable_by(user), place)
    return place


@transaction.atomic
def dwelling_move(*, user, dwelling: Dwelling, grid: Grid, version: int) -> Dwelling:
    """Put a dwelling (and so the people living there) in another grid of its community: for the
    community's admins only. The change history records it with the user."""
    current = Dwelling.objects.select_for_update().get(pk=dwelling.pk)
    if current.version != version:
        raise StaleEdit(current)
    if not Community.objects.administered_by(user).filter(pk=current.grid.community_id).exists():
        raise PermissionDenied
    if grid.community_id != current.grid.community_id:
        raise ValidationError({"grid": _("The grid must belong to the community of the building.")})
    current.grid = grid
    current.version += 1
    current.save(update_fields=["grid", "version"])
    return current
