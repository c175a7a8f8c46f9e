import pytest
from django.contrib import admin
from django.urls import reverse

from residents.models import Resident


def test_every_back_office_list_opens_for_the_superuser(client, demo, register, django_assert_max_num_queries):
    client.force_login(demo["admin"])

    for model in admin.site._registry:
        url = reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist")
        with django_assert_max_num_queries(40):
            response = client.get(url)
        assert response.status_code == 200, url
        first = model._default_manager.first()
        if first is not None:
            change = reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_change", args=[first.pk])
            assert client.get(change).status_code == 200, change


def test_the_back_office_shows_staff_only_their_scope(client, demo, register):
    window = demo["window"]
    window.is_staff = True
    window.save(update_fields=["is_staff"])
    client.force_login(window)

    response = client.get(reverse("admin:residents_resident_changelist"))
    outside = client.get(reverse("admin:residents_resident_change", args=[register["wang"].pk]))

    assert {r.name for r in response.context["cl"].result_list} == {"张三", "赵六", "李四"}
    assert outside.status_code == 302  # the admin sends objects it cannot find back to the list
    html = response.content.decode()
    assert "11010519491231002X" not in html


@pytest.mark.parametrize("model", [Resident])
def test_people_cannot_be_deleted_in_the_back_office(client, demo, register, model):
    client.force_login(demo["admin"])

    url = reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_delete", args=[register["zhang"].pk])

    assert client.post(url, {"post": "yes"}).status_code == 403
    assert Resident.objects.filter(pk=register["zhang"].pk).exists()
