"""Photos of requests: checked, re-encoded without their metadata, and stored privately.

A phone photo carries where it was taken (EXIF GPS) and by what camera. Every upload is decoded and
written again as a JPEG from its pixels alone, turned upright first (EXIF orientation) and made at
most ATTACHMENT_MAX_SIDE pixels a side, so nothing of the original file's metadata survives.
"""

import io

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.template.defaultfilters import filesizeformat
from django.utils.functional import lazy
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from PIL import Image, ImageOps, UnidentifiedImageError

from .models import RequestAttachment, ServiceRequest

ACCEPTED_FORMATS = {"JPEG", "PNG", "WEBP", "GIF", "BMP", "MPO"}  # MPO: JPEGs of some phone cameras
# Larger images are refused before they are decoded: a phone photo is 12–50 million pixels.
MAX_PIXELS = 50_000_000


class PhotosInput(forms.ClearableFileInput):
    allow_multiple_selected = True


def _photos_help():
    return gettext("JPEG, PNG or WebP, up to %(size)s each. Location and camera data are removed.") % {
        "size": filesizeformat(settings.ATTACHMENT_MAX_BYTES)
    }


class PhotosField(forms.FileField):
    """Up to ATTACHMENTS_PER_REQUEST photos in one input; cleaned into a list of (content, width, height)."""

    widget = PhotosInput(attrs={"accept": "image/*", "multiple": True})

    def __init__(self, **kwargs):
        kwargs.setdefault("required", False)
        kwargs.setdefault("label", _("Photos"))
        kwargs.setdefault("help_text", lazy(_photos_help, str)())
        super().__init__(**kwargs)

    def clean(self, data, initial=None):
        uploads = [upload for upload in (data if isinstance(data, list | tuple) else [data]) if upload]
        if not uploads:
            if self.required:
                raise ValidationError(self.error_messages["required"], code="required")
            return []
        if len(uploads) > settings.ATTACHMENTS_PER_REQUEST:
            raise ValidationError(
                _("At most %(count)d photos at a time.") % {"count": settings.ATTACHMENTS_PER_REQUEST}, code="too_many"
            )
        return [reencode(upload) for upload in uploads]


def reencode(upload) -> tuple[ContentFile, int, int]:
    """The upload as a clean JPEG (content, width, height), or a ValidationError saying what is wrong."""
    name = upload.name or ""
    if upload.size > settings.ATTACHMENT_MAX_BYTES:
        raise ValidationError(
            _("“%(name)s” is %(size)s; a photo may be at most %(limit)s.")
            % {
                "name": name,
                "size": filesizeformat(upload.size),
                "limit": filesizeformat(settings.ATTACHMENT_MAX_BYTES),
            },
            code="too_large",
        )
    try:
        with Image.open(upload) as image:
            if image.format not in ACCEPTED_FORMATS:
                raise UnidentifiedImageError(image.format)
            if image.width * image.height > MAX_PIXELS:
                raise ValidationError(_("“%(name)s” has too many pixels for a photo.") % {"name": name})
            # A JPEG is decoded at the smallest scale still larger than the photo kept (1/2 … 1/8).
            image.draft("RGB", (settings.ATTACHMENT_MAX_SIDE, settings.ATTACHMENT_MAX_SIDE))
            image.load()
            upright = ImageOps.exif_transpose(image)
            upright.thumbnail((settings.ATTACHMENT_MAX_SIDE, settings.ATTACHMENT_MAX_SIDE))
            picture = upright.convert("RGB")
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, Image.DecompressionBombError):
        raise ValidationError(
            _("“%(name)s” is not a photo the portal can read (JPEG, PNG or WebP).") % {"name": name},
            code="not_an_image",
        ) from None
    out = io.BytesIO()
    picture.save(out, format="JPEG", quality=85, optimize=True)  # no exif= given: no metadata written
    return ContentFile(out.getvalue(), name="photo.jpg"), picture.width, picture.height


def attach(*, user, service_request, stage, photos) -> list[RequestAttachment]:
    """Store the cleaned photos (PhotosField) on the request; the rows are written in one transaction."""
    kept = []
    with transaction.atomic():
        # The request's row is locked, so that two uploads at once count each other's photos.
        ServiceRequest.objects.select_for_update(of=("self",)).filter(pk=service_request.pk).first()
        taken = RequestAttachment.objects.filter(request=service_request).count()
        if taken + len(photos) > settings.ATTACHMENTS_PER_REQUEST:
            raise ValidationError(
                {
                    "photos": _("A request keeps at most %(count)d photos; it has %(taken)d.")
                    % {"count": settings.ATTACHMENTS_PER_REQUEST, "taken": taken}
                }
            )
        for content, width, height in photos:
            attachment = RequestAttachment(
                request=service_request,
                stage=stage,
                width=width,
                height=height,
                size=content.size,
                uploaded_by=user,
            )
            attachment.file.save(content.name, content, save=False)
            attachment.save()
            kept.append(attachment)
    return kept
