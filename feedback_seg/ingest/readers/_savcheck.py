"""Check an SPSS file's dictionary before pyreadstat sees it.

ReadStat (the C library under pyreadstat) trusts the dictionary: a string width with too few
continuation records, or a value-label record naming a variable index past the end, makes it
read out of bounds and crash (found by benchmarks/fuzz_readers.py). :func:`check_dictionary`
walks the dictionary records (they are never compressed) and raises ``ValueError`` with the
reason for those inconsistencies; a file it cannot walk is left to ReadStat to judge.
"""
from __future__ import annotations

import struct

HEADER = 176


def check_dictionary(data: bytes) -> None:
    """Raise ``ValueError`` when the dictionary of ``data`` (a .sav/.zsav) is inconsistent."""
    if len(data) < HEADER or data[:4] not in (b"$FL2", b"$FL3"):
        return
    end = next((e for e in "<>" if struct.unpack(e + "i", data[64:68])[0] in (2, 3)), None)
    if end is None:
        return

    def i32(pos: int) -> int:
        if not 0 <= pos <= len(data) - 4:
            raise ValueError("the dictionary is cut short")
        return struct.unpack(end + "i", data[pos:pos + 4])[0]

    pos, slots, starts, pending = HEADER, 0, set(), 0
    while True:
        rec = i32(pos)
        if rec == 2:
            vtype, has_label, n_missing = i32(pos + 4), i32(pos + 8), i32(pos + 12)
            if pending and vtype != -1:
                raise ValueError(f"variable {slots}: a string is missing {pending} continuation record(s)")
            if not -1 <= vtype <= 255:
                raise ValueError(f"variable {slots + 1}: impossible type code {vtype}")
            if vtype == -1:
                if not pending:
                    raise ValueError(f"variable {slots + 1}: a continuation record follows no long string")
                pending -= 1
            else:
                starts.add(slots + 1)
                pending = max(0, -(-vtype // 8) - 1)
            slots += 1
            pos += 32
            if has_label:
                length = i32(pos)
                if not 0 <= length <= len(data):
                    raise ValueError(f"variable {slots}: a label of {length} bytes")
                pos += 4 + -(-length // 4) * 4
            pos += abs(n_missing) * 8
        elif pending:
            raise ValueError(f"variable {slots}: a string is missing {pending} continuation record(s)")
        elif rec == 3:
            count = i32(pos + 4)
            pos += 8
            if not 0 <= count <= len(data) // 9:
                raise ValueError(f"a value-label set declares {count} labels")
            for _ in range(count):
                if pos + 9 > len(data):
                    raise ValueError("the dictionary is cut short")
                pos += 8 + -(-(data[pos + 8] + 1) // 8) * 8
            if i32(pos) != 4:
                raise ValueError("a value-label set is not followed by its variable list")
            n = i32(pos + 4)
            if not 0 <= n <= slots:
                raise ValueError(f"a value-label set names {n} variables of {slots}")
            for k in range(n):
                index = i32(pos + 8 + 4 * k)
                if index not in starts:
                    raise ValueError(f"a value-label set names variable index {index}, not a variable")
            pos += 8 + 4 * n
        elif rec == 6:
            lines = i32(pos + 4)
            if not 0 <= lines <= len(data) // 80:
                raise ValueError(f"a document record declares {lines} lines")
            pos += 8 + 80 * lines
        elif rec == 7:
            size, count = i32(pos + 8), i32(pos + 12)
            if size < 0 or count < 0 or size * count > len(data):
                raise ValueError(f"an extension record declares {count} x {size} bytes")
            pos += 16 + size * count
        elif rec == 999:
            return
        else:
            raise ValueError(f"unknown dictionary record type {rec} at byte {pos}")
        if pos > len(data):
            raise ValueError("the dictionary is cut short")
