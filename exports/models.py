from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _


class ExportQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Users see the exports they asked for; superusers every export (the log of who took what)."""
        if user.is_superuser:
            return self
        return self.filter(created_by=user) if user.is_authenticated else self.none()

    def downloadable_by(self, user):
        """Only the person who asked for a file downloads it."""
        return self.filter(created_by=user, status=Export.Status.DONE).exclude(file="")


class Export(models.Model):
    """One export of a list: who took which rows (the list's address and filters), how many, and
    whether with full personal data. Small exports are answered at once and only recorded; larger
    ones are built by the task worker and their file kept for the person who asked, for a while."""

    class Status(models.TextChoices):
        BUILDING = "building", _("Being built")
        DONE = "done", _("Ready")
        FAILED = "failed", _("Failed")

    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("exported by")
    )
    created_at = models.DateTimeField(_("asked at"), auto_now_add=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)
    title = models.CharField(_("title"), max_length=100)
    path = models.CharField(_("address"), max_length=200)
    query = models.CharField(_("filters"), max_length=2000, blank=True)
    file_name = models.CharField(_("file name"), max_length=200)
    status = models.CharField(_("status"), max_length=16, choices=Status, default=Status.BUILDING)
    total_rows = models.PositiveIntegerField(_("rows"), default=0)
    done_rows = models.PositiveIntegerField(_("rows written"), default=0)
    full_personal_data = models.BooleanField(
        _("with full personal data"), default=False, help_text=_("ID numbers and phones unmasked.")
    )
    # In the default storage (MEDIA_ROOT, or an S3-compatible store), under a random name; served only
    # through the download view, to the person who asked.
    file = models.FileField(_("file"), upload_to="exports/%Y/%m/", blank=True, editable=False)
    message = models.CharField(_("message"), max_length=500, blank=True)

    objects = ExportQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("export")
        verbose_name_plural = _("exports")
        indexes = [models.Index(fields=["created_by", "-created_at"], name="export_user_recent")]

    def __str__(self):
        return self.file_name

    def get_absolute_url(self):
        return reverse("exports:detail", args=[self.pk])

    @property
    def list_url(self):
        """The list the rows came from (a register's: the registers page), with the filters."""
        if "/registers/" in self.path:
            return reverse("exports:registers")
        base = self.path.rsplit("/", 1)[0] + "/"
        return f"{base}?{self.query}" if self.query else base

    @property
    def is_running(self):
        return self.status == self.Status.BUILDING

    @property
    def progress_percent(self):
        return round(100 * self.done_rows / self.total_rows) if self.total_rows else 0
