"""Summaries of the register for the pages of those who walk a grid."""

import datetime
from dataclasses import dataclass, field

from django.db.models import Count, Prefetch, Q
from django.utils import timezone

from grids.models import Building, Dwelling

from .choices import ResidenceType, ResidentStatus, TagKind
from .models import UNVISITED_DAYS, Household, Resident, ResidentTag


@dataclass
class BuildingSummary:
    """A building of the grid (None for the dwellings outside buildings) with its dwellings, as the
    grid page lists it: closed, its header saying how many live there and how many households wait."""

    building: Building | None
    dwellings: list[Dwelling] = field(default_factory=list)

    @property
    def residents(self) -> int:
        return sum(dwelling.residents_count for dwelling in self.dwellings)

    @property
    def unvisited(self) -> int:
        return sum(not h.visited_recently for dwelling in self.dwellings for h in dwelling.households.all())


def grid_summary(grid, user) -> dict:
    """What a grid worker sees of one grid: its buildings and dwellings with who lives there, the people
    counted by residence type and special group, and the households not visited for UNVISITED_DAYS."""
    since = timezone.localdate() - datetime.timedelta(days=UNVISITED_DAYS)
    active = Q(residents__status=ResidentStatus.ACTIVE)
    counts = {
        f"count_{value}": Count("residents", filter=active & Q(residents__residence_type=value))
        for value in ResidenceType.values
    }
    dwellings = (
        Dwelling.objects.filter(grid=grid)
        .select_related("building__compound")
        .annotate(residents_count=Count("residents", filter=active), **counts)
        .prefetch_related(
            Prefetch(
                "households",
                queryset=Household.objects.with_visited_recently(UNVISITED_DAYS).order_by("number"),
            )
        )
        .order_by("building__compound__name", "building__name", "unit", "floor", "room", "address")
    )
    tag_counts = (
        ResidentTag.objects.current()
        .shown_to(user)
        .filter(resident__dwelling__grid=grid, resident__status=ResidentStatus.ACTIVE)
        .values("kind")
        .annotate(n=Count("pk"))
        .order_by("kind")
    )
    totals = (
        Resident.objects.active()
        .filter(dwelling__grid=grid)
        .aggregate(
            total=Count("pk"),
            **{value: Count("pk", filter=Q(residence_type=value)) for value in ResidenceType.values},
        )
    )
    unvisited = (
        Household.objects.filter(dwelling__grid=grid)
        .unvisited_since(UNVISITED_DAYS)
        .select_related("dwelling__building__compound")
        .order_by("number")
    )
    buildings = {}
    for dwelling in dwellings:
        buildings.setdefault(dwelling.building, BuildingSummary(dwelling.building)).dwellings.append(dwelling)
    return {
        "buildings": list(buildings.values()),
        "totals": totals,
        "residence_types": [(value, label, totals[value]) for value, label in ResidenceType.choices],
        "tag_counts": [(TagKind(row["kind"]).label, row["n"]) for row in tag_counts],
        "unvisited": unvisited,
        "since": since,
    }
