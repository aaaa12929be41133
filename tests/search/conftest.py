import os
import uuid

import pytest

BACKENDS = {
    "postgres": "search.backends.postgres.PostgresBackend",
    "elasticsearch": "search.backends.elasticsearch.ElasticsearchBackend",
}


@pytest.fixture(params=list(BACKENDS))
def search_backend(request, settings):
    """Run a test once per backend; Elasticsearch only where a server is configured."""
    if request.param == "elasticsearch":
        url = os.environ.get("ELASTICSEARCH_URL")
        if not url:
            pytest.skip("ELASTICSEARCH_URL is not set: no Elasticsearch server to run the behavioural tests on")
        settings.ELASTICSEARCH_URL = url
        # The index is not rolled back with the database: one throw-away index per test.
        settings.SITEGROUP_SEARCH_INDEX = f"sitegroup-test-{uuid.uuid4().hex[:12]}"
    settings.SITEGROUP_SEARCH_BACKEND = BACKENDS[request.param]
    yield request.param
    if request.param == "elasticsearch":
        from search.backends.elasticsearch import ElasticsearchBackend

        ElasticsearchBackend().client.indices.delete(index=settings.SITEGROUP_SEARCH_INDEX, ignore_unavailable=True)
