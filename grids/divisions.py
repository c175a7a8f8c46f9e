"""Division codes (统计用区划代码) of the district's areas: 12 digits, whose first six are the county
(GB/T 2260), the next three the street and the last three the community.

A new area's code is checked against the current county-level codes shipped in data/county_codes.csv
(scripts/update_county_codes.sh regenerates it) and against the code of the area it lies in. Codes
already saved stay valid when a county is renamed or merged, as ID numbers keep their old address
code: only a new or changed code is checked."""

import csv
import functools
from pathlib import Path

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

COUNTY_CODES = Path(__file__).parent / "data" / "county_codes.csv"
# How many leading digits an area shares with the area it lies in: a street with its district's
# county, a community with its street.
PARENT_DIGITS = {"street": 6, "community": 9}


@functools.cache
def current_counties() -> dict[str, str]:
    with COUNTY_CODES.open(encoding="utf-8") as lines:
        rows = csv.DictReader(line for line in lines if not line.startswith("#"))
        return {row["code"]: row["name"] for row in rows}


def check_division_code(area, *, parent_code: str | None = None, level: str) -> None:
    """Refuse a new or changed `area.code` whose county is not a current one, or that does not
    continue the code of the area above (`parent_code`)."""
    code = area.code or ""
    if len(code) != 12 or not code.isdigit():
        return  # the field's own validator says so
    if not area._state.adding and type(area)._default_manager.filter(pk=area.pk, code=code).exists():
        return
    if code[:6] not in current_counties():
        raise ValidationError(
            {
                "code": _(
                    "%(county)s is not the code of a current county-level division (GB/T 2260): check the "
                    "first six digits."
                )
                % {"county": code[:6]}
            }
        )
    digits = PARENT_DIGITS.get(level)
    if digits and parent_code and code[:digits] != parent_code[:digits]:
        raise ValidationError(
            {
                "code": _("The code must begin with the %(digits)d digits of the area it lies in (%(prefix)s).")
                % {"digits": digits, "prefix": parent_code[:digits]}
            }
        )
