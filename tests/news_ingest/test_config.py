from pathlib import Path

import pytest

from pipelines.core.settings import ConfigError, Settings
from pipelines.news_ingest.config import load_registry, load_settings, read_yaml

ROOT = Path(__file__).resolve().parents[2]
CONFIG_FILES = sorted((ROOT / "config").glob("*.yaml"))
REGISTRIES = sorted((ROOT / "config" / "feeds").glob("*.yaml"))


@pytest.mark.parametrize("path", CONFIG_FILES, ids=lambda p: p.name)
def test_every_config_file_loads(path):
    settings = load_settings(path)
    assert isinstance(settings, Settings)
    if settings.feeds.registry:
        assert Path(settings.feeds.registry).is_file()
        load_registry(settings.feeds.registry)


@pytest.mark.parametrize("path", REGISTRIES, ids=lambda p: p.name)
def test_every_registry_loads(path):
    load_registry(path)


def test_base_yaml_states_the_code_defaults():
    assert load_settings(ROOT / "config" / "base.yaml") == Settings()


def test_documented_keys_exist():
    settings = Settings().to_dict()
    for dotted in (
        "fetch.user_agent",
        "fetch.timeout_s",
        "fetch.max_bytes",
        "fetch.max_retries",
        "fetch.concurrency",
        "fetch.per_host_concurrency",
        "fetch.per_host_delay_s",
        "fetch.respect_robots",
        "language.max_chars",
        "dedup.threshold",
        "sink.kind",
        "sink.dead_letter_max_ratio",
    ):
        section, key = dotted.split(".")
        assert key in settings[section], dotted


def test_readme_documents_every_key():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    for section, values in Settings().to_dict().items():
        for key in values:
            assert f"`{section}.{key}`" in readme, f"{section}.{key} missing from README"


def test_set_overrides_with_types():
    settings = load_settings(
        None,
        [
            "fetch.timeout_s=5",
            "fetch.respect_robots=false",
            "fetch.allow_addresses=[127.0.0.1]",
            "sink.num_shards=3",
        ],
    )
    assert settings.fetch.timeout_s == 5.0
    assert settings.fetch.respect_robots is False
    assert settings.fetch.allow_addresses == ("127.0.0.1",)
    assert settings.sink.num_shards == 3


@pytest.mark.parametrize(
    ("assignment", "message"),
    [
        ("fetch.timeout=3", "fetch.timeout: unknown key"),
        ("fetcher.timeout_s=3", "fetcher: unknown section"),
        ("fetch.timeout_s=-1", "fetch.timeout_s: must be > 0"),
        ("fetch.timeout_s=abc", "fetch.timeout_s: expected float"),
        ("fetch.max_retries=true", "fetch.max_retries: expected int"),
        ("dedup.threshold=1.5", "dedup.threshold"),
        ("sink.kind=csv", "sink.kind"),
        ("sink.kind=postgresql", "sink.uri"),
        ("fetch.allow_addresses=[not-an-ip]", "fetch.allow_addresses"),
        ("timeout", "expected section.key=value"),
        ("state.uri=mysql://x", "state.uri"),
        ("extract.overlap=sometimes", "extract.overlap: must be true, false or auto"),
        ("extract.overlap=2", "extract.overlap: expected"),
    ],
)
def test_bad_settings_name_the_key(assignment, message):
    with pytest.raises(ConfigError, match=message):
        load_settings(None, [assignment])


@pytest.mark.parametrize(
    ("value", "expected"), [("auto", "auto"), ("true", True), ("false", False)]
)
def test_extract_overlap_is_a_flag_or_auto(value, expected):
    assert load_settings(None, [f"extract.overlap={value}"]).extract.overlap == expected


def test_bad_files(tmp_path):
    broken = tmp_path / "broken.yaml"
    broken.write_text("fetch: [unclosed\n")
    with pytest.raises(ConfigError, match="not valid YAML"):
        read_yaml(broken)
    with pytest.raises(ConfigError, match="No such file"):
        read_yaml(tmp_path / "missing.yaml")
    registry = tmp_path / "feeds.yaml"
    registry.write_text("feeds:\n  - id: a\n    url: http://x.invalid/a\n  - id: a\n    url: b\n")
    with pytest.raises(ConfigError, match="duplicate feed id"):
        load_registry(registry)
    registry.write_text("feeds:\n  - id: a\n")
    with pytest.raises(ConfigError, match="needs a 'url'"):
        load_registry(registry)


def test_registry_path_is_relative_to_its_config(tmp_path):
    (tmp_path / "feeds").mkdir()
    (tmp_path / "feeds" / "r.yaml").write_text("- url: http://x.invalid/rss\n  language: DE\n")
    (tmp_path / "c.yaml").write_text("feeds:\n  registry: feeds/r.yaml\n")
    settings = load_settings(tmp_path / "c.yaml")
    [source] = load_registry(settings.feeds.registry)
    assert source.language == "de"
