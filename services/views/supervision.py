"""督办: the overdue and nearly due requests of an area, for the community head and the street."""

import datetime

import django_filters
from django.utils import timezone
from django.utils.functional import lazy
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from common.views import FilteredListView
from grids.models import Community, Street

from ..choices import Channel
from ..models import Supervision


def _overdue_by(days):
    return ngettext("Overdue by %(days)d day or more", "Overdue by %(days)d days or more", days) % {"days": days}


# Lazy: the labels are read in the language of each request, not in that of the import.
OVERDUE_FOR = [(str(days), lazy(_overdue_by, str)(days)) for days in (3, 7, 30)]
NOTED = [("true", _("With a supervision note")), ("false", _("Without a supervision note"))]


class SupervisionFilter(django_filters.FilterSet):
    street = django_filters.ModelChoiceFilter(
        field_name="community__street", queryset=Street.objects.none(), label=_("Street")
    )
    community = django_filters.ModelChoiceFilter(queryset=Community.objects.none(), label=_("Community"))
    level = django_filters.ChoiceFilter(choices=Supervision.Level.choices, label=_("Level"))
    overdue_for = django_filters.ChoiceFilter(choices=OVERDUE_FOR, method="filter_overdue_for", label=_("Days overdue"))
    channel = django_filters.ChoiceFilter(choices=Channel.choices, label=_("Channel"))
    noted = django_filters.ChoiceFilter(choices=NOTED, method="filter_noted", label=_("Supervision note"))

    class Meta:
        model = Supervision
        fields = []

    def __init__(self, data=None, *args, request=None, **kwargs):
        super().__init__(data, *args, request=request, **kwargs)
        user = request.user
        self.filters["street"].queryset = Street.objects.visible_to(user)
        self.filters["community"].queryset = Community.objects.choices_for(user)

    def filter_noted(self, queryset, name, value):
        return queryset.filter(request__supervised_at__isnull=value != "true")

    def filter_overdue_for(self, queryset, name, value):
        value = int(value)
        start_of_today = timezone.make_aware(datetime.datetime.combine(timezone.localdate(), datetime.time()))
        return queryset.filter(due_at__lte=start_of_today - datetime.timedelta(days=value - 1))


class SupervisionListView(FilteredListView):
    model = Supervision
    filterset_class = SupervisionFilter
    permission_required = "services.view_supervision"
    template_name = "services/supervision_list.html"

    def get_queryset(self):
        return (
            super()
            .get_queryset()
            .select_related("request__item", "request__department", "community")
            .only(
                "level",
                "due_at",
                "request__supervised_at",
                "community__name",
                "request__number",
                "request__status",
                "request__channel",
                "request__ticket_number",
                "request__received_at",
                "request__due_date",
                "request__handling_deadline",
                "request__rehandled",
                "request__item__name",
                "request__department__name",
            )
        )
