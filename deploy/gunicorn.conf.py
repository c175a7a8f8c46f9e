"""gunicorn's settings for the portal: `gunicorn -c deploy/gunicorn.conf.py config.wsgi` (docs/deploy.md).

Each value can be changed through the environment (the systemd unit reads /etc/portal/portal.env):
PORTAL_BIND, PORTAL_WORKERS, PORTAL_WORKER_TIMEOUT, and TRUSTED_PROXIES, which the settings read too.
"""

import logging
import multiprocessing
import os

bind = os.environ.get("PORTAL_BIND", "127.0.0.1:8000")
# Sync workers: each serves one request at a time, which a page of this portal finishes in well
# under a second. Two per core plus one, at most eight: beyond that they only wait for PostgreSQL.
workers = int(os.environ.get("PORTAL_WORKERS", min(2 * multiprocessing.cpu_count() + 1, 8)))
worker_class = "sync"
# Above the database's statement timeout (DB_STATEMENT_TIMEOUT, 5 s): a request stuck on a query is
# cancelled by PostgreSQL and answered with the "please retry" page long before gunicorn would kill
# its worker and send a bare error. gunicorn refuses to start when the two are the wrong way round.
timeout = int(os.environ.get("PORTAL_WORKER_TIMEOUT", 30))
_statement_timeout = float(os.environ.get("DB_STATEMENT_TIMEOUT", 5))
if _statement_timeout >= timeout:
    raise RuntimeError(
        f"DB_STATEMENT_TIMEOUT ({_statement_timeout:g} s) must be below gunicorn's timeout ({timeout} s, "
        "PORTAL_WORKER_TIMEOUT): a slow query would kill its worker instead of getting the 'please retry' page."
    )
graceful_timeout = 30
keepalive = 5
# A worker is replaced after this many requests (with jitter, so that they are not all at once),
# which bounds the memory a long-running process can gather.
max_requests = 2000
max_requests_jitter = 200
# The proxy in front may say that the request came over HTTPS (X-Forwarded-Proto).
forwarded_allow_ips = os.environ.get("TRUSTED_PROXIES", "127.0.0.1,::1")
# Access log on stdout (journald), with the client's address as the proxy reports it. The path
# without its query string, and no referrer: a query may hold what was searched for (a name, a
# phone number), which the log must not keep.
accesslog = "-"
errorlog = "-"
access_log_format = '%({x-forwarded-for}i)s %(h)s "%(m)s %(U)s %(H)s" %(s)s %(B)s %(M)sms "%(a)s"'

# gunicorn (25.1 and newer) opens a control socket for `gunicornc`, by default under $HOME, which the
# service may not write (ProtectSystem=strict) and which every gunicorn of the same user would share.
# Under systemd it goes into the unit's RuntimeDirectory (/run/portal-web); without one there is none.
if os.environ.get("RUNTIME_DIRECTORY"):
    control_socket = os.path.join(os.environ["RUNTIME_DIRECTORY"].split(":")[0], "gunicorn.ctl")
else:
    control_socket_disable = True

HEALTH_PROBES = frozenset({"/healthz", "/readyz"})


def quiet_probes(record: logging.LogRecord) -> bool:
    """Leave out the access lines of health probes that passed: a monitor asking every few seconds
    would bury the requests of people (nginx does not log them either). A failed probe is logged."""
    atoms = record.args
    return not (isinstance(atoms, dict) and atoms.get("U") in HEALTH_PROBES and str(atoms.get("s")) == "200")


def on_starting(server):
    # Once, in the master before it forks: the workers inherit the filter, and a reload (SIGHUP), which
    # reads this file again, does not add a second one.
    logging.getLogger("gunicorn.access").addFilter(quiet_probes)
