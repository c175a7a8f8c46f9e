from django import template
from django.utils.html import format_html
from django.utils.translation import gettext as _

from services.choices import Status
from services.models import ServiceRequest

register = template.Library()


@register.inclusion_tag("services/_resident_requests.html", takes_context=True)
def resident_requests(context, resident, limit=20):
    """The resident's service requests that the viewing user may see (resident detail page)."""
    user = context["request"].user
    requests = (
        ServiceRequest.objects.visible_to(user).filter(resident=resident).select_related("item").order_by("-id")
        if user.has_perm("services.view_servicerequest")
        else ServiceRequest.objects.none()
    )
    return {"service_requests": list(requests[:limit]), "can_view": user.has_perm("services.view_servicerequest")}


BADGE_CLASSES = {
    Status.CLOSED: "text-bg-success",
    Status.RESOLVED: "text-bg-success",
    Status.RETURNED: "text-bg-warning",
    Status.REJECTED: "text-bg-secondary",
    Status.CANCELLED: "text-bg-secondary",
}


@register.simple_tag
def status_badge(service_request):
    """The request's status as a badge, and whether it is overdue or due soon (queues, detail pages)."""
    html = format_html(
        '<span class="badge {}">{}</span>',
        BADGE_CLASSES.get(service_request.status, "text-bg-primary"),
        service_request.get_status_display(),
    )
    if service_request.is_overdue:
        html += format_html(' <span class="badge text-bg-danger">{}</span>', _("overdue"))
    elif service_request.is_due_soon:
        html += format_html(' <span class="badge text-bg-warning">{}</span>', _("due soon"))
    return html
