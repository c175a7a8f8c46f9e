import io

import segno
from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.contrib.auth.mixins import PermissionRequiredMixin
from django.core.exceptions import ValidationError
from django.db.models import Count, DecimalField, IntegerField, OuterRef, Prefetch, Q, Subquery, Sum, Value
from django.db.models.functions import Coalesce
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.decorators import method_decorator
from django.utils.translation import gettext as _
from django.views import View
from django.views.decorators.http import require_POST

from common.forms import add_action_errors
from common.paging import capped_count, keyset_page
from common.ratelimit import limit_per_ip

from . import actions, compliance
from .forms import (
    ActivityForm,
    AttendanceForm,
    CheckInForm,
    ConfirmForm,
    ExpectedForm,
    HoursForm,
    MemberForm,
    MemberLeaveForm,
    MinutesForm,
    OrganisationForm,
    PointsForm,
    UnitForm,
)
from .models import Activity, CheckIn, Member, Organisation, PointsEntry, PointsSource, Unit

PAGE_SIZE = 50




def _form_page(request, form, title, cancel_url, intro="", status=200):
    return render(
        request,
        "components/form_page.html",
        {"form": form, "title": title, "intro": intro, "cancel_url": cancel_url},
        status=status,
    )


def _year(request) -> int:
    value = request.GET.get("year", "")
    today = timezone.localdate()
    return int(value) if value.isdigit() and 2000 <= int(value) <= today.year + 1 else today.year


def _points_sum(year):
    """Subquery: a member's points total in `year`."""
    return Coalesce(
        Subquery(
            PointsEntry.objects.filter(member=OuterRef("pk"), on__year=year)
            .order_by()
            .values("member")
            .annotate(total=Sum("points"))
            .values("total"),
            output_field=IntegerField(),
        ),
        Value(0),
    )


# Organisations


class OrganisationListView(PermissionRequiredMixin, View):
    """The organisation tree the user may see."""

    permission_required = "partybuilding.view_organisation"

    def get(self, request):
        organisations = list(
            Organisation.objects.visible_to(request.user)
            .select_related("community", "secretary")
            .annotate(member_count=Count("members", filter=Q(members__status=Member.Status.ACTIVE)))
            .order_by("community__code", "kind", "name")
        )
        by_parent = {}
        for organisation in organisations:
            by_parent.setdefault(organisation.parent_id, []).append(organisation)
        visible = {organisation.pk for organisation in organisations}
        roots = [o for o in organisations if o.parent_id is None or o.parent_id not in visible]
        tree = []

        def walk(organisation, depth):
            tree.append((organisation, depth))
            for child in by_parent.get(organisation.pk, []):
                walk(child, depth + 1)

        for root in roots:
            walk(root, 0)
        return render(
            request,
            "partybuilding/organisation_list.html",
            {"tree": tree},
        )


class OrganisationDetailView(PermissionRequiredMixin, View):
    permission_required = "partybuilding.view_organisation"

    def get(self, request, pk):
        organisation = get_object_or_404(
            Organisation.objects.visible_to(request.user).select_related("parent", "community", "secretary", "unit"),
            pk=pk,
        )
        year = _year(request)
        subtree = organisation.subtree()
        can_edit = Organisation.objects.editable_by(request.user).filter(pk=organisation.pk).exists()
        members = Member.objects.active().filter(organisation__in=subtree)
        ranking = list(
            members.select_related("organisation").annotate(total=_points_sum(year)).order_by("-total", "name")[:30]
        )
        counts = members.aggregate(
            total=Count("pk"),
            probationary=Count("pk", filter=Q(standing=Member.Standing.PROBATIONARY)),
            **{c: Count("pk", filter=Q(category=c)) for c in Member.Category.values},
        )
        return render(
            request,
            "partybuilding/organisation_detail.html",
            {
                "organisation": organisation,
                "children": organisation.children.annotate(
                    member_count=Count("members", filter=Q(members__status=Member.Status.ACTIVE))
                ).select_related("secretary"),
                "committee": organisation.committee_members.all(),
                "counts": counts,
                "categories": [(label, counts[value]) for value, label in Member.Category.choices],
                "ranking": ranking,
                "year": year,
                "activities": Activity.objects.filter(organisation__in=subtree)
                .select_related("organisation")
                .order_by("-starts_at")[:10],
                "can_edit": can_edit,
                "can_change": can_edit and request.user.has_perm("partybuilding.change_organisation"),
            },
        )


class OrganisationEditView(PermissionRequiredMixin, View):
    """Found (pk absent) or change a party organisation: community administrators, in their community."""

    def get_permission_required(self):
        return ["partybuilding.change_organisation" if "pk" in self.kwargs else "partybuilding.add_organisation"]

    def get_organisation(self):
        if "pk" not in self.kwargs:
            return Organisation()
        return get_object_or_404(Organisation.objects.editable_by(self.request.user), pk=self.kwargs["pk"])

    def page(self, form, organisation):
        if organisation.pk:
            title = _("Edit organisation: %(name)s") % {"name": organisation.name}
            cancel = organisation.get_absolute_url()
        else:
            title, cancel = _("Found a party organisation"), reverse("partybuilding:organisation-list")
        return _form_page(self.request, form, title, cancel)

    def get(self, request, pk=None):
        organisation = self.get_organisation()
        initial = {}
        if request.GET.get("parent", "").isdigit():
            initial["parent"] = request.GET["parent"]
        return self.page(OrganisationForm(instance=organisation, user=request.user, initial=initial), organisation)

    def post(self, request, pk=None):
        organisation = self.get_organisation()
        form = OrganisationForm(request.POST, instance=organisation, user=request.user)
        if form.is_valid():
            try:
                saved = actions.organisation_save(
                    user=request.user,
                    organisation=form.save(commit=False),
                    committee_members=form.cleaned_data["committee_members"],
                )
            except ValidationError as error:
                add_action_errors(form, error)
            else:
                messages.success(request, _("Organisation %(name)s saved.") % {"name": saved.name})
                return redirect(saved)
        return self.page(form, organisation)


# Members


class MemberListView(PermissionRequiredMixin, View):
    permission_required = "partybuilding.view_member"

    def get(self, request):
        organisations = Organisation.objects.visible_to(request.user)
        queryset = Member.objects.visible_to(request.user).select_related("organisation", "resident")
        params = request.GET
        organisation = None
        if params.get("organisation", "").isdigit():
            organisation = get_object_or_404(organisations, pk=int(params["organisation"]))
            queryset = queryset.filter(organisation__in=organisation.subtree())
        status = params.get("status", Member.Status.ACTIVE)
        if status in Member.Status.values:
            queryset = queryset.filter(status=status)
        if params.get("category") in Member.Category.values:
            queryset = queryset.filter(category=params["category"])
        if params.get("standing") in Member.Standing.values:
            queryset = queryset.filter(standing=params["standing"])
        q = params.get("q", "").strip()
        if q:
            queryset = queryset.filter(name__contains=q)
        page = keyset_page(queryset, params, PAGE_SIZE)
        count, capped = capped_count(queryset, page=page)
        return render(
            request,
            "partybuilding/member_list.html",
            {
                "page": page,
                "count": count,
                "count_capped": capped,
                "organisations": organisations.order_by("community__code", "kind", "name"),
                "organisation": organisation,
                "status": status,
                "q": q,
                "category": params.get("category", ""),
                "standing": params.get("standing", ""),
                "statuses": Member.Status.choices,
                "category_choices": Member.Category.choices,
                "standing_choices": Member.Standing.choices,
            },
        )


class MemberDetailView(PermissionRequiredMixin, View):
    permission_required = "partybuilding.view_member"

    def get(self, request, pk):
        member = get_object_or_404(
            Member.objects.visible_to(request.user).select_related(
                "organisation", "resident__dwelling__building__compound", "work_unit"
            ),
            pk=pk,
        )
        year = _year(request)
        entries = member.points_entries.select_related("recorded_by").prefetch_related(
            Prefetch("corrections", queryset=PointsEntry.objects.only("pk", "corrects_id"))
        )[:100]
        totals = member.points_entries.filter(on__year=year).aggregate(
            total=Coalesce(Sum("points"), 0),
            **{s: Coalesce(Sum("points", filter=Q(source=s)), 0) for s in PointsSource.values},
        )
        can_edit = (
            request.user.has_perm("partybuilding.change_member")
            and Member.objects.editable_by(request.user).filter(pk=member.pk).exists()
        )
        return render(
            request,
            "partybuilding/member_detail.html",
            {
                "member": member,
                "year": year,
                "totals": totals,
                "by_source": [(label, totals[value]) for value, label in PointsSource.choices],
                "entries": entries,
                "check_ins": member.check_ins.select_related("activity").order_by("-activity__starts_at")[:20],
                "transfers": member.transfers.select_related("recorded_by"),
                "can_edit": can_edit and member.is_active,
                "can_add_points": can_edit
                and member.is_active
                and request.user.has_perm("partybuilding.add_pointsentry"),
            },
        )


class MemberEditorMixin(PermissionRequiredMixin):
    def get_member(self):
        return get_object_or_404(
            Member.objects.editable_by(self.request.user).active().select_related("organisation"),
            pk=self.kwargs["pk"],
        )


class MemberCreateView(PermissionRequiredMixin, View):
    permission_required = "partybuilding.add_member"
    template_name = "partybuilding/member_form.html"

    def get(self, request):
        initial = {}
        if request.GET.get("organisation", "").isdigit():
            initial["organisation"] = request.GET["organisation"]
        return render(request, self.template_name, {"form": MemberForm(user=request.user, initial=initial)})

    def post(self, request):
        form = MemberForm(request.POST, user=request.user)
        if form.is_valid():
            try:
                member = actions.member_create(user=request.user, member=form.save(commit=False))
            except ValidationError as error:
                add_action_errors(form, error)
            else:
                messages.success(request, _("%(name)s is on the roll.") % {"name": member.name})
                return redirect(member)
        return render(request, self.template_name, {"form": form})


class MemberUpdateView(MemberEditorMixin, View):
    permission_required = "partybuilding.change_member"
    template_name = "partybuilding/member_form.html"

    def get(self, request, pk):
        member = self.get_member()
        return render(
            request, self.template_name, {"form": MemberForm(instance=member, user=request.user), "object": member}
        )

    def post(self, request, pk):
        member = self.get_member()
        form = MemberForm(request.POST, instance=member, user=request.user)
        if form.is_valid():
            try:
                actions.member_update(
                    user=request.user, member=form.save(commit=False), version=form.cleaned_data.get("version") or 0
                )
            except actions.StaleEdit:
                form.add_error(
                    None, _("Someone else changed this record while you were editing it. Reload it and try again.")
                )
                return render(request, self.template_name, {"form": form, "object": member}, status=409)
            except ValidationError as error:
                add_action_errors(form, error)
            else:
                messages.success(request, _("Changes saved."))
                return redirect(member)
        return render(request, self.template_name, {"form": form, "object": member})


class MemberLeaveView(MemberEditorMixin, View):
    permission_required = "partybuilding.change_member"

    def page(self, form, member):
        return _form_page(
            self.request,
            form,
            _("Transfer out / death: %(name)s") % {"name": member.name},
            member.get_absolute_url(),
            _("The member stays on record with this status; nothing is deleted."),
        )

    def get(self, request, pk):
        return self.page(MemberLeaveForm(), self.get_member())

    def post(self, request, pk):
        member = self.get_member()
        form = MemberLeaveForm(request.POST)
        if form.is_valid():
            try:
                actions.member_leave(user=request.user, member=member, **form.cleaned_data)
            except ValidationError as error:
                add_action_errors(form, error)
            else:
                messages.success(request, _("Status recorded."))
                return redirect(member)
        return self.page(form, member)


class MemberConfirmView(MemberEditorMixin, View):
    """转正."""

    permission_required = "partybuilding.change_member"

    def page(self, form, member):
        return _form_page(
            self.request, form, _("Make a full member: %(name)s") % {"name": member.name}, member.get_absolute_url()
        )

    def get(self, request, pk):
        return self.page(ConfirmForm(), self.get_member())

    def post(self, request, pk):
        member = self.get_member()
        form = ConfirmForm(request.POST)
        if form.is_valid():
            try:
                actions.member_confirm(user=request.user, member=member, on=form.cleaned_data["on"])
            except ValidationError as error:
                add_action_errors(form, error)
            else:
                messages.success(request, _("%(name)s is now a full member.") % {"name": member.name})
                return redirect(member)
        return self.page(form, member)


class PointsCreateView(MemberEditorMixin, View):
    permission_required = "partybuilding.add_pointsentry"

    def page(self, form, member):
        return _form_page(
            self.request,
            form,
            _("Add points: %(name)s") % {"name": member.name},
            member.get_absolute_url(),
            _("Entries cannot be changed or deleted later; a mistake is put right by a correcting entry."),
        )

    def get(self, request, pk):
        return self.page(PointsForm(), self.get_member())

    def post(self, request, pk):
        member = self.get_member()
        form = PointsForm(request.POST)
        if form.is_valid():
            try:
                actions.points_add_manual(user=request.user, member=member, **form.cleaned_data)
            except ValidationError as error:
                add_action_errors(form, error)
            else:
                messages.success(request, _("Points entry added."))
                return redirect(member)
        return self.page(form, member)


@method_decorator(require_POST, name="dispatch")
class PointsCorrectView(PermissionRequiredMixin, View):
    permission_required = "partybuilding.add_pointsentry"

    def post(self, request, pk):
        entry = get_object_or_404(
            PointsEntry.objects.editable_by(request.user).select_related("member"),
            pk=pk,
        )
        reason = request.POST.get("reason", "").strip() or entry.reason
        try:
            actions.points_correct(user=request.user, entry=entry, reason=reason)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("A correcting entry was added."))
        return redirect(entry.member)


# Activities


class ActivityListView(PermissionRequiredMixin, View):
    permission_required = "partybuilding.view_activity"

    def get(self, request):
        organisations = Organisation.objects.visible_to(request.user)
        queryset = Activity.objects.visible_to(request.user).select_related("organisation")
        kind = request.GET.get("kind", "")
        if kind in Activity.Kind.values:
            queryset = queryset.filter(kind=kind)
        organisation = request.GET.get("organisation", "")
        if organisation.isdigit():
            queryset = queryset.filter(organisation_id=int(organisation))
        page = keyset_page(queryset, request.GET, PAGE_SIZE)
        return render(
            request,
            "partybuilding/activity_list.html",
            {
                "page": page,
                "kinds": Activity.Kind.choices,
                "kind": kind,
                "organisations": organisations.order_by("community__code", "kind", "name"),
                "organisation": organisation,
            },
        )


class ActivityCreateView(PermissionRequiredMixin, View):
    permission_required = "partybuilding.add_activity"
    template_name = "partybuilding/activity_form.html"

    def get(self, request):
        initial = {}
        for name in ("organisation", "kind"):
            if request.GET.get(name):
                initial[name] = request.GET[name]
        return render(request, self.template_name, {"form": ActivityForm(user=request.user, initial=initial)})

    def post(self, request):
        form = ActivityForm(request.POST, user=request.user)
        if form.is_valid():
            try:
                activity = actions.activity_create(user=request.user, activity=form.save(commit=False))
            except ValidationError as error:
                add_action_errors(form, error)
            else:
                messages.success(request, _("Activity planned."))
                return redirect(activity)
        return render(request, self.template_name, {"form": form})


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


class ActivityDetailView(PermissionRequiredMixin, View):
    permission_required = "partybuilding.view_activity"

    def get(self, request, pk):
        activity = self.get_activity(pk)
        return render(request, "partybuilding/activity_detail.html", self.context(activity))

    def get_activity(self, pk):
        return get_object_or_404(
            Activity.objects.visible_to(self.request.user).select_related("organisation", "created_by"), pk=pk
        )

    def context(self, activity):
        rows, summary = attendance_rows(activity)
        can_edit = (
            self.request.user.has_perm("partybuilding.change_checkin")
            and Activity.objects.editable_by(self.request.user).filter(pk=activity.pk).exists()
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
        }


class AttendanceView(ActivityDetailView):
    """The attendance table alone, for the activity page to poll (htmx); the whole page otherwise."""

    def get(self, request, pk):
        activity = self.get_activity(pk)
        if not request.htmx:
            return redirect(activity)
        return render(request, "partybuilding/_attendance.html", self.context(activity))


@method_decorator(require_POST, name="dispatch")
class AttendanceRecordView(ActivityDetailView):
    """The secretary marks an expected member present, on leave (with a reason) or absent."""

    permission_required = "partybuilding.change_checkin"

    def post(self, request, pk):
        activity = get_object_or_404(
            Activity.objects.editable_by(request.user).select_related("organisation", "created_by"), pk=pk
        )
        form = AttendanceForm(request.POST)
        error = None
        if form.is_valid():
            member = get_object_or_404(activity.expected_members.all(), pk=form.cleaned_data["member"])
            try:
                actions.attendance_record(
                    user=request.user,
                    activity=activity,
                    member=member,
                    status=form.cleaned_data["status"],
                    reason=form.cleaned_data["reason"],
                )
            except ValidationError as exc:
                error = " ".join(exc.messages)
        else:
            error = _("Choose present, on leave or absent.")
        if request.htmx:
            context = self.context(activity)
            context["error"] = error
            return render(request, "partybuilding/_attendance.html", context, status=400 if error else 200)
        if error:
            messages.error(request, error)
        return redirect(activity)


@method_decorator(require_POST, name="dispatch")
class ConfirmHoursView(PermissionRequiredMixin, View):
    permission_required = "partybuilding.change_checkin"

    def post(self, request, pk):
        check_in = get_object_or_404(
            CheckIn.objects.editable_by(request.user).select_related("activity", "member"), pk=pk
        )
        form = HoursForm(request.POST)
        hours = form.cleaned_data.get("hours") if form.is_valid() else None
        try:
            actions.check_in_confirm_hours(user=request.user, check_in=check_in, hours=hours)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("Hours confirmed for %(name)s.") % {"name": check_in.member.name})
        return redirect(check_in.activity)


class ActivityMinutesView(PermissionRequiredMixin, View):
    permission_required = "partybuilding.change_activity"

    def get_activity(self):
        return get_object_or_404(Activity.objects.editable_by(self.request.user), pk=self.kwargs["pk"])

    def page(self, form, activity):
        return _form_page(
            self.request, form, _("Minutes: %(title)s") % {"title": activity.title}, activity.get_absolute_url()
        )

    def get(self, request, pk):
        activity = self.get_activity()
        return self.page(MinutesForm(instance=activity), activity)

    def post(self, request, pk):
        activity = self.get_activity()
        form = MinutesForm(request.POST, instance=activity)
        if form.is_valid():
            try:
                actions.activity_update(user=request.user, activity=form.save(commit=False))
            except ValidationError as error:
                add_action_errors(form, error)
            else:
                messages.success(request, _("Minutes saved."))
                return redirect(activity)
        return self.page(form, activity)


class ActivityExpectedView(PermissionRequiredMixin, View):
    """Choose who is expected at an activity (by default the organisation's members and those below)."""

    permission_required = "partybuilding.change_activity"

    def get_activity(self):
        return get_object_or_404(
            Activity.objects.editable_by(self.request.user).select_related("organisation"), pk=self.kwargs["pk"]
        )

    def page(self, form, activity):
        return _form_page(
            self.request,
            form,
            _("Expected attendees: %(title)s") % {"title": activity.title},
            activity.get_absolute_url(),
        )

    def get(self, request, pk):
        activity = self.get_activity()
        form = ExpectedForm(
            user=request.user, activity=activity, initial={"members": list(activity.expected_members.all())}
        )
        return self.page(form, activity)

    def post(self, request, pk):
        activity = self.get_activity()
        form = ExpectedForm(request.POST, user=request.user, activity=activity)
        if form.is_valid():
            try:
                actions.activity_set_expected(
                    user=request.user, activity=activity, members=form.cleaned_data["members"]
                )
            except ValidationError as error:
                add_action_errors(form, error)
            else:
                messages.success(request, _("Expected attendees saved."))
                return redirect(activity)
        return self.page(form, activity)


class ActivityQRView(PermissionRequiredMixin, View):
    """The QR code to show at the activity; it renews itself before its token expires."""

    permission_required = "partybuilding.change_checkin"

    def get(self, request, pk):
        activity = get_object_or_404(Activity.objects.editable_by(request.user).select_related("organisation"), pk=pk)
        token = actions.check_in_token(activity)
        context = {
            "activity": activity,
            "check_in_url": request.build_absolute_uri(reverse("partybuilding:check-in", args=[token])),
            "image_url": reverse("partybuilding:activity-qr-image", args=[activity.pk, token]),
            "refresh_seconds": actions.CHECK_IN_TOKEN_MAX_AGE // 3,
        }
        template = "partybuilding/_qr.html" if request.htmx else "partybuilding/activity_qr.html"
        response = render(request, template, context)
        response.headers["Cache-Control"] = "no-store"
        return response


class ActivityQRImageView(PermissionRequiredMixin, View):
    permission_required = "partybuilding.change_checkin"

    def get(self, request, pk, token):
        activity = get_object_or_404(Activity.objects.editable_by(request.user), pk=pk)
        try:
            if actions.activity_from_token(token).pk != activity.pk:
                raise Http404
        except actions.CheckInRefused:
            raise Http404 from None
        url = request.build_absolute_uri(reverse("partybuilding:check-in", args=[token]))
        buffer = io.BytesIO()
        segno.make(url, error="m").save(buffer, kind="svg", scale=8, border=2, xmldecl=False)
        response = HttpResponse(buffer.getvalue(), content_type="image/svg+xml")
        response.headers["Cache-Control"] = "no-store"
        return response


@method_decorator(login_not_required, name="dispatch")
@method_decorator(limit_per_ip("party-check-in", limit=20, period=300), name="dispatch")
class CheckInView(View):
    """The page a member's phone opens from the QR code: no staff login; it touches only that member's record."""

    template_name = "partybuilding/check_in.html"

    def get(self, request, token):
        try:
            activity = actions.activity_from_token(token)
            actions.check_in_window_ensure(activity, timezone.now())
        except actions.CheckInRefused as refusal:
            return self.refuse(refusal, activity=None)
        return render(request, self.template_name, {"activity": activity, "form": CheckInForm()})

    def post(self, request, token):
        form = CheckInForm(request.POST)
        activity = None
        if not form.is_valid():
            try:
                activity = actions.activity_from_token(token)
            except actions.CheckInRefused as refusal:
                return self.refuse(refusal, activity=None)
            return render(request, self.template_name, {"activity": activity, "form": form}, status=400)
        try:
            check_in = actions.member_check_in(token=token, **form.cleaned_data)
        except actions.CheckInRefused as refusal:
            if refusal.code in ("unknown", "duplicate"):
                activity = actions.activity_from_token(token)
            return self.refuse(refusal, activity=activity, form=form if refusal.code == "unknown" else None)
        return render(
            request,
            self.template_name,
            {"activity": check_in.activity, "check_in": check_in, "name": check_in.member.name},
        )

    def refuse(self, refusal, *, activity, form=None):
        return render(
            self.request,
            self.template_name,
            {"activity": activity, "refusal": refusal, "form": form},
            status=400,
        )


# 三会一课 compliance


class ComplianceView(PermissionRequiredMixin, View):
    permission_required = "partybuilding.view_activity"

    def get(self, request):
        today = timezone.localdate()
        year = _year(request)
        quarter = request.GET.get("quarter", "")
        quarter = int(quarter) if quarter in ("1", "2", "3", "4") else (today.month - 1) // 3 + 1
        start, end, months = compliance.quarter_bounds(year, quarter)
        organisations = Organisation.objects.visible_to(request.user)
        branches = organisations.filter(kind=Organisation.Kind.BRANCH).select_related("community")
        selected = request.GET.get("branch", "")
        branch = None
        if selected.isdigit():
            branch = get_object_or_404(branches, pk=int(selected))
        rows = compliance.branch_compliance(branches.order_by("community__code", "name"), year, quarter)
        activities = members = []
        if branch is not None:
            activities = compliance.activity_attendance(
                Activity.objects.filter(organisation__in=branch.subtree(), starts_at__gte=start, starts_at__lt=end)
                .select_related("organisation")
                .order_by("starts_at")
            )
            members = compliance.member_attendance(
                Member.objects.filter(organisation__in=branch.subtree()).order_by("name", "pk"), start, end
            )
        return render(
            request,
            "partybuilding/compliance.html",
            {
                "rows": rows,
                "year": year,
                "quarter": quarter,
                "months": months,
                "monthly_kinds": [Activity.Kind(k).label for k in compliance.MONTHLY],
                "quarterly_kinds": [Activity.Kind(k).label for k in compliance.QUARTERLY],
                "branch": branch,
                "activities": activities,
                "members": members,
                "years": range(today.year - 2, today.year + 1),
                "quarters": [1, 2, 3, 4],
            },
        )


# Units and 双报到


class UnitListView(PermissionRequiredMixin, View):
    permission_required = "partybuilding.view_unit"

    def get(self, request):
        units = (
            Unit.objects.visible_to(request.user)
            .select_related("community")
            .annotate(
                reported=Count(
                    "reporting_members",
                    filter=Q(
                        reporting_members__category=Member.Category.IN_SERVICE,
                        reporting_members__status=Member.Status.ACTIVE,
                    ),
                )
            )
        )
        return render(request, "partybuilding/unit_list.html", {"units": units})


class UnitDetailView(PermissionRequiredMixin, View):
    """双报到 summary for the employer: the unit's in-service members, their hours and activities in a year."""

    permission_required = "partybuilding.view_unit"

    def get(self, request, pk):
        unit = get_object_or_404(Unit.objects.visible_to(request.user).select_related("community"), pk=pk)
        year = _year(request)
        present_in_year = (
            CheckIn.objects.filter(member=OuterRef("pk"), status=CheckIn.Status.PRESENT, activity__starts_at__year=year)
            .order_by()
            .values("member")
        )
        members = list(
            Member.objects.visible_to(request.user)
            .filter(work_unit=unit, category=Member.Category.IN_SERVICE)
            .select_related("organisation")
            .annotate(
                activities=Coalesce(
                    Subquery(present_in_year.annotate(n=Count("pk")).values("n"), output_field=IntegerField()),
                    Value(0),
                ),
                hours=Coalesce(
                    Subquery(
                        present_in_year.filter(hours_confirmed_at__isnull=False).annotate(h=Sum("hours")).values("h"),
                        output_field=DecimalField(max_digits=7, decimal_places=1),
                    ),
                    Value(0, output_field=DecimalField(max_digits=7, decimal_places=1)),
                ),
                points=_points_sum(year),
            )
            .order_by("name", "pk")
        )
        totals = {
            "members": len(members),
            "hours": sum((m.hours for m in members), start=0),
            "activities": sum(m.activities for m in members),
        }
        return render(
            request,
            "partybuilding/unit_detail.html",
            {
                "unit": unit,
                "members": members,
                "totals": totals,
                "year": year,
                "years": range(timezone.localdate().year - 2, timezone.localdate().year + 1),
                "printed_on": timezone.localdate(),
                "can_edit": request.user.has_perm("partybuilding.change_unit")
                and Unit.objects.editable_by(request.user).filter(pk=unit.pk).exists(),
            },
        )


class UnitCreateView(PermissionRequiredMixin, View):
    permission_required = "partybuilding.add_unit"

    def page(self, form):
        return _form_page(self.request, form, _("Register a unit"), reverse("partybuilding:unit-list"))

    def get(self, request):
        return self.page(UnitForm(user=request.user))

    def post(self, request):
        form = UnitForm(request.POST, user=request.user)
        if form.is_valid():
            unit = form.save()
            messages.success(request, _("Unit %(name)s registered.") % {"name": unit.name})
            return redirect(unit)
        return self.page(form)


class UnitUpdateView(PermissionRequiredMixin, View):
    permission_required = "partybuilding.change_unit"

    def get_unit(self):
        return get_object_or_404(Unit.objects.editable_by(self.request.user), pk=self.kwargs["pk"])

    def page(self, form, unit):
        return _form_page(self.request, form, _("Edit unit: %(name)s") % {"name": unit.name}, unit.get_absolute_url())

    def get(self, request, pk):
        unit = self.get_unit()
        return self.page(UnitForm(instance=unit, user=request.user), unit)

    def post(self, request, pk):
        unit = self.get_unit()
        form = UnitForm(request.POST, instance=unit, user=request.user)
        if form.is_valid():
            form.save()
            messages.success(request, _("Changes saved."))
            return redirect(unit)
        return self.page(form, unit)
