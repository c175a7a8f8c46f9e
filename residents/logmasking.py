"""Personal data never reaches the log: ID numbers and mobile numbers are masked in every record
(the message and its arguments, the text of an exception, a request's path), whoever wrote it: the
portal, Django (a request's path, a database error quoting the duplicate key), the task worker or a
library. A filter on the log handlers (settings.LOGGING), so that nothing has to remember it."""

import logging
import re

from .identity import MOBILE_PREFIXES, mask_id_number, mask_phone

# An 18-character ID number (17 digits and a check digit or X) or a historic 15-digit one, and a
# mobile number (+86 or not), each standing alone: not inside a longer run of digits.
ID_NUMBER = re.compile(r"(?<![0-9])(?:[0-9]{17}[0-9Xx]|[0-9]{15})(?![0-9Xx])")
MOBILE = re.compile(rf"(?<![0-9])(?:\+?86[- ]?)?({MOBILE_PREFIXES})[- ]?([0-9]{{4}})[- ]?([0-9]{{4}})(?![0-9])")


def mask_personal_data(text: str) -> str:
    text = ID_NUMBER.sub(lambda match: mask_id_number(match[0]), text)
    return MOBILE.sub(lambda match: mask_phone("".join(match.groups())), text)


class PersonalDataFilter(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        masked = mask_personal_data(message)
        if masked != message:
            record.msg, record.args = masked, None
        if record.exc_info and not record.exc_text:
            record.exc_text = logging.Formatter().formatException(record.exc_info)
        if record.exc_text:
            record.exc_text = mask_personal_data(record.exc_text)
        if record.stack_info:
            record.stack_info = mask_personal_data(record.stack_info)
        return True
