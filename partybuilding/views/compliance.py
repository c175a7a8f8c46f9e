"""三会一课 compliance: which branches held their meetings in a quarter, and who attended."""

from django.contrib.auth.mixins import PermissionRequiredMixin
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.views import View

from .. import compliance
from ..models import Activity, Member, Organisation
from .shared import year_of


class ComplianceView(PermissionRequiredMixin, View):
    permission_required = "partybuilding.view_activity"

    def get(self, request):
        today = timezone.localdate()
        year = year_of(request)
        quarter = request.GET.get("quarter", "")
        quarter = int(quarter) if quarter in ("1", "2", "3", "4") else (today.month - 1) // 3 + 1
        start, end, months = compliance.quarter_bounds(year, quarter)
        organisations = Organisation.objects.visible_to(request.user)
        branches = organisations.filter(kind=Organisation.Kind.BRANCH).select_related("community")
        selected = request.GET.get("branch", "")
        branch = None
        if selected.isdigit():
            branch = get_object_or_404(branches, pk=int(selected))
        rows = compliance.branch_compliance(branches.order_by("community__code", "name"), year, quarter)
        activities = members = []
        if branch is not None:
            activities = compliance.activity_attendance(
                Activity.objects.filter(organisation__in=branch.subtree(), starts_at__gte=start, starts_at__lt=end)
                .select_related("organisation")
                .order_by("starts_at")
            )
            members = compliance.member_attendance(
                Member.objects.filter(organisation__in=branch.subtree()).order_by("name", "pk"), start, end
            )
        return render(
            request,
            "partybuilding/compliance.html",
            {
                "rows": rows,
                "year": year,
                "quarter": quarter,
                "months": months,
                "monthly_kinds": [Activity.Kind(k).label for k in compliance.MONTHLY],
                "quarterly_kinds": [Activity.Kind(k).label for k in compliance.QUARTERLY],
                "branch": branch,
                "activities": activities,
                "members": members,
                "years": range(today.year - 2, today.year + 1),
                "quarters": [1, 2, 3, 4],
            },
        )
