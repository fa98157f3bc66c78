"""What a run records so it can be repeated: data hash and library versions."""
from __future__ import annotations

import hashlib
from importlib import metadata

PACKAGES = ("feedback-seg", "numpy", "scikit-learn", "hdbscan", "umap-learn", "sentence-transformers",
            "torch", "spacy", "pandas", "scipy", "onnxruntime")


def package_versions() -> dict[str, str]:
    out = {}
    for name in PACKAGES:
        try:
            out[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            continue
    return out


def data_hash(pairs) -> str:
    """Hash of the (respondent external id, field, text hash) triples that went into a run."""
    h = hashlib.sha256()
    for triple in sorted(pairs):
        h.update("\x1f".join(map(str, triple)).encode())
        h.update(b"\x1e")
    return h.hexdigest()
