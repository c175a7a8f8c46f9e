"""Service records: the list, a record's page, its hours, and their confirmation by the community."""

from django import forms
from django.contrib.auth.mixins import PermissionRequiredMixin
from django.db.models import Sum
from django.urls import reverse_lazy
from django.utils.translation import gettext_lazy as _
from django.views.generic import DetailView

from common.forms import query_id
from common.views import ActionView, ButtonActionView, FilteredListView

from .. import actions
from ..filters import ServiceRecordFilter
from ..forms import HoursForm, ServiceRecordCreateForm, ServiceRecordForm
from ..models import ServiceHours, ServiceRecord
from .shared import can_keep


class RecordListView(FilteredListView):
    model = ServiceRecord
    permission_required = "volunteering.view_servicerecord"
    filterset_class = ServiceRecordFilter
    template_name = "volunteering/record_list.html"

    def get_queryset(self):
        return super().get_queryset().select_related("team", "community").annotate(total_hours=Sum("hours__hours"))


class RecordDetailView(PermissionRequiredMixin, DetailView):
    permission_required = "volunteering.view_servicerecord"
    template_name = "volunteering/record_detail.html"
    context_object_name = "record"

    def get_queryset(self):
        return ServiceRecord.objects.visible_to(self.request.user).select_related("team", "community", "confirmed_by")

    def get_context_data(self, **kwargs):
        record, user = self.object, self.request.user
        can_edit = can_keep(user, record, "volunteering.change_servicerecord")
        return super().get_context_data(
            entries=record.hours.select_related("volunteer"),
            total=record.hours.aggregate(s=Sum("hours"))["s"] or 0,
            can_edit=can_edit and not record.is_confirmed,
            can_confirm=can_edit and user.has_perm("volunteering.confirm_servicerecord"),
            hours_form=HoursForm(user=user, record=record) if can_edit and not record.is_confirmed else None,
            **kwargs,
        )


class RecordCreateView(ActionView):
    permission_required = "volunteering.add_servicerecord"
    form_class = ServiceRecordCreateForm
    title = _("Record a service")
    success_message = _("Service recorded: confirm the hours once the team leader has checked them.")
    cancel_url = reverse_lazy("volunteering:record-list")

    def get_initial(self):
        team = query_id(self.request.GET.get("team"))
        return {"team": team} if team else {}

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "user": self.request.user}

    def perform(self, form):
        return actions.record_create(
            user=self.request.user,
            record=form.save(commit=False),
            volunteers=form.cleaned_data["volunteers"],
            hours=form.cleaned_data["hours"],
        )


class RecordUpdateView(ActionView):
    model = ServiceRecord
    permission_required = "volunteering.change_servicerecord"
    form_class = ServiceRecordForm
    title = _("Edit %(name)s")
    success_message = _("Service record saved.")

    def get_queryset(self):
        # A confirmed record is edited only once reopened.
        return super().get_queryset().filter(status=ServiceRecord.Status.OPEN)

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "user": self.request.user, "instance": self.object}

    def perform(self, form):
        return actions.record_update(
            user=self.request.user, record=form.save(commit=False), version=form.cleaned_data.get("version")
        )


class HoursSetView(ActionView):
    """A volunteer's hours on an open record (added, or changed when entered already)."""

    model = ServiceRecord
    permission_required = "volunteering.change_servicerecord"
    form_class = HoursForm
    checks_version = False  # adds to the record; hours_set refuses a confirmed record itself
    title = _("Hours on %(name)s")
    success_message = _("Hours saved.")

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "user": self.request.user, "record": self.object}

    def perform(self, form):
        return actions.hours_set(user=self.request.user, record=self.object, **self.action_fields(form))

    def get_success_url(self):
        return self.object.get_absolute_url()


class HoursRemoveView(ButtonActionView):
    model = ServiceHours
    permission_required = "volunteering.change_servicerecord"
    form_class = forms.Form
    success_message = _("Hours removed.")

    def perform(self, form):
        return actions.hours_remove(user=self.request.user, entry=self.object)

    def get_success_url(self):
        return self.object.record.get_absolute_url()


class RecordConfirmView(ButtonActionView):
    """The hours are confirmed (the version seen is checked: hours changed since are not confirmed unseen)."""

    model = ServiceRecord
    permission_required = "volunteering.confirm_servicerecord"
    form_class = forms.Form
    success_message = _("Hours confirmed.")

    def perform(self, form):
        return actions.record_confirm(user=self.request.user, record=self.object)

    def form_stale(self, form, current):
        form.add_error(None, _("The record changed since the page was opened: check its hours and confirm again."))
        return self.form_invalid(form)


class RecordReopenView(RecordConfirmView):
    success_message = _("The record is open again: its hours no longer count until confirmed.")

    def perform(self, form):
        return actions.record_reopen(user=self.request.user, record=self.object)
