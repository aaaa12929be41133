import pytest

from .legacy_site import LegacyServer, materialise


@pytest.fixture
def legacy_folder(tmp_path):
    return materialise(tmp_path / "legacy")


@pytest.fixture
def legacy_server(legacy_folder):
    with LegacyServer(legacy_folder) as server:
        yield server
