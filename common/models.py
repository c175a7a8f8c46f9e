import functools

from django.db import models
from django.utils.encoding import force_str


class ChoiceLabels:
    """`get_FOO_display()` from a table of labels made once per field.

    Django's own builds a dict of every choice of the field on each call, hashing each (lazily
    translated) label, which costs a translation lookup per choice; a list of 50 rows showing three
    such fields made a few hundred of them. The labels stay lazy in the table, so each call still
    gives the label in the active language.
    """

    def _get_FIELD_display(self, field):
        value = getattr(self, field.attname)
        try:
            label = choice_labels(field).get(value, value)
        except TypeError:  # an unhashable value (a list, say): Django's way copes with it
            return super()._get_FIELD_display(field)
        return force_str(label, strings_only=True)


@functools.cache
def choice_labels(field) -> dict:
    """{value: label} of a field with choices, made once; the labels stay lazily translated."""
    return dict(field.flatchoices)



class RateLimitCounter(models.Model):
    """Attempts counted per key and time window, shared by every worker process."""

    key = models.CharField(max_length=64)
    window_start = models.DateTimeField()
    count = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["key", "window_start"], name="ratelimit_key_window")]
        indexes = [models.Index(fields=["window_start"], name="ratelimit_window")]

    def __str__(self):
        return f"{self.key} {self.window_start:%Y-%m-%d %H:%M} {self.count}"
