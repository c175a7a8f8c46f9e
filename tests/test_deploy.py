"""The production recipe of deploy/: gunicorn with its config and the production settings, with the
task worker beside it, serves a log-in, a page, readiness and a task round trip."""

import http.cookiejar
import os
import re
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import pytest
from django.conf import settings
from django.contrib.auth.hashers import PBKDF2PasswordHasher
from django.db import connection
from procrastinate.contrib.django.models import ProcrastinateJob

from dashboards.tasks import rollups_refresh
from tests.grids.factories import PASSWORD

ROOT = Path(__file__).resolve().parent.parent


def production_env(tmp_path: Path, port: int) -> dict[str, str]:
    """The environment of a production server, on the test run's own database."""
    env = {key: value for key, value in os.environ.items() if not key.startswith(("DB_", "DEBUG"))}
    if settings.DATABASES["default"]["ENGINE"] == "config.db":
        env["EMBEDDED_DB_NAME"] = connection.settings_dict["NAME"]
    else:
        url = urlsplit(env["DATABASE_URL"])
        env["DATABASE_URL"] = urlunsplit(url._replace(path=f"/{connection.settings_dict['NAME']}"))
    env.update(
        DEBUG="false",
        SECRET_KEY="a-production-like-secret-key-for-this-test-only-" + "x" * 20,
        ALLOWED_HOSTS="127.0.0.1",
        HTTPS="false",  # the loopback has no TLS; nginx in front does it in production
        STATIC_MANIFEST="true",
        STATIC_ROOT=str(tmp_path / "static"),
        PORTAL_BIND=f"127.0.0.1:{port}",
        PORTAL_WORKERS="2",
    )
    return env


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Browser:
    """Just enough of one: cookies, redirects, and the status of an error page."""

    def __init__(self, base: str):
        self.base = base
        self.cookies = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.cookies))

    def open(self, path: str, data: dict | None = None) -> tuple[int, str, str]:
        body = urllib.parse.urlencode(data).encode() if data is not None else None
        request = urllib.request.Request(  # noqa: S310 - the test server on the loopback
            self.base + path, data=body, headers={"Accept-Language": "zh-hans"}
        )
        try:
            with self.opener.open(request, timeout=20) as response:
                return response.status, response.geturl(), response.read().decode()
        except urllib.error.HTTPError as error:
            return error.code, error.geturl(), error.read().decode()

    def cookie(self, name: str) -> str:
        return next(cookie.value for cookie in self.cookies if cookie.name == name)


def wait_for(check, seconds: float):
    deadline = time.monotonic() + seconds
    while True:
        try:
            if result := check():
                return result
        except OSError:
            pass
        if time.monotonic() > deadline:
            return None
        time.sleep(0.3)


@pytest.fixture
def no_jobs(django_db_blocker):
    def empty():
        with django_db_blocker.unblock(), connection.cursor() as cursor:
            cursor.execute("TRUNCATE procrastinate_jobs CASCADE")

    empty()
    yield
    empty()


@pytest.mark.slow
@pytest.mark.django_db(transaction=True)
def test_the_production_recipe_serves_a_login_a_page_readiness_and_a_task(demo, no_jobs, tmp_path):
    # The test's own hasher is a fast one the production settings do not know.
    demo["window"].password = PBKDF2PasswordHasher().encode(PASSWORD, "deploytestsalt")
    demo["window"].save(update_fields=["password"])
    port = free_port()
    env = production_env(tmp_path, port)
    manage = [sys.executable, "manage.py"]
    collected = subprocess.run([*manage, "collectstatic", "--no-input", "-v", "0"], cwd=ROOT, env=env, check=False)
    assert collected.returncode == 0
    processes = [
        subprocess.Popen([*manage, "procrastinate", "worker"], cwd=ROOT, env=env, stderr=subprocess.PIPE),
        subprocess.Popen(
            [sys.executable, "-m", "gunicorn", "-c", "deploy/gunicorn.conf.py", "config.wsgi"],
            cwd=ROOT,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
        ),
    ]
    browser = Browser(f"http://127.0.0.1:{port}")
    try:
        assert wait_for(lambda: browser.open("/readyz")[0] == 200, 60), browser.open("/readyz")

        status, _url, page = browser.open("/accounts/login/")
        assert status == 200
        assert re.search(r'href="/static/css/portal\.[0-9a-f]{12}\.css"', page)  # hashed, collected files
        status, url, page = browser.open(
            "/accounts/login/",
            {"username": "window", "password": PASSWORD, "csrfmiddlewaretoken": browser.cookie("csrftoken")},
        )
        assert (status, urlsplit(url).path) == (200, "/")
        assert "退出" in page
        assert browser.open("/services/requests/")[0] == 200

        job = rollups_refresh.defer(timestamp=0)
        done = wait_for(lambda: ProcrastinateJob.objects.get(pk=job).status == "succeeded", 30)
        assert done, ProcrastinateJob.objects.get(pk=job).status
    finally:
        for process in processes:
            process.terminate()
        logs = [process.communicate(timeout=60)[1].decode() for process in processes]
    assert all(process.returncode in (0, -15) for process in processes), logs
