"""The resident page's panel (residents read it from `resident_panels` on the AppConfig): the resident's
confirmed volunteer hours, for the roles that read this app, when the volunteer is one they see."""

from django.utils import timezone

from .hours import volunteer_hours
from .models import Volunteer


def resident_panel(request, resident):
    if not request.user.has_perm("volunteering.view_volunteer"):
        return None
    volunteer = Volunteer.objects.visible_to(request.user).filter(resident=resident).first()
    if volunteer is None:
        return None
    year = timezone.localdate().year
    return {
        "template": "volunteering/_resident_panel.html",
        "volunteer": volunteer,
        "year": year,
        "hours": volunteer_hours(request.user, volunteer, year),
    }
