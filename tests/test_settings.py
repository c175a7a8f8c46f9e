"""Production settings: the values documented in .env.example pass Django's deployment checks."""

import os
import secrets
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def production_env(**overrides):
    env = {key: value for key, value in os.environ.items() if not key.startswith(("DJANGO_", "DEBUG"))}
    for line in (ROOT / ".env.example").read_text().splitlines():
        line = line.strip()
        if line and not line.startswith("#"):
            key, _, value = line.partition("=")
            env[key] = value
    env["SECRET_KEY"] = secrets.token_urlsafe(50)
    env.update(overrides)
    return env


def manage(*args, env):
    return subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=60
    )


def test_check_deploy_passes_with_the_production_values_of_env_example():
    result = manage("check", "--deploy", "--fail-level", "WARNING", env=production_env())

    assert result.returncode == 0, result.stdout + result.stderr


def test_the_portal_refuses_to_start_without_a_secret_key_when_debug_is_off():
    result = manage("check", env=production_env(SECRET_KEY=""))

    assert result.returncode != 0
    assert "SECRET_KEY must be set" in result.stderr


def test_debug_is_off_unless_set():
    env = production_env()
    del env["DEBUG"]

    result = manage("shell", "--no-imports", "-c", "from django.conf import settings; print(settings.DEBUG)", env=env)

    assert result.stdout.strip() == "False", result.stderr


def test_every_setting_read_from_the_environment_is_documented_in_env_example():
    import re

    source = (ROOT / "config" / "settings.py").read_text() + (ROOT / "config" / "db" / "base.py").read_text()
    read = set(re.findall(r'env(?:\.\w+)?\("([A-Z_]+)"', source)) | set(
        re.findall(r'os\.environ\.get\("([A-Z_]+)"', source)
    )
    documented = set(re.findall(r"^#?\s*([A-Z_]+)=", (ROOT / ".env.example").read_text(), re.MULTILINE))

    assert read - documented == set()
