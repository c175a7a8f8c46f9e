"""A department's liaison: back to the queue after returning or resolving, and the department's own
figures on the home page."""

from django.urls import reverse

from services import actions


def step(client, service_request, action, **fields):
    page = client.get(service_request.get_absolute_url())
    (form,) = [form for name, _label, form in page.context["action_forms"] if name == action]
    data = {f"{action}-{name}": value for name, value in fields.items()}
    data[f"{action}-version"] = form["version"].value()
    data[f"{action}-submission_key"] = form["submission_key"].value()
    return client.post(reverse("services:request-transition", args=[service_request.pk, action]), data, follow=True)


def test_returning_a_request_leads_back_to_the_queue_with_a_message(client, demo, requests_):
    client.force_login(demo["dept"])

    answer = step(client, requests_["zhang"], "return", note="非本部门职责")

    assert answer.redirect_chain[-1][0] == reverse("services:request-list")
    assert answer.status_code == 200
    assert any("退回" in str(message) for message in answer.context["messages"])


def test_resolving_leads_back_to_the_queue_too(client, demo, requests_):
    zhang = actions.request_transition(user=demo["dept"], service_request=requests_["zhang"], action="accept")
    client.force_login(demo["dept"])

    answer = step(client, zhang, "resolve", resolution="已开具证明")

    assert answer.redirect_chain[-1][0] == reverse("services:request-list")


def test_the_liaisons_home_names_the_department_and_its_queue(client, demo, requests_):
    client.force_login(demo["dept"])

    home = client.get(reverse("portal:home"))

    (panel,) = [panel for panel in home.context["panels"] if panel["template"] == "services/_home_panel.html"]
    figures = {figure["key"]: figure["count"] for figure in panel["figures"]}
    assert figures == {"overdue": 0, "due_soon": figures["due_soon"], "new": 1, "in_progress": 0, "open": 1}
    assert "returned" not in figures
    html = home.content.decode()
    assert "多福巷社区居委会" in html
    assert "您尚未" not in html
