"""The malformed-file corpus: every file is parsed exactly (rows_in = imported + rejected, no U+FFFD)
or refused with a FeedbackSegError naming the file (and the line where there is one). 0 crashes."""
from __future__ import annotations

import time

import pytest

import format_writers as fw
import malformed_writers as mw
from feedback_seg import config
from feedback_seg.errors import EncodingError, FeedbackSegError, InputError, UnreadableFileError
from feedback_seg.ingest.detect import read_file
from feedback_seg.ingest.xlsx import check_zip

# case -> (error class, text the message must contain) for files that must be refused
REFUSED = {
    "unterminated_quote": (UnreadableFileError, "line 3: unterminated quoted field"),
    "nul_bytes": (UnreadableFileError, "line 3: contains NUL bytes"),
    "empty": (UnreadableFileError, "empty"),
    "html_as_csv": (UnreadableFileError, "HTML"),
    "png_as_csv": (UnreadableFileError, "PNG image but the name ends in .csv"),
    "zip_as_sav": (UnreadableFileError, "ZIP archive but the name ends in .sav"),
    "sav_as_xlsx": (UnreadableFileError, "SPSS .sav file but the name ends in .xlsx"),
    "unknown_extension": (InputError, ".exe are not accepted"),
    "bad_json": (UnreadableFileError, "line 3"),
    "tweets_js_code": (UnreadableFileError, "malformed"),
    "xlsx_xxe": (UnreadableFileError, "DTD or XML entities"),
    "xlsx_billion_laughs": (UnreadableFileError, "DTD or XML entities"),
    "xlsx_bomb": (UnreadableFileError, "decompression bomb"),
    "xlsx_corrupt": (UnreadableFileError, "not a valid XLSX"),
}


@pytest.mark.parametrize("case", sorted(mw.CORPUS))
def test_corpus_parses_exactly_or_refuses_clearly(tmp_path, case):
    path = mw.CORPUS[case](tmp_path)
    if case in REFUSED:
        cls, text = REFUSED[case]
        with pytest.raises(cls) as info:
            read_file(path)
        assert path.name in str(info.value) and text in str(info.value)
        return
    try:
        table = read_file(path)
    except FeedbackSegError as exc:   # pragma: no cover - a refusal here is a regression
        pytest.fail(f"{case} refused: {exc}")
    assert table.rows_in == len(table.frame) + len(table.rejected)
    assert len(table.row_numbers) == len(table.frame)
    for col in table.frame.columns:
        assert not any("\ufffd" in v for v in table.frame[col]), col


def test_ragged_rows_rejected_with_line_and_counts(tmp_path):
    t = read_file(mw.ragged(tmp_path))
    assert t.frame["a"].tolist() == ["1", "10"] and t.row_numbers == [2, 5]
    assert [r.reason for r in t.rejected] == ["line 3: 2 fields, expected 3", "line 4: 4 fields, expected 3"]


def test_duplicate_headers_and_header_only(tmp_path):
    assert list(read_file(mw.duplicate_headers(tmp_path)).frame.columns) == ["x", "x.1", "x.2", "y"]
    t = read_file(mw.header_only(tmp_path))
    assert t.rows_in == 0 and list(t.frame.columns) == ["id", "text"] and t.warnings


def test_one_megabyte_field_is_kept_whole(tmp_path):
    t = read_file(mw.big_field(tmp_path))
    assert len(t.frame["text"].iloc[0]) == 1_000_000 and t.frame["text"].iloc[1] == "short"


@pytest.mark.parametrize("case", sorted(mw.ENCODINGS))
def test_encodings_decode_to_ground_truth(tmp_path, case):
    writer, known = mw.ENCODINGS[case]
    t = read_file(writer(tmp_path))
    assert t.frame["text"].iloc[0] == known
    assert t.frame["id"].tolist() == ["1", "2"]


def test_wrong_encoding_named_by_user_is_refused_with_line(tmp_path):
    writer, _ = mw.ENCODINGS["cp1252"]
    with pytest.raises(EncodingError, match=r"cp1252.csv: line 2: does not decode as utf-8"):
        read_file(writer(tmp_path), encoding="utf-8")


def test_bomb_refused_fast_before_openpyxl(tmp_path, monkeypatch):
    path = mw.xlsx_bomb(tmp_path)
    import openpyxl

    def boom(*a, **k):   # openpyxl must never see the bomb
        raise AssertionError("openpyxl reached")
    monkeypatch.setattr(openpyxl, "load_workbook", boom)
    start = time.perf_counter()
    with pytest.raises(UnreadableFileError, match="bomb"):
        read_file(path)
    assert time.perf_counter() - start < 1.0


def test_expansion_limit_is_enforced(tmp_path, monkeypatch):
    path = mw.xlsx_bomb(tmp_path, megabytes=2)
    monkeypatch.setattr(config, "MAX_XLSX_RATIO", 10_000)
    check_zip(path)                                        # under both limits: accepted
    monkeypatch.setattr(config, "MAX_XLSX_UNCOMPRESSED", 1024 * 1024)
    with pytest.raises(UnreadableFileError, match=r"expands to [0-9,]+ bytes \(limit 1,048,576\)"):
        check_zip(path)


def test_upload_size_limit(tmp_path, monkeypatch):
    path = mw.big_field(tmp_path)
    monkeypatch.setattr(config, "MAX_UPLOAD_BYTES", 1000)
    from feedback_seg.errors import FileTooLargeError
    with pytest.raises(FileTooLargeError, match="big_field.csv"):
        read_file(path)


def test_hand_made_workbook_control_reads(tmp_path):
    assert read_file(mw.xlsx_shared_ok(tmp_path)).frame["text"].tolist() == ["hello"]


def _mutants(data: bytes, seed: int, count: int):
    import random
    rng = random.Random(seed)
    for _ in range(count):
        buf = bytearray(data)
        for _ in range(rng.randint(1, 8)):
            if not buf:
                break
            op, pos = rng.random(), rng.randrange(max(1, len(buf)))
            if op < 0.4:
                buf[pos] = rng.randrange(256)
            elif op < 0.7:
                buf[pos:pos] = bytes([rng.choice(b'",;\n\r\x00\xff\xfe"{}[]<')])
            else:
                del buf[pos:pos + rng.randint(1, 50)]
        yield bytes(buf)


@pytest.mark.parametrize("writer,count", [(mw.ragged, 150), (mw.big_field, 5), (mw.xlsx_shared_ok, 150),
                                          (mw.bad_json, 60), (fw.write_intercom, 60), (fw.write_tweets_js, 60),
                                          (fw.write_reddit_listing, 60), (fw.write_social_listening, 60)])
def test_mutation_fuzz_never_crashes(tmp_path, writer, count):
    """Random byte mutations (fixed seed): each file parses with its rows accounted, or is refused
    with a FeedbackSegError naming it — no other exception type."""
    original = writer(tmp_path)
    data = original.read_bytes()
    for i, mutant in enumerate(_mutants(data, seed=7, count=count)):
        path = tmp_path / f"m{i}{original.suffix}"
        path.write_bytes(mutant)
        try:
            t = read_file(path)
        except FeedbackSegError as exc:
            assert path.name in str(exc) or "format" in str(exc), str(exc)
            continue
        assert t.rows_in == len(t.frame) + len(t.rejected)
