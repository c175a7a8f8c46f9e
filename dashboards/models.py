"""Rollups behind the dashboards: small tables the dashboards read instead of millions of rows.

Request figures are kept per month, community and breakdown (total, grid, category, channel,
department), recomputed for the months that triggers mark dirty whenever requests change (bulk
updates and raw SQL included). Register figures per grid are recomputed whole at each refresh.
`dashboards.rollups.refresh()` runs at most every few minutes; `manage.py rebuild_rollups`
recomputes everything.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _

from grids.models import Community, Grid


class Dimension(models.TextChoices):
    TOTAL = "total", _("Total")
    GRID = "grid", _("Grid")
    CATEGORY = "category", _("Category")
    CHANNEL = "channel", _("Channel")
    DEPARTMENT = "department", _("Department")


class RequestFigures(models.Model):
    """What happened to requests in one month, for one value of a breakdown.

    Each figure counts events of its month: received by received_at, resolved by resolved_at,
    responded by responded_at (among requests dispatched that month), rated by closed_at.
    """

    month = models.DateField()
    dimension = models.CharField(max_length=16, choices=Dimension)
    key = models.CharField(max_length=40, blank=True)
    received = models.PositiveIntegerField(default=0)
    resolved = models.PositiveIntegerField(default=0)
    resolved_on_time = models.PositiveIntegerField(default=0)
    resolved_with_limit = models.PositiveIntegerField(default=0)
    resolve_working_days = models.PositiveIntegerField(default=0)
    dispatched = models.PositiveIntegerField(default=0)
    responded = models.PositiveIntegerField(default=0)
    rated = models.PositiveIntegerField(default=0)
    satisfied = models.PositiveIntegerField(default=0)
    disputes_resolved = models.PositiveIntegerField(default=0)
    disputes_mediated = models.PositiveIntegerField(default=0)
    # By the month of each request's first callback: the first-time rates (a dissatisfied first callback
    # sends it back for re-handling, 重办) apart from the final ones above.
    first_rated = models.PositiveIntegerField(default=0, db_default=0)
    first_satisfied = models.PositiveIntegerField(default=0, db_default=0)
    rehandled = models.PositiveIntegerField(default=0, db_default=0)

    class Meta:
        abstract = True


# The counts of RequestFigures, in the order of its fields.
REQUEST_FIELDS = [field.name for field in RequestFigures._meta.fields if isinstance(field, models.PositiveIntegerField)]


class RequestMonthStat(RequestFigures):
    """Request figures of one community and month, by breakdown (total, grid, category, channel, department)."""

    community = models.ForeignKey(Community, on_delete=models.CASCADE, related_name="+")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["month", "community", "dimension", "key"], name="request_month_stat_key")
        ]
        indexes = [models.Index(fields=["dimension", "month", "community"], name="request_month_stat_dim")]

    def __str__(self):
        return f"{self.month:%Y-%m} {self.community_id} {self.dimension}:{self.key}"


class AreaMonthStat(RequestFigures):
    """RequestMonthStat summed over the communities of a street, or of the district (all breakdowns
    but grids), so that their dashboards read a few hundred rows instead of tens of thousands."""

    class Level(models.TextChoices):
        STREET = "street", _("Street")
        DISTRICT = "district", _("District")

    level = models.CharField(max_length=8, choices=Level)
    area_id = models.PositiveIntegerField()  # a street's or the district's id, by level

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["level", "area_id", "dimension", "month", "key"], name="area_month_stat_key"
            )
        ]

    def __str__(self):
        return f"{self.month:%Y-%m} {self.level} {self.area_id} {self.dimension}:{self.key}"


class RegisterWork(models.Model):
    """Register work in one month: moves in and out, visits, records changed."""

    month = models.DateField()
    moved_in = models.PositiveIntegerField(default=0)
    moved_out = models.PositiveIntegerField(default=0)
    visits = models.PositiveIntegerField(default=0)
    # Visits to released prisoners and people under correction, counted apart: only those who see
    # those groups see them in the figure (as in the visit list it links to).
    sensitive_visits = models.PositiveIntegerField(default=0)
    records_updated = models.PositiveIntegerField(default=0)

    class Meta:
        abstract = True


class RegisterSnapshot(models.Model):
    """A register as it stands: people, households, special groups, visit coverage."""

    residents = models.PositiveIntegerField(default=0)
    households = models.PositiveIntegerField(default=0)
    households_visited_90d = models.PositiveIntegerField(default=0)
    by_residence_type = models.JSONField(default=dict)
    by_tag = models.JSONField(default=dict)
    # 数据完整度: {item: [rows it applies to, rows lacking it]} (dashboards/completeness.py).
    completeness = models.JSONField(default=dict, db_default=models.Value({}, output_field=models.JSONField()))

    class Meta:
        abstract = True


class GridMonthStat(RegisterWork):
    """Register work in one grid and month."""

    grid = models.ForeignKey(Grid, on_delete=models.CASCADE, related_name="+")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["month", "grid"], name="grid_month_stat_key")]

    def __str__(self):
        return f"{self.month:%Y-%m} {self.grid_id}"


class GridSnapshot(RegisterSnapshot):
    """The register of one grid as it stands."""

    grid = models.OneToOneField(Grid, on_delete=models.CASCADE, related_name="+", primary_key=True)

    def __str__(self):
        return str(self.grid_id)


class CommunityMonthStat(RegisterWork):
    """GridMonthStat summed over the grids of a community: a district's dashboard reads 100 rows a
    month instead of 2,000."""

    community = models.ForeignKey(Community, on_delete=models.CASCADE, related_name="+")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["month", "community"], name="community_month_stat_key")]

    def __str__(self):
        return f"{self.month:%Y-%m} {self.community_id}"


class CommunitySnapshot(RegisterSnapshot):
    """GridSnapshot summed over the grids of a community."""

    community = models.OneToOneField(Community, on_delete=models.CASCADE, related_name="+", primary_key=True)

    def __str__(self):
        return str(self.community_id)


class DirtyMonth(models.Model):
    """Months whose request rollups are stale; written by database triggers on service requests."""

    month = models.DateField(primary_key=True)

    def __str__(self):
        return f"{self.month:%Y-%m}"


class RollupState(models.Model):
    """One row: when the rollups were last brought up to date."""

    refreshed_at = models.DateTimeField(null=True)

    class Meta:
        permissions = [("view_dashboard", _("Can read the dashboards"))]

    def __str__(self):
        return f"{self.refreshed_at}"


class PartyMonthStat(models.Model):
    """Party activities of one community, month and activity type: held, expected, attended."""

    month = models.DateField()
    community = models.ForeignKey(Community, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=20)
    activities = models.PositiveIntegerField(default=0)
    expected = models.PositiveIntegerField(default=0)
    present = models.PositiveIntegerField(default=0)
    on_leave = models.PositiveIntegerField(default=0)
    volunteer_hours = models.DecimalField(max_digits=12, decimal_places=1, default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["month", "community", "kind"], name="party_month_stat_key")]

    def __str__(self):
        return f"{self.month:%Y-%m} {self.community_id} {self.kind}"


class MemberYearPoints(models.Model):
    """A party member's points total of one year (the ledger is append-only; this is its sum)."""

    year = models.PositiveSmallIntegerField()
    member = models.ForeignKey("partybuilding.Member", on_delete=models.CASCADE, related_name="+")
    community = models.ForeignKey(Community, on_delete=models.CASCADE, related_name="+")
    points = models.IntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["year", "member"], name="member_year_points_key")]
        indexes = [
            models.Index(fields=["year", "community", "-points"], name="member_points_rank"),
            # The top of a district or street: the year's highest totals first, filtered by community.
            models.Index(fields=["year", "-points", "member"], name="member_points_top"),
        ]

    def __str__(self):
        return f"{self.year} {self.member_id} {self.points}"


class PartySnapshot(models.Model):
    """The party organisations of one community as they stand: members by category, and branches
    that have held every required 三会一课 meeting so far in the current quarter."""

    community = models.OneToOneField(Community, on_delete=models.CASCADE, related_name="+", primary_key=True)
    members_by_category = models.JSONField(default=dict)
    quarter = models.CharField(max_length=8)
    branches = models.PositiveIntegerField(default=0)
    branches_compliant = models.PositiveIntegerField(default=0)

    def __str__(self):
        return f"{self.community_id} {self.quarter}"
