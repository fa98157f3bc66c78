"""The house's import rules, read from the source (no imports executed).

* ``web/`` and the CLI (``feedback_seg/cli.py``, ``feedback_seg/commands/``) reach the application
  through :mod:`feedback_seg.service` only (plus the error types and the CLI's output helpers).
* Layers flow one way: ``web → feedback_seg → nlp_models``; inside the application
  ``review`` and ``ask`` may use ``pipeline``, never the reverse.
"""
from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
FRONT_DOOR = {"feedback_seg", "feedback_seg.service", "feedback_seg.errors", "feedback_seg.commands.output"}


def _imports(path: Path, package: str) -> set[str]:
    """Absolute names of every module ``path`` imports (relative imports resolved against ``package``)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found |= {a.name for a in node.names}
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")[: len(package.split(".")) - node.level + 1]
                mod = ".".join(base + ([node.module] if node.module else []))
            else:
                mod = node.module or ""
            found.add(mod)
            # "from feedback_seg import projects" imports a module, not a name
            folder = _folder_of(mod)
            if folder is not None:
                found |= {f"{mod}.{a.name}" for a in node.names
                          if (folder / f"{a.name}.py").exists() or (folder / a.name / "__init__.py").exists()}
    return found


def _folder_of(module: str) -> Path | None:
    """Where a module of ours lives (``feedback_seg.nlp_models`` is ``nlp_models/``, ``feedback_seg.web`` is ``web/``)."""
    parts = module.split(".")
    if parts[0] != "feedback_seg":
        return None
    if len(parts) > 1 and parts[1] in ("nlp_models", "web"):
        return ROOT.joinpath(*parts[1:])
    return ROOT.joinpath(*parts)


def _package_of(path: Path) -> str:
    rel = path.relative_to(ROOT).with_suffix("")
    parts = list(rel.parts)
    if parts[0] == "nlp_models":
        parts = ["feedback_seg", *parts]
    return ".".join(parts[:-1]) if parts[-1] != "__init__" else ".".join(parts[:-1])


def _ours(names: set[str]) -> set[str]:
    return {n for n in names if n == "feedback_seg" or n.startswith("feedback_seg.")}


def _files(*globs: str) -> list[Path]:
    return sorted(p for g in globs for p in ROOT.glob(g))


@pytest.mark.parametrize("path", _files("web/*.py"), ids=lambda p: p.name)
def test_web_reaches_the_application_through_service_only(path):
    # web/ is installed as feedback_seg.web, so its own relative imports stay inside web
    used = _ours(_imports(path, "web"))
    assert used <= FRONT_DOOR, f"{path.name} imports {sorted(used - FRONT_DOOR)} past feedback_seg.service"


@pytest.mark.parametrize("path", _files("feedback_seg/cli.py", "feedback_seg/commands/*.py"), ids=lambda p: p.name)
def test_cli_reaches_the_application_through_service_only(path):
    used = {n for n in _ours(_imports(path, _package_of(path))) if not n.startswith("feedback_seg.commands")}
    allowed = FRONT_DOOR - {"feedback_seg.commands.output"}
    assert used <= allowed, f"{path.name} imports {sorted(used - allowed)} past feedback_seg.service"


def _app_files(folder: str) -> list[Path]:
    return sorted((ROOT / "feedback_seg" / folder).rglob("*.py"))


@pytest.mark.parametrize("folder, forbidden", [
    ("pipeline", ("feedback_seg.review", "feedback_seg.ask", "feedback_seg.service", "feedback_seg.commands",
                  "feedback_seg.web", "web")),
    ("review", ("feedback_seg.ask", "feedback_seg.service", "feedback_seg.commands", "feedback_seg.web", "web")),
    ("ask", ("feedback_seg.review", "feedback_seg.service", "feedback_seg.commands", "feedback_seg.web", "web")),
    ("ingest", ("feedback_seg.pipeline", "feedback_seg.review", "feedback_seg.ask", "feedback_seg.service",
                "feedback_seg.web", "web")),
    ("store", ("feedback_seg.pipeline", "feedback_seg.review", "feedback_seg.ask", "feedback_seg.service",
               "feedback_seg.web", "web")),
])
def test_folder_imports_flow_one_way(folder, forbidden):
    bad = {}
    for path in _app_files(folder):
        used = _imports(path, _package_of(path))
        hits = sorted(n for n in used if any(n == f or n.startswith(f + ".") for f in forbidden))
        if hits:
            bad[str(path.relative_to(ROOT))] = hits
    assert not bad, f"imports against the flow: {bad}"


def test_nlp_models_never_import_the_application():
    bad = {}
    for path in sorted((ROOT / "nlp_models").rglob("*.py")):
        used = _imports(path, _package_of(path))
        hits = sorted(n for n in used if n.startswith("feedback_seg.") and not n.startswith("feedback_seg.nlp_models"))
        if hits:
            bad[path.name] = hits
    assert not bad, bad


def test_application_never_imports_web():
    bad = {}
    for path in sorted((ROOT / "feedback_seg").rglob("*.py")):
        used = _imports(path, _package_of(path))
        hits = sorted(n for n in used if n in ("web", "flask") or n.startswith(("web.", "feedback_seg.web", "flask.")))
        if hits:
            bad[str(path.relative_to(ROOT))] = hits
    assert not bad, bad


def test_the_rules_see_a_violation(tmp_path):
    """The reader itself: module imports written as names and relative imports are both resolved."""
    probe = tmp_path / "probe.py"
    probe.write_text("from feedback_seg import projects, service\nfrom feedback_seg.review.events import rename\n"
                     "from ..review import events\n")
    used = _ours(_imports(probe, "feedback_seg.pipeline"))
    assert {"feedback_seg.projects", "feedback_seg.review.events", "feedback_seg.review"} <= used
    assert used - FRONT_DOOR
