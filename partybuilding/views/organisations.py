"""The organisation tree (党委 → 党总支 → 党支部 → 党小组), an organisation's page and its editing."""

from django.contrib.auth.mixins import PermissionRequiredMixin
from django.db.models import Count, Q
from django.shortcuts import get_object_or_404, render
from django.urls import reverse_lazy
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View

from common.views import ActionView

from .. import actions
from ..forms import OrganisationForm
from ..models import Activity, Member, Organisation
from .shared import points_sum, year_of


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
        year = year_of(request)
        subtree = organisation.subtree()
        can_edit = Organisation.objects.editable_by(request.user).filter(pk=organisation.pk).exists()
        members = Member.objects.active().filter(organisation__in=subtree)
        ranking = list(
            members.select_related("organisation").annotate(total=points_sum(year)).order_by("-total", "name")[:30]
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


class OrganisationEditView(ActionView):
    """Found (no pk in the URL) or change a party organisation: community administrators, in their community."""

    model = Organisation
    form_class = OrganisationForm
    success_message = gettext_lazy("Organisation %(name)s saved.")
    cancel_url = reverse_lazy("partybuilding:organisation-list")

    def get_permission_required(self):
        return ["partybuilding.change_organisation" if "pk" in self.kwargs else "partybuilding.add_organisation"]

    def get_title(self):
        if self.object is None:
            return _("Found a party organisation")
        return _("Edit organisation: %(name)s") % {"name": self.object.name}

    def get_initial(self):
        # "Found an organisation below this one", from the parent's page.
        parent = self.request.GET.get("parent", "")
        return {"parent": parent} if parent.isdigit() else {}

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "instance": self.object, "user": self.request.user}

    def perform(self, form):
        return actions.organisation_save(
            user=self.request.user,
            organisation=form.save(commit=False),
            committee_members=form.cleaned_data["committee_members"],
        )
