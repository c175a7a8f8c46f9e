import pytest
from django.urls import reverse, set_script_prefix

from common.urls import pk_url


@pytest.mark.parametrize("viewname", ["residents:resident-detail", "services:request-detail",
                                      "residents:household-detail"])
@pytest.mark.parametrize("pk", [1, 42, 9182736450, 10**12])
def test_a_row_url_is_the_reversed_url(viewname, pk):
    assert pk_url(viewname, pk) == reverse(viewname, args=[pk])


def test_a_row_url_follows_the_script_prefix():
    try:
        set_script_prefix("/portal/")
        assert pk_url("residents:resident-detail", 7) == reverse("residents:resident-detail", args=[7])
        assert pk_url("residents:resident-detail", 7).startswith("/portal/")
    finally:
        set_script_prefix("/")
    assert pk_url("residents:resident-detail", 7) == reverse("residents:resident-detail", args=[7])
