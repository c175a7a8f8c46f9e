"""The take-a-number pages: the desk (issue, call, serve), the hall's kiosk and its screen."""

from django import forms
from django.contrib.auth.mixins import PermissionRequiredMixin
from django.db.models import Count, Q
from django.http import Http404
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.generic import TemplateView

from common.views import ButtonActionView
from grids.models import Community

from . import actions
from .forms import CallForm, CloseForm
from .models import QueueLine, Ticket

WINDOW_KEY = "callqueue_window"  # the clerk's window, kept in the session for the next call


class HallMixin(PermissionRequiredMixin):
    """The hall (a community's service centre) of the page: one the user staffs, by `community` in
    the address or the first of the user's desks."""

    permission_required = "callqueue.view_ticket"

    def hall(self):
        halls = Community.objects.desk_of(self.request.user).order_by("code")
        wanted = self.kwargs.get("community") or self.request.GET.get("community")
        hall = halls.filter(pk=wanted).first() if str(wanted or "").isdigit() else halls.first()
        if hall is None:
            raise Http404
        return hall


class DeskView(HallMixin, TemplateView):
    """叫号 at a window: the lines and who waits in each, the ticket being served, and the next call."""

    template_name = "callqueue/desk.html"
    permission_required = "callqueue.change_ticket"

    def get_context_data(self, **kwargs):
        hall = self.hall()
        today = Ticket.objects.today().filter(community=hall)
        lines = QueueLine.objects.filter(community=hall, active=True).annotate(
            waiting=Count("tickets", filter=Q(tickets__status=Ticket.Status.WAITING, tickets__in=today))
        )
        serving = today.filter(status=Ticket.Status.CALLED, called_by=self.request.user).select_related("line").first()
        return super().get_context_data(
            hall=hall,
            lines=lines,
            serving=serving,
            close_form=CloseForm(user=self.request.user, initial={"version": serving.version}) if serving else None,
            call_form=CallForm(initial={"window": self.request.session.get(WINDOW_KEY, "")}),
            **kwargs,
        )


class TicketIssueView(ButtonActionView):
    """取号, at the desk or the kiosk: the line's next number."""

    model = QueueLine
    permission_required = "callqueue.add_ticket"
    form_class = forms.Form
    checks_version = False

    def perform(self, form):
        return actions.ticket_issue(line=self.object)

    def get_success_message(self, form):
        return _("Ticket %(code)s issued.") % {"code": self.result.code} if self.result else ""

    def get_success_url(self):
        if self.request.POST.get("kiosk"):
            return f"{reverse('callqueue:kiosk', args=[self.object.community_id])}?ticket={self.result.pk}"
        return f"{reverse('callqueue:desk')}?community={self.object.community_id}"


class CallNextView(HallMixin, ButtonActionView):
    """叫号: the oldest waiting ticket of the hall, for this clerk's window."""

    permission_required = "callqueue.change_ticket"
    form_class = CallForm

    def perform(self, form):
        self.request.session[WINDOW_KEY] = form.cleaned_data["window"]
        return actions.ticket_call_next(
            user=self.request.user, community=self.hall(), window=form.cleaned_data["window"]
        )

    def get_success_message(self, form):
        if self.result is None:
            return _("No one is waiting.")
        return _("Called %(code)s to %(window)s.") % {"code": self.result.code, "window": self.result.window}

    def get_success_url(self):
        return f"{reverse('callqueue:desk')}?community={self.hall().pk}"


class TicketCloseView(ButtonActionView):
    """Served (with the request it became) or 过号."""

    model = Ticket
    permission_required = "callqueue.change_ticket"
    form_class = CloseForm
    checks_version = False  # ticket_close checks the version itself

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "user": self.request.user}

    def perform(self, form):
        return actions.ticket_close(
            ticket=self.object,
            missed=form.cleaned_data["missed"],
            version=form.cleaned_data["version"],
            request=form.cleaned_data["request"],
        )

    def form_stale(self, form, current):
        from django.contrib import messages

        messages.error(self.request, _("Someone else changed this ticket meanwhile: check it and act again."))
        return redirect(self.get_success_url())

    def get_success_message(self, form):
        return _("%(code)s: done.") % {"code": self.result.code}

    def get_success_url(self):
        return f"{reverse('callqueue:desk')}?community={self.object.community_id}"


class KioskView(HallMixin, TemplateView):
    """The hall's kiosk: big buttons to take a number, and the number just taken."""

    template_name = "callqueue/kiosk.html"
    permission_required = "callqueue.add_ticket"

    def get_context_data(self, **kwargs):
        hall = self.hall()
        ticket = None
        if str(self.request.GET.get("ticket", "")).isdigit():
            ticket = Ticket.objects.filter(community=hall, pk=self.request.GET["ticket"]).select_related("line").first()
        lines = QueueLine.objects.filter(community=hall, active=True)
        return super().get_context_data(hall=hall, lines=lines, ticket=ticket, **kwargs)


class DisplayView(HallMixin, TemplateView):
    """The waiting room's screen: the tickets called last, refreshed by itself (htmx, every 3 s); the
    newest call is announced aloud (static/js/callqueue.js)."""

    template_name = "callqueue/display.html"

    def get_template_names(self):
        return ["callqueue/_board.html"] if self.request.htmx else [self.template_name]

    def get_context_data(self, **kwargs):
        hall = self.hall()
        called = (
            Ticket.objects.today()
            .filter(community=hall, called_at__isnull=False)
            .select_related("line")
            .order_by("-called_at", "-pk")[:8]
        )
        waiting = Ticket.objects.today().filter(community=hall, status=Ticket.Status.WAITING).count()
        return super().get_context_data(hall=hall, called=called, waiting=waiting, **kwargs)
