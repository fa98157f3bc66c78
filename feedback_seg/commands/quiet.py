"""Keep third-party chatter (ONNX Runtime, transformers, tokenizers, numba...) off the user's terminal.

Our own warnings and errors still show; ``feedback-seg --verbose`` lets everything through.
"""
from __future__ import annotations

import logging
import os
import warnings

NOISY_LOGGERS = ("transformers", "sentence_transformers", "optimum", "onnxruntime", "numba", "umap",
                 "pynndescent", "hdbscan", "torch", "spacy", "huggingface_hub", "bertopic")
OURS = r"(feedback_seg|nlp_models|web)(\.|$)"


def quiet_third_party(verbose: bool = False) -> None:
    """Hide warnings raised by other packages and their INFO/WARNING logs unless ``verbose``."""
    if verbose:
        return
    os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")
    os.environ.setdefault("TRANSFORMERS_VERBOSITY", "error")
    os.environ.setdefault("ORT_LOG_LEVEL", "ERROR")
    warnings.filterwarnings("ignore")
    warnings.filterwarnings("default", module=OURS)
    for name in NOISY_LOGGERS:
        logging.getLogger(name).setLevel(logging.ERROR)
