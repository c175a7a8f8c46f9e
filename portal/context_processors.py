from django.apps import apps
from django.urls import reverse


def navigation(request):
    """The navigation sections the user may use, in the order of INSTALLED_APPS.

    An app offers sections by a `nav` list on its AppConfig: dicts with a label, a URL name and
    the permission that unlocks it, so the site shell needs to import none of the apps. Sections that
    name the same `group` (a label) are shown together, in one menu of the bar.
    """
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"nav_sections": []}
    sections = []
    for config in apps.get_app_configs():
        for item in getattr(config, "nav", []):
            if user.has_perm(item["permission"]):
                url = reverse(item["url"])
                section = {"label": item["label"], "url": url, "active": request.path.startswith(url)}
                group = item.get("group")
                if group is None:
                    sections.append(section)
                    continue
                menu = next((s for s in sections if s.get("group") == group), None)
                if menu is None:
                    menu = {"group": group, "items": [], "active": False}
                    sections.append(menu)
                menu["items"].append(section)
                menu["active"] = menu["active"] or section["active"]
    return {"nav_sections": sections}
