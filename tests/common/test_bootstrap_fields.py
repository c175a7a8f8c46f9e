import datetime

import pytest
from crispy_forms.templatetags.crispy_forms_filters import as_crispy_field
from django import forms
from django.forms.renderers import DjangoTemplates
from django.urls import reverse
from django.utils.safestring import mark_safe
from pytest_django.asserts import assertHTMLEqual, assertInHTML

from common.templatetags.bootstrap_fields import as_bootstrap_field, render_widget


class SampleForm(forms.Form):
    query = forms.CharField(
        label="Search <all>",
        required=False,
        help_text="Name or <em>phone</em>",
        widget=forms.TextInput(attrs={"placeholder": 'say "hi" & <go>', "autofocus": True, "data-off": False}),
    )
    count = forms.IntegerField(label="Count", min_value=0, widget=forms.NumberInput(attrs={"class": "narrow"}))
    day = forms.DateField(label="Day", required=False, widget=forms.DateInput(attrs={"type": "date"}))
    kind = forms.ChoiceField(
        label="Kind",
        choices=[("", "Any"), ("a&b", "A & B"), ("Group", [("g1", mark_safe("<b>G1</b>")), ("g2", "G<2>")])],
    )
    number = forms.TypedChoiceField(label="Number", coerce=int, choices=[(1, "one"), (2, "two")], required=False)
    colours = forms.MultipleChoiceField(label="Colours", choices=[("r", "red"), ("g", "green")], required=False)
    note = forms.CharField(label="Note", required=False, widget=forms.Textarea(attrs={"rows": 2}))
    urgent = forms.BooleanField(label="Urgent", required=False)
    channel = forms.ChoiceField(label="Channel", choices=[("a", "A"), ("b", "B")], widget=forms.RadioSelect)


BOUND = {
    "query": "张 <三>",
    "count": "-1",
    "day": "2024-02-30",
    "kind": "g2",
    "number": "2",
    "colours": ["g"],
    "note": "one\ntwo & three",
    "channel": "x",
}
FORMS = {
    "unbound": lambda: SampleForm(initial={"day": datetime.date(2024, 2, 29), "kind": "a&b"}),
    "bound": lambda: _validated(SampleForm(BOUND)),
    "valid": lambda: _validated(SampleForm({"count": "3", "kind": "a&b", "channel": "a"})),
}


def _validated(form):
    form.is_valid()
    return form


@pytest.mark.parametrize("state", FORMS)
@pytest.mark.parametrize("name", list(SampleForm.base_fields))
def test_a_field_renders_as_crispy_renders_it(state, name):
    # Two forms: crispy writes its classes into the widget's attributes.
    fast, crispy = FORMS[state](), FORMS[state]()

    assertHTMLEqual(str(as_bootstrap_field(fast[name])), str(as_crispy_field(crispy[name])))


@pytest.mark.parametrize("state", FORMS)
@pytest.mark.parametrize("name", ["query", "count", "day", "kind", "number", "colours", "note"])
def test_a_widget_rendered_in_python_is_byte_for_byte_djangos(state, name):
    form = FORMS[state]()

    assert str(render_widget(form[name], {"class": "x"})) == str(form[name].as_widget(attrs={"class": "x"}))


def test_a_select_marks_the_chosen_option_and_an_invalid_field_shows_its_error():
    form = FORMS["bound"]()

    kind = str(as_bootstrap_field(form["kind"]))
    count = str(as_bootstrap_field(form["count"]))

    assertInHTML(
        '<label for="id_kind" class="form-label requiredField">Kind<span class="asteriskField">*</span></label>', kind
    )
    assertInHTML('<option value="g2" selected>G&lt;2&gt;</option>', kind)
    assertInHTML('<option value="a&amp;b">A &amp; B</option>', kind)
    assert 'class="select form-select"' in kind
    assert 'class="narrow numberinput form-control is-invalid"' in count
    error = form.errors["count"][0]
    assertInHTML(
        f'<div id="id_count_error" class="invalid-feedback"><p id="error_1_id_count"><strong>{error}</strong></p>'
        "</div>",
        count,
    )


def test_help_text_is_shown_as_crispy_shows_it():
    html = str(as_bootstrap_field(FORMS["unbound"]()["query"]))

    assertInHTML('<div id="id_query_helptext" class="form-text">Name or <em>phone</em></div>', html)
    assert 'aria-describedby="id_query_helptext"' in html


@pytest.mark.parametrize("name", ["urgent", "channel"])
def test_check_boxes_and_radio_buttons_are_left_to_crispy(name):
    assert str(as_bootstrap_field(FORMS["bound"]()[name])) == str(as_crispy_field(FORMS["bound"]()[name]))


def test_a_form_with_a_renderer_of_its_own_is_left_to_its_templates():
    class OwnRenderer(DjangoTemplates):
        pass

    fast, crispy = SampleForm(renderer=OwnRenderer()), SampleForm(renderer=OwnRenderer())

    assert str(as_bootstrap_field(fast["kind"])) == str(as_crispy_field(crispy["kind"]))


def test_the_resident_filter_shows_the_chosen_values_and_the_errors(client, demo, register):
    client.force_login(demo["window"])

    html = client.get(reverse("residents:resident-list"), {"status": "moved_out", "age_min": "-1"}).content.decode()

    assertInHTML('<option value="moved_out" selected>迁出</option>', html)
    assert 'class="numberinput form-control is-invalid"' in html
    assert '<div id="id_age_min_error" class="invalid-feedback">' in html


def test_the_request_queue_filter_shows_the_chosen_status(client, demo):
    client.force_login(demo["window"])

    html = client.get(reverse("services:request-list"), {"status": "open"}).content.decode()

    assertInHTML('<option value="open" selected>全部未办结</option>', html)
    assert '<select name="item" class="select form-select" id="id_item">' in html


@pytest.mark.django_db
@pytest.mark.parametrize("chosen", [None, "first", "unknown"])
def test_a_model_choice_field_renders_byte_for_byte_as_django_does(demo, chosen):
    from grids.models import Community

    class AreaForm(forms.Form):
        community = forms.ModelChoiceField(queryset=Community.objects.order_by("code"), required=False)

    first = Community.objects.order_by("code").first()
    data = {None: {}, "first": {"community": str(first.pk)}, "unknown": {"community": "999999"}}[chosen]
    form = _validated(AreaForm(data)) if data else AreaForm()

    fast = render_widget(form["community"], {"class": "x"})
    assert str(fast) == str(form["community"].as_widget(attrs={"class": "x"}))
    assert (f'value="{first.pk}" selected' in str(render_widget(form["community"], {}))) == (chosen == "first")


def test_a_select_with_methods_of_its_own_is_left_to_django():
    class Starred(forms.Select):
        def create_option(self, *args, **kwargs):
            option = super().create_option(*args, **kwargs)
            option["label"] = f"★ {option['label']}"
            return option

    class StarForm(forms.Form):
        kind = forms.ChoiceField(choices=[("a", "A")], widget=Starred)

    assert "★ A" in str(render_widget(StarForm()["kind"], {}))
