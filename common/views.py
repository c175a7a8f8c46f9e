"""The base of every page that changes something: create, edit and action pages.

A view declares its model (the object comes from `Model.objects.editable_by(user)`, so a row outside
the user's scope answers 404), its form and one `perform(form)` that calls an action from the app's
actions.py. The flow around it is written once, here:

- GET shows the form; POST validates it and calls `perform(form)`;
- a `ValidationError` from the action goes onto the form (on its field where the form has it), and
  the page is shown again with everything the user typed;
- a `StaleEdit` (someone saved the record since the form was opened) answers 409 with the form, the
  conflict message and the record as it is saved now (`current` in the template). Every form on a
  record that has a `version` carries the version it was opened at (a hidden field), and the view
  checks it, with the row locked, before any action on the record: an edit, and every state change;
- on success: the success message, then a redirect to the result;
- every form carries a submission key (a hidden field): the key is recorded in the transaction of the
  change, so the same form posted again (a double click, a retry after the answer was lost) lands on
  the result of the first post instead of saving twice or reporting a conflict with itself;
- a unique constraint that a concurrent save won (two clerks registering the same ID number at once)
  is the form error the validation gives when the other row is already there, never a 500.

    class ResidentLeaveView(ActionView):
        model = Resident
        permission_required = "residents.change_resident"
        form_class = LeaveForm
        title = _("Move out / death: %(name)s")
        success_message = _("%(name)s moved out.")

        def perform(self, form):
            return actions.resident_leave(user=self.request.user, resident=self.object, **form.cleaned_data)

A button on a record's page (no form page of its own) is a ButtonActionView: the same flow, POST only,
with a refusal shown as an error message on the page the button is on.
"""

import uuid

from django import forms
from django.contrib import messages
from django.contrib.auth.mixins import PermissionRequiredMixin
from django.core.exceptions import ImproperlyConfigured, ValidationError
from django.db import IntegrityError, transaction
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.utils.decorators import method_decorator
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST
from django.views.generic import FormView, TemplateView

from .actions import StaleEdit
from .forms import add_action_errors, add_unique_errors
from .models import Submission
from .paging import PAGE_SIZE, capped_count, keyset_page
from .sessions import pending_form_data

SUBMISSION_KEY = "submission_key"
VERSION = "version"


class FilteredListView(PermissionRequiredMixin, TemplateView):
    """A list of the rows the user may see (`Model.objects.visible_to(user)`), filtered by a django-filter
    FilterSet, one keyset page at a time (no OFFSET), with a count that stops early.

    The template gets `filter`, `page`, `count` and `count_capped`; invalid filters list nothing."""

    model = None
    filterset_class = None
    page_size = PAGE_SIZE

    @classmethod
    def read_from_replica(cls, request):
        """Those who cannot change what the list shows (officials) read it from a replica, when there is
        one (common/replicas.py)."""
        meta = cls.model._meta
        return not request.user.has_perm(f"{meta.app_label}.change_{meta.model_name}")

    # A filtered list (as a dashboard figure links to it: an area, a group, a period) is counted
    # exactly up to count_cap, a bounded count, so that a community's or a street's figure and its
    # list say the same number; the whole of a wide scope, unfiltered, only up to the first cap.
    count_cap = 120_000
    unfiltered_count_cap = 1000

    def get_queryset(self):
        return self.model._default_manager.visible_to(self.request.user)

    def get_filter_data(self):
        """What the filters read: the address's query (a list that searches by POST overrides it)."""
        return self.request.GET

    def get_filterset(self):
        return self.filterset_class(self.get_filter_data(), queryset=self.get_queryset(), request=self.request)

    def get_rows(self, filterset):
        return filterset.qs if filterset.is_valid() else filterset.queryset.none()

    def get_count_cap(self, filterset) -> int:
        chosen = getattr(filterset.form, "cleaned_data", {}).values()
        filtered = any(value not in (None, "", [], ()) for value in chosen)
        return self.count_cap if filtered else self.unfiltered_count_cap

    def keyset_field(self, filterset) -> str | None:
        """A field the filters select a range of, to order the page by instead of the primary key (see
        keyset_page); None for the primary key."""
        return None

    def get_context_data(self, **kwargs):
        filterset = self.get_filterset()
        rows = self.get_rows(filterset)
        page = keyset_page(rows, self.request.GET, self.page_size, by=self.keyset_field(filterset))
        count, capped = capped_count(rows, cap=self.get_count_cap(filterset), page=page)
        return super().get_context_data(filter=filterset, page=page, count=count, count_capped=capped, **kwargs)


class ActionView(PermissionRequiredMixin, FormView):
    """GET shows `form_class`; POST runs `perform(form)` on a valid form (see the module docstring)."""

    # The object the page acts on, from `get_queryset()` by `pk_url_kwarg`; None on pages that create
    # a record from nothing (no `model`, or no pk in the URL).
    model = None
    pk_url_kwarg = "pk"
    template_name = "components/form_page.html"
    # Texts of the page; `%(name)s` stands for the object's name (or the object).
    title = ""
    intro = ""
    success_message = ""
    stale_message = _(
        "Someone else changed this record while you were editing it. The saved values are shown above the "
        "form; check them and save again."
    )
    # Where Cancel leads when there is no object to go back to.
    cancel_url = None

    # Whether the version the form was opened at must still be the record's (see check_version): not
    # for pages that add something to a record (a tag, a visit) rather than change it.
    checks_version = True

    object = None
    result = None

    def get_queryset(self):
        """The rows this page may act on: the model's `editable_by(user)`. Narrow it (e.g. to active
        records) by overriding and calling super()."""
        if self.model is None:
            raise ImproperlyConfigured(f"{type(self).__name__} needs a model or its own get_queryset().")
        return self.model._default_manager.editable_by(self.request.user)

    def get_object(self):
        if self.model is None or self.pk_url_kwarg not in self.kwargs:
            return None
        return get_object_or_404(self.get_queryset(), pk=self.kwargs[self.pk_url_kwarg])

    def get(self, request, *args, **kwargs):
        self.object = self.get_object()
        return super().get(request, *args, **kwargs)

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        if self.request.method == "GET" and (pending := pending_form_data(self.request)) is not None:
            # Posted when the user's session had ended: given back as they typed it, to check and save.
            kwargs["data"] = pending
            messages.warning(
                self.request,
                _(
                    "Your session had ended before the form was saved. What you typed is filled in again: "
                    "check it and save."
                ),
            )
        return kwargs

    def get_form(self, form_class=None):
        form = super().get_form(form_class)
        if SUBMISSION_KEY not in form.fields:
            form.fields[SUBMISSION_KEY] = forms.UUIDField(widget=forms.HiddenInput, required=False)
        if not form.is_bound and not form.initial.get(SUBMISSION_KEY):
            form.initial[SUBMISSION_KEY] = uuid.uuid4()
        if self.checks_version and hasattr(self.object, "version"):
            if VERSION not in form.fields:
                form.fields[VERSION] = forms.IntegerField(widget=forms.HiddenInput, required=False)
            if not form.is_bound:
                form.initial[VERSION] = self.object.version
        return form

    def post(self, request, *args, **kwargs):
        self.object = self.get_object()
        form = self.get_form()
        key = self.submission_key(form)
        if key and (done := Submission.objects.filter(key=key, user=request.user).first()):
            return self.form_already_saved(done)
        if not form.is_valid():
            return self.form_invalid(form)
        try:
            with transaction.atomic():
                self.check_version(form)
                self.result = self.perform(form)
                if key:
                    Submission.objects.create(key=key, user=request.user, result_url=self.get_result_url())
        except StaleEdit as stale:
            return self.form_stale(form, stale.current)
        except ValidationError as error:
            add_action_errors(form, error)
            return self.form_invalid(form)
        except IntegrityError:
            # Nothing of this post was saved. The same form saved at the same moment (a double click)?
            if key and (done := Submission.objects.filter(key=key, user=request.user).first()):
                return self.form_already_saved(done)
            return self.form_conflict(form)
        return self.form_performed(form)

    def submission_key(self, form):
        try:
            return uuid.UUID(str(form.data.get(form.add_prefix(SUBMISSION_KEY), "")))
        except ValueError:
            return None

    def check_version(self, form):
        """Refuse an action on a record that changed since the form was opened (its row locked until
        the action's transaction ends). A post without a version (an older page) is not checked here;
        edits check it in their actions too."""
        seen = form.cleaned_data.get(VERSION)
        if seen is None or not self.checks_version or not hasattr(self.object, "version"):
            return
        current = type(self.object)._default_manager.select_for_update(of=("self",)).get(pk=self.object.pk)
        if current.version != seen:
            raise StaleEdit(current)

    def action_fields(self, form) -> dict:
        """The form's values without the page's own hidden fields (version, submission key)."""
        return {name: value for name, value in form.cleaned_data.items() if name not in (VERSION, SUBMISSION_KEY)}

    def get_result_url(self):
        """Where a second post of the same form leads: the result's page (the page itself when the
        result has none, as for an action answered with a fragment)."""
        try:
            return self.get_success_url()
        except (ImproperlyConfigured, AttributeError):
            return self.request.path

    def form_already_saved(self, submission):
        messages.info(self.request, _("This form had already been saved: here is what it saved."))
        if self.request.htmx:
            response = HttpResponse(status=204)
            response["HX-Redirect"] = submission.result_url
            return response
        return redirect(submission.result_url)

    def form_conflict(self, form):
        """A unique constraint refused the save because a concurrent one got there first: the error the
        form's own validation gives now that the other row is saved."""
        if not add_unique_errors(form):
            form.add_error(
                None, _("The same record was saved by someone else at the same moment. Check it and try again.")
            )
        return self.form_invalid(form)

    def perform(self, form):
        """Call the action; return what it made or changed (the default success URL is its page)."""
        raise NotImplementedError(f"{type(self).__name__} must define perform(form).")

    def form_performed(self, form):
        """The answer to an action that went through: the success message, then a redirect to the result.
        Override to answer otherwise, e.g. an htmx request with the fragment it swaps in."""
        message = self.get_success_message(form)
        if message:
            messages.success(self.request, message)
        return redirect(self.get_success_url())

    def form_stale(self, form, current):
        if VERSION in form.fields and hasattr(current, "version"):
            # The saved values are shown above the form: saving again, having read them, is meant to
            # overwrite them, so the form now carries the version they were read at.
            form.data = form.data.copy()
            form.data[form.add_prefix(VERSION)] = str(current.version)
        form.add_error(None, self.stale_message)
        return self.render_to_response(self.get_context_data(form=form, current=current), status=409)

    def name(self):
        """How the texts of the page name the object (`%(name)s`)."""
        target = self.result if self.object is None else self.object
        return getattr(target, "name", target)

    def get_title(self):
        return self.title % {"name": self.name()}

    def get_success_message(self, form):
        return self.success_message % {"name": self.name()}

    def get_success_url(self):
        target = self.result if hasattr(self.result, "get_absolute_url") else self.object
        if target is None:
            raise ImproperlyConfigured(f"{type(self).__name__} needs get_success_url(): nothing to redirect to.")
        return target.get_absolute_url()

    def get_cancel_url(self):
        if self.object is not None and hasattr(self.object, "get_absolute_url"):
            return self.object.get_absolute_url()
        return self.cancel_url

    def get_context_data(self, **kwargs):
        kwargs.setdefault("object", self.object)
        kwargs.setdefault("title", self.get_title())
        kwargs.setdefault("intro", self.intro)
        kwargs.setdefault("cancel_url", self.get_cancel_url())
        return super().get_context_data(**kwargs)


@method_decorator(require_POST, name="dispatch")
class ButtonActionView(ActionView):
    """An action run by a button on another page (a record's page), with no form page of its own.

    POST only (any other method answers 405, before the permission check); the flow is ActionView's,
    but a refusal (an invalid form or a ValidationError from the action) comes back as an error
    message on the page the button is on, and so does success: both answers redirect to
    `get_success_url()`."""

    def form_invalid(self, form):
        messages.error(self.request, " ".join(message for errors in form.errors.values() for message in errors))
        return redirect(self.get_success_url())
