"""Typed reading of a parsed TOML pack: the shared helpers of the pack reader.

Each helper checks the type and presence of one value and fails with a ContentError that names
the file, the entry and the fix, so the pack reader reads like the schema.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import fields, is_dataclass
from pathlib import Path
from typing import Any, get_type_hints

from consultaid.errors import ContentError


class TomlReader:
    """Typed access to parsed TOML: each wrong or missing value is a ContentError with its fix."""

    def __init__(self, file: Path) -> None:
        self.file = file

    def fail(self, where: str, problem: str) -> ContentError:
        return ContentError(f"{self.file}: {where}: {problem}")

    def table(self, data: Any, where: str) -> dict[str, Any]:
        if not isinstance(data, dict):
            raise self.fail(where, "must be a table. Write it as [name] or { key = value }.")
        return data

    def tables(self, data: dict[str, Any], key: str, where: str) -> list[dict[str, Any]]:
        items = data.get(key)
        if items is None:
            raise self.fail(where, f"'{key}' is missing. Add at least one [[{key}]] entry.")
        if not isinstance(items, list) or not items:
            raise self.fail(where, f"'{key}' must be a list of [[{key}]] entries, not empty.")
        return [self.table(item, f"{key} #{n}") for n, item in enumerate(items, 1)]

    def text(self, data: dict[str, Any], key: str, where: str, *, required: bool = True) -> str:
        value = data.get(key)
        if value is None:
            if required:
                raise self.fail(where, f"'{key}' is missing. Add {key} = \"…\".")
            return ""
        if not isinstance(value, str) or (required and not value.strip()):
            raise self.fail(where, f"'{key}' must be non-empty text in quotes.")
        return value.strip()

    def number(
        self, data: dict[str, Any], key: str, where: str, *, required: bool = True
    ) -> float | None:
        value = data.get(key)
        if value is None:
            if required:
                raise self.fail(where, f"'{key}' is missing. Add {key} = a number.")
            return None
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise self.fail(where, f"'{key}' must be a number without quotes.")
        return float(value)

    def integer(self, data: dict[str, Any], key: str, where: str) -> int:
        value = data.get(key)
        if isinstance(value, bool) or not isinstance(value, int):
            raise self.fail(where, f"'{key}' must be a whole number without quotes.")
        return value

    def lines(self, data: dict[str, Any], key: str, where: str) -> tuple[str, ...]:
        """A label drawn as lines of text, top to bottom: a non-empty list of non-empty texts."""
        value = data.get(key)
        if value is None:
            raise self.fail(where, f"'{key}' is missing. Add {key} = [\"…\"], one text per line.")
        if (
            not isinstance(value, list)
            or not value
            or not all(isinstance(v, str) and v.strip() for v in value)
        ):
            raise self.fail(
                where, f'\'{key}\' must be a list of lines in quotes, like ["First", "second"].'
            )
        return tuple(value)

    def words(self, kind: type, data: Any, path: str) -> Any:
        """A table of words read field by field into the dataclass `kind`, sub-tables included.

        The dataclass is the list of keys the code uses, so none can be missing from the pack.
        """
        where = f"[{path}]"
        if data is None:
            raise self.fail(
                where,
                "the table is missing. Add it with the words the pictures draw "
                "(resources/procedures/README.md lists them).",
            )
        table = self.table(data, where)
        hints = get_type_hints(kind)
        values: dict[str, Any] = {}
        for f in fields(kind):
            key = f.metadata.get("toml", f.name)
            hint = hints[f.name]
            if is_dataclass(hint):
                values[f.name] = self.words(hint, table.get(key), f"{path}.{key}")
            elif hint is str:
                values[f.name] = self.text(table, key, where)
            else:
                values[f.name] = self.lines(table, key, where)
        return kind(**values)

    def ids(self, data: dict[str, Any], key: str, where: str) -> tuple[str, ...]:
        value = data.get(key, [])
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise self.fail(where, f'\'{key}\' must be a list of ids in quotes, like ["a", "b"].')
        return tuple(value)

    def entry_id(self, data: dict[str, Any], where: str) -> str:
        return self.text(data, "id", where)

    def each(self, data: dict[str, Any], key: str, build: Callable[[dict, str], Any]) -> tuple:
        entries = self.tables(data, key, "top level")
        return tuple(build(entry, self.label(key, n, entry)) for n, entry in enumerate(entries, 1))

    @staticmethod
    def label(key: str, n: int, entry: dict[str, Any]) -> str:
        ident = entry.get("id")
        return f"{key} '{ident}'" if isinstance(ident, str) and ident else f"{key} #{n}"
