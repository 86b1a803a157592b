"""The warm load: a validated dataset is kept on disk, keyed by the data's content, and any change
to a CSV or the schema validates afresh."""

import json

import pandas as pd
import pytest

from helpers import data, paths


@pytest.fixture
def cache_dir(tmp_path, monkeypatch):
    folder = tmp_path / "cache"
    monkeypatch.setattr(paths, "CACHE", folder)
    data._CACHE.clear()
    yield folder
    data._CACHE.clear()


def test_a_second_load_reads_the_disk_cache(tiny_dir, cache_dir, monkeypatch):
    first = data.load(tiny_dir)
    files = list(cache_dir.glob("dataset-*.pkl"))
    assert len(files) == 1
    data._CACHE.clear()  # as a new process would start

    def no_validation(*a, **k):
        raise AssertionError("validated again although nothing changed")

    monkeypatch.setattr(data, "_load", no_validation)
    second = data.load(tiny_dir)
    for name in data.TABLES:
        pd.testing.assert_frame_equal(first.tables[name], second.tables[name])
    assert second.as_of == first.as_of and second.data_dir == tiny_dir


def test_a_changed_csv_is_validated_again(tiny_dir, cache_dir):
    data.load(tiny_dir)
    data._CACHE.clear()
    p = tiny_dir / "detentions.csv"
    p.write_text(p.read_text(encoding="utf-8").replace(",criminal,", ",political,", 1), encoding="utf-8")
    with pytest.raises(data.DataValidationError, match="kind='political'"):
        data.load(tiny_dir)
    assert len(list(cache_dir.glob("dataset-*.pkl"))) == 1  # the broken folder left nothing behind


def test_a_changed_schema_is_validated_again(tiny_dir, cache_dir):
    data.load(tiny_dir)
    data._CACHE.clear()
    p = tiny_dir / "datapackage.json"
    schema = json.loads(p.read_text(encoding="utf-8"))
    fields = next(r for r in schema["resources"] if r["name"] == "detentions")["schema"]["fields"]
    next(f for f in fields if f["name"] == "status_as_of")["constraints"]["enum"].remove("held")
    p.write_text(json.dumps(schema), encoding="utf-8")
    with pytest.raises(data.DataValidationError, match="status_as_of='held'"):
        data.load(tiny_dir)


def test_a_corrupt_cache_file_is_ignored(tiny_dir, cache_dir):
    data.load(tiny_dir)
    data._CACHE.clear()
    for f in cache_dir.glob("dataset-*.pkl"):
        f.write_bytes(b"not a pickle")
    assert len(data.load(tiny_dir).detentions) == 3
