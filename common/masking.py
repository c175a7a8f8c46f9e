"""Masks of personal numbers, for every page, export and log line that shows one (no domain: the
rules are the string's, the checks of ID and phone numbers are residents/identity.py's)."""


def mask_id_number(number: str) -> str:
    """110105********002X: the address code and the last four characters stay."""
    if not number:
        return ""
    return number[:6] + "*" * (len(number) - 10) + number[-4:] if len(number) > 10 else "*" * len(number)


def mask_phone(phone: str) -> str:
    """138****5678: the first three and last four digits stay."""
    if not phone:
        return ""
    return phone[:3] + "*" * (len(phone) - 7) + phone[-4:] if len(phone) > 7 else "*" * len(phone)
