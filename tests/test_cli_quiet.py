"""The CLI keeps third-party warnings and logs off the terminal unless --verbose; ours still show."""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PROBE = """
import logging, sys, warnings
from feedback_seg.commands.quiet import quiet_third_party
quiet_third_party(verbose=sys.argv[1] == "1")
logging.basicConfig(stream=sys.stderr, level=logging.INFO)
warnings.warn_explicit("NOISE-FROM-ONNX", UserWarning, "onnx_helper.py", 1, module="onnxruntime.capi.x")
warnings.warn_explicit("OURS-WARNING", UserWarning, "embedders.py", 1, module="feedback_seg.nlp_models.embedders")
logging.getLogger("transformers.modeling_utils").warning("NOISE-FROM-TRANSFORMERS")
logging.getLogger("feedback_seg.jobs").warning("OURS-LOG")
"""


def _probe(verbose: bool) -> str:
    return subprocess.run([sys.executable, "-c", PROBE, "1" if verbose else "0"], capture_output=True,
                          text=True, check=True, cwd=ROOT).stderr


def test_third_party_noise_hidden_ours_kept():
    err = _probe(verbose=False)
    assert "NOISE-FROM-ONNX" not in err and "NOISE-FROM-TRANSFORMERS" not in err
    assert "OURS-WARNING" in err and "OURS-LOG" in err


def test_verbose_lets_everything_through():
    err = _probe(verbose=True)
    assert all(s in err for s in ("NOISE-FROM-ONNX", "NOISE-FROM-TRANSFORMERS", "OURS-WARNING", "OURS-LOG"))


@pytest.mark.slow
def test_a_real_segment_run_prints_no_third_party_warnings(tmp_path):
    """Generate a small survey, ingest and segment it with the real model: stderr stays clean."""
    data = tmp_path / "data"
    subprocess.run([sys.executable, str(ROOT / "data" / "generate.py"), "--out", str(data), "--seed", "3",
                    "--respondents", "300", "--tickets", "10", "--posts", "10"], check=True, capture_output=True)
    env = {**os.environ, "FEEDBACK_SEG_DB": str(tmp_path / "q.db")}
    env.pop("FEEDBACK_SEG_EMBEDDER", None)
    exe = [sys.executable, "-m", "feedback_seg.cli"]
    for args in (["ingest", str(data / "brand_survey_qualtrics.csv"), "--project", "q"],
                 ["segment", "--project", "q", "--stability-seeds", "1"]):
        done = subprocess.run(exe + args, capture_output=True, text=True, env=env, cwd=tmp_path, timeout=900)
        assert done.returncode == 0, done.stderr
        noisy = [ln for ln in done.stderr.splitlines() if ln.strip()]
        assert not noisy, noisy
