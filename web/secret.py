"""The per-install signing key: 32 random bytes, generated on first run, stored with mode 0600."""
from __future__ import annotations

import os
import secrets
import sys
from pathlib import Path

KEY_BYTES = 32


def load_or_create_secret_key(path: Path) -> bytes:
    """Read the key at ``path``, or create it atomically (``O_EXCL``, mode 0600).

    Exits the process with status 78 (configuration error) when the key can be neither read nor
    written: running without a key, or with a constant one, is never an option.
    """
    try:
        return _read(path)
    except FileNotFoundError:
        pass
    try:
        key = secrets.token_bytes(KEY_BYTES)
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "wb") as fh:
            fh.write(key.hex().encode("ascii"))
        return key
    except FileExistsError:          # another process created it first
        return _read(path)
    except OSError as exc:
        print(f"feedback-seg: cannot create the secret key file {path}: {exc.strerror}", file=sys.stderr)
        raise SystemExit(78) from exc


def _read(path: Path) -> bytes:
    try:
        raw = path.read_bytes().strip()
    except FileNotFoundError:
        raise
    except OSError as exc:
        print(f"feedback-seg: cannot read the secret key file {path}: {exc.strerror}", file=sys.stderr)
        raise SystemExit(78) from exc
    try:
        key = bytes.fromhex(raw.decode("ascii"))
    except ValueError:
        key = b""
    if len(key) < KEY_BYTES:
        print(f"feedback-seg: the secret key in {path} is shorter than {KEY_BYTES} bytes", file=sys.stderr)
        raise SystemExit(78)
    if os.name == "posix" and path.stat().st_mode & 0o077:
        os.chmod(path, 0o600)
    return key
