from django import template

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
