from django import template
from django.utils.formats import number_format

register = template.Library()


@register.filter
def percent(value):
    """0.934 → 93.4%; nothing to divide by → —."""
    if value is None:
        return "—"
    return f"{number_format(value * 100, 1)}%"


@register.filter
def change(current, previous):
    """The change against the previous period: +12 / −3 for counts, in points for rates."""
    if current is None or previous is None:
        return ""
    if isinstance(current, float) or isinstance(previous, float):
        delta = (current - previous) * 100
        return f"{'+' if delta >= 0 else '−'}{number_format(abs(delta), 1)} pt"
    delta = current - previous
    return f"{'+' if delta >= 0 else '−'}{abs(delta)}"


@register.filter
def get(mapping, key):
    return mapping.get(key) if mapping else None
