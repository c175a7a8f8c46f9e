"""What other apps offer to do for a resident (办理事项 at the window, say), as buttons on the resident's
page and in the search results. An app offers an action by a `resident_actions` list on its AppConfig:
dicts with a label, a URL name (the resident's id goes in `?resident=`) and the permission it needs,
so that the register imports none of the apps that build on it."""

from django import template
from django.apps import apps
from django.urls import reverse
from django.utils.html import format_html_join

register = template.Library()


def _offered():
    return [action for config in apps.get_app_configs() for action in getattr(config, "resident_actions", [])]


@register.simple_tag(takes_context=True)
def resident_actions(context, resident, css="btn btn-outline-danger btn-sm"):
    user = context["request"].user
    links = [
        (css, f"{reverse(action['url'])}?resident={resident.pk}", action["label"])
        for action in _offered()
        if user.has_perm(action["permission"])
    ]
    if not links:
        return ""
    return format_html_join("", '<a class="{}" href="{}" data-resident-action>{}</a>', links)


@register.simple_tag(takes_context=True)
def has_resident_actions(context):
    user = context["request"].user
    return any(user.has_perm(action["permission"]) for action in _offered())
