"""The three lists of a community: resources, needs and the projects that match them."""

from django import forms
from django.contrib import messages
from django.contrib.auth.mixins import PermissionRequiredMixin
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse, reverse_lazy
from django.utils.translation import gettext_lazy as _
from django.views.generic import RedirectView, TemplateView

from common.forms import query_id
from common.views import ActionView, ButtonActionView, FilteredListView
from partybuilding.models import Organisation

from .. import actions
from ..filters import NeedFilter, ProjectFilter, ResourceFilter, UnmatchedNeedFilter
from ..forms import MatchForm, NeedForm, ProjectForm, ResourceForm, StatusForm
from ..models import Need, Project, Resource


class ButtonView(ButtonActionView):
    """A button on a record's page: a stale version comes back there as an error message, like a refusal."""

    def form_stale(self, form, current):
        messages.error(self.request, _("Someone else changed this record meanwhile: check it and act again."))
        return redirect(self.get_success_url())


class UserFormMixin:
    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "user": self.request.user}


class HomeView(PermissionRequiredMixin, RedirectView):
    """The section's entry: the needs for those who keep or read the lists, the pairings for party secretaries."""

    permission_required = "cobuilding.view_pairing"

    def get_redirect_url(self, *args, **kwargs):
        return reverse(
            "cobuilding:need-list" if self.request.user.has_perm("cobuilding.view_need") else "cobuilding:pairing-list"
        )


# 资源清单


class ResourceListView(FilteredListView):
    model = Resource
    permission_required = "cobuilding.view_resource"
    filterset_class = ResourceFilter
    template_name = "cobuilding/resource_list.html"

    def get_queryset(self):
        return super().get_queryset().select_related("community", "unit", "organisation", "resident")


class ResourceCreateView(UserFormMixin, ActionView):
    permission_required = "cobuilding.add_resource"
    form_class = ResourceForm
    title = _("Add a resource")
    success_message = _("Resource %(name)s added.")
    cancel_url = reverse_lazy("cobuilding:resource-list")

    def get_initial(self):
        resident = query_id(self.request.GET.get("resident"))
        return {"resident": resident, "offered_by": "resident"} if resident else {}

    def perform(self, form):
        return actions.resource_create(user=self.request.user, **self.action_fields(form))


class ResourceUpdateView(UserFormMixin, ActionView):
    model = Resource
    permission_required = "cobuilding.change_resource"
    form_class = ResourceForm
    title = _("Edit resource: %(name)s")
    success_message = _("Changes saved.")

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "instance": self.object}

    def perform(self, form):
        return actions.resource_update(user=self.request.user, resource=self.object, **self.action_fields(form))


class ResourceStatusForm(forms.Form):
    status = forms.ChoiceField(choices=Resource.Status.choices)


class ResourceStatusView(ButtonView):
    """Withdraw a resource, or offer it again."""

    model = Resource
    permission_required = "cobuilding.change_resource"
    form_class = ResourceStatusForm
    success_message = _("%(name)s: saved.")

    def perform(self, form):
        return actions.resource_set_status(
            user=self.request.user, resource=self.object, status=form.cleaned_data["status"]
        )

    def get_success_url(self):
        return reverse("cobuilding:resource-list")


# 需求清单


class NeedListView(FilteredListView):
    model = Need
    permission_required = "cobuilding.view_need"
    filterset_class = NeedFilter
    template_name = "cobuilding/need_list.html"

    def get_queryset(self):
        return super().get_queryset().select_related("community", "household", "resident")


class UnmatchedNeedListView(NeedListView):
    """Needs no project takes up: the community's party organisation answers for them (兜底)."""

    template_name = "cobuilding/need_unmatched.html"
    filterset_class = UnmatchedNeedFilter

    def get_queryset(self):
        return super().get_queryset().unmatched()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        communities = {need.community_id for need in context["page"]}
        tops = Organisation.objects.filter(community_id__in=communities, parent__isnull=True).order_by("pk")
        answering = {org.community_id: org for org in reversed(tops)}  # the oldest top organisation wins
        for need in context["page"]:
            need.answered_by = answering.get(need.community_id)
        context["answering"] = True
        return context


class NeedCreateView(UserFormMixin, ActionView):
    """记录需求, from a visit, a household's page, a request or on its own."""

    permission_required = "cobuilding.add_need"
    form_class = NeedForm
    title = _("Record a need")
    success_message = _("Need recorded.")
    cancel_url = reverse_lazy("cobuilding:need-list")

    def get_initial(self):
        wanted = {name: query_id(self.request.GET.get(name)) for name in ("household", "resident", "visit", "request")}
        return {name: value for name, value in wanted.items() if value}

    def get_context_data(self, **kwargs):
        form = kwargs.setdefault("form", self.get_form())
        household = form.fields["household"].queryset.filter(pk=form.initial.get("household")).first()
        if household is not None:
            kwargs.setdefault(
                "intro",
                _("For household %(number)s, %(dwelling)s.")
                % {
                    "number": household.number,
                    "dwelling": household.dwelling,
                },
            )
        return super().get_context_data(**kwargs)

    def perform(self, form):
        return actions.need_record(user=self.request.user, **self.action_fields(form))

    def get_success_url(self):
        if self.result.household_id:
            return self.result.household.get_absolute_url()
        return reverse("cobuilding:need-list")


class NeedUpdateView(UserFormMixin, ActionView):
    model = Need
    permission_required = "cobuilding.change_need"
    form_class = NeedForm
    title = _("Edit need")
    template_name = "cobuilding/need_form.html"
    success_message = _("Changes saved.")

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "instance": self.object}

    def perform(self, form):
        return actions.need_update(user=self.request.user, need=self.object, **self.action_fields(form))

    def get_success_url(self):
        return reverse("cobuilding:need-list")

    def get_cancel_url(self):
        return reverse("cobuilding:need-list")


class NeedCloseView(ButtonView):
    model = Need
    permission_required = "cobuilding.change_need"
    form_class = forms.Form
    success_message = _("Need closed.")

    def perform(self, form):
        return actions.need_close(user=self.request.user, need=self.object)

    def get_success_url(self):
        return reverse("cobuilding:need-update", args=[self.object.pk])


# 项目清单


class ProjectListView(FilteredListView):
    model = Project
    permission_required = "cobuilding.view_project"
    filterset_class = ProjectFilter
    template_name = "cobuilding/project_list.html"

    def get_queryset(self):
        return super().get_queryset().select_related("community", "lead")


class ProjectDetailView(PermissionRequiredMixin, TemplateView):
    permission_required = "cobuilding.view_project"
    template_name = "cobuilding/project_detail.html"

    def get_context_data(self, pk, **kwargs):
        user = self.request.user
        project = get_object_or_404(Project.objects.visible_to(user).select_related("community", "lead"), pk=pk)
        can_change = user.has_perm("cobuilding.change_project") and (
            Project.objects.editable_by(user).filter(pk=project.pk).exists()
        )
        return super().get_context_data(
            project=project,
            needs=project.needs.select_related("household", "resident").order_by("pk"),
            resources=project.resources.select_related("unit", "organisation", "resident").order_by("pk"),
            can_change=can_change,
            next_statuses=[Project.Status(s) for s in actions.NEXT_STATUS.get(project.status, ())],
            **kwargs,
        )


class ProjectCreateView(UserFormMixin, ActionView):
    permission_required = "cobuilding.add_project"
    form_class = ProjectForm
    title = _("Start a project")
    success_message = _("Project %(name)s added.")
    cancel_url = reverse_lazy("cobuilding:project-list")

    def perform(self, form):
        return actions.project_create(user=self.request.user, **self.action_fields(form))


class ProjectUpdateView(UserFormMixin, ActionView):
    model = Project
    permission_required = "cobuilding.change_project"
    form_class = ProjectForm
    title = _("Edit project: %(name)s")
    success_message = _("Changes saved.")

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "instance": self.object}

    def perform(self, form):
        return actions.project_update(user=self.request.user, project=self.object, **self.action_fields(form))


class ProjectMatchView(UserFormMixin, ActionView):
    """匹配: take open needs and offered resources of the community into the project."""

    model = Project
    permission_required = "cobuilding.change_project"
    form_class = MatchForm
    title = _("Match needs and resources: %(name)s")
    intro = _("The needs chosen are marked matched; they are marked met when the project is done.")
    success_message = _("Needs and resources matched.")

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "instance": self.object}

    def perform(self, form):
        return actions.project_match(user=self.request.user, project=self.object, **self.action_fields(form))


class ProjectStatusView(ButtonView):
    """Start, finish (its needs met) or cancel a project."""

    model = Project
    permission_required = "cobuilding.change_project"
    form_class = StatusForm
    success_message = _("%(name)s: saved.")

    def perform(self, form):
        return actions.project_set_status(user=self.request.user, project=self.object, **self.action_fields(form))

    def get_success_url(self):
        return self.object.get_absolute_url()
