"""Local ONNX export and dynamic int8 quantization of the packaged model, plus its recorded quality gate.

Everything happens offline from the packaged weights: the model folder is copied to a cache folder
(``$FEEDBACK_SEG_CACHE/onnx/<sha>`` or ``~/.cache/feedback-seg/onnx/<sha>``), exported with
sentence-transformers' ``backend="onnx"`` and quantized with ``export_dynamic_quantized_onnx_model``.
"""
from __future__ import annotations

import json
import os
import platform
import shutil
import tempfile
from pathlib import Path

GATE_FILE = "gate.json"
MIN_COSINE = 0.99


def cache_root() -> Path:
    """Root folder for derived model files: ``$FEEDBACK_SEG_CACHE`` or ``~/.cache/feedback-seg``."""
    return Path(os.environ.get("FEEDBACK_SEG_CACHE") or Path.home() / ".cache" / "feedback-seg")


def quantization_target() -> str:
    """The sentence-transformers quantization config that fits this CPU (avx512_vnni, avx512, avx2 or arm64)."""
    if platform.machine().lower() in ("arm64", "aarch64"):
        return "arm64"
    try:
        flags = set(Path("/proc/cpuinfo").read_text().split())
    except OSError:
        flags = set()
    if "avx512_vnni" in flags:
        return "avx512_vnni"
    if "avx512f" in flags:
        return "avx512"
    return "avx2"


# optimum < 2 writes signed int8 (qint8), optimum >= 2 unsigned (quint8); both are dynamic int8.
_QUANT_TYPES = ("qint8", "quint8")


def quantized_file(out_dir: Path, target: str) -> str | None:
    """The int8 model file an export in ``out_dir`` wrote (relative to it), or ``None``."""
    for kind in _QUANT_TYPES:
        name = f"onnx/model_{kind}_{target}.onnx"
        if (out_dir / name).exists():
            return name
    return None


def export_quantized(model_dir: Path, out_dir: Path, target: str) -> Path:
    """Export ``model_dir`` to ONNX and int8 into ``out_dir`` (atomic: safe with parallel test workers)."""
    if quantized_file(out_dir, target):
        return out_dir
    from sentence_transformers import SentenceTransformer, export_dynamic_quantized_onnx_model

    out_dir.parent.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix="export-", dir=out_dir.parent))
    try:
        shutil.copytree(model_dir, work, dirs_exist_ok=True)
        model = SentenceTransformer(str(work), backend="onnx", device="cpu", local_files_only=True)
        model.save(str(work))
        export_dynamic_quantized_onnx_model(model, target, str(work))
        if not quantized_file(work, target):
            raise RuntimeError(f"quantization wrote no onnx/model_q*int8_{target}.onnx in {work}")
        (work / "model.safetensors").unlink(missing_ok=True)  # the ONNX files carry the weights
        try:
            work.rename(out_dir)
        except OSError:
            if not quantized_file(out_dir, target):  # lost a race with a finished export: fine
                raise
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return out_dir


def read_gate(out_dir: Path) -> dict | None:
    path = out_dir / GATE_FILE
    return json.loads(path.read_text()) if path.exists() else None


def write_gate(out_dir: Path, record: dict) -> dict:
    """Merge ``record`` into the gate file; ``passed`` = cosine >= 0.99 and (if measured) |NMI delta| <= 0.01."""
    merged = {**(read_gate(out_dir) or {}), **record}
    nmi_ok = abs(merged["nmi_delta"]) <= 0.01 if merged.get("nmi_delta") is not None else True
    merged["passed"] = bool(merged.get("cosine", 0.0) >= MIN_COSINE and nmi_ok)
    tmp = out_dir / f".{GATE_FILE}.{os.getpid()}"
    tmp.write_text(json.dumps(merged, indent=2))
    tmp.replace(out_dir / GATE_FILE)
    return merged


def gate_texts() -> list[str]:
    """Shipped sentences for the cosine gate."""
    from importlib import resources

    text = resources.files(__package__).joinpath("resources", "gate_texts.txt").read_text(encoding="utf-8")
    return [line for line in text.splitlines() if line.strip() and not line.startswith("#")]
