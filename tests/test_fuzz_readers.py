"""A short run of benchmarks/fuzz_readers.py: mutated sample exports never hit a bug or kill the caller."""
from __future__ import annotations

import importlib
import io
import sys
import zipfile
from pathlib import Path

import pytest

FORMATS = ["csv", "xlsx", "sav", "json"]


@pytest.fixture(scope="module")
def fuzz():
    # imported by name (not from a file spec) so the spawned worker can import it too
    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "benchmarks"))
    mod = importlib.import_module("fuzz_readers")
    if not (mod.FORMATS_DIR / "spss" / "survey.sav").is_file():   # ../shared/datasets or /work/shared/datasets
        pytest.skip(f"dataset not available: {mod.FORMATS_DIR}")
    return mod


def test_mutations_are_seeded_and_change_the_bytes(fuzz):
    groups = fuzz.samples()
    assert set(FORMATS) <= set(groups)
    for fmt in FORMATS:
        src = groups[fmt][0].read_bytes()
        a = [fuzz.mutate(fmt, src, s) for s in range(20)]
        assert a == [fuzz.mutate(fmt, src, s) for s in range(20)]          # reproducible from the seed
        assert sum(m != src for m, _ in a) >= 15                             # and they do damage the file
    xlsx = groups["xlsx"][0].read_bytes()
    damaged = [fuzz._zip_member(__import__("random").Random(s), xlsx) for s in range(10)]
    assert any(zipfile.ZipFile(io.BytesIO(d)).namelist() != zipfile.ZipFile(io.BytesIO(xlsx)).namelist()
               or d != xlsx for d in damaged)


def test_worker_fuzz_finds_no_internal_error_and_no_crash(fuzz):
    res = fuzz.run(25, seed=7, formats=FORMATS, worker=True)
    assert res["n_per_format"] == {f: 25 for f in FORMATS}
    assert res["failures"] == [], res["failures"]
    for fmt in FORMATS:   # the mutations both break files and leave some readable: both paths are exercised
        assert res["counts"][fmt].get("rejected", 0) > 0, (fmt, res["counts"][fmt])
    assert res["totals"].get("clean", 0) > 0


def test_the_upload_sandbox_itself_rejects_mutated_files_cleanly(fuzz):
    res = fuzz.run(2, seed=3, formats=FORMATS)          # service.preview_file, a fresh child per file
    assert res["mode"] == "sandbox" and res["mutations"] == 2 * len(FORMATS)
    assert res["failures"] == [], res["failures"]
    assert set(res["totals"]) <= {"clean", "rejected"}


# ---- crashes the fuzzer found: ReadStat (under pyreadstat) segfaulted on these dictionaries ----

def _damaged(fuzz, offset: int, value: int) -> bytes:
    data = bytearray((fuzz.FORMATS_DIR / "spss" / "survey.sav").read_bytes())
    data[offset] = value
    return bytes(data)


@pytest.mark.parametrize("offset,value,reason", [
    (180, 35, "missing 4 continuation"),        # string width 3 -> 35 with no continuation records (seed 1000136)
    (711, 64, "variable index 1073741831"),     # value-label variable index out of range (seed 1000119)
    (230, 4, "impossible type code"),           # type code 262144 (seed 1000499)
    (319, 128, "a label of -2147483644 bytes"),  # negative label length: once an internal error of the check
])
def test_sav_dictionaries_that_crashed_readstat_are_rejected_with_a_reason(fuzz, tmp_path, offset, value, reason):
    from feedback_seg import errors, service

    path = tmp_path / "survey.sav"
    path.write_bytes(_damaged(fuzz, offset, value))
    with pytest.raises(errors.UnreadableFileError) as info:
        service.preview_file(path)                       # the upload's sandbox: no longer a SIGSEGV
    assert "survey.sav: cannot read as SPSS: malformed dictionary" in info.value.message
    assert reason in info.value.message and "crashed" not in info.value.message


def test_sav_dictionary_check_accepts_what_pyreadstat_writes(tmp_path):
    import pandas as pd
    import pyreadstat

    from feedback_seg.ingest.readers._savcheck import check_dictionary
    from feedback_seg.ingest.readers.spss import read

    df = pd.DataFrame({"id": [1, 2], "short": ["a", "bb"], "mid": ["x" * 20, "y" * 40],
                       "long": ["L" * 300, "M" * 1000], "q": [1.0, 99.0]})
    labels = dict(column_labels=["ID", "Short", "Mid", "Long", "Q"], missing_ranges={"q": [99]},
                  variable_value_labels={"q": {1: "one", 99: "dk"}, "short": {"a": "Alpha"}}, note="a note")
    for name, kw in (("plain.sav", {}), ("rows.sav", {"row_compress": True}), ("z.zsav", {"compress": True})):
        path = tmp_path / name
        pyreadstat.write_sav(df, str(path), **kw, **labels)
        check_dictionary(path.read_bytes())
        table = read(path)
        assert list(table.frame["long"]) == ["L" * 300, "M" * 1000]
        assert list(table.frame["q"]) == ["one", ""]                # 99 declared missing, 1 labelled
