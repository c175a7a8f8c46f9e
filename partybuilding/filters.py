"""The filters of the member and activity lists."""

import django_filters
from django.utils.translation import gettext_lazy as _

from .models import Activity, Member, Organisation


def organisations_of(request):
    """The organisations the user sees, in the order of the organisation tree."""
    return Organisation.objects.visible_to(request.user).order_by("community__code", "kind", "name")


class MemberFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(field_name="name", lookup_expr="contains", label=_("Name"))
    organisation = django_filters.ModelChoiceFilter(
        queryset=organisations_of, method="filter_organisation", label=_("Organisation"), empty_label=_("All")
    )
    category = django_filters.ChoiceFilter(choices=Member.Category.choices, label=_("Category"), empty_label=_("All"))
    standing = django_filters.ChoiceFilter(choices=Member.Standing.choices, label=_("Standing"), empty_label=_("All"))
    status = django_filters.ChoiceFilter(
        choices=[("all", _("All")), *Member.Status.choices], method="filter_status", label=_("Status"), empty_label=None
    )

    class Meta:
        model = Member
        fields = []

    def __init__(self, data=None, *args, **kwargs):
        # The roll lists active members unless another status (or all) is asked for.
        if data is not None and "status" not in data:
            data = data.copy()
            data["status"] = Member.Status.ACTIVE
        super().__init__(data, *args, **kwargs)

    def filter_organisation(self, queryset, name, value):
        """The members of the organisation and of those below it."""
        return queryset.filter(organisation__in=value.subtree())

    def filter_status(self, queryset, name, value):
        return queryset if value == "all" else queryset.filter(status=value)


class ActivityFilter(django_filters.FilterSet):
    kind = django_filters.ChoiceFilter(choices=Activity.Kind.choices, label=_("Type"), empty_label=_("All"))
    organisation = django_filters.ModelChoiceFilter(
        queryset=organisations_of, label=_("Organisation"), empty_label=_("All")
    )

    class Meta:
        model = Activity
        fields = []
