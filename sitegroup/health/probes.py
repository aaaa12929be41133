"""Reachability probes: the home page of each site requested as inspectors do (15 s timeout).

The scheduled `health_probes` (every hour: 24 probes a day per site) and `manage.py site_health
--probe` probe every active site in parallel threads and stores one `Probe` row per site. A domain that
does not resolve, a refused connection, a timeout or an error status is a failed probe, never
an exception.
"""
import time
from concurrent.futures import ThreadPoolExecutor

import requests
from django.conf import settings
from django.utils import timezone

from .models import Probe

USER_AGENT = "Sitegroup-health-probe/1.0"


def probe_url(site):
    return settings.SITEGROUP_HEALTH_PROBE_URL.format(domain=site.primary_domain_name(), slug=site.slug)


def fetch(url, timeout):
    """(ok, status code or None, elapsed ms, error text) for one GET of `url`."""
    started = time.monotonic()
    try:
        with requests.get(url, timeout=timeout, headers={"User-Agent": USER_AGENT}, stream=True,
                          allow_redirects=True) as response:
            # Read the body within the same deadline: a page that starts but never finishes is down.
            deadline = started + timeout
            for _chunk in response.iter_content(64 * 1024):
                if time.monotonic() > deadline:
                    raise requests.Timeout(f"the page did not finish within {timeout:g} s")
            status = response.status_code
    except requests.RequestException as exc:
        return False, None, int((time.monotonic() - started) * 1000), f"{type(exc).__name__}: {exc}"[:300]
    elapsed = int((time.monotonic() - started) * 1000)
    if status >= 400:
        return False, status, elapsed, f"HTTP {status}"
    return True, status, elapsed, ""


def probe_site(site, *, now=None):
    ok, status, elapsed, error = fetch(probe_url(site), settings.SITEGROUP_HEALTH_PROBE_TIMEOUT)
    return Probe.objects.create(site=site, at=now or timezone.now(), ok=ok, status_code=status,
                                elapsed_ms=elapsed, error=error)


def probe_sites(sites, *, workers=16):
    """Probe every site in parallel; returns the stored probes in the order of `sites`."""
    sites = list(sites)
    if not sites:
        return []
    results = {}

    def one(site):
        results[site.pk] = fetch(probe_url(site), settings.SITEGROUP_HEALTH_PROBE_TIMEOUT)

    with ThreadPoolExecutor(max_workers=min(workers, len(sites))) as pool:
        list(pool.map(one, sites))
    now = timezone.now()
    return Probe.objects.bulk_create([
        Probe(site=site, at=now, ok=results[site.pk][0], status_code=results[site.pk][1],
              elapsed_ms=results[site.pk][2], error=results[site.pk][3]) for site in sites])
