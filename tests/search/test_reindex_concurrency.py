"""While `reindex` swaps a site's documents, searches from other connections keep finding them."""
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.db import connection

from search.backends.base import SearchRequest, get_backend

pytestmark = pytest.mark.django_db
ROOT = Path(__file__).resolve().parents[2]


def manage(*args, pause=0.0):
    """Run manage.py against the test database in another process (its own connection, committed)."""
    env = dict(os.environ, DJANGO_SETTINGS_MODULE="sitegroup.settings.test",
               SITEGROUP_DB_NAME=connection.settings_dict["NAME"], SITEGROUP_TEST_REINDEX_PAUSE=str(pause))
    if os.environ.get("DATABASE_URL"):
        base, _sep, _name = os.environ["DATABASE_URL"].rpartition("/")
        env["DATABASE_URL"] = f"{base}/{connection.settings_dict['NAME']}"
    return subprocess.Popen([sys.executable, str(ROOT / "manage.py"), *args], env=env, cwd=ROOT,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


# No skip: the suite's database is always one another process can reach (the embedded server's
# socket, or the server DATABASE_URL names), and `manage` points the child at it either way.
def test_search_keeps_returning_results_while_a_site_is_rebuilt(cluster):
    first = manage("reindex", "--site", "west")
    assert first.wait(timeout=120) == 0, first.stderr.read()
    try:
        assert get_backend().search(SearchRequest(q="新闻动态", sites=["west"])).total == 1
        rebuild = manage("reindex", "--site", "west", pause=3)
        seen = []
        while rebuild.poll() is None:
            seen.append(get_backend().search(SearchRequest(q="新闻动态", sites=["west"])).total)
            time.sleep(0.2)
        assert rebuild.returncode == 0, rebuild.stderr.read()
        assert len(seen) >= 5 and all(total == 1 for total in seen), seen
    finally:
        cleanup = manage("shell", "-c", "from search.models import SearchDocument; "
                                        "SearchDocument.objects.filter(site__slug='west').delete()")
        cleanup.wait(timeout=120)
