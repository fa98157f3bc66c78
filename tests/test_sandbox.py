"""The parsing sandbox: child crashes, hangs and memory blow-ups become clear errors."""
from __future__ import annotations

import os
import time

import pytest

from feedback_seg.errors import ColumnError, InternalError, UnreadableFileError
from feedback_seg.sandbox import preview_file, run_isolated


def test_returns_result_of_child():
    assert run_isolated("operator:add", 2, 3, timeout=30) == 5
    assert run_isolated("os:getpid", timeout=30) != os.getpid()


def test_abort_in_child_is_contained():
    with pytest.raises(UnreadableFileError, match="file unreadable: the parser crashed \\(SIGABRT\\)"):
        run_isolated("os:abort", timeout=30)
    assert run_isolated("operator:mul", 6, 7, timeout=30) == 42   # the parent is fine


def test_hang_is_killed_after_timeout():
    t0 = time.monotonic()
    with pytest.raises(UnreadableFileError, match="longer than 2 s"):
        run_isolated("time:sleep", 60, timeout=2)
    assert time.monotonic() - t0 < 20


def test_memory_limit():
    # bytearray(3 GiB) under a 512 MiB address-space cap fails inside the child.
    with pytest.raises(UnreadableFileError, match="memory"):
        run_isolated("builtins:bytearray", 3 * 1024 ** 3, timeout=30, memory_mb=512)


def raise_column_error(message):
    """A target for the child: a product error must cross the process boundary intact."""
    raise ColumnError(message, column="x")


def test_product_errors_keep_their_class():
    with pytest.raises(ColumnError, match="nope") as info:
        run_isolated("test_sandbox:raise_column_error", "nope", timeout=30)
    assert info.value.details == {"column": "x"}
    with pytest.raises(UnreadableFileError, match="JSONDecodeError"):
        run_isolated("json:loads", "{not json", timeout=30)


def buggy_reader(path):
    """A target for the child: a reader with a bug of ours (not a property of the file)."""
    return path.columns   # AttributeError: str has no attribute 'columns'


def test_a_reader_bug_is_an_internal_error_with_an_id_not_an_unreadable_file(caplog):
    with pytest.raises(InternalError, match="bug in feedback-seg, not a problem with the file") as info:
        run_isolated("test_sandbox:buggy_reader", "answers.csv", timeout=30)
    err = info.value
    assert not isinstance(err, UnreadableFileError) and err.http_status == 500
    assert len(err.error_id) == 12 and err.error_id in err.message and err.details["error_id"] == err.error_id


def test_a_missing_module_of_ours_fails_loudly():
    with pytest.raises(InternalError, match="ModuleNotFoundError"):
        run_isolated("no_such_module_xyz:f", timeout=30)


def test_preview_csv(tmp_path):
    f = tmp_path / "answers.csv"
    f.write_text("customer_id,age,answer\n"
                 "001,34,I love how easy the app is to use every single day\n"
                 "002,51,Customer service never answers my emails and that is frustrating\n"
                 "003,29,Prices went up again but the quality stayed the same sadly\n", encoding="utf-8")
    out = preview_file(f)
    assert out["rows_in"] == out["rows"] + out["rejected"] == 3
    roles = {c["name"]: c["role"] for c in out["columns"]}
    assert roles["answer"] == "text"
    assert roles["customer_id"] == "id"
    assert out["columns"][0]["samples"][0] == "001"          # ids stay strings
