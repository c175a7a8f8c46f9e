"""Photos of requests: re-encoded without location data, refused when too large or not an image, and
downloadable only by users who may see the request."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from services.models import RequestAttachment, ServiceItem, ServiceRequest

GPS_IFD = 0x8825


def photo(name="photo.jpg", size=(2400, 1800), with_location=True, fmt="JPEG"):
    image = Image.new("RGB", size, (200, 120, 40))
    exif = Image.Exif()
    exif[0x010F] = "PhoneMaker"  # Make
    if with_location:
        exif[GPS_IFD] = {1: "N", 2: (39.0, 55.0, 30.0), 3: "E", 4: (116.0, 24.0, 10.0)}
    out = io.BytesIO()
    image.save(out, format=fmt, exif=exif.tobytes()) if fmt == "JPEG" else image.save(out, format=fmt)
    return SimpleUploadedFile(name, out.getvalue(), content_type=f"image/{fmt.lower()}")


def add_photos(client, service_request, *files, stage="request"):
    url = reverse("services:request-photos", args=[service_request.pk])
    form = client.get(url).context["form"]
    return client.post(url, {"stage": stage, "photos": list(files), "submission_key": form["submission_key"].value()})


def test_a_photo_is_stored_resized_and_without_its_location_and_camera(client, demo, requests_):
    client.force_login(demo["window"])

    answer = add_photos(client, requests_["li"], photo())

    assert answer.status_code == 302
    attachment = RequestAttachment.objects.get()
    stored = Image.open(attachment.file.open("rb"))
    assert max(stored.size) == 1600
    assert not stored.getexif()
    assert GPS_IFD not in stored.getexif()
    assert b"PhoneMaker" not in attachment.file.open("rb").read()
    assert (attachment.stage, attachment.uploaded_by) == ("request", demo["window"])


def test_an_oversized_or_non_image_upload_is_refused_with_a_clear_message(client, demo, requests_, settings):
    settings.ATTACHMENT_MAX_BYTES = 50_000
    client.force_login(demo["window"])
    big_bytes = io.BytesIO()
    Image.effect_noise((1500, 1500), 100).convert("RGB").save(big_bytes, format="PNG")

    too_large = add_photos(client, requests_["li"], SimpleUploadedFile("大图.png", big_bytes.getvalue()))
    not_image = add_photos(client, requests_["li"], SimpleUploadedFile("说明.pdf", b"%PDF-1.4 not a photo"))

    assert too_large.status_code == 200
    assert "大图.png" in str(too_large.context["form"].errors["photos"])
    assert not_image.status_code == 200
    assert "说明.pdf" in str(not_image.context["form"].errors["photos"])
    assert not RequestAttachment.objects.exists()


@pytest.mark.parametrize(
    ("username", "status"),
    [("window", 200), ("grid_b", 200), ("official", 200), ("street_official", 404), ("dept", 404)],
)
def test_a_photo_is_downloadable_only_by_users_who_see_its_request(client, demo, requests_, username, status):
    client.force_login(demo["window"])
    add_photos(client, requests_["li"], photo())
    attachment = RequestAttachment.objects.get()
    client.force_login(demo[username])

    answer = client.get(attachment.get_absolute_url())

    assert answer.status_code == status
    if status == 200:
        assert answer["Content-Type"] == "image/jpeg"
        assert "no-store" in answer["Cache-Control"]


def test_only_the_desk_the_department_and_the_reporter_add_photos(client, demo, requests_):
    client.force_login(demo["official"])
    official = client.get(reverse("services:request-photos", args=[requests_["li"].pk]))
    client.force_login(demo["grid_a"])
    reporter = client.get(reverse("services:request-photos", args=[requests_["report"].pk]))
    client.force_login(demo["street_official"])
    elsewhere = client.get(reverse("services:request-photos", args=[requests_["li"].pk]))

    assert official.status_code == 403
    assert reporter.status_code == 200
    assert elsewhere.status_code == 404


def test_a_grid_report_carries_its_photos(client, demo, register):
    client.force_login(demo["grid_a"])
    url = reverse("services:grid-report")
    form = client.get(url).context["form"]

    answer = client.post(
        url,
        {
            "item": ServiceItem.objects.get(name="路灯维修").pk,
            "grid": register["grid_1"].pk,
            "location": "1号楼东侧",
            "description": "路灯不亮",
            "priority": "normal",
            "photos": [photo(), photo("second.png", fmt="PNG")],
            "submission_key": form["submission_key"].value(),
        },
    )

    assert answer.status_code == 302
    report = ServiceRequest.objects.get(channel="grid_report")
    assert list(report.attachments.values_list("stage", flat=True)) == ["report", "report"]


def test_a_grid_report_without_a_grid_is_a_form_error_not_a_500(client, demo):
    client.force_login(demo["grid_a"])

    answer = client.post(
        reverse("services:grid-report"),
        {"item": ServiceItem.objects.get(name="路灯维修").pk, "grid": "", "location": "门口", "description": "坏了"},
    )

    assert answer.status_code == 200
    assert answer.context["form"].errors["grid"]
    assert answer.context["form"]["location"].value() == "门口"
