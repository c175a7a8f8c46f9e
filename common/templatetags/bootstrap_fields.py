"""`{{ field|as_bootstrap_field }}`: a form field in the Bootstrap 5 markup of crispy-forms'
`|as_crispy_field`, built in Python.

A list page's filter form has a dozen fields and a few hundred options. Through crispy's
bootstrap5/field.html and Django's widget templates (one template include per option, another
per option's attributes) rendering it took half of the page's time; here it is a string join, and
a select's options are read as (value, label, selected) rather than a dict of attributes each.

The output is the one crispy and Django give, byte for byte for the widget and the same elements,
attributes and text for the wrapper (only whitespace between tags differs). Widgets and fields
this module does not know (check boxes, radio buttons, files, multi-widgets, fieldsets, custom
templates or renderers) go to crispy unchanged. tests/common/test_bootstrap_fields.py compares
both renderings, so a Django or crispy upgrade that changes the markup fails a test.
"""

import html

from crispy_forms.templatetags.crispy_forms_filters import as_crispy_field
from django import forms, template
from django.conf import settings
from django.forms import widgets
from django.forms.renderers import DjangoTemplates
from django.template.base import render_value_in_context
from django.utils.html import format_html
from django.utils.safestring import SafeData, mark_safe

register = template.Library()

# Autoescape, localisation and time zone as in the templates Django renders widgets with.
_CONTEXT = template.Context()

_INPUT_TEMPLATES = frozenset(
    f"django/forms/widgets/{name}.html"
    for name in ("text", "number", "email", "url", "password", "date", "datetime", "time", "search", "tel", "color")
)
_SELECT_TEMPLATE = "django/forms/widgets/select.html"
_OPTION_TEMPLATE = "django/forms/widgets/select_option.html"
_TEXTAREA_TEMPLATE = "django/forms/widgets/textarea.html"
# What _select_context does in place of Django's: a select widget overriding any of these is left to it.
_SELECT_METHODS = ("get_context", "optgroups", "create_option", "format_value", "id_for_label")


def _text(value) -> str:
    """`{{ value }}`."""
    if type(value) is str:  # most names, values and labels: Django's escape() without its lazy-string wrapper
        return html.escape(value)
    return render_value_in_context(value, _CONTEXT)


def _formatted(value) -> str:
    """`{{ value|stringformat:'s' }}`: the filter keeps a safe string safe."""
    return str(value) if isinstance(value, SafeData) else html.escape(str(value))


def _attrs(attrs) -> str:
    """django/forms/widgets/attrs.html."""
    return "".join(
        f" {_text(name)}" if value is True else f' {_text(name)}="{_formatted(value)}"'
        for name, value in attrs.items()
        if value is not False
    )


def _input(widget) -> str:
    value = "" if widget["value"] is None else f' value="{_formatted(widget["value"])}"'
    return f'<input type="{_text(widget["type"])}" name="{_text(widget["name"])}"{value}{_attrs(widget["attrs"])}>'


def _select(widget) -> str:
    parts = [f'<select name="{_text(widget["name"])}"{_attrs(widget["attrs"])}>']
    for group_name, options in widget["options"]:
        if group_name:
            parts.append(f'\n  <optgroup label="{_text(group_name)}">')
        parts.extend(
            f'\n  <option value="{_formatted(value)}"{" selected" if selected else ""}>{_text(label)}</option>\n'
            for value, label, selected in options
        )
        if group_name:
            parts.append("\n  </optgroup>")
    parts.append("\n</select>")
    return "".join(parts)


def _select_context(widget, name, value, attrs) -> dict:
    """Select.get_context with its options as (value, label, selected) instead of ChoiceWidget.optgroups'
    dict per option: the same groups and the same choice of selected options, for a fraction of the time."""
    context = forms.Widget.get_context(widget, name, value, attrs)["widget"]
    if widget.allow_multiple_selected:
        context["attrs"]["multiple"] = True
    chosen, multiple, has_selected, groups = context["value"], widget.allow_multiple_selected, False, []
    for option_value, option_label in widget.choices:
        if option_value is None:
            option_value = ""
        if isinstance(option_label, list | tuple):
            group_name, choices = option_value, option_label
        else:
            group_name, choices = None, [(option_value, option_label)]
        options = []
        for subvalue, sublabel in choices:
            selected = (not has_selected or multiple) and str(subvalue) in chosen
            has_selected |= selected
            options.append((subvalue, sublabel, selected))
        groups.append((group_name, options))
    context["options"] = groups
    return context


def _textarea(widget) -> str:
    value = _text(widget["value"]) if widget["value"] else ""
    return f'<textarea name="{_text(widget["name"])}"{_attrs(widget["attrs"])}>\n{value}</textarea>'


def _renders_by_template(widget) -> bool:
    """Whether the widget renders its context with its template, as Django's own widgets do."""
    widget_type = type(widget)
    return widget_type.render is forms.Widget.render and widget_type._render is forms.Widget._render


def _python_renderer(field):
    """The function rendering the field's widget in Python, or None when only its template will do."""
    widget = field.field.widget
    if type(field.form.renderer) is not DjangoTemplates:
        return None  # other renderers may find templates overriding Django's
    if not _renders_by_template(widget):
        return None
    if widget.template_name in _INPUT_TEMPLATES and isinstance(widget, widgets.Input):
        return _input
    if (
        widget.template_name == _SELECT_TEMPLATE
        and widget.option_template_name == _OPTION_TEMPLATE
        and isinstance(widget, forms.Select)
        and not widget.option_inherits_attrs
        and all(getattr(type(widget), name) is getattr(forms.Select, name) for name in _SELECT_METHODS)
    ):
        return _select
    if widget.template_name == _TEXTAREA_TEMPLATE:
        return _textarea
    return None


def render_widget(field, attrs) -> str:
    """`field.as_widget(attrs=attrs)`, in Python for the widgets this module knows."""
    render = _python_renderer(field)
    if render is None:
        return field.as_widget(attrs=attrs)
    # BoundField.as_widget up to the widget's context; the template it would render is in `render`.
    widget = field.field.widget
    if field.field.localize:
        widget.is_localized = True
    attrs = field.build_widget_attrs(attrs, widget)
    if field.auto_id and "id" not in widget.attrs:
        attrs.setdefault("id", field.auto_id)
    if render is _select:
        context = _select_context(widget, field.html_name, field.value(), attrs)
    else:
        context = widget.get_context(field.html_name, field.value(), attrs)["widget"]
    return mark_safe(render(context))  # noqa: S308 - every value is escaped above


def _widget_class(field) -> str:
    """The class attribute crispy's {% crispy_field %} gives the widget (crispy adds it to widget.attrs)."""
    widget = field.field.widget
    class_name = widget.__class__.__name__.lower()
    class_name = getattr(settings, "CRISPY_CLASS_CONVERTERS", {}).get(class_name, class_name)
    css_class = widget.attrs.get("class", "")
    if not css_class:
        css_class = class_name
    elif css_class.find(class_name) == -1:
        css_class += f" {class_name}"
    extra = ["form-select" if isinstance(widget, forms.Select) else "form-control"]
    if field.errors:
        extra.append("is-invalid")
    existing = css_class.split()
    return " ".join([css_class, *(name for name in extra if name not in existing)])


@register.filter
def as_bootstrap_field(field):
    """The field as crispy-bootstrap5's `|as_crispy_field` renders it without a form helper."""
    widget = field.field.widget
    if (
        field.is_hidden
        or getattr(field.form, "helper", None) is not None
        or field.use_fieldset
        or isinstance(widget, forms.CheckboxInput | forms.FileInput | forms.MultiWidget)
        or _python_renderer(field) is None
    ):
        return as_crispy_field(field)
    required = field.field.required
    parts = [format_html('<div id="div_{}" class="mb-3{}">', field.auto_id, f" {field.css_classes()}".rstrip())]
    if field.label:
        parts.append(
            format_html(
                '<label{} class="form-label{}">{}{}</label>',
                format_html(' for="{}"', field.id_for_label) if field.id_for_label else "",
                " requiredField" if required else "",
                field.label,
                mark_safe('<span class="asteriskField">*</span>') if required else "",
            )
        )
    parts.append(render_widget(field, {"class": _widget_class(field)}))
    if field.errors:
        parts.append(format_html('<div id="{}_error" class="invalid-feedback">', _text(field.errors.field_id)))
        parts.extend(
            format_html('<p id="error_{}_{}"><strong>{}</strong></p>', number, field.auto_id, error)
            for number, error in enumerate(field.errors, start=1)
        )
        parts.append("</div>")
    if field.help_text:
        help_id = format_html('id="{}_helptext" ', field.auto_id) if field.auto_id else ""
        parts.append(format_html('<div {}class="form-text">{}</div>', help_id, mark_safe(field.help_text)))  # noqa: S308 - as crispy's |safe
    parts.append("</div>")
    return mark_safe("".join(parts))  # noqa: S308 - every part is escaped above
