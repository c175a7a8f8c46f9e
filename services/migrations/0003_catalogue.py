"""The service catalogue shipped with the portal (services/catalogue.json): 23 categories and
135 items with materials and time limits. Communities edit it in the admin afterwards; this
migration adds only what is missing, so it never overwrites their edits."""

import json
from pathlib import Path

from django.db import migrations
from pypinyin import Style, lazy_pinyin

CATALOGUE = Path(__file__).resolve().parent.parent / "catalogue.json"


def initials(name):
    letters = "".join(lazy_pinyin(name, style=Style.FIRST_LETTER, errors=lambda chars: list(chars))).lower()
    return "".join(ch for ch in letters if "a" <= ch <= "z")


def load(apps, schema_editor):
    ServiceCategory = apps.get_model("services", "ServiceCategory")
    ServiceItem = apps.get_model("services", "ServiceItem")
    data = json.loads(CATALOGUE.read_text(encoding="utf-8"))
    for category_data in data["categories"]:
        category, _ = ServiceCategory.objects.get_or_create(
            code=category_data["code"], defaults={"name": category_data["name"]}
        )
        for item in category_data["items"]:
            ServiceItem.objects.get_or_create(
                code=item["code"],
                defaults={
                    "category": category,
                    "name": item["name"],
                    "name_initials": initials(item["name"]),
                    "description": item["description"],
                    "materials": item["materials"],
                    "committed_days": item["committed_days"],
                    "legal_days": item["legal_days"],
                    "function": item["function"],
                    "requires_resident": item["requires_resident"],
                    "is_dispute": item["is_dispute"],
                },
            )


class Migration(migrations.Migration):
    dependencies = [("services", "0002_calendar")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
