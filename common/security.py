"""What every signed-in answer promises, whichever view wrote it.

- Pages and files for a signed-in user may hold personal data: `Cache-Control: no-store`, so that
  neither the browser's history nor a proxy keeps a copy (after the user signed out, on a shared
  desk computer).
- A refusal on an object's address (403, or 404 for a record outside the user's area or one that
  does not exist: the two look the same from outside) is written to the security log with who tried,
  the path without its query, the kind of record and the answer; a refused reveal of personal data
  is a 403 on the reveal's address, so it is logged the same way (and recorded in PersonalDataAccess).
"""

import logging

from django.utils.cache import patch_cache_control

security_log = logging.getLogger("portal.security")

# URL parameters that name one record.
OBJECT_KWARGS = ("pk", "household_pk", "token", "field")


class PrivateAnswersMiddleware:
    """Goes after AuthenticationMiddleware (it reads request.user)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            patch_cache_control(response, no_store=True, private=True)
        if response.status_code in (403, 404):
            match = getattr(request, "resolver_match", None)
            if match is not None and any(name in match.kwargs for name in OBJECT_KWARGS):
                security_log.warning(
                    "refused user=%s path=%s object=%s outcome=%d",
                    user.get_username() if user is not None and user.is_authenticated else "-",
                    request.path,
                    _object_type(match),
                    response.status_code,
                )
        return response


def _object_type(match) -> str:
    view = getattr(match.func, "view_class", None)
    model = getattr(view, "model", None)
    return model._meta.label_lower if model is not None else match.view_name
