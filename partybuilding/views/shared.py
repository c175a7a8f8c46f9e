"""What several party pages read from a request or add to their queries."""

from django.db.models import IntegerField, OuterRef, Subquery, Sum, Value
from django.db.models.functions import Coalesce
from django.utils import timezone

from ..models import PointsEntry


def year_of(request) -> int:
    """The year a page reports on: `?year=` when it is a sensible one, this year otherwise."""
    value = request.GET.get("year", "")
    today = timezone.localdate()
    return int(value) if value.isdigit() and 2000 <= int(value) <= today.year + 1 else today.year


def points_sum(year):
    """Subquery: a member's points total in `year`."""
    return Coalesce(
        Subquery(
            PointsEntry.objects.filter(member=OuterRef("pk"), on__year=year)
            .order_by()
            .values("member")
            .annotate(total=Sum("points"))
            .values("total"),
            output_field=IntegerField(),
        ),
        Value(0),
    )
