"""Embedding backends: the fake's determinism, the real model end to end, chunking, and int8 vs fp32."""
from pathlib import Path

import numpy as np
import pytest

from feedback_seg.nlp_models.embedders import (Embedder, FakeEmbedder, OnnxEmbedder, TorchEmbedder,
                                               default_embedder, model_path)

DATASETS = Path(__file__).resolve().parents[2] / "shared" / "datasets"


def test_fake_is_deterministic_normalised_and_similarity_aware():
    a, b = FakeEmbedder(dim=32), FakeEmbedder(dim=32)
    texts = ["my card has not arrived", "card not arrived yet", "the crew were lovely", "", None]
    va, vb = a.encode(texts), b.encode(texts)
    assert va.dtype == np.float32 and va.shape == (5, 32)
    assert np.array_equal(va, vb)
    assert np.allclose(np.linalg.norm(va, axis=1), 1.0)
    assert va[0] @ va[1] > va[0] @ va[2]
    assert isinstance(a, Embedder)
    assert a.encode([]).shape == (0, 32)


def test_env_override(monkeypatch):
    monkeypatch.setenv("FEEDBACK_SEG_EMBEDDER", "fake")
    assert isinstance(default_embedder(), FakeEmbedder)
    monkeypatch.setenv("FEEDBACK_SEG_EMBEDDER", "nonsense")
    with pytest.raises(ValueError):
        default_embedder()


def test_fingerprints_differ_between_backends():
    torch_fp = TorchEmbedder().fingerprint
    onnx_fp = OnnxEmbedder().fingerprint
    assert torch_fp.startswith("all-MiniLM-L6-v2@") and torch_fp.endswith(":torch-fp32")
    assert "onnx-int8" in onnx_fp and onnx_fp != torch_fp
    assert model_path().joinpath("model.safetensors").exists()


@pytest.fixture(scope="module")
def torch_embedder():
    return TorchEmbedder()


@pytest.mark.slow
def test_real_model_smoke(torch_embedder):
    vecs = torch_embedder.encode(["Where is my new card?", "My card still hasn't arrived.",
                                  "The flight attendant was very kind."])
    assert vecs.shape == (3, 384) and vecs.dtype == np.float32
    assert np.allclose(np.linalg.norm(vecs, axis=1), 1.0, atol=1e-5)
    assert vecs[0] @ vecs[1] > vecs[0] @ vecs[2] + 0.2


@pytest.mark.slow
def test_long_text_is_chunked_and_pooled(torch_embedder):
    head = "My card was blocked abroad and support never answered. " * 40
    tail = "The hotel breakfast was delicious and the pool was warm. " * 40
    long_text = head + tail
    assert torch_embedder.count_long([long_text, "short"]) == 1
    chunks = torch_embedder._chunks(long_text)
    assert len(chunks) >= 3 and "".join(chunks).replace(" ", "") == long_text.replace(" ", "")
    v_long, v_head, v_tail = torch_embedder.encode([long_text, head[:600], tail[:600]])
    assert np.isclose(np.linalg.norm(v_long), 1.0, atol=1e-5)
    # Pooled: close to both halves, unlike truncation which would only see the head.
    assert v_long @ v_tail > 0.5 and v_long @ v_head > 0.5


def _real_texts(n):
    import pandas as pd  # noqa: PLC0415
    path = DATASETS / "banking77" / "train.csv"
    if not path.exists():
        pytest.skip("shared datasets absent")
    return pd.read_csv(path).text.sample(n, random_state=0).tolist()


@pytest.mark.slow
def test_onnx_int8_close_to_torch_on_real_texts(torch_embedder):
    texts = _real_texts(50)
    onnx = OnnxEmbedder()
    ref, int8 = torch_embedder.encode(texts), onnx.encode(texts)
    assert int8.shape == ref.shape and int8.dtype == np.float32
    cosine = np.sum(ref * int8, axis=1)
    assert cosine.mean() >= 0.98 and cosine.min() >= 0.9
    gate = onnx.gate(reference=torch_embedder)
    assert gate["passed"] == (gate["cosine"] >= 0.99 and abs(gate.get("nmi_delta") or 0) <= 0.01)
