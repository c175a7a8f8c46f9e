"""Activities (三会一课, 主题党日, volunteer service): the list, planning one, its page with the
attendance table, and what the secretary records there."""

from django.contrib.auth.mixins import PermissionRequiredMixin
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View

from common.views import ActionView, ButtonActionView, FilteredListView

from .. import actions
from ..exports import ActivityExport, CheckInExport
from ..filters import ActivityFilter, CheckInFilter
from ..forms import ActivityForm, AttendanceForm, ExpectedForm, HoursForm, MinutesForm
from ..models import Activity, CheckIn


class ActivityListView(FilteredListView):
    model = Activity
    permission_required = "partybuilding.view_activity"
    filterset_class = ActivityFilter
    export_class = ActivityExport
    template_name = "partybuilding/activity_list.html"

    def get_queryset(self):
        return super().get_queryset().select_related("organisation")


class CheckInListView(FilteredListView):
    """The attendance records (考勤) of the activities the user sees, newest first."""

    model = CheckIn
    permission_required = "partybuilding.view_checkin"
    filterset_class = CheckInFilter
    export_class = CheckInExport
    template_name = "partybuilding/checkin_list.html"

    def get_queryset(self):
        return super().get_queryset().select_related("activity__organisation", "member")


class ActivityCreateView(ActionView):
    permission_required = "partybuilding.add_activity"
    form_class = ActivityForm
    template_name = "partybuilding/activity_form.html"
    success_message = gettext_lazy("Activity planned.")

    def get_initial(self):
        # "Plan an activity" from an organisation's page or the compliance report.
        return {name: self.request.GET[name] for name in ("organisation", "kind") if self.request.GET.get(name)}

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "user": self.request.user}

    def perform(self, form):
        return actions.activity_create(user=self.request.user, activity=form.save(commit=False))


def attendance_rows(activity):
    """The expected members with their check-in, if any: two queries whatever the numbers."""
    check_ins = {c.member_id: c for c in activity.check_ins.all()}
    rows = []
    for member in activity.expected_members.select_related("resident").order_by("name", "pk"):
        rows.append((member, check_ins.get(member.pk)))
    summary = dict.fromkeys(CheckIn.Status.values, 0)
    for check_in in check_ins.values():
        summary[check_in.status] += 1
    return rows, summary


def attendance_context(request, activity, **extra):
    """What the activity page and its attendance table (partybuilding/_attendance.html) show."""
    rows, summary = attendance_rows(activity)
    can_edit = (
        request.user.has_perm("partybuilding.change_checkin")
        and Activity.objects.editable_by(request.user).filter(pk=activity.pk).exists()
    )
    return {
        "activity": activity,
        "rows": rows,
        "summary": summary,
        "expected_count": len(rows),
        "can_edit": can_edit,
        "statuses": CheckIn.Status.choices,
        "is_volunteering": activity.kind == Activity.Kind.VOLUNTEER,
        "now": timezone.now(),
        **extra,
    }


class ActivityDetailView(PermissionRequiredMixin, View):
    permission_required = "partybuilding.view_activity"
    template_name = "partybuilding/activity_detail.html"

    def get(self, request, pk):
        activity = get_object_or_404(
            Activity.objects.visible_to(request.user).select_related("organisation", "created_by"), pk=pk
        )
        return self.respond(activity)

    def respond(self, activity):
        return render(self.request, self.template_name, attendance_context(self.request, activity))


class AttendanceView(ActivityDetailView):
    """The attendance table alone, for the activity page to poll (htmx); the whole page otherwise."""

    template_name = "partybuilding/_attendance.html"

    def respond(self, activity):
        if not self.request.htmx:
            return redirect(activity)
        return super().respond(activity)


class AttendanceRecordView(ButtonActionView):
    """The secretary marks an expected member present, on leave (with a reason) or absent. From the
    attendance table (htmx) the answer is the table again; otherwise the activity page."""

    model = Activity
    permission_required = "partybuilding.change_checkin"
    form_class = AttendanceForm

    def get_queryset(self):
        return super().get_queryset().select_related("organisation", "created_by")

    def perform(self, form):
        member = get_object_or_404(self.object.expected_members.all(), pk=form.cleaned_data["member"])
        return actions.attendance_record(
            user=self.request.user,
            activity=self.object,
            member=member,
            status=form.cleaned_data["status"],
            reason=form.cleaned_data["reason"],
        )

    def get_success_url(self):
        return self.object.get_absolute_url()

    def form_performed(self, form):
        if self.request.htmx:
            return self.table()
        return super().form_performed(form)

    def form_invalid(self, form):
        if self.request.htmx:
            error = " ".join(message for errors in form.errors.values() for message in errors)
            return self.table(error=error, status=400)
        return super().form_invalid(form)

    def table(self, error=None, status=200):
        context = attendance_context(self.request, self.object, error=error)
        return render(self.request, "partybuilding/_attendance.html", context, status=status)


class ConfirmHoursView(ButtonActionView):
    """The "Confirm hours" button of a volunteer's row in the attendance table."""

    model = CheckIn
    permission_required = "partybuilding.change_checkin"
    form_class = HoursForm

    def get_queryset(self):
        return super().get_queryset().select_related("activity", "member")

    def perform(self, form):
        return actions.check_in_confirm_hours(
            user=self.request.user, check_in=self.object, hours=form.cleaned_data["hours"]
        )

    def get_success_message(self, form):
        return _("Hours confirmed for %(name)s.") % {"name": self.object.member.name}

    def get_success_url(self):
        return self.object.activity.get_absolute_url()


class ActivityMinutesView(ActionView):
    model = Activity
    permission_required = "partybuilding.change_activity"
    form_class = MinutesForm
    success_message = gettext_lazy("Minutes saved.")

    def get_title(self):
        return _("Minutes: %(title)s") % {"title": self.object.title}

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "instance": self.object}

    def perform(self, form):
        return actions.activity_update(user=self.request.user, activity=form.save(commit=False))


class ActivityExpectedView(ActionView):
    """Choose who is expected at an activity (by default the organisation's members and those below)."""

    model = Activity
    permission_required = "partybuilding.change_activity"
    form_class = ExpectedForm
    success_message = gettext_lazy("Expected attendees saved.")

    def get_queryset(self):
        return super().get_queryset().select_related("organisation")

    def get_title(self):
        return _("Expected attendees: %(title)s") % {"title": self.object.title}

    def get_initial(self):
        return {"members": self.object.expected_members.all()}

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "user": self.request.user, "activity": self.object}

    def perform(self, form):
        return actions.activity_set_expected(
            user=self.request.user, activity=self.object, members=form.cleaned_data["members"]
        )
