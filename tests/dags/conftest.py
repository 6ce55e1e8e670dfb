"""The Airflow side of the tests: an isolated AIRFLOW_HOME (SQLite metadata database) whose DAG
folder is this project's ``dags/``, set up before anything imports Airflow.

These tests need Airflow and the Beam and Google providers (``make test-airflow`` builds
``.venv-airflow`` with the ``airflow`` extra); where Airflow is not installed, as in the
project venv, they are skipped with that reason.
"""

from __future__ import annotations

import atexit
import importlib.util
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path
from types import ModuleType

import pytest

DAGS_DIR = Path(__file__).resolve().parents[2] / "dags"
SKIP_REASON = (
    "Airflow is not installed in this environment; run `make test-airflow` "
    "(.venv-airflow with wirestream[airflow])"
)
# find_spec("airflow") does not import Airflow, which reads AIRFLOW_HOME when imported.
HAVE_AIRFLOW = importlib.util.find_spec("airflow") is not None

if HAVE_AIRFLOW:
    _home = tempfile.mkdtemp(prefix="wirestream-airflow-home-")
    atexit.register(shutil.rmtree, _home, True)
    os.environ.update(
        {
            "AIRFLOW_HOME": _home,
            "AIRFLOW__CORE__DAGS_FOLDER": str(DAGS_DIR),
            "AIRFLOW__CORE__LOAD_EXAMPLES": "False",
            "AIRFLOW__DATABASE__SQL_ALCHEMY_CONN": f"sqlite:///{_home}/airflow.db",
        }
    )
    # The DAG's defaults come from these; the tests pass what they need explicitly.
    for _name in [n for n in os.environ if n.startswith("WIRESTREAM_")]:
        del os.environ[_name]


def need_airflow() -> None:
    """Call at the top of an Airflow test module: skips it, with the reason, without Airflow."""
    if not HAVE_AIRFLOW:
        pytest.skip(SKIP_REASON, allow_module_level=True)
    pytest.importorskip("airflow.providers.apache.beam.operators.beam", reason=SKIP_REASON)


def airflow_cli(*args: str) -> str:
    """Runs the ``airflow`` CLI of this interpreter against the test AIRFLOW_HOME."""
    done = subprocess.run(
        [sys.executable, "-m", "airflow", *args], capture_output=True, text=True, timeout=300
    )
    if done.returncode:
        raise AssertionError(f"airflow {' '.join(args)} failed:\n{done.stdout}\n{done.stderr}")
    return done.stdout


def load_dag_file(name: str) -> ModuleType:
    """Imports ``dags/NAME.py`` under a private module name (the DAG folder is not a package)."""
    spec = importlib.util.spec_from_file_location(f"_wirestream_dag_{name}", DAGS_DIR / name)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="session")
def airflow_db() -> str:
    """A migrated metadata database with the project's DAGs serialized into it."""
    airflow_cli("db", "migrate")
    airflow_cli("dags", "reserialize")
    return os.environ["AIRFLOW_HOME"]
