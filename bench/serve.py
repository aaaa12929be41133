"""Serving benchmark: Sitegroup uncached and cached against a plain multi-site Wagtail, same run.

    make bench        # or: .venv/bin/python bench/serve.py [--seconds 5] [--load-seconds 60] [--no-load]

Builds, in a throw-away database (`sitegroup_bench_serve`), three township sites twice: as
Sitegroup sites (one schema each) and as a plain Wagtail multi-site install (one schema, three
Wagtail Site records, Wagtail's own hostname routing; bench/plain_wagtail.py). Then serves them
with gunicorn (production settings, Redis as the cache, ONE sync worker each) through:
  (a) Sitegroup, page cache off;  (b) Sitegroup, page cache on;  (c) the plain Wagtail install,
and measures home, column, article and search pages with wrk on loopback, plus the platform's
unknown-host 404 through (b) (the cheapest response the stack gives), in rounds that interleave
the setups (the median round is reported). Prints requests/s, p50
and p99 per page and the ratios the targets are about. Finally a bounded load run: 200
connections for 60 s against pages of the three sites, (b) with two workers, every response
checked for its own site's name and for no other's.

The machine is shared: figures move with its load (printed); the ratios are taken in one run.
"""
import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path
from urllib.parse import quote

import serve_content as content
from throwaway import ROOT, drop_throwaway_database, use_throwaway_database

DATABASE = "sitegroup_bench_serve"
PAGES = [("home", "/"), ("column", "/news/"), ("article", "/news/item-1/"),
         ("search", "/search/?q=" + quote(content.SEARCH_WORD))]
UNITS = {"us": 0.001, "ms": 1.0, "s": 1000.0}
LOAD_SCRIPT = """\
wrk.headers["Host"] = "{host}"
local paths = {{"/", "/news/", "/news/item-2/", "/notices/", "/notices/item-3/"}}
local counter = 0
local threads = {{}}
request = function()
  counter = counter + 1
  return wrk.format("GET", paths[counter % #paths + 1])
end
function setup(thread) table.insert(threads, thread) end
function init(args) checked = 0; wrong = 0 end
function response(status, headers, body)
  checked = checked + 1
  if status ~= 200 or not string.find(body, "{own}", 1, true) then wrong = wrong + 1
  {others}
  end
end
function done(summary, latency, requests)
  local total_checked, total_wrong = 0, 0
  for _, thread in ipairs(threads) do
    total_checked = total_checked + thread:get("checked")
    total_wrong = total_wrong + thread:get("wrong")
  end
  io.write(string.format("CHECKED %d WRONG %d\\n", total_checked, total_wrong))
end
"""


def build():
    from django.core.management import call_command
    from django.db import connection

    from tenants.models import Tenant

    print(f"Database {connection.settings_dict['NAME']}: migrating, building the sites ...")
    call_command("migrate", verbosity=0)
    for tenant in Tenant.objects.order_by("-level"):
        tenant.delete(force_drop=True)
    content.build()
    call_command("reindex", verbosity=0)
    with connection.cursor() as cursor:
        # Statistics for every new schema now, as a database in service has them, rather than
        # from autovacuum in the middle of the measured rounds.
        cursor.execute("ANALYZE")
    connection.close()


def wrk(port, host, path, seconds, connections=4, script=None):
    command = ["wrk", "-t1", f"-c{connections}", f"-d{seconds}s", "--latency", "--timeout", "10s",
               "-H", f"Host: {host}"]
    if script:
        command += ["-s", script]
    output = subprocess.run(command + [f"http://127.0.0.1:{port}{path}"], capture_output=True, text=True,
                            timeout=seconds + 60, check=True).stdout
    return parse_wrk(output)


def parse_wrk(output):
    def latency(percent):
        match = re.search(rf"^\s+{percent}%\s+([\d.]+)(us|ms|s)\s*$", output, re.M)
        return float(match.group(1)) * UNITS[match.group(2)] if match else float("nan")

    errors = sum(int(n) for n in re.findall(r"(?:connect|read|write|timeout) (\d+)", output))
    non_2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    checked = re.search(r"CHECKED (\d+) WRONG (\d+)", output)
    return {"rps": float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1)),
            "p50": latency(50), "p99": latency(99), "errors": errors,
            "non_2xx": int(non_2xx.group(1)) if non_2xx else 0,
            "requests": int(re.search(r"(\d+) requests in", output).group(1)),
            "checked": int(checked.group(1)) if checked else None,
            "wrong": int(checked.group(2)) if checked else None}


def check_page(app, host, path, site_name, cache_status=None):
    status, headers, body = app.get(host, path)
    assert status == 200 and site_name in body, (host, path, status)
    if cache_status:
        app.get(host, path)
        got = app.get(host, path)[1].get("x-sitegroup-cache")
        assert got == cache_status, (host, path, got)


def median_row(rows):
    """The round with the median req/s (its latencies with it)."""
    return sorted(rows, key=lambda row: row["rps"])[len(rows) // 2]


def worker_cpu_seconds(app):
    """CPU time (user + system) of the app's gunicorn worker so far, or None where /proc is missing.

    Per request, it is what the response costs the app whatever the machine's load (req/s on a
    shared machine also measure the other engineers' processes)."""
    try:
        children = Path(f"/proc/{app.process.pid}/task/{app.process.pid}/children").read_text().split()
        fields = Path(f"/proc/{children[0]}/stat").read_text().rsplit(")", 1)[1].split()
    except (OSError, IndexError):
        return None
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def measure(targets, rounds, seconds, pages=PAGES):
    """{target label: {page: row}}: every (target, page) measured once per round, targets interleaved
    within each page (which one goes first turns every round), so a change in the machine's load
    falls on all of them alike."""
    runs = {}
    for round_number in range(rounds):
        print(f"  round {round_number + 1}/{rounds}, load average {os.getloadavg()[0]:.2f}")
        for page, path in pages + [("404", "/")]:
            turn = round_number % len(targets)
            for label, app, host in targets[turn:] + targets[:turn]:
                if page == "404" and not label.startswith("(b)"):
                    continue
                target_host = "nosuch.localhost" if page == "404" else host
                before = worker_cpu_seconds(app)
                row = wrk(app.port, target_host, path, seconds)
                after = worker_cpu_seconds(app)
                row["cpu_ms"] = (1000 * (after - before) / row["requests"]
                                 if before is not None and after is not None and row["requests"] else float("nan"))
                runs.setdefault((label, page), []).append(row)
    results = {}
    for (label, page), rows in runs.items():
        cpu = sorted(row["cpu_ms"] for row in rows)
        results.setdefault(label, {})[page] = {**median_row(rows), "cpu_ms": cpu[len(cpu) // 2]}
    return results


def print_results(results):
    print(f"\n  {'setup':<26}{'page':<9}{'req/s':>9}{'p50 ms':>9}{'p99 ms':>9}{'errors':>8}{'CPU ms/req':>12}"
          "   (median of the rounds; CPU: the worker's own time per request)")
    for label, pages in results.items():
        for page, row in pages.items():
            print(f"  {label:<26}{page:<9}{row['rps']:>9.0f}{row['p50']:>9.1f}{row['p99']:>9.1f}"
                  f"{row['errors'] + row['non_2xx'] if page != '404' else '':>8}{row['cpu_ms']:>12.2f}")


def load_run(app, seconds, connections, folder):
    names = [name for _slug, name in content.SITES]
    scripts, processes = [], []
    per_site = [connections // len(names) + (1 if i < connections % len(names) else 0) for i in range(len(names))]
    for (slug, name), share in zip(content.SITES, per_site, strict=True):
        others = "\n  ".join(f'elseif string.find(body, "{other}", 1, true) then wrong = wrong + 1'
                             for other in names if other != name)
        script = folder / f"load-{slug}.lua"
        script.write_text(LOAD_SCRIPT.format(host=content.sitegroup_host(slug), own=name, others=others),
                          encoding="utf-8")
        scripts.append((slug, share, script))
    for _slug, share, script in scripts:
        processes.append(subprocess.Popen(
            ["wrk", "-t1", f"-c{share}", f"-d{seconds}s", "--latency", "--timeout", "10s", "-s", str(script),
             f"http://127.0.0.1:{app.port}/"], stdout=subprocess.PIPE, text=True))
    results = []
    for (slug, share, _script), process in zip(scripts, processes, strict=True):
        output, _ = process.communicate(timeout=seconds + 60)
        results.append((slug, share, parse_wrk(output)))
    return results


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=int, default=3, help="wrk duration per page and round")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--load-seconds", type=int, default=60)
    parser.add_argument("--load-connections", type=int, default=200)
    parser.add_argument("--no-load", action="store_true", help="skip the load run")
    parser.add_argument("--reuse", action="store_true", help="reuse the sites of a previous --keep run")
    parser.add_argument("--keep", action="store_true", help="keep the benchmark database")
    parser.add_argument("--pages", default=",".join(name for name, _path in PAGES),
                        help="comma-separated pages to measure while iterating (default: all)")
    args = parser.parse_args()
    if not shutil.which("wrk") or not shutil.which("redis-server"):
        sys.exit("bench/serve.py needs Debian's wrk and redis-server (.ci/run installs them).")
    use_throwaway_database(DATABASE)
    if not args.reuse:
        build()

    sys.path.insert(0, str(ROOT))
    from tests.pagecache.servers import AppServer, Redis

    folder = Path(tempfile.mkdtemp(prefix="sitegroup-bench-serve-"))
    redis = Redis(folder)
    database = DATABASE if not os.environ.get("BENCH_DATABASE_URL") else ""
    common = {"cache_url": redis.url, "PYTHONPATH": f"{ROOT / 'bench'}{os.pathsep}{ROOT}"}
    if os.environ.get("BENCH_DATABASE_URL"):
        common["DATABASE_URL"] = os.environ["BENCH_DATABASE_URL"]
    setups = [("(a) Sitegroup, uncached", {"SITEGROUP_PAGE_CACHE": "false"}, content.sitegroup_host, None),
              ("(b) Sitegroup, cached", {"SITEGROUP_PAGE_CACHE": "true"}, content.sitegroup_host, "hit"),
              ("(c) plain Wagtail", {"DJANGO_SETTINGS_MODULE": "plain_wagtail"}, content.plain_host, None)]
    apps = []
    try:
        print(f"\nOne gunicorn sync worker per setup, Redis cache, wrk -c4 for {args.seconds} s per page and "
              f"round, {args.rounds} rounds. Load average {os.getloadavg()[0]:.2f} (2 cores, shared).")
        targets = []
        for label, environment, host_of, cache_status in setups:
            apps.append(AppServer(folder, database, **common, **environment))
            host = host_of(content.SITES[0][0])
            for _page, path in PAGES:
                check_page(apps[-1], host, path, content.SITES[0][1], cache_status)
            targets.append((label, apps[-1], host))
        pages = [(name, path) for name, path in PAGES if name in args.pages.split(",")]
        results = measure(targets, args.rounds, args.seconds, pages)
        for app in apps:
            app.stop()
        apps = []
        print_results(results)
        results["404"] = results["(b) Sitegroup, cached"].pop("404")
        report(results, pages)
        if not args.no_load:
            app = AppServer(folder, database, workers=2, **common, SITEGROUP_PAGE_CACHE="true")
            try:
                print(f"\nLoad run: {args.load_connections} connections for {args.load_seconds} s against 3 "
                      f"sites (5 pages each), Sitegroup cached, gunicorn with 2 sync workers (one per core); "
                      f"wrk counts a response slower than 10 s as an error; load average "
                      f"{os.getloadavg()[0]:.2f}")
                report_load(load_run(app, args.load_seconds, args.load_connections, folder))
            finally:
                app.stop()
    finally:
        for app in apps:
            app.stop()
        redis.stop()
        shutil.rmtree(folder, ignore_errors=True)
        print(f"Load average at the end: {os.getloadavg()[0]:.2f}")
    if not args.keep:
        drop_throwaway_database(DATABASE)


def report(results, pages=PAGES):
    uncached, cached, plain = (results[label] for label in ("(a) Sitegroup, uncached", "(b) Sitegroup, cached",
                                                            "(c) plain Wagtail"))
    not_found = results["404"]["rps"]
    not_found_cpu = results["404"]["cpu_ms"]
    print("\nRatios (same run):")
    print(f"  {'page':<9}{'(a)/(c) uncached vs plain':>28}{'(b)/(c) cached vs plain':>26}{'(b)/404':>10}")
    for name, _path in pages:
        print(f"  {name:<9}{uncached[name]['rps'] / plain[name]['rps']:>28.2f}"
              f"{cached[name]['rps'] / plain[name]['rps']:>26.1f}{cached[name]['rps'] / not_found:>10.2f}")
    worst_uncached = min(uncached[n]["rps"] / plain[n]["rps"] for n, _ in pages)
    worst_hit = min(cached[n]["rps"] for n, _ in pages)
    print(f"Targets: uncached ≥ 0.9× plain Wagtail: worst page {worst_uncached:.2f}× "
          f"({'met' if worst_uncached >= 0.9 else 'NOT met'}); cached hit ≥ 0.8× the 404: worst "
          f"{worst_hit / not_found:.2f}× ({'met' if worst_hit >= 0.8 * not_found else 'NOT met'}); "
          f"≥ 1000 req/s per worker: worst {worst_hit:.0f} ({'met' if worst_hit >= 1000 else 'NOT met'})")
    # The same comparisons in the worker's CPU time per request, which the machine's load moves less.
    cpu_uncached = min(plain[n]["cpu_ms"] / uncached[n]["cpu_ms"] for n, _ in pages)
    cpu_hit = max(cached[n]["cpu_ms"] for n, _ in pages)
    print(f"In worker CPU per request: uncached vs plain worst {cpu_uncached:.2f}× (plain's CPU / Sitegroup's); "
          f"costliest hit {cpu_hit:.2f} ms, i.e. {1000 / cpu_hit:.0f} req/s for a worker with a core to itself; "
          f"404 {not_found_cpu:.2f} ms")


def report_load(results):
    total = {"requests": 0, "errors": 0, "wrong": 0}
    print(f"  {'site':<8}{'conns':>6}{'requests':>10}{'req/s':>9}{'p50 ms':>9}{'p99 ms':>9}{'errors':>8}"
          f"{'wrong site/status':>19}")
    for slug, share, row in results:
        errors = row["errors"] + row["non_2xx"]
        print(f"  {slug:<8}{share:>6}{row['requests']:>10}{row['rps']:>9.0f}{row['p50']:>9.1f}{row['p99']:>9.1f}"
              f"{errors:>8}{row['wrong']:>19}")
        total["requests"] += row["requests"]
        total["errors"] += errors
        total["wrong"] += row["wrong"]
    worst_p99 = max(row["p99"] for _slug, _share, row in results)
    print(f"  all: {total['requests']} requests, {total['errors']} errors, {total['wrong']} responses with "
          f"another site's content or a bad status, worst p99 {worst_p99:.1f} ms "
          f"({'OK' if total['errors'] == 0 and total['wrong'] == 0 else 'FAILED'})")


if __name__ == "__main__":
    main()
