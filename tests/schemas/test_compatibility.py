import copy
import json

import pytest

from schemas import ARTICLE_V1, ARTICLE_V2, SCHEMA_DIR, load_schema
from schemas.compat import BASELINE_V1, carried_over, check, main, version_markers

BASELINE_V2 = SCHEMA_DIR / "baseline" / "article.v2.json"


def baseline() -> dict:
    return json.loads(BASELINE_V1.read_text(encoding="utf-8"))


def changed(edit) -> dict:
    schema = copy.deepcopy(baseline())
    edit(schema)
    return schema


def data(schema: dict) -> dict:
    return schema["$defs"]["article"]


def choice(schema: dict) -> dict:
    return schema["$defs"]["choice"]


def bump(schema: dict, version: int = 2) -> None:
    schema["$id"] = schema["$id"].replace(".v1.", f".v{version}.")
    schema["properties"]["type"]["const"] = f"wirestream.article.v{version}"
    data(schema)["properties"]["schema_version"]["const"] = str(version)


def test_the_v1_schema_file_is_still_the_published_v1():
    report = check(baseline(), load_schema(ARTICLE_V1))
    assert report.changes == () and report.version_problems == ()
    assert report.ok and not report.bumped
    assert report.baseline_version == report.current_version == 1


def test_the_current_schema_is_v2_and_only_adds_fields_to_v1():
    assert load_schema() == load_schema(ARTICLE_V2)
    report = check(baseline(), load_schema())
    assert report.bumped and report.ok and report.current_version == 2
    # Every v1 field is still there with its shape; only the version markers and new fields
    # differ.
    assert carried_over(baseline(), load_schema()) == []
    new = {change.split(":")[0] for change in report.changes}
    assert {"type", "data.schema_version", "data.places", "data.events"} <= new


def test_the_current_schema_keeps_the_v2_contract():
    report = check(json.loads(BASELINE_V2.read_text(encoding="utf-8")), load_schema())
    assert report.changes == () and report.ok and report.current_version == 2


def test_carried_over_lists_changed_v1_fields_but_not_new_ones():
    def v2_that_drops_a_field(s):
        bump(s)
        remove_title(s)
        data(s)["properties"]["places"] = {"type": "array", "items": {"type": "string"}}
        data(s)["required"].append("places")

    assert carried_over(baseline(), changed(v2_that_drops_a_field)) == ["data.title: removed"]


def test_the_baseline_names_v1_everywhere():
    assert version_markers(baseline()) == {"$id": 1, "type": 1, "data.schema_version": 1}


def remove_title(s):
    del data(s)["properties"]["title"]
    data(s)["required"].remove("title")


def retype_word_count(s):
    data(s)["properties"]["word_count"] = {"type": "number", "minimum": 0}


def title_never_null(s):
    data(s)["properties"]["title"] = {"type": "string", "minLength": 1}


def summary_may_be_a_number(s):
    s["$defs"]["nullable_text"]["type"] = ["string", "number", "null"]


def require_similarity(s):
    data(s)["required"].append("similarity")


def make_text_optional(s):
    data(s)["required"].remove("text")


def new_required_field(s):
    data(s)["properties"]["section"] = {"type": "string"}
    data(s)["required"].append("section")


def new_confidence_level(s):
    choice(s)["properties"]["confidence"]["enum"].insert(0, "certain")


def new_specversion(s):
    s["properties"]["specversion"]["const"] = "1.1"


def stricter_language(s):
    data(s)["properties"]["language"]["pattern"] = "^[a-z]{2}$"


def candidates_never_null(s):
    choice(s)["properties"]["candidates"]["additionalProperties"] = {"type": "string"}


def authors_as_objects(s):
    data(s)["properties"]["authors"]["items"] = {
        "type": "object",
        "properties": {"name": {"type": "string"}},
    }


def open_article(s):
    data(s)["additionalProperties"] = True


def remove_provenance_flags(s):
    del choice(s)["properties"]["flags"]


@pytest.mark.parametrize(
    ("edit", "expected"),
    [
        (remove_title, "data.title: removed"),
        (retype_word_count, "data.word_count: type ['integer'] became ['number']"),
        (title_never_null, "data.title: type ['null', 'string'] became ['string']"),
        (summary_may_be_a_number, "data.summary: type"),
        (require_similarity, "data.similarity: made required"),
        (make_text_optional, "data.text: made optional"),
        (new_required_field, "data.section: new required field"),
        (new_confidence_level, "data.provenance.language.confidence: allowed values"),
        (new_specversion, "specversion: allowed values"),
        (stricter_language, "data.language: pattern"),
        (candidates_never_null, "data.provenance.published_at.candidates.*: type"),
        (authors_as_objects, "data.authors[]: type ['string'] became ['object']"),
        (open_article, "data: additionalProperties false became true"),
        (remove_provenance_flags, "data.provenance.language.flags: removed"),
    ],
)
def test_breaking_changes_without_a_version_bump_are_refused(edit, expected):
    report = check(baseline(), changed(edit))
    assert not report.ok
    assert any(change.startswith(expected) for change in report.changes), report.changes


def test_a_new_optional_field_is_compatible():
    def add_optional(s):
        data(s)["properties"]["paywalled"] = {"type": ["boolean", "null"]}
        choice(s)["properties"]["note"] = {"type": "string"}

    report = check(baseline(), changed(add_optional))
    assert report.ok and report.changes == ()


def test_respelling_a_field_without_changing_it_is_compatible():
    def respell(s):
        data(s)["properties"]["title"] = {
            "oneOf": [{"type": "string", "minLength": 1}, {"type": "null"}],
            "description": "The headline.",
        }
        data(s)["properties"]["revision_of"] = {
            "anyOf": [{"$ref": "#/$defs/short_id"}, {"type": "null"}]
        }
        s["description"] = "Reworded."

    assert check(baseline(), changed(respell)).ok


def test_a_version_bump_allows_breaking_changes():
    def v2(s):
        remove_title(s)
        retype_word_count(s)
        bump(s)

    report = check(baseline(), changed(v2))
    assert report.changes  # still listed, for the release notes
    assert report.bumped and report.ok
    assert report.current_version == 2


def test_a_half_done_bump_is_refused():
    def half(s):
        remove_title(s)
        data(s)["properties"]["schema_version"]["const"] = "2"

    report = check(baseline(), changed(half))
    assert not report.ok and not report.bumped
    assert report.version_problems == (
        "current schema: version markers disagree or are missing "
        "($id=1, type=1, data.schema_version=2)",
    )


def test_going_back_a_version_is_not_a_bump():
    v2 = changed(bump)
    report = check(v2, changed(remove_title))
    assert not report.bumped and not report.ok


def test_command_line(tmp_path, capsys):
    assert main([]) == 0
    assert capsys.readouterr().out.splitlines() == [
        "version bumped v1 → v2",
        "every v1 field is unchanged (fields added only)",
    ]
    broken = tmp_path / "broken.json"
    broken.write_text(json.dumps(changed(remove_title)), encoding="utf-8")
    assert main([str(BASELINE_V1), str(broken)]) == 1
    assert "data.title: removed" in capsys.readouterr().out
    bumped = tmp_path / "v2.json"
    bumped.write_text(json.dumps(changed(lambda s: (remove_title(s), bump(s)))), "utf-8")
    assert main([str(BASELINE_V1), str(bumped)]) == 0
    out = capsys.readouterr().out
    assert "version bumped v1 → v2" in out and "v1 field changed: data.title: removed" in out
    assert main([str(ARTICLE_V1), str(ARTICLE_V1)]) == 0
