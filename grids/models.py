import pghistory
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.db.models import Exists, OuterRef, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from common.models import ChoiceLabels

from .roles import Role

division_code_validator = RegexValidator(r"^\d{12}$", _("A statistical division code has exactly 12 digits."))


class District(models.Model):
    """The county-level district (区/县) that runs the portal."""

    code = models.CharField(_("division code"), max_length=12, unique=True, validators=[division_code_validator])
    name = models.CharField(_("name"), max_length=50)

    class Meta:
        ordering = ["code"]
        verbose_name = _("district")
        verbose_name_plural = _("districts")

    def __str__(self):
        return self.name


class Street(models.Model):
    """A street (街道) or town (乡镇) of the district."""

    district = models.ForeignKey(District, on_delete=models.PROTECT, related_name="streets", verbose_name=_("district"))
    code = models.CharField(_("division code"), max_length=12, unique=True, validators=[division_code_validator])
    name = models.CharField(_("name"), max_length=50)

    class Meta:
        ordering = ["code"]
        verbose_name = _("street")
        verbose_name_plural = _("streets")

    def __str__(self):
        return self.name


class Community(models.Model):
    """A community (社区) or village (村) with its service centre."""

    street = models.ForeignKey(Street, on_delete=models.PROTECT, related_name="communities", verbose_name=_("street"))
    code = models.CharField(_("division code"), max_length=12, unique=True, validators=[division_code_validator])
    name = models.CharField(_("name"), max_length=50)

    class Meta:
        ordering = ["code"]
        verbose_name = _("community")
        verbose_name_plural = _("communities")

    def __str__(self):
        return self.name


class GridQuerySet(models.QuerySet):
    def visible_to(self, user):
        return self.filter(pk__in=area_scope(user).grids.values("pk"))


class Grid(models.Model):
    """A grid (网格): the part of a community one grid worker walks and answers for (网格包干)."""

    community = models.ForeignKey(
        Community, on_delete=models.PROTECT, related_name="grids", verbose_name=_("community")
    )
    number = models.PositiveSmallIntegerField(_("number"), help_text=_("Number of the grid within its community."))
    name = models.CharField(_("name"), max_length=50)

    objects = GridQuerySet.as_manager()

    class Meta:
        ordering = ["community__code", "number"]
        verbose_name = _("grid")
        verbose_name_plural = _("grids")
        constraints = [
            models.UniqueConstraint(
                fields=["community", "number"],
                name="grid_number_unique_in_community",
                violation_error_message=_("This community already has a grid with this number."),
            ),
        ]

    def __str__(self):
        return f"{self.community.name} {self.name}"

    def get_absolute_url(self):
        return reverse("grids:grid-detail", args=[self.pk])

    @property
    def code(self) -> str:
        """The community's division code followed by the grid's three-digit number."""
        return f"{self.community.code}{self.number:03d}"


# Who may read and who may change the register of places and people (docs/design.md, "Who uses it";
# issue "Resident records"): grid workers keep their own grids, community admins their community;
# window staff and officials read.
REGISTER_READERS = [Role.GRID_WORKER, Role.WINDOW_STAFF, Role.COMMUNITY_ADMIN, Role.OFFICIAL]
REGISTER_EDITORS = [Role.GRID_WORKER, Role.COMMUNITY_ADMIN]


class CompoundQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Compounds of the user's communities, and those holding a dwelling of the user's grids."""
        scope = area_scope(user, REGISTER_READERS)
        if scope.whole_communities():
            return self.filter(community_id__any=scope.community_ids())
        grids = scope.grid_ids()
        return self.filter(
            Q(community__in=scope.communities)
            | Exists(Dwelling.objects.filter(building__compound=OuterRef("pk"), grid_id__any=grids))
        )


class BuildingQuerySet(models.QuerySet):
    def visible_to(self, user):
        scope = area_scope(user, REGISTER_READERS)
        if scope.whole_communities():
            # A dwelling lies in a grid of its building's community (Dwelling.clean).
            return self.filter(compound__community_id__any=scope.community_ids())
        grids = scope.grid_ids()
        # EXISTS, not "pk IN (subquery)" under an OR, which PostgreSQL cannot hash and searches per row.
        return self.filter(
            Q(compound__community__in=scope.communities)
            | Exists(Dwelling.objects.filter(building=OuterRef("pk"), grid_id__any=grids))
        )


@pghistory.track(pghistory.InsertEvent(), pghistory.UpdateEvent(), pghistory.DeleteEvent())
class Compound(models.Model):
    """A residential compound (小区) or, in the countryside, a natural village (自然村)."""

    class Kind(models.TextChoices):
        COMPOUND = "compound", _("Residential compound")
        VILLAGE = "village", _("Natural village")

    community = models.ForeignKey(
        Community, on_delete=models.PROTECT, related_name="compounds", verbose_name=_("community")
    )
    name = models.CharField(_("name"), max_length=100)
    kind = models.CharField(_("kind"), max_length=16, choices=Kind, default=Kind.COMPOUND)

    objects = CompoundQuerySet.as_manager()

    class Meta:
        ordering = ["community__code", "name"]
        verbose_name = _("compound")
        verbose_name_plural = _("compounds")
        constraints = [
            models.UniqueConstraint(
                fields=["community", "name"],
                name="compound_name_unique_in_community",
                violation_error_message=_("This community already has a compound of this name."),
            ),
        ]

    def __str__(self):
        return self.name


@pghistory.track(pghistory.InsertEvent(), pghistory.UpdateEvent(), pghistory.DeleteEvent())
class Building(models.Model):
    """A building (楼栋) of a compound."""

    compound = models.ForeignKey(
        Compound, on_delete=models.PROTECT, related_name="buildings", verbose_name=_("compound")
    )
    name = models.CharField(_("name"), max_length=50, help_text=_("As written on the building, e.g. 3号楼."))

    objects = BuildingQuerySet.as_manager()

    class Meta:
        ordering = ["compound__name", "name"]
        verbose_name = _("building")
        verbose_name_plural = _("buildings")
        constraints = [
            models.UniqueConstraint(
                fields=["compound", "name"],
                name="building_name_unique_in_compound",
                violation_error_message=_("This compound already has a building of this name."),
            ),
        ]

    def __str__(self):
        return f"{self.compound.name} {self.name}"


class DwellingQuerySet(models.QuerySet):
    def visible_to(self, user):
        return self.filter(area_scope(user, REGISTER_READERS).q(community="grid__community"))

    def editable_by(self, user):
        return self.filter(area_scope(user, REGISTER_EDITORS).q(community="grid__community"))


@pghistory.track(pghistory.InsertEvent(), pghistory.UpdateEvent(), pghistory.DeleteEvent())
class Dwelling(ChoiceLabels, models.Model):
    """A dwelling (房屋): a flat in a building, or a house at a free address in the countryside.

    Every dwelling lies in exactly one grid; through it, the people living there are in that grid.
    """

    class Use(models.TextChoices):
        OWNER_OCCUPIED = "owner", _("Owner-occupied")
        RENTED = "rented", _("Rented out")
        VACANT = "vacant", _("Vacant")
        COMMERCIAL = "commercial", _("Commercial")

    grid = models.ForeignKey(Grid, on_delete=models.PROTECT, related_name="dwellings", verbose_name=_("grid"))
    building = models.ForeignKey(
        Building,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="dwellings",
        verbose_name=_("building"),
    )
    unit = models.CharField(_("unit"), max_length=20, blank=True, help_text=_("Entrance, e.g. 2单元."))
    floor = models.SmallIntegerField(_("floor"), null=True, blank=True)
    room = models.CharField(_("room"), max_length=20, blank=True)
    address = models.CharField(
        _("address"), max_length=200, blank=True, help_text=_("For a dwelling outside any building, e.g. in a village.")
    )
    use = models.CharField(_("use"), max_length=16, choices=Use, default=Use.OWNER_OCCUPIED)

    objects = DwellingQuerySet.as_manager()

    class Meta:
        ordering = ["building__compound__name", "building__name", "unit", "floor", "room", "address"]
        verbose_name = _("dwelling")
        verbose_name_plural = _("dwellings")
        constraints = [
            models.CheckConstraint(
                condition=Q(building__isnull=False) & ~Q(room="") | Q(building__isnull=True) & ~Q(address=""),
                name="dwelling_room_or_address",
                violation_error_message=_("A dwelling needs a room in a building, or an address."),
            ),
            models.UniqueConstraint(
                fields=["building", "unit", "room"],
                name="dwelling_unique_room_in_building",
                violation_error_message=_("This room of this building is registered already."),
            ),
        ]

    def __str__(self):
        if self.building_id:
            return " ".join(part for part in (str(self.building), self.unit, self.room) if part)
        return self.address

    def clean(self):
        if self.building_id and self.grid_id and self.building.compound.community_id != self.grid.community_id:
            raise ValidationError({"grid": _("The grid must belong to the community of the building.")})


class StaffPostQuerySet(models.QuerySet):
    def current(self):
        return self.filter(ended_on__isnull=True)


class StaffPost(ChoiceLabels, models.Model):
    """A user's role and the one area it covers: the district, a street, a community or a grid.

    A grid worker who walks three grids holds three posts. Posts end (ended_on) rather than being
    deleted, so that who covered which area stays on record.
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="staff_posts", verbose_name=_("user")
    )
    role = models.CharField(_("role"), max_length=32, choices=Role)
    district = models.ForeignKey(
        District, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("district")
    )
    street = models.ForeignKey(
        Street, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("street")
    )
    community = models.ForeignKey(
        Community, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("community")
    )
    grid = models.ForeignKey(
        Grid, on_delete=models.PROTECT, null=True, blank=True, related_name="posts", verbose_name=_("grid")
    )
    started_on = models.DateField(_("started on"), auto_now_add=True)
    ended_on = models.DateField(_("ended on"), null=True, blank=True)

    objects = StaffPostQuerySet.as_manager()

    class Meta:
        ordering = ["user__username", "role"]
        verbose_name = _("staff post")
        verbose_name_plural = _("staff posts")
        constraints = [
            models.CheckConstraint(
                condition=(
                    Q(role=Role.OFFICIAL, district__isnull=False, street__isnull=True)
                    | Q(role=Role.OFFICIAL, district__isnull=True, street__isnull=False)
                )
                & Q(community__isnull=True, grid__isnull=True)
                | Q(role__in=[Role.WINDOW_STAFF, Role.PARTY_SECRETARY, Role.COMMUNITY_ADMIN])
                & Q(district__isnull=True, street__isnull=True, community__isnull=False, grid__isnull=True)
                | Q(role=Role.GRID_WORKER)
                & Q(district__isnull=True, street__isnull=True, community__isnull=True, grid__isnull=False),
                name="staffpost_area_fits_role",
                violation_error_message=_(
                    "Officials cover the district or a street; grid workers one grid; other roles one community."
                ),
            ),
            models.UniqueConstraint(
                fields=["user", "role", "district", "street", "community", "grid"],
                condition=Q(ended_on__isnull=True),
                nulls_distinct=False,
                name="staffpost_unique_current",
                violation_error_message=_("This user already holds this post."),
            ),
        ]

    def __str__(self):
        return f"{self.user} · {self.get_role_display()} · {self.area}"

    @property
    def area(self):
        return self.grid or self.community or self.street or self.district


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
                        Community.objects.filter(
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
                        Grid.objects.filter(community_id__in=communities).values_list("pk", flat=True)
                    )
                ids.update(self._cache[key])
            self._grid_ids = sorted(ids)
        return self._grid_ids

    def whole_communities(self) -> bool:
        """Whether the scope is made of whole communities: no post of it covers a single grid."""
        return not self.post_grid_ids

    def grid_rows(self):
        """The grids in scope, filtered on a literal list: of communities when the scope is whole
        communities (a district's 100 rather than its 2,000 grids), else of grids."""
        if self.whole_communities():
            return Grid.objects.filter(community_id__any=self.community_ids())
        return Grid.objects.filter(pk__any=self.grid_ids())

    def community_rows(self):
        """The communities with any grid in scope (for dropdowns), filtered on a literal list."""
        if self.whole_communities():
            return Community.objects.filter(pk__any=self.community_ids())
        return Community.objects.filter(pk__in=Grid.objects.filter(pk__any=self.grid_ids()).values("community_id"))

    def street_rows(self):
        """The streets with any grid in scope (for dropdowns)."""
        return Street.objects.filter(pk__in=self.community_rows().values("street_id"))

    def q(self, grid: str = "grid", community: str = "community") -> Q:
        """Rows whose `grid` is in scope, for a model that also keeps its grid's `community`.

        A scope of whole communities filters on the community: one index range per community, where
        a list of grids costs one per grid and a sort."""
        if self.whole_communities():
            return Q(**{f"{community}_id__any": self.community_ids()})
        return Q(**{f"{grid}_id__any": self.grid_ids()})

    @property
    def districts(self):
        return District.objects.filter(pk__in=self.district_ids)

    @property
    def streets(self):
        return Street.objects.filter(Q(pk__in=self.street_ids) | Q(district_id__in=self.district_ids))

    @property
    def communities(self):
        return Community.objects.filter(
            Q(pk__in=self.post_community_ids)
            | Q(street_id__in=self.street_ids)
            | Q(street__district_id__in=self.district_ids)
        )

    @property
    def grids(self):
        return Grid.objects.filter(
            Q(pk__in=self.post_grid_ids)
            | Q(community_id__in=self.post_community_ids)
            | Q(community__street_id__in=self.street_ids)
            | Q(community__street__district_id__in=self.district_ids)
        )


class _EverythingScope(AreaScope):
    districts = property(lambda self: District.objects.all())
    streets = property(lambda self: Street.objects.all())
    communities = property(lambda self: Community.objects.all())
    grids = property(lambda self: Grid.objects.all())

    def community_ids(self) -> list[int]:
        if self._community_ids is None:
            self._community_ids = list(Community.objects.values_list("pk", flat=True))
        return self._community_ids

    def grid_ids(self) -> list[int]:
        if self._grid_ids is None:
            self._grid_ids = list(Grid.objects.values_list("pk", flat=True))
        return self._grid_ids

    def grid_rows(self):
        return Grid.objects.all()

    def community_rows(self):
        return Community.objects.all()

    def street_rows(self):
        return Street.objects.all()

    def q(self, grid: str = "grid", community: str = "community") -> Q:
        return Q()


def area_scope(user, roles=None) -> AreaScope:
    """Which districts, streets, communities and grids `user` may see, through posts of `roles`.

    Every app's `visible_to(user)` builds on this: pass the roles that may see the app's rows,
    e.g. `area_scope(user, [Role.WINDOW_STAFF, Role.COMMUNITY_ADMIN]).communities`.
    Superusers see everything; anonymous users and users without posts see nothing.
    """
    if not user.is_authenticated or not user.is_active:
        return AreaScope([])
    if user.is_superuser:
        return _EverythingScope([])
    # The user's current posts are read once per user object, and one scope is made per roles: a
    # request asks for scopes from its view, its filters and its forms. forget_area_scopes() drops them.
    cache = user.__dict__.setdefault("_area_scopes", {})
    if "posts" not in cache:
        cache["posts"] = list(
            StaffPost.objects.current()
            .filter(user=user)
            .values_list("role", "district_id", "street_id", "community_id", "grid_id")
        )
    key = ("scope", None if roles is None else frozenset(roles))
    if key not in cache:
        posts = [post[1:] for post in cache["posts"] if roles is None or post[0] in roles]
        cache[key] = AreaScope(posts, cache)
    return cache[key]


def forget_area_scopes(user) -> None:
    """Drop the scopes held on `user` (after their posts change)."""
    user.__dict__.pop("_area_scopes", None)
