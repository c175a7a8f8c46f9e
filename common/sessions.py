"""Sessions: an idle timeout without a database write on every page view, what happens when one ends
(the form being typed is kept, htmx is sent to the sign-in page), and ending a user's sessions."""

import time
from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.auth import SESSION_KEY
from django.contrib.auth import middleware as auth_middleware
from django.contrib.auth.views import redirect_to_login
from django.contrib.sessions.models import Session
from django.http import HttpResponse, QueryDict
from django.utils import timezone

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


# A form posted after its session ended, kept for its user until they have signed in again.
PENDING_FORM = "_pending_form"
PENDING_FORM_MAX_CHARS = 20_000


class LoginRequiredMiddleware(auth_middleware.LoginRequiredMiddleware):
    """Django's LoginRequiredMiddleware (every page needs a signed-in user unless marked
    login_not_required), with two answers of its own for a session that ended:

    - a form posted after the session ended is kept, and given back, filled in, to the same user when
      they have signed in again (common.views.ActionView restores it): a clerk who was away does not
      type it all again. Only for the user of the ended session, read from its row (kept until the
      hourly clearing), so someone else signing in at the same desk never sees it;
    - an htmx request (a live search, a button that swaps a fragment) is answered with HX-Redirect to
      the sign-in page, which htmx follows as a whole page, instead of a redirect it would swap in."""

    def handle_no_permission(self, request, view_func):
        if request.method == "POST":
            self.keep_pending_form(request)
        if getattr(request, "htmx", False):
            page = urlsplit(request.htmx.current_url or "")
            next_path = page.path + (f"?{page.query}" if page.query else "") if page.path else request.path
            response = HttpResponse(status=204)
            response["HX-Redirect"] = redirect_to_login(next_path, self.get_login_url(view_func)).url
            return response
        return super().handle_no_permission(request, view_func)

    def keep_pending_form(self, request):
        owner = _user_of_ended_session(request)
        data = {key: request.POST.getlist(key) for key in request.POST if key != "csrfmiddlewaretoken"}
        if owner is None or sum(len(v) for values in data.values() for v in values) > PENDING_FORM_MAX_CHARS:
            return
        request.session[PENDING_FORM] = {"path": request.path, "owner": owner, "data": data}


def _user_of_ended_session(request) -> str | None:
    key = request.COOKIES.get(settings.SESSION_COOKIE_NAME)
    row = Session.objects.filter(session_key=key).first() if key else None
    return row.get_decoded().get(SESSION_KEY) if row is not None else None


def pending_form_data(request):
    """The form this user posted on this page when their session had ended (see
    LoginRequiredMiddleware), once, as a QueryDict; None if there is none."""
    pending = request.session.get(PENDING_FORM)
    if not pending or pending.get("path") != request.path:
        return None
    del request.session[PENDING_FORM]
    if pending.get("owner") != str(request.user.pk):
        return None
    data = QueryDict(mutable=True)
    for key, values in pending["data"].items():
        data.setlist(key, values)
    return data


def user_sessions_end(user) -> int:
    """Delete every session of `user` (deactivated, or their password changed): none of them can come
    back to life, not even when the account is activated again."""
    ended = [
        session.session_key
        for session in Session.objects.filter(expire_date__gt=timezone.now()).iterator()
        if session.get_decoded().get(SESSION_KEY) == str(user.pk)
    ]
    Session.objects.filter(session_key__in=ended).delete()
    return len(ended)


def sessions_note_account(sender, instance, **kwargs):
    """pre_save of a user: note whether the save deactivates the account or changes its password."""
    if instance.pk is None:
        return
    before = sender._default_manager.filter(pk=instance.pk).values("is_active", "password").first()
    instance._ends_sessions = before is not None and (
        (before["is_active"] and not instance.is_active) or before["password"] != instance.password
    )


def sessions_end_on_deactivation(sender, instance, created, **kwargs):
    """post_save of a user: a deactivated account, or one whose password changed, is signed out
    everywhere (Django would otherwise only refuse the sessions while the account is inactive, and a
    re-activation would revive them)."""
    if getattr(instance, "_ends_sessions", False):
        instance._ends_sessions = False
        user_sessions_end(instance)
