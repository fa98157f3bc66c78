"""Psychographic value frameworks: YAML data files loaded and validated into `Framework`.

A framework is a list of values, each with an id, a name, a definition and example
statements. Built-in frameworks live in ``frameworks/`` beside this module (``schwartz``,
``consumer_attitudes``); a user passes the path of their own YAML file in the same schema::

    name: my_framework            # letters, digits, _ or -
    title: My framework
    description: optional text
    version: 1                    # optional integer
    values:                       # at least 2
      - id: price                 # unique, letters, digits, _ or -
        name: Price               # unique label
        definition: Sensitivity to cost and value for money.
        examples: [ "Too expensive.", "Great deal.", "Hidden fees." ]   # at least 3

>>> fw = load_framework("consumer_attitudes")
>>> fw.ids[0]
'price'
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import yaml

__all__ = ["FrameworkError", "Value", "Framework", "load_framework", "builtin_frameworks", "FRAMEWORK_DIR"]

FRAMEWORK_DIR = Path(__file__).resolve().parent / "frameworks"
_ID = re.compile(r"^[A-Za-z0-9_\-]+$")
MIN_VALUES = 2
MIN_EXAMPLES = 3


class FrameworkError(ValueError):
    """A framework file is missing, unreadable or does not follow the schema."""


@dataclass(frozen=True)
class Value:
    """One value of a framework."""

    id: str
    name: str
    definition: str
    examples: tuple[str, ...]

    def texts(self) -> list[str]:
        """The statements that describe the value: its definition, then its examples."""
        return [self.definition, *self.examples]


@dataclass(frozen=True)
class Framework:
    """A named, ordered set of values."""

    name: str
    title: str
    description: str
    version: int
    values: tuple[Value, ...]
    source: str

    @property
    def ids(self) -> list[str]:
        return [v.id for v in self.values]

    @property
    def names(self) -> list[str]:
        return [v.name for v in self.values]

    def __len__(self) -> int:
        return len(self.values)


def builtin_frameworks() -> list[str]:
    """Names of the frameworks shipped with the package."""
    return sorted(p.stem for p in FRAMEWORK_DIR.glob("*.yaml"))


def load_framework(name_or_path: str | Path) -> Framework:
    """Load a built-in framework by name, or a user's YAML file by path, and validate it."""
    path = _resolve(name_or_path)
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise FrameworkError(f"cannot read framework file {path}: {exc}") from exc
    except yaml.YAMLError as exc:
        raise FrameworkError(f"framework file {path} is not valid YAML: {exc}") from exc
    return parse_framework(raw, source=str(path))


def parse_framework(raw: object, source: str = "<data>") -> Framework:
    """Validate an already-parsed mapping against the schema; errors name the field at fault."""
    where = f"framework {source}"
    if not isinstance(raw, dict):
        raise FrameworkError(f"{where}: top level must be a mapping with 'name' and 'values'")
    name = _text(raw, "name", where)
    if not _ID.match(name):
        raise FrameworkError(f"{where}: 'name' must use letters, digits, '_' or '-', got {name!r}")
    version = raw.get("version", 1)
    if not isinstance(version, int) or isinstance(version, bool):
        raise FrameworkError(f"{where}: 'version' must be an integer, got {version!r}")
    items = raw.get("values")
    if not isinstance(items, list) or len(items) < MIN_VALUES:
        raise FrameworkError(f"{where}: 'values' must be a list of at least {MIN_VALUES} values")
    values = tuple(_value(item, i, where) for i, item in enumerate(items))
    for field in ("id", "name"):
        seen: set[str] = set()
        for v in values:
            key = getattr(v, field)
            if key in seen:
                raise FrameworkError(f"{where}: duplicate value {field} {key!r}")
            seen.add(key)
    return Framework(
        name=name,
        title=str(raw.get("title") or name),
        description=str(raw.get("description") or ""),
        version=version,
        values=values,
        source=source,
    )


def _resolve(name_or_path: str | Path) -> Path:
    text = str(name_or_path)
    if _ID.match(text) and (FRAMEWORK_DIR / f"{text}.yaml").is_file():
        return FRAMEWORK_DIR / f"{text}.yaml"
    path = Path(name_or_path)
    if path.is_file():
        return path
    raise FrameworkError(
        f"no framework {text!r}: not a built-in ({', '.join(builtin_frameworks())}) and no such file"
    )


def _text(mapping: dict, key: str, where: str) -> str:
    value = mapping.get(key)
    if not isinstance(value, str) or not value.strip():
        raise FrameworkError(f"{where}: '{key}' is required and must be non-empty text")
    return value.strip()


def _value(item: object, index: int, where: str) -> Value:
    here = f"{where}, value #{index + 1}"
    if not isinstance(item, dict):
        raise FrameworkError(f"{here}: must be a mapping with id, name, definition, examples")
    vid = _text(item, "id", here)
    if not _ID.match(vid):
        raise FrameworkError(f"{here}: 'id' must use letters, digits, '_' or '-', got {vid!r}")
    here = f"{where}, value {vid!r}"
    examples = item.get("examples")
    if not isinstance(examples, list) or len(examples) < MIN_EXAMPLES:
        raise FrameworkError(f"{here}: 'examples' must be a list of at least {MIN_EXAMPLES} statements")
    if not all(isinstance(e, str) and e.strip() for e in examples):
        raise FrameworkError(f"{here}: every example must be non-empty text")
    return Value(
        id=vid,
        name=_text(item, "name", here),
        definition=_text(item, "definition", here),
        examples=tuple(e.strip() for e in examples),
    )
