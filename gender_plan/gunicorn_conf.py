"""gunicorn's settings for `make serve` (read from the environment, so the Makefile and a service unit agree)."""

import os

bind = os.environ.get("HOST", "127.0.0.1:8000")
# Two or three workers per core; the machine this was sized on has two cores.
workers = int(os.environ.get("WEB_CONCURRENCY", "3"))
# A report of a national plan or a workbook import may take a while; nothing legitimate takes longer than this.
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "120"))
graceful_timeout = 30
# A worker is replaced after this many requests, so memory a large workbook left behind is given back.
max_requests = 1000
max_requests_jitter = 100
accesslog = "-"
errorlog = "-"
# X-Forwarded-Proto is trusted only from these addresses (the reverse proxy on this machine by default).
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1")
# Combined log format, plus the worker's pid and the request's duration in milliseconds.
access_log_format = '%(h)s %(l)s %(u)s %(t)s "%(r)s" %(s)s %(b)s "%(f)s" "%(a)s" pid=%(p)s ms=%(M)s'
