"""Which areas a user may see: the computation behind every `visible_to` / `editable_by`.

Private to the grids app. Other apps ask the models: `Resident.objects.visible_to(user)`,
`Community.objects.desk_of(user)`, `Grid.objects.walked_by(user)`, or, in their own querysets,
`grids.models.scope_filter(user, Audience.…)`. tests/grids/test_scope_door.py keeps it that way.
"""

from django.db.models import Q

from . import models  # the models' querysets import this module: read their classes at call time
from .roles import Audience, Role

# The posts that count for each audience (None: every post).
ROLES = {
    Audience.ANYONE: None,
    Audience.REGISTER_READERS: frozenset({Role.GRID_WORKER, Role.WINDOW_STAFF, Role.COMMUNITY_ADMIN, Role.OFFICIAL}),
    Audience.REGISTER_KEEPERS: frozenset({Role.GRID_WORKER, Role.COMMUNITY_ADMIN}),
    Audience.DESK: frozenset({Role.WINDOW_STAFF, Role.COMMUNITY_ADMIN}),
    Audience.WALKERS: frozenset({Role.GRID_WORKER}),
    Audience.ADMINS: frozenset({Role.COMMUNITY_ADMIN}),
    Audience.OVERSEERS: frozenset({Role.COMMUNITY_ADMIN, Role.OFFICIAL}),
}


class AreaScope:
    """The areas a user may see through some of their current posts.

    An area is in scope when one of those posts covers it or an area above it. The posts are read
    once per user object (a request's user), so a scope costs no query for posts on communities and
    grids and one for those on a street or the district (which communities they cover).
    """

    def __init__(self, posts, cache=None):
        # posts: (district_id, street_id, community_id, grid_id) of each post, exactly one of them set
        self.district_ids = sorted({post[0] for post in posts if post[0]})
        self.street_ids = sorted({post[1] for post in posts if post[1]})
        self.post_community_ids = sorted({post[2] for post in posts if post[2]})
        self.post_grid_ids = sorted({post[3] for post in posts if post[3]})
        self._cache = {} if cache is None else cache  # shared by the scopes of one user object
        self._grid_ids = None
        self._community_ids = None

    def community_ids(self) -> list[int]:
        """The communities in scope as a whole (posts on a community or above), as a list of ids.

        Filters on a literal list let PostgreSQL estimate how many rows a scope selects, which a
        subquery over staff posts does not."""
        if self._community_ids is None:
            ids = set(self.post_community_ids)
            if self.street_ids or self.district_ids:
                key = ("communities", tuple(self.street_ids), tuple(self.district_ids))
                if key not in self._cache:
                    self._cache[key] = list(
                        models.Community.objects.filter(
                            Q(street_id__in=self.street_ids) | Q(street__district_id__in=self.district_ids)
                        ).values_list("pk", flat=True)
                    )
                ids.update(self._cache[key])
            self._community_ids = sorted(ids)
        return self._community_ids

    def grid_ids(self) -> list[int]:
        """The grids in scope as a list of ids."""
        if self._grid_ids is None:
            ids = set(self.post_grid_ids)
            communities = self.community_ids()
            if communities:
                key = ("grids", tuple(communities))
                if key not in self._cache:
                    self._cache[key] = list(
                        models.Grid.objects.filter(community_id__in=communities).values_list("pk", flat=True)
                    )
                ids.update(self._cache[key])
            self._grid_ids = sorted(ids)
        return self._grid_ids

    def whole_communities(self) -> bool:
        """Whether the scope is made of whole communities: no post of it covers a single grid."""
        return not self.post_grid_ids

    def q(self, grid: str = "grid", community: str = "community") -> Q:
        """Rows whose `grid` is in scope, for a model that also keeps its grid's `community`.

        A scope of whole communities filters on the community: one index range per community, where
        a list of grids costs one per grid and a sort."""
        if self.whole_communities():
            return Q(**{f"{community}_id__any": self.community_ids()})
        return Q(**{f"{grid}_id__any": self.grid_ids()})

    # The areas covered as a whole, as conditions on each area's own table. They are subquery-free
    # ORs of the posts' short id lists: nothing to read before the query.

    def districts_q(self) -> Q:
        return Q(pk__in=self.district_ids)

    def streets_q(self) -> Q:
        return Q(pk__in=self.street_ids) | Q(district_id__in=self.district_ids)

    def communities_q(self) -> Q:
        return (
            Q(pk__in=self.post_community_ids)
            | Q(street_id__in=self.street_ids)
            | Q(street__district_id__in=self.district_ids)
        )

    def grids_q(self) -> Q:
        return (
            Q(pk__in=self.post_grid_ids)
            | Q(community_id__in=self.post_community_ids)
            | Q(community__street_id__in=self.street_ids)
            | Q(community__street__district_id__in=self.district_ids)
        )

    # The areas with any grid in scope, for dropdowns, on literal lists: of communities when the
    # scope is whole communities (a district's 100 rather than its 2,000 grids), else of grids.

    def grid_choices_q(self) -> Q:
        if self.whole_communities():
            return Q(community_id__any=self.community_ids())
        return Q(pk__any=self.grid_ids())

    def community_choices_q(self) -> Q:
        if self.whole_communities():
            return Q(pk__any=self.community_ids())
        return Q(pk__in=models.Grid.objects.filter(pk__any=self.grid_ids()).values("community_id"))

    def street_choices_q(self) -> Q:
        return Q(pk__in=models.Community.objects.filter(self.community_choices_q()).values("street_id"))


class _EverythingScope(AreaScope):
    """A superuser's: every area, with no condition to filter on."""

    def community_ids(self) -> list[int]:
        if self._community_ids is None:
            self._community_ids = list(models.Community.objects.values_list("pk", flat=True))
        return self._community_ids

    def grid_ids(self) -> list[int]:
        if self._grid_ids is None:
            self._grid_ids = list(models.Grid.objects.values_list("pk", flat=True))
        return self._grid_ids

    def q(self, grid: str = "grid", community: str = "community") -> Q:
        return Q()

    def districts_q(self) -> Q:
        return Q()

    streets_q = communities_q = grids_q = districts_q
    grid_choices_q = community_choices_q = street_choices_q = districts_q


def area_scope(user, *audiences: Audience) -> AreaScope:
    """Which districts, streets, communities and grids `user` may see, through the posts that count
    for `audiences` (every post when none is named).

    Superusers see everything; anonymous users and users without posts see nothing.
    """
    if not user.is_authenticated or not user.is_active:
        return AreaScope([])
    if user.is_superuser:
        return _EverythingScope([])
    # The user's current posts are read once per user object, and one scope is made per set of
    # roles: a request asks for scopes from its view, its filters and its forms.
    # forget_area_scopes() drops them.
    cache = user.__dict__.setdefault("_area_scopes", {})
    if "posts" not in cache:
        cache["posts"] = list(
            models.StaffPost.objects.current()
            .filter(user=user)
            .values_list("role", "district_id", "street_id", "community_id", "grid_id")
        )
    roles = _roles(audiences)
    key = ("scope", roles)
    if key not in cache:
        posts = [post[1:] for post in cache["posts"] if roles is None or post[0] in roles]
        cache[key] = AreaScope(posts, cache)
    return cache[key]


def _roles(audiences) -> frozenset | None:
    """The roles whose posts count for all of `audiences` together; None for every post."""
    if not audiences or any(ROLES[audience] is None for audience in audiences):
        return None
    return frozenset().union(*(ROLES[audience] for audience in audiences))


def forget_area_scopes(user) -> None:
    """Drop the scopes held on `user` (after their posts change)."""
    user.__dict__.pop("_area_scopes", None)
