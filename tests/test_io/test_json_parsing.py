"""JSONL records are parsed by orjson where it reads them as json does, else by json."""

from __future__ import annotations

import json

import pytest

from decruft.io.readers import _parse_json_object


@pytest.mark.parametrize(
    "line",
    [
        '{"id": "a", "text": "x"}',
        '{"id": 123456789012345678901234567890, "text": "big id"}',  # orjson: a float
        '{"id": -9223372036854775809, "text": "x"}',
        '{"id": 18446744073709551615, "text": "x"}',
        '{"id": 1.5, "text": "x", "status": 200.0}',
        '{"id": "a", "text": "x", "status": NaN}',
        '{"id": "a", "text": "\\ud800 lone"}',
        '{"id": "a", "text": "x", "id": "dup"}',
        '{"id": "a", "text": "x", "extra": {"deep": [1e400, 12345678901234567890123]}}',
        '{"id": -0, "text": "\\u00e9\\n\\t"}',
    ],
)
def test_records_read_as_json_reads_them(line: str) -> None:
    got = _parse_json_object(line, 1)
    assert isinstance(got, dict)
    expected = json.loads(line)
    assert got == expected or json.dumps(got) == json.dumps(expected)  # NaN != NaN
    for key in ("id", "status"):
        assert type(got.get(key)) is type(expected.get(key))


@pytest.mark.parametrize(
    ("line", "reason"),
    [
        ("[1, 2]", "JSON record is not an object (got array)"),
        ("12345678901234567890123", "JSON record is not an object (got number)"),
        (
            "{",
            "invalid JSON: Expecting property name enclosed in double quotes at line 3, column 2",
        ),
        ("{} x", "invalid JSON: Extra data at line 3, column 4"),
    ],
)
def test_non_objects_and_errors_are_worded_by_json(line: str, reason: str) -> None:
    got = _parse_json_object(line, 3)
    assert not isinstance(got, dict)
    assert got.reason.startswith(reason)
