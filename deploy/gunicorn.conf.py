"""gunicorn settings for one Sitegroup app server: `gunicorn -c deploy/gunicorn.conf.py sitegroup.wsgi`."""
import multiprocessing
import os

bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")
workers = int(os.environ.get("GUNICORN_WORKERS", multiprocessing.cpu_count() * 2 + 1))
threads = int(os.environ.get("GUNICORN_THREADS", 1))
timeout = 60
graceful_timeout = 30
max_requests = 2000          # recycle workers now and then (long-lived processes grow)
max_requests_jitter = 200
accesslog = "-"
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1")
