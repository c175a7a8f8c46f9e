"""New areas' division codes: a current county (GB/T 2260, shipped as data) and the code of the area above."""

import pytest
from django.core.exceptions import ValidationError

from grids.divisions import current_counties
from grids.models import Community, District, Street


def test_the_shipped_county_codes_are_the_current_ones():
    counties = current_counties()
    assert counties["110101"] == "东城区"
    assert "110103" not in counties  # 崇文区, merged into 东城区 in 2010
    assert len(counties) > 2800


@pytest.mark.parametrize(
    ("code", "message"),
    [
        ("990426000000", "不是现行县级行政区划代码"),
        ("110103001001", "不是现行县级行政区划代码"),
        ("110101002001", "110101001"),
    ],
)
def test_a_new_community_with_a_code_of_no_current_county_or_of_another_street_is_refused(demo, code, message):
    street = Street.objects.get(code="110101001000")

    with pytest.raises(ValidationError) as refused:
        Community(street=street, code=code, name="新社区").full_clean()

    assert message in " ".join(refused.value.message_dict["code"])


def test_a_new_community_of_its_streets_code_is_accepted(demo):
    Community(street=Street.objects.get(code="110101001000"), code="110101001099", name="新社区").full_clean()


def test_a_saved_code_stays_valid_when_its_county_is_no_longer_current(demo):
    district = District.objects.get()
    District.objects.filter(pk=district.pk).update(code="110103000000")
    district.refresh_from_db()
    district.name = "东城区（原崇文区）"

    district.full_clean()

    district.code = "110199000000"
    with pytest.raises(ValidationError):
        district.full_clean()
