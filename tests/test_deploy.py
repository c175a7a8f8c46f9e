"""The production recipe of deploy/: gunicorn with its config and the production settings, with the task
worker beside it, on a database installed from nothing, serves a log-in, a page, readiness and a task
round trip; and the config files agree with each other and with .env.example."""

import http.cookiejar
import os
import re
import secrets
import shutil
import subprocess
import sys
import textwrap
import urllib.error
import urllib.parse
import urllib.request

import pytest

from tests.grids.factories import PASSWORD
from tests.processes import ROOT, free_port, portal_env, stop, wait_for_status

DEPLOY = ROOT / "deploy"
UNITS = DEPLOY / "systemd"


def env_example() -> dict[str, str]:
    values = {}
    for line in (ROOT / ".env.example").read_text().splitlines():
        if line.strip() and not line.lstrip().startswith("#"):
            key, _, value = line.strip().partition("=")
            values[key] = value
    return values


def without_test_settings(env: dict[str, str]) -> dict[str, str]:
    """`env` less the test run's own database timeouts and process kind: a server gets the defaults."""
    return {key: value for key, value in env.items() if not key.startswith(("DB_", "PORTAL_"))}


def gunicorn_config(**variables: str) -> dict[str, str]:
    """The settings gunicorn takes from deploy/gunicorn.conf.py in an environment with `variables`."""
    env = without_test_settings(dict(os.environ)) | variables
    command = [sys.executable, "-m", "gunicorn", "-c", "deploy/gunicorn.conf.py", "--print-config", "config.wsgi"]
    result = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True, timeout=60, check=True)
    return dict(re.findall(r"^(\w+)\s+= (.*)$", result.stdout, re.MULTILINE))


def nginx_blocks(text: str) -> list:
    """nginx's configuration as a tree: [directive, arguments, children or None] (no quoting rules
    beyond what deploy/nginx/portal.conf uses)."""
    tokens = re.findall(r'"[^"]*"|[{};]|[^\s{};"]+', re.sub(r"#.*", "", text))
    root, stack, words = [], [], []
    for token in tokens:
        if token in (";", "{"):
            block = [words[0], [word.strip('"') for word in words[1:]], [] if token == "{" else None]
            (stack[-1][2] if stack else root).append(block)
            if token == "{":
                stack.append(block)
            words = []
        elif token == "}":
            stack.pop()
        else:
            words.append(token)
    return root


def directives(blocks: list, name: str) -> list:
    return [block for block in blocks if block[0] == name]


def nginx_site_server() -> list:
    """The server block of the portal's own name (not the default or the HTTP redirect)."""
    servers = directives(nginx_blocks((DEPLOY / "nginx" / "portal.conf").read_text()), "server")
    return next(
        server[2] for server in servers if directives(server[2], "server_name") and directives(server[2], "location")
    )


def unit(name: str) -> dict[str, list[str]]:
    values: dict[str, list[str]] = {}
    for line in (UNITS / name).read_text().splitlines():
        if "=" in line and not line.startswith(("#", "[")):
            key, _, value = line.partition("=")
            values.setdefault(key, []).append(value)
    return values


def test_gunicorn_kills_a_request_only_well_after_the_database_has_cancelled_its_statement():
    config = gunicorn_config()

    assert int(config["timeout"]) >= 5 * float(env_example()["DB_STATEMENT_TIMEOUT"])
    assert int(config["graceful_timeout"]) > 0
    assert config["worker_class"] == "sync"
    assert int(config["max_requests"]) > 0
    assert int(config["max_requests_jitter"]) > 0


def test_gunicorn_refuses_to_start_with_a_statement_timeout_that_is_not_below_its_own():
    env = without_test_settings(dict(os.environ)) | {"DB_STATEMENT_TIMEOUT": "30"}
    command = [sys.executable, "-m", "gunicorn", "-c", "deploy/gunicorn.conf.py", "--check-config", "config.wsgi"]

    result = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True, timeout=60)

    assert result.returncode != 0
    assert "DB_STATEMENT_TIMEOUT (30 s) must be below gunicorn's timeout (30 s" in result.stdout + result.stderr


def test_gunicorn_believes_the_scheme_only_from_the_proxies_the_portal_trusts():
    assert gunicorn_config()["forwarded_allow_ips"] == "['127.0.0.1', '::1']"
    assert gunicorn_config(TRUSTED_PROXIES="10.0.0.5")["forwarded_allow_ips"] == "['10.0.0.5']"


def test_gunicorn_has_no_control_socket_outside_systemd_and_one_in_the_units_runtime_folder(tmp_path):
    assert gunicorn_config()["control_socket_disable"] == "True"
    under_systemd = gunicorn_config(RUNTIME_DIRECTORY=str(tmp_path))
    assert under_systemd["control_socket_disable"] == "False"
    assert under_systemd["control_socket"] == str(tmp_path / "gunicorn.ctl")
    assert unit("portal-web.service")["RuntimeDirectory"] == ["portal-web"]


def test_nginx_passes_every_request_to_gunicorns_address_with_the_proxy_headers_and_waits_longer_than_it():
    server = nginx_site_server()
    upstream = directives(nginx_blocks((DEPLOY / "nginx" / "portal.conf").read_text()), "upstream")[0]
    headers = {arguments[0]: arguments[1] for _name, arguments, _ in directives(server, "proxy_set_header")}
    proxied = [location for location in directives(server, "location") if directives(location[2], "proxy_pass")]

    assert directives(upstream[2], "server")[0][1] == [gunicorn_config()["bind"].strip("[']")]
    assert headers == {
        "Host": "$host",
        "X-Forwarded-For": "$proxy_add_x_forwarded_for",
        "X-Forwarded-Proto": "$scheme",
    }
    # A location with a proxy_set_header of its own would inherit none of the server's.
    assert {location[1][-1] for location in proxied} == {"/healthz", "/readyz", "/"}
    assert all(not directives(location[2], "proxy_set_header") for location in proxied)
    assert all(directives(location[2], "proxy_pass")[0][1] == ["http://portal_web"] for location in proxied)
    assert int(directives(server, "proxy_read_timeout")[0][1][0].removesuffix("s")) > int(gunicorn_config()["timeout"])


def test_nginx_does_not_log_the_health_probes_and_takes_excel_uploads():
    server = nginx_site_server()
    probes = [location for location in directives(server, "location") if location[1][-1] in ("/healthz", "/readyz")]

    assert len(probes) == 2
    assert all(directives(location[2], "access_log")[0][1] == ["off"] for location in probes)
    assert directives(server, "client_max_body_size")[0][1] == ["100m"]


def test_nginx_serves_the_static_root_of_env_example_and_keeps_hashed_names_for_a_year():
    (static,) = [location for location in directives(nginx_site_server(), "location") if location[1] == ["/static/"]]
    (hashed,) = directives(static[2], "location")

    assert directives(static[2], "alias")[0][1] == [env_example()["STATIC_ROOT"] + "/"]
    pattern = re.compile(hashed[1][-1])
    assert pattern.search("/static/css/portal.2fe79e6eff69.css")
    assert not pattern.search("/static/css/portal.css")
    headers = [arguments for _name, arguments, _ in directives(hashed[2], "add_header")]
    assert ["Cache-Control", "public, max-age=31536000, immutable", "always"] in headers


def test_the_units_run_the_checkout_with_the_settings_file_as_a_user_of_its_own_on_a_read_only_system():
    for name in ("portal-web.service", "portal-worker.service"):
        values = unit(name)
        assert values["User"] == ["portal"]
        assert values["WorkingDirectory"] == ["/srv/portal"]
        assert values["EnvironmentFile"] == ["/etc/portal/portal.env"]
        assert values["Restart"] == ["always"]
        for hardening in ("NoNewPrivileges", "PrivateTmp", "ProtectHome"):
            assert values[hardening] == ["true"], (name, hardening)
        assert values["ProtectSystem"] == ["strict"]
        # The files each command names are those of the checkout.
        for argument in " ".join(values["ExecStart"] + values.get("ExecStartPre", [])).split():
            if argument.startswith("/srv/portal/"):
                assert argument.startswith("/srv/portal/.venv/bin/"), argument
            elif argument.endswith(".py"):
                assert (ROOT / argument).is_file(), argument


def test_the_worker_may_write_its_backups_and_is_given_time_to_finish_its_job():
    worker = unit("portal-worker.service")
    writable = " ".join(worker["ReadWritePaths"]).split()

    assert "-" + env_example()["BACKUP_DIR"] in writable
    assert worker["KillSignal"] == ["SIGTERM"]
    # Only the worker gets the signal, not the pg_dump of a backup under way.
    assert worker["KillMode"] == ["mixed"]
    assert int(worker["TimeoutStopSec"][0]) >= 60
    web = unit("portal-web.service")
    assert int(web["TimeoutStopSec"][0]) > int(gunicorn_config()["graceful_timeout"])


@pytest.mark.skipif(not shutil.which("systemd-analyze"), reason="systemd-analyze is not installed")
def test_systemd_finds_nothing_wrong_in_the_units(tmp_path):
    # As installed, but in this checkout: systemd checks that the programs they start are there.
    (tmp_path / "portal.env").write_text("")
    for path in UNITS.glob("*.service"):
        text = path.read_text().replace("/etc/portal/portal.env", str(tmp_path / "portal.env"))
        (tmp_path / path.name).write_text(text.replace("/srv/portal/.venv/bin/", f"{sys.prefix}/bin/"))
    units = sorted(str(path) for path in tmp_path.glob("*.service"))

    result = subprocess.run(
        ["systemd-analyze", "verify", "--man=no", *units],  # noqa: S607 - from PATH
        capture_output=True,
        text=True,
        timeout=60,
    )

    assert len(units) == 2
    assert (result.returncode, result.stdout + result.stderr) == (0, "")


class Browser:
    """Just enough of one: cookies, redirects, and the status of an error page."""

    def __init__(self, base: str):
        self.base = base
        self.cookies = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.cookies))

    def open(self, path: str, data: dict | None = None, headers: dict | None = None) -> tuple[int, str, str, dict]:
        body = urllib.parse.urlencode(data).encode() if data is not None else None
        request = urllib.request.Request(  # noqa: S310 - the test server on the loopback
            self.base + path, data=body, headers={"Accept-Language": "zh-hans", **(headers or {})}
        )
        try:
            with self.opener.open(request, timeout=20) as response:
                return response.status, response.geturl(), response.read().decode(), dict(response.headers)
        except urllib.error.HTTPError as error:
            return error.code, error.geturl(), error.read().decode(), dict(error.headers)


# Defers the dashboards' refresh as a web request would, then waits for the worker to run it. The worker
# defers one itself as it starts; while that one waits, a second is refused (queueing_lock).
ROUND_TRIP = textwrap.dedent(
    """
    import time
    from procrastinate.contrib.django.models import ProcrastinateJob
    from procrastinate.exceptions import AlreadyEnqueued
    from dashboards.tasks import rollups_refresh

    deadline = time.monotonic() + 20
    while True:
        try:
            job = rollups_refresh.defer(timestamp=int(time.time()))
            break
        except AlreadyEnqueued:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.2)
    deferred = time.monotonic()
    while time.monotonic() - deferred < 20:
        status = ProcrastinateJob.objects.get(pk=job).status
        if status in ("succeeded", "failed"):
            break
        time.sleep(0.2)
    print(job, status, f"{time.monotonic() - deferred:.1f}")
    """
)


@pytest.mark.slow
def test_a_server_installed_from_nothing_serves_a_login_a_page_readiness_and_a_task(pgdata, tmp_path):
    port = free_port()
    env = without_test_settings(
        portal_env(
            pgdata,
            "portal",
            DEBUG="false",
            SECRET_KEY=secrets.token_urlsafe(50),
            ALLOWED_HOSTS="127.0.0.1",
            HTTPS="false",  # the loopback has no TLS; nginx in front does it in production
            STATIC_MANIFEST="true",
            STATIC_ROOT=str(tmp_path / "static"),
            TRUSTED_PROXIES="127.0.0.1",
            LOG_LEVEL="INFO",
        )
    ) | {"PORTAL_BIND": f"127.0.0.1:{port}", "PORTAL_WORKERS": "2"}
    manage = [sys.executable, "manage.py"]

    def run(*args: str) -> None:
        result = subprocess.run([*manage, *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120)
        assert result.returncode == 0, result.stdout + result.stderr

    # As after a fresh checkout: collected files, the schema, and someone to log in (a grid worker).
    collect = subprocess.Popen([*manage, "collectstatic", "--no-input", "-v", "0"], cwd=ROOT, env=env)
    try:
        run("migrate", "--no-input", "-v", "0")
        run("seed_demo", "--no-residents")
    finally:
        collected = collect.wait(120)
    assert collected == 0
    worker_log, web_log = tmp_path / "worker.log", tmp_path / "web.log"
    processes = []
    base = f"http://127.0.0.1:{port}"
    try:
        with worker_log.open("w") as log:
            worker = subprocess.Popen(
                [*manage, "procrastinate", "worker"], cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT
            )
            processes.append(worker)
        with web_log.open("w") as log:
            web = subprocess.Popen(
                [sys.executable, "-m", "gunicorn", "-c", "deploy/gunicorn.conf.py", "config.wsgi"],
                cwd=ROOT,
                env=env,
                stdout=log,
                stderr=subprocess.STDOUT,
            )
            processes.append(web)
        assert wait_for_status(f"{base}/healthz", 200, seconds=30) == 200, web_log.read_text()
        assert wait_for_status(f"{base}/readyz", 200, seconds=30) == 200, worker_log.read_text()

        browser = Browser(base)
        status, _url, page, _headers = browser.open("/accounts/login/")
        assert status == 200
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
        status, url, page, _headers = browser.open(
            "/accounts/login/", {"username": "grid_a", "password": PASSWORD, "csrfmiddlewaretoken": token, "next": ""}
        )
        assert (status, url) == (200, f"{base}/")
        assert "李强" in page
        assert "退出" in page
        # The collected, hashed files, as the pages name them.
        stylesheet = re.search(r'href="(/static/css/portal\.[0-9a-f]{12}\.css)"', page).group(1)
        status, _url, _css, headers = browser.open(stylesheet)
        assert status == 200
        assert "immutable" in headers["Cache-Control"]
        status, _url, page, _headers = browser.open("/residents/", headers={"X-Forwarded-For": "203.0.113.7"})
        assert status == 200

        result = subprocess.run(
            [*manage, "shell", "--no-imports", "-c", ROUND_TRIP],
            cwd=ROOT,
            env=env,
            capture_output=True,
            text=True,
            timeout=60,
        )
        assert result.returncode == 0, result.stderr
        job, status, _seconds = result.stdout.split()
        assert status == "succeeded", worker_log.read_text()
    finally:
        exits = [stop(process) for process in processes]

    assert exits == [0, 0], web_log.read_text() + worker_log.read_text()
    worker_lines, web_lines = worker_log.read_text(), web_log.read_text()
    assert re.search(rf"rollups_refresh\[{job}\].* ended with status: Success, lasted [0-9.]+ s", worker_lines)
    assert "Stopped worker" in worker_lines
    # The access log names the client as the proxy reported it; passed health probes are left out.
    assert re.search(r'^203\.0\.113\.7 127\.0\.0\.1 "GET /residents/ HTTP/1\.1" 200 ', web_lines, re.MULTILINE)
    assert '"GET /healthz ' not in web_lines
    # The last process to leave stopped the database server.
    assert not (pgdata / "postmaster.pid").exists()
