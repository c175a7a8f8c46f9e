"""The register's people: the list and its searches, a resident's page, and the pages that change it."""

from django import forms
from django.contrib import messages
from django.contrib.auth.mixins import PermissionRequiredMixin
from django.http import Http404, HttpResponseNotAllowed, QueryDict
from django.shortcuts import get_object_or_404, redirect
from django.utils import timezone
from django.utils.cache import patch_vary_headers
from django.utils.decorators import method_decorator
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST
from django.views.generic import DetailView

from common.views import ActionView, FilteredListView

from .. import actions
from ..choices import ResidentStatus
from ..exports import ResidentExport
from ..filters import FULL_ID, ResidentFilter, is_personal_number, search
from ..forms import IdNumberSearchForm, LeaveForm, ResidentCreateForm, ResidentForm, TagForm
from ..history import resident_history
from ..identity import normalize_id_number
from ..models import PersonalDataAccess, Resident, ResidentTag

RESULTS = "resident-results"  # the element of the list page the live search fills
# What a row of the list shows (residents/_resident_results.html), and no more: the rows of a lookup
# are read and built as the clerk types.
LIST_COLUMNS = (
    "name",
    "id_number",
    "birth_date",
    "gender",
    "phone",
    "residence_type",
    "status",
    "dwelling__building",
    "dwelling__unit",
    "dwelling__room",
    "dwelling__address",
    "dwelling__building__name",
    "dwelling__building__compound__name",
)


class ResidentListView(FilteredListView):
    model = Resident
    filterset_class = ResidentFilter
    export_class = ResidentExport
    permission_required = "residents.view_resident"
    id_form = None
    full_id_typed = False

    def get(self, request, *args, **kwargs):
        if is_personal_number(request.GET.get("q", "")):
            # Typed into the GET box without the page's script: drop it from the address at once.
            messages.warning(
                request,
                _(
                    "A phone number or a full ID number is searched without putting it in the address bar: "
                    "type it in the search box and press Enter."
                ),
            )
            params = request.GET.copy()
            del params["q"]
            return redirect(f"{request.path}?{params.urlencode()}" if params else request.path)
        return super().get(request, *args, **kwargs)

    def post(self, request, *args, **kwargs):
        """The live search as the clerk types: the filters come in the request body (so a phone number
        typed stays out of every address); it answers with the results alone."""
        if not self.live(request):
            return HttpResponseNotAllowed(["GET"])
        if FULL_ID.match(normalize_id_number(request.POST.get("q", ""))):
            self.full_id_typed = True
        response = super().get(request, *args, **kwargs)
        if not is_personal_number(request.POST.get("q", "")):
            # A name or initials: the address shows the search, as the Search button's would.
            params = QueryDict(mutable=True)
            for name, values in request.POST.lists():
                if name != "csrfmiddlewaretoken" and any(values):
                    params.setlist(name, values)
            response["HX-Push-Url"] = f"{request.path}?{params.urlencode()}" if params else request.path
        return response

    def get_filter_data(self):
        return self.request.POST if self.request.method == "POST" else self.request.GET

    def live(self, request) -> bool:
        """The search box asking for the results as the clerk types (htmx), not for the whole page."""
        htmx = request.htmx
        return bool(htmx) and htmx.target == RESULTS and not htmx.history_restore_request

    def get_queryset(self):
        return super().get_queryset().select_related("dwelling__building__compound").only(*LIST_COLUMNS)

    def get_rows(self, filterset):
        # A full ID number typed into the live box lists nothing until Enter sends it to the ID search.
        full_id = FULL_ID.match(normalize_id_number(self.get_filter_data().get("q", "")))
        return filterset.queryset.none() if full_id else super().get_rows(filterset)

    def get_template_names(self):
        return ["residents/_resident_results.html" if self.live(self.request) else "residents/resident_list.html"]

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            id_form=self.id_form or IdNumberSearchForm(), full_id_typed=self.full_id_typed, **kwargs
        )

    def render_to_response(self, context, **response_kwargs):
        response = super().render_to_response(context, **response_kwargs)
        # The same address answers with the results alone or the whole page: caches must tell them apart.
        patch_vary_headers(response, ["HX-Request"])
        return response


class ResidentIdSearchView(ResidentListView):
    """Search by a full ID number or a phone number, sent by POST: a match in scope opens the
    resident's page; a phone several residents share lists them (the page answers the POST, so the
    number is in no address)."""

    http_method_names = ["post"]
    number_search = None

    def get_filter_data(self):
        return self.number_search if self.number_search is not None else super().get_filter_data()

    def post(self, request, *args, **kwargs):
        form = IdNumberSearchForm(request.POST)
        typed = request.POST.get("id_number", "")
        if not FULL_ID.match(normalize_id_number(typed)) and is_personal_number(typed):
            self.number_search = QueryDict(mutable=True)
            self.number_search["q"] = typed
            found = list(search(Resident.objects.visible_to(request.user), typed)[:2])
            if len(found) == 1:
                return redirect(found[0])
            return super().get(request, *args, **kwargs)
        if form.is_valid():
            resident = (
                Resident.objects.visible_to(request.user).filter(id_number=form.cleaned_data["id_number"]).first()
            )
            if resident is not None:
                return redirect(resident)
            form.add_error("id_number", _("No resident in your area has this ID number."))
        self.id_form = form
        return super().get(request, *args, **kwargs)


class ResidentDetailView(PermissionRequiredMixin, DetailView):
    model = Resident
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
            visits=resident.visits.shown_to(user).select_related("worker")[:20],
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


class ResidentEditView(ActionView):
    """Pages that change a resident on the register: the resident must be in the user's editable scope
    and on the register (else 404)."""

    model = Resident

    def get_queryset(self):
        return super().get_queryset().filter(status=ResidentStatus.ACTIVE)


class ResidentCreateView(ActionView):
    permission_required = "residents.add_resident"
    template_name = "residents/resident_form.html"
    form_class = ResidentCreateForm
    success_message = gettext_lazy("Resident %(name)s registered.")

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "user": self.request.user}

    def perform(self, form):
        return actions.resident_create(
            user=self.request.user,
            resident=form.save(commit=False),
            household=form.cleaned_data.get("household"),
            relationship=form.cleaned_data.get("relationship"),
        )


class ResidentUpdateView(ResidentEditView):
    permission_required = "residents.change_resident"
    template_name = "residents/resident_form.html"
    form_class = ResidentForm
    success_message = gettext_lazy("Changes saved.")

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "instance": self.object, "user": self.request.user}

    def perform(self, form):
        return actions.resident_update(
            user=self.request.user, resident=form.save(commit=False), version=form.cleaned_data["version"]
        )


class ResidentLeaveView(ResidentEditView):
    permission_required = "residents.change_resident"
    form_class = LeaveForm
    title = gettext_lazy("Move out / death: %(name)s")
    intro = gettext_lazy("The resident stays on record with this status; nothing is deleted.")

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "resident": self.object}

    def perform(self, form):
        return actions.resident_leave(user=self.request.user, resident=self.object, **self.action_fields(form))

    def get_success_message(self, form):
        return _("The register now shows %(name)s as: %(status)s.") % {
            "name": self.object.name,
            "status": ResidentStatus(form.cleaned_data["status"]).label,
        }


class TagCreateView(ResidentEditView):
    checks_version = False  # adds to the record, does not change it
    permission_required = "residents.add_residenttag"
    form_class = TagForm
    title = gettext_lazy("Add a tag: %(name)s")

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "user": self.request.user}

    def perform(self, form):
        return actions.tag_add(resident=self.object, **self.action_fields(form))

    def get_success_url(self):
        return self.object.get_absolute_url()


class TagEndView(ActionView):
    """End a current tag today (POST from the resident's page)."""

    http_method_names = ["post"]
    model = ResidentTag
    permission_required = "residents.change_residenttag"
    form_class = forms.Form

    def get_queryset(self):
        return (
            ResidentTag.objects.current()
            .shown_to(self.request.user)
            .filter(resident__in=Resident.objects.editable_by(self.request.user))
            .select_related("resident")
        )

    def perform(self, form):
        tag = self.object
        return actions.tag_end(tag=tag, until=max(timezone.localdate(), tag.since))

    def get_success_message(self, form):
        return _("Tag ended: %(tag)s.") % {"tag": self.object.get_kind_display()}

    def get_success_url(self):
        return self.object.resident.get_absolute_url()
