"""The household's and the resident's page panels (read from `household_panels` / `resident_panels` on the
AppConfig): the honours awarded, shown to whoever sees the page (the host page has checked the scope)."""

from .models import Nomination


def _panel(honours):
    honours = list(honours.select_related("kind").order_by("-year", "kind__name"))
    if not honours:
        return None
    return {"template": "honours/_honours_panel.html", "honours": honours}


def household_panel(request, household):
    return _panel(Nomination.objects.awarded().filter(household=household))


def resident_panel(request, resident):
    return _panel(Nomination.objects.awarded().filter(resident=resident))
