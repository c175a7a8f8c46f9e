"""What other apps show on a host's record page, so that the host imports none of the apps that build on
it: a household's pairing and help visits, a resident's volunteer hours, the deliberation topics a
request raised.

An app offers panels by a list of dotted paths on its AppConfig, named by the host's hook
(`household_panels`, `resident_panels`, `request_panels`): functions taking the request and the record
that return None (nothing for this user) or a dict with the panel's `template` and what it shows. The
host renders them with `{% app_panels "household_panels" household %}`, in the order of INSTALLED_APPS;
a panel's template gets the dict's entries, the dict itself as `panel` and the record as `object` and
under the hook's own name (`household`). The function checks the user's permission and scope itself:
the record is one the user may see, but the app's own rows follow the app's rules."""

from django import template
from django.apps import apps
from django.template.loader import render_to_string
from django.utils.module_loading import import_string
from django.utils.safestring import mark_safe

register = template.Library()


@register.simple_tag(takes_context=True)
def app_panels(context, hook, record):
    request = context["request"]
    name = hook.removesuffix("_panels")
    rendered = []
    for config in apps.get_app_configs():
        for path in getattr(config, hook, []):
            panel = import_string(path)(request, record)
            if panel is not None:
                values = {**panel, "panel": panel, "object": record, name: record}
                rendered.append(render_to_string(panel["template"], values, request=request))
    return mark_safe("".join(rendered))  # noqa: S308 - the apps' own templates, escaped as they render
