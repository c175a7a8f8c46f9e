from django.apps import apps
from django.urls import reverse


def navigation(request):
    """The navigation sections the user may use, in the order of INSTALLED_APPS.

    An app offers sections by a `nav` list on its AppConfig: dicts with a label, a URL name and
    the permission that unlocks it, so the site shell needs to import none of the apps.
    """
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"nav_sections": []}
    sections = []
    for config in apps.get_app_configs():
        for item in getattr(config, "nav", []):
            if user.has_perm(item["permission"]):
                url = reverse(item["url"])
                sections.append({"label": item["label"], "url": url, "active": request.path.startswith(url)})
    return {"nav_sections": sections}
