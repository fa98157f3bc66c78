"""Attitude inputs end to end with the real model on a shared survey (OSMI 2016, first 150 rows)."""
from __future__ import annotations

import warnings

import numpy as np
import pandas as pd
import pytest

from feedback_seg import service
from feedback_seg.ingest.detect import read_file
from feedback_seg.ingest.normalize import attribute_names
from feedback_seg.ingest.roles import assign_roles
from feedback_seg.ingest.summary import candidate_inputs, column_details
from feedback_seg.pipeline.attitudes import closed_only_people, people_vectors
from feedback_seg.pipeline.dataset import load_run_data
from feedback_seg.pipeline.respondents import respondent_vectors
from feedback_seg.queries import run_manifest

from .conftest import shared_file


@pytest.mark.slow
def test_osmi_attitude_inputs_change_people_vectors_and_are_recorded(tmp_path):
    from feedback_seg.nlp_models.embedders import default_embedder

    src = shared_file("osmi", "mental-heath-in-tech-2016_20161114.csv")
    small = tmp_path / "osmi_2016_150.csv"
    pd.read_csv(src, dtype=str, keep_default_na=False).head(150).to_csv(small, index=False)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        table = read_file(small)
        roles = assign_roles(table)
    names = attribute_names(roles.attribute_cols, table.questions, roles.duplicate_cols)
    chosen = [names[c] for c in candidate_inputs(column_details(table, roles))][:4]
    assert chosen, "OSMI 2016 has attitude scales and multi-selects"
    eng = service.open_store("sqlite:///" + str(tmp_path / "s.db"))
    service.ingest_file(eng, small, project="osmi")
    emb = default_embedder()
    run = service.run_segmentation(eng, "osmi", seed=0, embedder=emb, insights=False,
                                   params={"stability_seeds": 1, "segment_inputs": chosen, "input_weight": 1.0})
    params = run_manifest(eng, run)["params"]
    assert params["segment_inputs"] == chosen and params["input_weight"] == 1.0 and params["input_features"]
    data = load_run_data(eng, 1, emb.fingerprint)
    ids, X = respondent_vectors(data.item_vectors, data.items["respondent_id"].tolist(), data.items["field"].tolist())
    closed = closed_only_people(data.no_text, ids, chosen)   # as the run does: people with answers but no text
    assert run_manifest(eng, run)["metrics"]["closed_only"] == len(closed)
    ids, X = list(ids) + closed, np.vstack([X, np.zeros((len(closed), X.shape[1]), dtype=X.dtype)])
    people = pd.concat([data.respondents, data.no_text[data.no_text["respondent_id"].isin(set(closed))]],
                       ignore_index=True)
    V, _ = people_vectors(X, ids, people, chosen, 1.0)
    extra = V[:, X.shape[1]:]
    assert extra.shape[1] == len(params["input_features"]) and extra.std(axis=0).max() > 0
    # the attitude block moves who is near whom
    def nn(M):
        M = M / np.linalg.norm(M, axis=1, keepdims=True)
        S = M @ M.T
        np.fill_diagonal(S, -np.inf)
        return S.argmax(axis=1)
    n_text = len(ids) - len(closed)                              # among the people with text
    assert (nn(X[:n_text]) != nn(V[:n_text])).mean() > 0.1
