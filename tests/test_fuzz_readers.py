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
