"""The requests panel of the home page: what of the user's queue needs doing today.

The desk sees what is overdue, due, returned by a department, supervised by the street or sent back
for re-handling; a department's liaison sees the department's own queue (new, in progress, due,
overdue), and the department is named among the user's posts."""

from common.paging import capped_count
from grids.roles import Role

from .choices import Status
from .models import Department, ServiceRequest

CAP = 999  # shown as "999+" beyond


def panel(request):
    user = request.user
    if not user.has_perm("services.view_servicerequest"):
        return None
    visible = ServiceRequest.objects.visible_to(user)
    open_requests = visible.open()
    desk = user.has_perm("services.change_servicerequest")
    departments = [] if desk else list(Department.objects.filter(liaisons=user).order_by("name"))
    figures = [
        ("overdue", visible.overdue(), "status=open&due=overdue", "danger"),
        ("due_soon", visible.due_soon(), "status=open&due=soon", "warning"),
    ]
    if desk:  # what the departments, the street and the callers sent back
        figures += [
            ("returned", open_requests.filter(status=Status.RETURNED), "status=returned", "secondary"),
            ("supervised", open_requests.filter(supervised_at__isnull=False), "status=open&supervised=true", "danger"),
            ("rehandled", open_requests.filter(rehandled__gt=0), "status=open&rehandled=true", "warning"),
        ]
    elif departments:  # a liaison: what the department has to take up, and what it is handling
        figures += [
            ("new", open_requests.filter(status=Status.DISPATCHED), "status=dispatched", "danger"),
            ("in_progress", open_requests.filter(status=Status.IN_PROGRESS), "status=in_progress", "primary"),
        ]
    figures.append(("open", open_requests, "status=open", "primary"))
    return {
        "template": "services/_home_panel.html",
        "figures": [
            {"key": key, "count": count, "more": more, "query": query, "colour": colour}
            for key, queryset, query, colour in figures
            for count, more in [capped_count(queryset, cap=CAP)]
        ],
        "departments": departments,
        "posts": [(Role.DEPARTMENT_LIAISON.label, department.name) for department in departments],
        "can_take": desk,
        "can_report": user.has_perm("services.report_incident"),
    }
