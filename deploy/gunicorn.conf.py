"""gunicorn's settings for the portal: `gunicorn -c deploy/gunicorn.conf.py config.wsgi` (docs/deploy.md).

Each value can be changed through the environment (the systemd unit reads /etc/portal/portal.env).
"""

import multiprocessing
import os

bind = os.environ.get("PORTAL_BIND", "127.0.0.1:8000")
# Sync workers: each serves one request at a time, which a page of this portal finishes in well
# under a second. Two per core plus one, at most eight: beyond that they only wait for PostgreSQL.
workers = int(os.environ.get("PORTAL_WORKERS", min(2 * multiprocessing.cpu_count() + 1, 8)))
worker_class = "sync"
# Above the database's statement timeout (DB_STATEMENT_TIMEOUT, 5 s): a request stuck on a query is
# cancelled by PostgreSQL and answered with the "please retry" page long before gunicorn would kill
# its worker and send a bare error.
timeout = int(os.environ.get("PORTAL_WORKER_TIMEOUT", 30))
graceful_timeout = 30
keepalive = 5
# A worker is replaced after this many requests (with jitter, so that they are not all at once),
# which bounds the memory a long-running process can gather.
max_requests = 2000
max_requests_jitter = 200
# The proxy in front may say that the request came over HTTPS (X-Forwarded-Proto).
forwarded_allow_ips = os.environ.get("TRUSTED_PROXIES", "127.0.0.1,::1")
# Access log on stdout (journald), with the client's address as the proxy reports it.
accesslog = "-"
errorlog = "-"
access_log_format = '%({x-forwarded-for}i)s %(h)s "%(r)s" %(s)s %(B)s %(M)sms "%(f)s" "%(a)s"'
