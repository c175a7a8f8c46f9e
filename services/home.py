"""The requests panel of the home page: what of the user's queue needs doing today."""

from common.paging import capped_count

from .choices import Status
from .models import ServiceRequest

CAP = 999  # shown as "999+" beyond


def panel(request):
    user = request.user
    if not user.has_perm("services.view_servicerequest"):
        return None
    visible = ServiceRequest.objects.visible_to(user)
    open_requests = visible.open()
    figures = [
        ("overdue", visible.overdue(), "status=open&due=overdue", "danger"),
        ("due_soon", visible.due_soon(), "status=open&due=soon", "warning"),
        ("returned", open_requests.filter(status=Status.RETURNED), "status=returned", "secondary"),
        ("open", open_requests, "status=open", "primary"),
    ]
    if user.has_perm("services.change_servicerequest"):  # the desk: what the street and the callers sent back
        figures[3:3] = [
            (
                "supervised",
                open_requests.filter(supervised_at__isnull=False),
                "status=open&supervised=true",
                "danger",
            ),
            ("rehandled", open_requests.filter(rehandled__gt=0), "status=open&rehandled=true", "warning"),
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
