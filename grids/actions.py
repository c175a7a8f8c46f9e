from django.contrib.auth.models import Group
from django.db import transaction

from .models import Community, District, Grid, StaffPost, Street
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
