import pytest

from pipelines.core.http import HttpSettings
from testing.local_site import LocalSite


@pytest.fixture
def site():
    with LocalSite() as local:
        yield local


@pytest.fixture
def http(site):
    return HttpSettings(
        per_host_delay_s=0.0,
        max_retries=1,
        backoff_s=0.01,
        timeout_s=5,
        allow_addresses=(f"127.0.0.1:{site.port}",),
    )
