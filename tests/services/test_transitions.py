"""The state machine is one table (services.actions.TRANSITIONS): the forms and the action both read it."""

import pytest
from django.core.exceptions import ValidationError

from services import actions
from services.actions import TRANSITIONS, Value
from services.choices import Status
from services.forms import TransitionForm
from services.models import Department, ServiceRequest


@pytest.mark.parametrize("action", list(TRANSITIONS))
def test_what_a_step_writes_from_its_form_and_shows_on_the_timeline_is_a_field_it_asks_for(action):
    transition = TRANSITIONS[action]
    asked = {ask.name for ask in transition.asks}

    assert {name for name, value in transition.sets.items() if value is Value.ASKED} <= asked
    assert transition.event_note is None or transition.event_note in asked


@pytest.mark.parametrize("action", list(TRANSITIONS))
def test_a_steps_form_asks_for_what_the_step_declares_and_requires_what_it_requires(demo, new_request, action):
    service_request = new_request()

    form = TransitionForm(action=action, service_request=service_request)

    asks = TRANSITIONS[action].asks_of(service_request)
    # Besides the version the step was seen at and the form's key, hidden.
    assert [name for name in form.fields if name not in ("version", "submission_key")] == [ask.name for ask in asks]
    assert [form.fields[ask.name].required for ask in asks] == [ask.required for ask in asks]


def test_only_a_dispute_is_resolved_with_its_mediation_outcome_and_the_form_says_so(demo, new_request):
    dispute, certificate = new_request(item="矛盾纠纷调解"), new_request()

    dispute_form = TransitionForm({"resolve-resolution": "双方达成协议"}, action="resolve", service_request=dispute)
    certificate_form = TransitionForm({"resolve-resolution": "已出具"}, action="resolve", service_request=certificate)

    assert dispute_form.errors == {"dispute_outcome": ["请填写调解结果。"]}
    assert certificate_form.is_valid()
    assert "dispute_outcome" not in certificate_form.fields


def test_the_dispatch_form_offers_the_departments_serving_the_community_and_the_action_refuses_others(
    demo, committee, new_request
):
    service_request = new_request()
    far = Department.objects.get(name="吉祥社区居委会")

    offered = TransitionForm(action="dispatch", service_request=service_request).fields["department"].queryset

    assert set(offered) == set(Department.objects.serving(service_request.community))
    assert committee in offered
    assert far not in offered
    with pytest.raises(ValidationError) as error:
        actions.request_transition(
            user=demo["window"], service_request=service_request, action="dispatch", department=far
        )
    assert error.value.message_dict == {"department": ["该部门不负责此事项所在社区。"]}


def test_a_step_without_a_note_shows_what_it_did_on_the_timeline(demo, committee, new_request):
    service_request = new_request()

    actions.request_transition(
        user=demo["window"], service_request=service_request, action="dispatch", department=committee
    )
    actions.request_transition(user=demo["dept"], service_request=service_request, action="accept")
    actions.request_transition(
        user=demo["dept"], service_request=service_request, action="resolve", resolution="已出具"
    )

    notes = list(service_request.timeline.order_by("pk").values_list("action", "note"))
    assert notes[1:] == [("dispatch", "多福巷社区居委会"), ("accept", ""), ("resolve", "已出具")]


def test_the_first_response_of_a_department_is_kept_when_it_returns_the_request_later(demo, committee, new_request):
    service_request = new_request()
    actions.request_transition(
        user=demo["window"], service_request=service_request, action="dispatch", department=committee
    )
    accepted = actions.request_transition(user=demo["dept"], service_request=service_request, action="accept")

    returned = actions.request_transition(
        user=demo["dept"], service_request=service_request, action="return", note="非本部门职责"
    )

    assert returned.responded_at == accepted.responded_at


def test_a_step_refuses_a_value_it_does_not_ask_for_and_changes_nothing(demo, new_request):
    service_request = new_request()

    with pytest.raises(TypeError):
        actions.request_transition(
            user=demo["window"], service_request=service_request, action="cancel", note="撤回", resolution="x"
        )

    assert ServiceRequest.objects.get(pk=service_request.pk).status == Status.RECEIVED


def test_the_action_says_why_a_dispute_outcome_is_missing(demo, new_request):
    dispute = new_request(item="矛盾纠纷调解")
    actions.request_transition(user=demo["window"], service_request=dispute, action="start")

    with pytest.raises(ValidationError) as error:
        actions.request_transition(user=demo["window"], service_request=dispute, action="resolve", resolution="x")

    assert error.value.message_dict == {"dispute_outcome": ["请填写调解结果。"]}
