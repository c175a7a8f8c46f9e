"""Chinese resident ID numbers (GB 11643-1999) and phone numbers: normalising, checking, masking."""

import datetime
import re
import unicodedata

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from stdnum.cn import ric

from common.masking import mask_id_number, mask_phone  # noqa: F401 - the masks of the register

# Mobile numbers by the national numbering plan (电信网码号资源): the 3-digit prefixes given out to
# 11-digit mobile numbers, public, data-card, virtual-operator and satellite ones (not 140-144,
# whose IoT numbers have 13 digits, nor the unassigned 154, 179 and 194).
MOBILE_PREFIXES = r"1(?:3\d|4[5-9]|5[0-35-9]|6[2567]|7[0-8]|8\d|9[0-35-9])"
MOBILE = re.compile(rf"^{MOBILE_PREFIXES}\d{{8}}$")
LANDLINE = re.compile(r"^0\d{9,11}$")  # area code (010, 0571 …) and a 7- or 8-digit number


def normalize_id_number(value: str) -> str:
    """Full-width digits and letters to ASCII, spaces removed, a final x upper-cased."""
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", value or "")).upper()


def validate_id_number(value: str) -> None:
    """Refuse a malformed ID number with a message saying what is wrong.

    The 6-digit address code is not checked against any list: people keep the number they were
    given when their county was renamed or merged.
    """
    number = normalize_id_number(value)
    if len(number) != 18:
        raise ValidationError(
            _("An ID number has 18 characters; this one has %(count)d."), code="length", params={"count": len(number)}
        )
    if not number[:17].isdigit() or not (number[17].isdigit() or number[17] == "X"):
        raise ValidationError(_("An ID number is 17 digits followed by a digit or X."), code="format")
    try:
        born = birth_date_of(number)
    except ValueError:
        raise ValidationError(
            _("The birth date %(date)s in this ID number does not exist."),
            code="birth_date",
            params={"date": f"{number[6:10]}-{number[10:12]}-{number[12:14]}"},
        ) from None
    if born.year < 1900:
        raise ValidationError(_("The birth date in this ID number is before 1900."), code="birth_date")
    if born > timezone.localdate():
        raise ValidationError(_("The birth date in this ID number is in the future."), code="birth_date")
    if ric.calc_check_digit(number) != number[17]:
        raise ValidationError(
            _("The last character of this ID number does not match the others; please check it for a typing error."),
            code="checksum",
        )


def birth_date_of(number: str) -> datetime.date:
    return datetime.date(int(number[6:10]), int(number[10:12]), int(number[12:14]))


def normalize_phone(value: str) -> str:
    """Digits only, without the +86 / 0086 country code; landline area codes keep their 0."""
    digits = re.sub(r"[\s\-()（）]", "", unicodedata.normalize("NFKC", value or ""))
    for prefix in ("+86", "0086"):
        if digits.startswith(prefix):
            digits = digits.removeprefix(prefix)
            break
    if digits.startswith("86") and len(digits) == 13 and MOBILE.match(digits[2:]):
        digits = digits[2:]
    return digits


def validate_phone(value: str) -> None:
    phone = normalize_phone(value)
    if not (MOBILE.match(phone) or LANDLINE.match(phone)):
        raise ValidationError(
            _("Enter an 11-digit mobile number, or a landline number with its area code (e.g. 010-65123456)."),
            code="phone",
        )
