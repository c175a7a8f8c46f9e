"""The requests panel of the home page: what of the user's queue needs doing today."""

import datetime

from django.utils import timezone

from common.paging import capped_count

from .choices import Status
from .models import ServiceRequest

CAP = 999  # shown as "999+" beyond


def panel(request):
    user = request.user
    if not user.has_perm("services.view_servicerequest"):
        return None
    today = timezone.localdate()
    open_requests = ServiceRequest.objects.visible_to(user).open()
    figures = [
        ("overdue", open_requests.filter(due_date__lt=today), "status=open&due=overdue", "danger"),
        ("due_soon", open_requests.filter(due_date__gte=today, due_date__lte=today + datetime.timedelta(days=1)),
         "status=open&due=soon", "warning"),
        ("returned", open_requests.filter(status=Status.RETURNED), "status=returned", "secondary"),
        ("open", open_requests, "status=open", "primary"),
    ]
    return {
        "template": "services/_home_panel.html",
        "figures": [
            {"key": key, "count": count, "more": more, "query": query, "colour": colour}
            for key, queryset, query, colour in figures
            for count, more in [capped_count(queryset, cap=CAP)]
        ],
        "can_take": user.has_perm("services.change_servicerequest"),
        "can_report": user.has_perm("services.report_incident"),
    }
