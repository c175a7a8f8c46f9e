import datetime

from django.contrib import messages
from django.contrib.auth.mixins import PermissionRequiredMixin
from django.core.exceptions import ValidationError
from django.db.models import Count, Prefetch, Q
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.cache import patch_vary_headers
from django.utils.decorators import method_decorator
from django.utils.translation import gettext as _
from django.views import View
from django.views.decorators.http import require_POST
from django.views.generic import DetailView, TemplateView

from common.forms import add_action_errors
from common.paging import capped_count, keyset_page
from grids.models import Dwelling, Grid
from grids.roles import Audience

from . import actions
from .choices import ResidenceType, ResidentStatus, TagKind
from .filters import FULL_ID, ResidentFilter
from .forms import IdNumberSearchForm, LeaveForm, ResidentCreateForm, ResidentForm, TagForm, VisitForm
from .history import resident_history
from .identity import normalize_id_number
from .models import UNVISITED_DAYS, Household, HouseholdMembership, PersonalDataAccess, Resident, ResidentTag

PAGE_SIZE = 50
RESULTS = "resident-results"  # the element of the list page the live search fills
# What a row of the list shows (residents/_resident_results.html), and no more: the rows of a lookup
# are read and built as the clerk types.
LIST_COLUMNS = (
    "name", "id_number", "birth_date", "gender", "phone", "residence_type", "status",
    "dwelling__building", "dwelling__unit", "dwelling__room", "dwelling__address",
    "dwelling__building__name", "dwelling__building__compound__name",
)


class ResidentListView(PermissionRequiredMixin, View):
    permission_required = "residents.view_resident"

    def get(self, request):
        if FULL_ID.match(normalize_id_number(request.GET.get("q", ""))):
            if self.live(request):
                return self.render(request, id_form=IdNumberSearchForm(), full_id_typed=True)
            # Typed into the GET box without the page's script: drop it from the address at once.
            messages.warning(
                request,
                _("A full ID number is searched with the ID-number box, so that it never appears in the address bar."),
            )
            params = request.GET.copy()
            del params["q"]
            return redirect(f"{request.path}?{params.urlencode()}" if params else request.path)
        return self.render(request, id_form=IdNumberSearchForm())

    @staticmethod
    def live(request) -> bool:
        """The search box asking for the results as the clerk types (htmx), not for the whole page."""
        htmx = request.htmx
        return bool(htmx) and htmx.target == RESULTS and not htmx.history_restore_request

    def render(self, request, id_form, status=200, full_id_typed=False):
        queryset = (
            Resident.objects.visible_to(request.user)
            .select_related("dwelling__building__compound")
            .only(*LIST_COLUMNS)
        )
        filterset = ResidentFilter(request.GET, queryset=queryset, request=request)
        rows = filterset.qs if filterset.is_valid() and not full_id_typed else queryset.none()
        page = keyset_page(rows, request.GET, PAGE_SIZE)
        count, more = capped_count(rows, page=page)
        context = {"filter": filterset, "page": page, "count": count, "count_capped": more, "id_form": id_form,
                   "full_id_typed": full_id_typed}
        live = self.live(request)
        template = "residents/_resident_results.html" if live else "residents/resident_list.html"
        response = render(request, template, context, status=status)
        # The same address answers with the results alone or the whole page: caches must tell them apart.
        patch_vary_headers(response, ["HX-Request"])
        return response


class ResidentIdSearchView(PermissionRequiredMixin, View):
    """Search by a full ID number, sent by POST; a match in scope opens the resident's page."""

    permission_required = "residents.view_resident"

    def post(self, request):
        form = IdNumberSearchForm(request.POST)
        if form.is_valid():
            resident = (
                Resident.objects.visible_to(request.user).filter(id_number=form.cleaned_data["id_number"]).first()
            )
            if resident is not None:
                return redirect(resident)
            form.add_error("id_number", _("No resident in your area has this ID number."))
        return ResidentListView().render(request, id_form=form)


class ResidentDetailView(PermissionRequiredMixin, DetailView):
    permission_required = "residents.view_resident"
    template_name = "residents/resident_detail.html"
    revealed = {}

    def get_queryset(self):
        return Resident.objects.visible_to(self.request.user).select_related(
            "dwelling__building__compound", "dwelling__grid__community__street"
        )

    def get_context_data(self, **kwargs):
        resident = self.object
        user = self.request.user
        membership = resident.memberships.current().select_related("household__dwelling__building__compound").first()
        members = []
        if membership is not None:
            members = membership.household.memberships.current().select_related("resident").order_by("relationship")
        return super().get_context_data(
            membership=membership,
            members=members,
            tags=resident.tags.shown_to(user).order_by("until", "kind"),
            visits=resident.visits.select_related("worker")[:20],
            history=resident_history(resident, user),
            can_edit=user.has_perm("residents.change_resident")
            and resident.is_active
            and Resident.objects.editable_by(user).filter(pk=resident.pk).exists(),
            can_reveal=user.has_perm("residents.view_full_personal_data"),
            revealed=self.revealed,
            **kwargs,
        )


@method_decorator(require_POST, name="dispatch")
class RevealView(ResidentDetailView):
    """Show one full value on the resident's page; the showing (or the refusal) is logged."""

    def post(self, request, pk, field):
        if field not in PersonalDataAccess.Field.values:
            raise Http404
        self.object = get_object_or_404(self.get_queryset(), pk=pk)
        value = actions.personal_data_reveal(user=request.user, resident=self.object, field=field)
        self.revealed = {field: value}
        response = self.render_to_response(self.get_context_data(object=self.object))
        response.headers["Cache-Control"] = "no-store"
        return response


class EditorMixin(PermissionRequiredMixin):
    """Views that change a resident: the resident must be in the user's editable scope (else 404)."""

    def get_resident(self):
        return get_object_or_404(
            Resident.objects.editable_by(self.request.user).filter(status=ResidentStatus.ACTIVE), pk=self.kwargs["pk"]
        )


class ResidentCreateView(PermissionRequiredMixin, View):
    permission_required = "residents.add_resident"
    template_name = "residents/resident_form.html"

    def get(self, request):
        form = ResidentCreateForm(user=request.user)
        return render(request, self.template_name, {"form": form})

    def post(self, request):
        form = ResidentCreateForm(request.POST, user=request.user)
        if form.is_valid():
            try:
                resident = actions.resident_create(
                    user=request.user,
                    resident=form.save(commit=False),
                    household=form.cleaned_data.get("household"),
                    relationship=form.cleaned_data.get("relationship"),
                )
            except ValidationError as error:
                add_action_errors(form, error)
            else:
                messages.success(request, _("Resident %(name)s registered.") % {"name": resident.name})
                return redirect(resident)
        return render(request, self.template_name, {"form": form})


class ResidentUpdateView(EditorMixin, View):
    permission_required = "residents.change_resident"
    template_name = "residents/resident_form.html"

    def get(self, request, pk):
        resident = self.get_resident()
        return render(
            request,
            self.template_name,
            {"form": ResidentForm(instance=resident, user=request.user), "object": resident},
        )

    def post(self, request, pk):
        resident = self.get_resident()
        form = ResidentForm(request.POST, instance=resident, user=request.user)
        if form.is_valid():
            try:
                actions.resident_update(
                    user=request.user, resident=form.save(commit=False), version=form.cleaned_data["version"]
                )
            except actions.StaleEdit as stale:
                form.add_error(
                    None,
                    _(
                        "Someone else changed this record while you were editing it. The saved "
                        "values are shown above the form; check them and save again."
                    ),
                )
                return render(
                    request,
                    self.template_name,
                    {"form": form, "object": resident, "current": stale.current},
                    status=409,
                )
            except ValidationError as error:
                add_action_errors(form, error)
            else:
                messages.success(request, _("Changes saved."))
                return redirect(resident)
        return render(request, self.template_name, {"form": form, "object": resident})


def _form_page(request, form, obj, title, intro="", status=200):
    return render(
        request,
        "components/form_page.html",
        {"form": form, "object": obj, "title": title, "intro": intro, "cancel_url": obj.get_absolute_url()},
        status=status,
    )


class ResidentLeaveView(EditorMixin, View):
    permission_required = "residents.change_resident"

    def page(self, form, resident, status=200):
        return _form_page(
            self.request,
            form,
            resident,
            _("Move out / death: %(name)s") % {"name": resident.name},
            _("The resident stays on record with this status; nothing is deleted."),
            status,
        )

    def get(self, request, pk):
        resident = self.get_resident()
        return self.page(LeaveForm(resident=resident), resident)

    def post(self, request, pk):
        resident = self.get_resident()
        form = LeaveForm(request.POST, resident=resident)
        if form.is_valid():
            try:
                actions.resident_leave(user=request.user, resident=resident, **form.cleaned_data)
            except ValidationError as error:
                add_action_errors(form, error)
            else:
                messages.success(
                    request,
                    _("The register now shows %(name)s as: %(status)s.")
                    % {"name": resident.name, "status": ResidentStatus(form.cleaned_data["status"]).label},
                )
                return redirect(resident)
        return self.page(form, resident)


class TagCreateView(EditorMixin, View):
    permission_required = "residents.add_residenttag"

    def page(self, form, resident, status=200):
        return _form_page(
            self.request, form, resident, _("Add a tag: %(name)s") % {"name": resident.name}, status=status
        )

    def get(self, request, pk):
        return self.page(TagForm(user=request.user), self.get_resident())

    def post(self, request, pk):
        resident = self.get_resident()
        form = TagForm(request.POST, user=request.user)
        if form.is_valid():
            try:
                actions.tag_add(resident=resident, **form.cleaned_data)
            except ValidationError as error:
                add_action_errors(form, error)
            else:
                return redirect(resident)
        return self.page(form, resident)


@method_decorator(require_POST, name="dispatch")
class TagEndView(PermissionRequiredMixin, View):
    permission_required = "residents.change_residenttag"

    def post(self, request, pk):
        tags = (
            ResidentTag.objects.current()
            .shown_to(request.user)
            .filter(resident__in=Resident.objects.editable_by(request.user))
        )
        tag = get_object_or_404(tags.select_related("resident"), pk=pk)
        actions.tag_end(tag=tag, until=max(timezone.localdate(), tag.since))
        messages.success(request, _("Tag ended: %(tag)s.") % {"tag": tag.get_kind_display()})
        return redirect(tag.resident)


class VisitCreateView(PermissionRequiredMixin, View):
    """Log a visit to a resident (pk) or to a household (household_pk), in the user's grids."""

    permission_required = "residents.add_visit"

    def target(self):
        if "household_pk" in self.kwargs:
            household = get_object_or_404(
                Household.objects.editable_by(self.request.user), pk=self.kwargs["household_pk"]
            )
            return {"household": household}, household
        resident = get_object_or_404(Resident.objects.editable_by(self.request.user), pk=self.kwargs["pk"])
        membership = resident.memberships.current().first()
        return {"resident": resident, "household": membership.household if membership else None}, resident

    def page(self, form, obj, status=200):
        return _form_page(self.request, form, obj, _("Log a visit: %(name)s") % {"name": obj}, status=status)

    def get(self, request, **kwargs):
        _target, obj = self.target()
        return self.page(VisitForm(), obj)

    def post(self, request, **kwargs):
        target, obj = self.target()
        form = VisitForm(request.POST)
        if form.is_valid():
            visit = form.save(commit=False)
            visit.household, visit.resident = target.get("household"), target.get("resident")
            try:
                actions.visit_record(user=request.user, visit=visit)
            except ValidationError as error:
                add_action_errors(form, error)
            else:
                messages.success(request, _("Visit recorded."))
                return redirect(obj)
        return self.page(form, obj)


class HouseholdDetailView(PermissionRequiredMixin, DetailView):
    permission_required = "residents.view_household"
    template_name = "residents/household_detail.html"

    def get_queryset(self):
        return Household.objects.visible_to(self.request.user).select_related(
            "dwelling__building__compound", "dwelling__grid__community"
        )

    def get_context_data(self, **kwargs):
        household = self.object
        return super().get_context_data(
            members=household.memberships.select_related("resident").order_by("ended_on", "relationship"),
            visits=household.visits.select_related("worker", "resident")[:20],
            can_visit=self.request.user.has_perm("residents.add_visit")
            and Household.objects.editable_by(self.request.user).filter(pk=household.pk).exists(),
            **kwargs,
        )


class HouseholdListView(PermissionRequiredMixin, View):
    permission_required = "residents.view_household"

    def get(self, request):
        queryset = Household.objects.visible_to(request.user).select_related(
            "dwelling__building__compound", "dwelling__grid__community"
        )
        number = request.GET.get("number", "").strip()
        if number:
            queryset = queryset.filter(number__startswith=number)
        grid = request.GET.get("grid", "")
        if grid.isdigit():
            queryset = queryset.filter(dwelling__grid_id=int(grid))
        page = keyset_page(queryset, request.GET, PAGE_SIZE)
        heads = {
            m.household_id: m.resident
            for m in HouseholdMembership.objects.current()
            .filter(household__in=[h.pk for h in page], relationship="02")
            .select_related("resident")
        }
        for household in page:
            household.head = heads.get(household.pk)
        grids = Grid.objects.visible_to(request.user, Audience.REGISTER_READERS)
        return render(
            request,
            "residents/household_list.html",
            {"page": page, "number": number, "grid": grid, "grids": grids.select_related("community")},
        )


class MyGridsView(PermissionRequiredMixin, TemplateView):
    """A grid worker's grids: buildings → dwellings → households, with the people counted by
    residence type and special group, and the households nobody has visited in 90 days."""

    permission_required = "residents.add_visit"
    template_name = "residents/my_grids.html"

    def get_context_data(self, **kwargs):
        grids = Grid.objects.editable_by(self.request.user).select_related("community")
        grid = None
        selected = self.request.GET.get("grid", "")
        grid_list = list(grids)
        if selected.isdigit():
            grid = next((g for g in grid_list if g.pk == int(selected)), None)
            if grid is None:
                raise Http404
        elif grid_list:
            grid = grid_list[0]
        return super().get_context_data(
            grids=grid_list, grid=grid, **(self.grid_summary(grid) if grid else {}), **kwargs
        )

    def grid_summary(self, grid):
        since = timezone.localdate() - datetime.timedelta(days=UNVISITED_DAYS)
        active = Q(residents__status=ResidentStatus.ACTIVE)
        counts = {
            f"count_{value}": Count("residents", filter=active & Q(residents__residence_type=value))
            for value in ResidenceType.values
        }
        dwellings = (
            Dwelling.objects.filter(grid=grid)
            .select_related("building__compound")
            .annotate(residents_count=Count("residents", filter=active), **counts)
            .prefetch_related(
                Prefetch(
                    "households",
                    queryset=Household.objects.with_visited_recently(UNVISITED_DAYS).order_by("number"),
                )
            )
            .order_by("building__compound__name", "building__name", "unit", "floor", "room", "address")
        )
        tag_counts = (
            ResidentTag.objects.current()
            .shown_to(self.request.user)
            .filter(resident__dwelling__grid=grid, resident__status=ResidentStatus.ACTIVE)
            .values("kind")
            .annotate(n=Count("pk"))
            .order_by("kind")
        )
        totals = (
            Resident.objects.active()
            .filter(dwelling__grid=grid)
            .aggregate(
                total=Count("pk"),
                **{value: Count("pk", filter=Q(residence_type=value)) for value in ResidenceType.values},
            )
        )
        unvisited = (
            Household.objects.filter(dwelling__grid=grid)
            .unvisited_since(UNVISITED_DAYS)
            .select_related("dwelling__building__compound")
            .order_by("number")
        )
        buildings = {}
        for dwelling in dwellings:
            buildings.setdefault(dwelling.building, []).append(dwelling)
        return {
            "buildings": buildings,
            "totals": totals,
            "residence_types": [(value, label, totals[value]) for value, label in ResidenceType.choices],
            "tag_counts": [(TagKind(row["kind"]).label, row["n"]) for row in tag_counts],
            "unvisited": unvisited,
            "since": since,
        }
