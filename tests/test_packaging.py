"""Packaging: every code folder is in the wheel, with the web and model resources."""
from __future__ import annotations

import subprocess
import sys
import tomllib
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
MAP = {"feedback_seg": "feedback_seg", "web": "feedback_seg.web", "nlp_models": "feedback_seg.nlp_models"}


def test_every_package_folder_is_listed():
    listed = set(tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["setuptools"]["packages"])
    found = set()
    for top, dotted in MAP.items():
        for init in (ROOT / top).rglob("__init__.py"):
            rel = init.parent.relative_to(ROOT / top).parts
            found.add(".".join((dotted, *rel)) if rel else dotted)
    assert found == listed


@pytest.mark.slow
def test_wheel_carries_templates_static_and_resources(tmp_path):
    subprocess.run([sys.executable, "-m", "pip", "wheel", "-q", "--no-deps", "--no-build-isolation", "-w",
                    str(tmp_path), str(ROOT)], check=True, capture_output=True, timeout=600)
    names = zipfile.ZipFile(next(tmp_path.glob("*.whl"))).namelist()
    for needle in ("feedback_seg/web/templates/base.html", "feedback_seg/web/static/app.css",
                   "feedback_seg/nlp_models/frameworks/schwartz.yaml", "feedback_seg/commands/ingest_cmds.py",
                   "feedback_seg/store/migrations/versions/0001_initial_schema.py",
                   "feedback_seg/resources/common_passwords.txt", "feedback_seg/templates/report.html"):
        assert needle in names, needle
    assert not any(n.startswith(("tests/", "data/", "benchmarks/")) for n in names)


def test_imports_point_down_only():
    """web -> feedback_seg -> nlp_models, never back."""
    import re
    bad = []
    for path in (ROOT / "feedback_seg").rglob("*.py"):
        for line in path.read_text(encoding="utf-8").splitlines():
            if re.match(r"^\s*(from|import) (flask|feedback_seg\.web)\b", line):
                bad.append(f"{path}: {line.strip()}")
    for path in (ROOT / "nlp_models").rglob("*.py"):
        for line in path.read_text(encoding="utf-8").splitlines():
            if re.match(r"^\s*(from|import) feedback_seg(\.| |$)", line) and "feedback_seg.nlp_models" not in line:
                bad.append(f"{path}: {line.strip()}")
    assert bad == []
