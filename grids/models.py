from decimal import Decimal

import pghistory
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator, RegexValidator
from django.db import models
from django.db.models import Exists, OuterRef, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from common.masking import mask_phone

from . import scope
from .divisions import check_division_code
from .roles import Audience, Role

division_code_validator = RegexValidator(r"^\d{12}$", _("A statistical division code has exactly 12 digits."))

# The scope door. Which rows a user may see is asked of the models: `visible_to(user)`,
# `editable_by(user)` and the named audiences below (`Community.objects.desk_of(user)`,
# `Grid.objects.walked_by(user)` …). The areas are worked out in grids/scope.py, private to this app;
# other apps' querysets that keep a grid and its community filter with `scope_filter()`.


def scope_filter(user, *audiences: Audience, grid: str = "grid", community: str = "community") -> Q:
    """Rows whose `grid` is in the scope of `audiences`, for a model that also keeps its grid's
    `community` (resident, household, request): one literal list, of communities when the scope is
    whole communities (one index range each), else of grids."""
    return scope.area_scope(user, *audiences).q(grid=grid, community=community)


def scope_community_ids(user, *audiences: Audience) -> list[int]:
    """The communities in the scope of `audiences` as a whole, as a sorted list of ids (for filters on
    a literal list, which PostgreSQL estimates better than a subquery over staff posts)."""
    return scope.area_scope(user, *audiences).community_ids()


def scope_grid_ids(user, *audiences: Audience) -> list[int]:
    """The grids in the scope of `audiences`, as a sorted list of ids."""
    return scope.area_scope(user, *audiences).grid_ids()


class DistrictQuerySet(models.QuerySet):
    def visible_to(self, user, audience: Audience = Audience.ANYONE):
        """The district, if a post of the user covers all of it."""
        return self.filter(scope.area_scope(user, audience).districts_q())

    def overseen_by(self, user):
        """The district, for the officials who read its dashboards."""
        return self.visible_to(user, Audience.OVERSEERS)


class District(models.Model):
    """The county-level district (区/县) that runs the portal."""

    code = models.CharField(_("division code"), max_length=12, unique=True, validators=[division_code_validator])
    name = models.CharField(_("name"), max_length=50)

    objects = DistrictQuerySet.as_manager()

    class Meta:
        ordering = ["code"]
        verbose_name = _("district")
        verbose_name_plural = _("districts")

    def __str__(self):
        return self.name

    def clean(self):
        super().clean()
        check_division_code(self, level="district")


class StreetQuerySet(models.QuerySet):
    def visible_to(self, user, audience: Audience = Audience.ANYONE):
        """Streets a post of the user covers as a whole (an official's street, the district's streets)."""
        return self.filter(scope.area_scope(user, audience).streets_q())

    def overseen_by(self, user):
        return self.visible_to(user, Audience.OVERSEERS)

    def choices_for(self, user, audience: Audience = Audience.ANYONE):
        """Streets with any grid in scope, for a dropdown (a window clerk's street too)."""
        return self.filter(scope.area_scope(user, audience).street_choices_q())


class Street(models.Model):
    """A street (街道) or town (乡镇) of the district."""

    district = models.ForeignKey(District, on_delete=models.PROTECT, related_name="streets", verbose_name=_("district"))
    code = models.CharField(_("division code"), max_length=12, unique=True, validators=[division_code_validator])
    name = models.CharField(_("name"), max_length=50)

    objects = StreetQuerySet.as_manager()

    class Meta:
        ordering = ["code"]
        verbose_name = _("street")
        verbose_name_plural = _("streets")

    def __str__(self):
        return self.name

    def clean(self):
        super().clean()
        check_division_code(self, level="street", parent_code=self.district.code if self.district_id else None)


class CommunityQuerySet(models.QuerySet):
    def visible_to(self, user, audience: Audience = Audience.ANYONE):
        """Communities a post of the user covers as a whole (not those of a grid worker's grids)."""
        return self.filter(scope.area_scope(user, audience).communities_q())

    def desk_of(self, user):
        """The communities whose service desk the user staffs: window staff and community admins."""
        return self.visible_to(user, Audience.DESK)

    def administered_by(self, user):
        return self.visible_to(user, Audience.ADMINS)

    def overseen_by(self, user):
        """Communities whose figures and party work the user reads: community admins and officials."""
        return self.visible_to(user, Audience.OVERSEERS)

    def choices_for(self, user, audience: Audience = Audience.ANYONE):
        """Communities with any grid in scope, for a dropdown (a grid worker's community too), filtered
        on a literal list."""
        return self.filter(scope.area_scope(user, audience).community_choices_q())


class CommunityRowsQuerySet(models.QuerySet):
    """Rows a community keeps (its volunteer teams, emergency supplies, nominations …), reached by
    `community_path`: read through the user's posts on whole communities (`readers`, a method of
    Community.objects), kept by its community admins (`keepers`). Which roles open the pages is the
    apps' permissions."""

    community_path = "community"
    readers = "visible_to"
    keepers = "administered_by"

    def visible_to(self, user):
        return self._in(user, self.readers)

    def editable_by(self, user):
        return self._in(user, self.keepers)

    def _in(self, user, method):
        if not user.is_authenticated or not user.is_active:
            return self.none()
        if user.is_superuser:
            return self
        return self.filter(**{f"{self.community_path}__in": getattr(Community.objects, method)(user)})


class Community(models.Model):
    """A community (社区) or village (村) with its service centre."""

    street = models.ForeignKey(Street, on_delete=models.PROTECT, related_name="communities", verbose_name=_("street"))
    code = models.CharField(_("division code"), max_length=12, unique=True, validators=[division_code_validator])
    name = models.CharField(_("name"), max_length=50)

    objects = CommunityQuerySet.as_manager()

    class Meta:
        ordering = ["code"]
        verbose_name = _("community")
        verbose_name_plural = _("communities")

    def __str__(self):
        return self.name

    def clean(self):
        super().clean()
        check_division_code(self, level="community", parent_code=self.street.code if self.street_id else None)


class GridQuerySet(models.QuerySet):
    def visible_to(self, user, audience: Audience = Audience.ANYONE):
        """Grids a post of the user covers, or lies above."""
        return self.filter(scope.area_scope(user, audience).grids_q())

    def editable_by(self, user):
        """Grids whose register the user keeps: a grid worker's own, a community admin's community's."""
        return self.visible_to(user, Audience.REGISTER_KEEPERS)

    def walked_by(self, user):
        """The grids the user walks as a grid worker, from their own posts (none for a superuser, who
        walks no grid), on a literal list."""
        walked = scope.area_scope(user, Audience.WALKERS).post_grid_ids
        return self.filter(pk__any=walked) if walked else self.none()

    def overseen_by(self, user):
        return self.visible_to(user, Audience.OVERSEERS)

    def choices_for(self, user, audience: Audience = Audience.ANYONE):
        """Grids in scope for a dropdown, filtered on a literal list: of communities when the scope is
        whole communities (a district's 100 rather than its 2,000 grids), else of grids."""
        return self.filter(scope.area_scope(user, audience).grid_choices_q())


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


class CompoundQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Compounds of the user's communities, and those holding a dwelling of the user's grids."""
        areas = scope.area_scope(user, Audience.REGISTER_READERS)
        if areas.whole_communities():
            return self.filter(community_id__any=areas.community_ids())
        grids = areas.grid_ids()
        return self.filter(
            Q(community__in=Community.objects.filter(areas.communities_q()))
            | Exists(Dwelling.objects.filter(building__compound=OuterRef("pk"), grid_id__any=grids))
        )

    def editable_by(self, user):
        """Compounds whose places the user keeps: a community admin's community's; for a grid worker,
        those holding a dwelling of their grids, and the empty ones (just registered) of their grids'
        communities."""
        return self.filter(_place_keepers_q(user, "community", "building__compound"))


def _place_keepers_q(user, community: str, place: str) -> Q:
    """The places (compounds or buildings) the user keeps; `community` is the path from the place to
    its community, `place` the path from a dwelling to the place."""
    areas = scope.area_scope(user, Audience.REGISTER_KEEPERS)
    if areas.whole_communities():
        return Q(**{f"{community}_id__any": areas.community_ids()})
    grids = areas.grid_ids()
    if not grids:
        return Q(**{f"{community}__in": Community.objects.filter(areas.communities_q())})
    grid_communities = Grid.objects.filter(pk__any=grids).values("community_id")
    own = Dwelling.objects.filter(**{place: OuterRef("pk")})
    return (
        Q(**{f"{community}__in": Community.objects.filter(areas.communities_q())})
        | Exists(own.filter(grid_id__any=grids))
        | Q(**{f"{community}__in": grid_communities}) & ~Exists(own)
    )


class BuildingQuerySet(models.QuerySet):
    def editable_by(self, user):
        """Buildings whose dwellings the user keeps (see CompoundQuerySet.editable_by)."""
        return self.filter(_place_keepers_q(user, "compound__community", "building"))

    def visible_to(self, user):
        areas = scope.area_scope(user, Audience.REGISTER_READERS)
        if areas.whole_communities():
            # A dwelling lies in a grid of its building's community (Dwelling.clean).
            return self.filter(compound__community_id__any=areas.community_ids())
        grids = areas.grid_ids()
        # EXISTS, not "pk IN (subquery)" under an OR, which PostgreSQL cannot hash and searches per row.
        return self.filter(
            Q(compound__community__in=Community.objects.filter(areas.communities_q()))
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
    version = models.PositiveIntegerField(default=1, db_default=1, editable=False)

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
    name = models.CharField(_("name"), max_length=50, help_text=_("As written on the building, e.g. Building 3."))
    units = models.PositiveSmallIntegerField(_("units (entrances)"), null=True, blank=True)
    floors = models.PositiveSmallIntegerField(_("floors above ground"), null=True, blank=True)
    version = models.PositiveIntegerField(default=1, db_default=1, editable=False)

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
        return self.filter(scope_filter(user, Audience.REGISTER_READERS, community="grid__community"))

    def editable_by(self, user):
        return self.filter(scope_filter(user, Audience.REGISTER_KEEPERS, community="grid__community"))


@pghistory.track(pghistory.InsertEvent(), pghistory.UpdateEvent(), pghistory.DeleteEvent())
class Dwelling(models.Model):
    """A dwelling (房屋): a flat in a building, or a house at a free address in the countryside.

    Every dwelling lies in exactly one grid; through it, the people living there are in that grid.
    """

    class Use(models.TextChoices):
        OWNER_OCCUPIED = "owner", _("Owner-occupied")
        RENTED = "rented", _("Rented out")
        VACANT = "vacant", _("Vacant")
        COMMERCIAL = "commercial", _("Commercial")
        OTHER = "other", _("Other")

    grid = models.ForeignKey(Grid, on_delete=models.PROTECT, related_name="dwellings", verbose_name=_("grid"))
    building = models.ForeignKey(
        Building,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="dwellings",
        verbose_name=_("building"),
    )
    unit = models.CharField(_("unit"), max_length=20, blank=True, help_text=_("Entrance, e.g. Unit 2."))
    floor = models.SmallIntegerField(_("floor"), null=True, blank=True)
    room = models.CharField(_("room"), max_length=20, blank=True)
    address = models.CharField(
        _("address"), max_length=200, blank=True, help_text=_("For a dwelling outside any building, e.g. in a village.")
    )
    use = models.CharField(_("use"), max_length=16, choices=Use, default=Use.OWNER_OCCUPIED)
    area = models.DecimalField(
        _("floor area (m²)"),
        max_digits=7,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal("1"))],
    )
    # Who owns it or lets it (for a rented dwelling, the landlord): a contact for the grid worker. The
    # phone is checked and normalised by the forms that take it (residents.forms.DwellingForm) and shown
    # masked, as residents' phones are.
    owner_name = models.CharField(_("owner or landlord"), max_length=50, blank=True, default="", db_default="")
    owner_phone = models.CharField(
        _("owner's or landlord's phone"), max_length=20, blank=True, default="", db_default=""
    )
    version = models.PositiveIntegerField(default=1, db_default=1, editable=False)

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

    @property
    def masked_owner_phone(self):
        return mask_phone(self.owner_phone)

    def clean(self):
        if self.building_id and self.grid_id and self.building.compound.community_id != self.grid.community_id:
            raise ValidationError({"grid": _("The grid must belong to the community of the building.")})


class StaffPostQuerySet(models.QuerySet):
    def current(self):
        return self.filter(ended_on__isnull=True)

    def visible_to(self, user):
        """Posts, current or ended, on the communities and grids the user sees (those on a street or
        the district only to superusers)."""
        if user.is_authenticated and user.is_active and user.is_superuser:
            return self
        return self.filter(
            Q(community__in=Community.objects.visible_to(user)) | Q(grid__in=Grid.objects.visible_to(user))
        )


class StaffPost(models.Model):
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
