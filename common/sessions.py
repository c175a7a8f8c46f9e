"""Idle timeout without a database write on every page view."""

import time

from django.conf import settings

RENEWED_AT = "_renewed_at"


class SessionRenewalMiddleware:
    """Keeps a session in use alive, but writes it at most once every SESSION_RENEW_SECONDS.

    A session ends SESSION_COOKIE_AGE after it was last saved. Saving it on every request
    (SESSION_SAVE_EVERY_REQUEST) costs an UPDATE and a WAL flush per page view; renewing it once a
    minute gives the same idle timeout, give or take that minute. Goes right after SessionMiddleware.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        session = getattr(request, "session", None)
        if session is None or session.session_key is None or session.is_empty():
            return response  # no session to keep alive (anonymous, or just logged out)
        now = int(time.time())
        renewed_at = session.get(RENEWED_AT, 0)
        if not isinstance(renewed_at, int) or now - renewed_at >= settings.SESSION_RENEW_SECONDS:
            session[RENEWED_AT] = now  # marks the session modified: SessionMiddleware saves it
        return response
