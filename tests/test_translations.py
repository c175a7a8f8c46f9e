"""The Simplified Chinese catalogue is complete, current and compiled."""

import shutil
import subprocess
import sys
from pathlib import Path

import polib
import pytest

ROOT = Path(__file__).resolve().parent.parent
PO = ROOT / "locale" / "zh_Hans" / "LC_MESSAGES" / "django.po"


def test_no_zh_hans_message_is_empty_or_fuzzy():
    catalogue = polib.pofile(str(PO))

    assert [entry.msgid for entry in catalogue.untranslated_entries()] == []
    assert [entry.msgid for entry in catalogue.fuzzy_entries()] == []
    for entry in catalogue:
        if entry.msgid_plural:
            assert all(entry.msgstr_plural.values()), entry.msgid


def test_the_compiled_catalogue_matches_the_po_file(tmp_path):
    polib.pofile(str(PO)).save_as_mofile(str(tmp_path / "django.mo"))

    assert (tmp_path / "django.mo").read_bytes() == PO.with_suffix(".mo").read_bytes(), (
        "run `make messages` (or scripts/compile_messages.py) and commit the .mo"
    )


@pytest.mark.skipif(not shutil.which("xgettext"), reason="GNU gettext (xgettext) is not installed")
def test_every_translatable_string_of_the_source_is_in_the_catalogue(tmp_path):
    copy = tmp_path / "portal"
    shutil.copytree(ROOT, copy, ignore=shutil.ignore_patterns(".git", ".venv", "var", "node_modules", "static", "*.mo"))
    env = {"PATH": "/usr/bin:/bin", "DEBUG": "true", "DATABASE_URL": "postgres://unused/unused"}
    result = subprocess.run(
        [sys.executable, "manage.py", "makemessages", "-l", "zh_Hans", "--no-obsolete"],
        cwd=copy,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr

    extracted = {entry.msgid for entry in polib.pofile(str(copy / PO.relative_to(ROOT)))}
    committed = {entry.msgid for entry in polib.pofile(str(PO))}
    assert extracted - committed == set(), "run `make messages` and translate the new strings"
