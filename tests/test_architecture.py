"""The package's shape (docs/architecture.md): imports point down the layers, and one module names the run's tables.

Read from the source with :mod:`ast`, imports inside functions included, so a deferred import cannot hide a
dependency that points up.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest
from conftest import ROOT

PACKAGE = ROOT / "xref"
LAYERS = {
    "base": {"xref", "xref.errors", "xref.db", "xref.schemas", "xref.staging", "xref.sqlfiles", "xref.clock"},
    "pipeline": {"xref.pipeline"},
    "workflows": {"xref.match_review", "xref.flag_review", "xref.evaluate"},
    "cli": {"xref.cli", "xref.__main__"},
}
ORDER = ("base", "stages", "pipeline", "workflows", "cli")
"""From the bottom up: a module may import its own layer's modules and those below, never one above."""


def module_name(path: Path) -> str:
    return ".".join(path.relative_to(ROOT).with_suffix("").parts).removesuffix(".__init__")


def layer(module: str) -> str:
    if module == "xref.sample" or module.startswith("xref.sample."):
        return "workflows"  # the sample-data generator: a tool beside the product, which no run imports
    return next((name for name, members in LAYERS.items() if module in members), "stages")


def imports() -> dict[str, set[str]]:
    """Per module of the package, the package's modules it imports (at the top or inside a function)."""
    modules = {module_name(p): p for p in PACKAGE.rglob("*.py")}
    out: dict[str, set[str]] = {}
    for name, path in modules.items():
        found: set[str] = set()
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and node.module and node.module.split(".")[0] == "xref":
                found.add(node.module)
                found.update(f"{node.module}.{a.name}" for a in node.names if f"{node.module}.{a.name}" in modules)
            elif isinstance(node, ast.Import):
                found.update(a.name for a in node.names if a.name.split(".")[0] == "xref")
        out[name] = {m for m in found if m in modules and m != name}
    return out


def test_imports_point_down_the_layers() -> None:
    upward = [
        f"{module} ({layer(module)}) imports {dep} ({layer(dep)})"
        for module, deps in sorted(imports().items())
        for dep in sorted(deps)
        if ORDER.index(layer(dep)) > ORDER.index(layer(module)) and module != "xref"
    ]
    assert upward == []


def test_the_package_has_no_import_cycle() -> None:
    graph = imports()
    graph["xref"] = set()  # the package's __init__ holds only the version and the error types' import
    state: dict[str, str] = {}
    cycles: list[str] = []

    def visit(module: str, path: list[str]) -> None:
        state[module] = "open"
        for dep in sorted(graph[module]):
            if state.get(dep) == "open":
                cycles.append(" -> ".join([*path[path.index(dep) :], dep]))
            elif dep not in state:
                visit(dep, [*path, dep])
        state[module] = "done"

    for module in sorted(graph):
        if module not in state:
            visit(module, [module])
    assert cycles == []


TABLE_NAME = re.compile(r"(?<![A-Za-z0-9_])(stg|xref)_[a-z_]+")
ELSEWHERE = {
    "xref.matching": re.compile(r"xref_match_[a-z_]+"),  # the matcher's own working tables (sql/matching/)
    "xref.casefile": re.compile(r"xref_migrations|xref_version"),  # the case file's table; a run.json key
    "xref.pipeline": re.compile(r"xref_version"),  # run.json's key, not a table
    "xref.evaluate": re.compile(r"xref_(auto|review)"),  # the evaluation's method labels, not tables
}
"""Names of the ``stg_``/``xref_`` form that other modules may write, and why."""


def string_constants(path: Path) -> list[str]:
    """A module's string literals, docstrings left out (prose may mention a table)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    docstrings = {
        id(node.body[0].value)
        for node in ast.walk(tree)
        if isinstance(node, (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef))
        and node.body
        and isinstance(node.body[0], ast.Expr)
        and isinstance(node.body[0].value, ast.Constant)
    }
    return [
        node.value
        for node in ast.walk(tree)
        if isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in docstrings
    ]


@pytest.mark.parametrize("path", sorted(PACKAGE.glob("*.py")), ids=lambda p: p.name)
def test_only_the_staging_module_names_the_run_databases_tables(path: Path) -> None:
    module = module_name(path)
    if module == "xref.staging":
        return
    allowed = ELSEWHERE.get(module)
    named = {
        m.group(0)
        for text in string_constants(path)
        for m in TABLE_NAME.finditer(text)
        if not (allowed and allowed.fullmatch(m.group(0)))
    }
    assert named == set(), f"{path.name} names {sorted(named)}: use the names xref/staging.py defines"


def test_every_table_the_sql_reads_is_staged_or_a_shared_view() -> None:
    """The rules, views and policy SQL read only what xref/staging.py stages or sql/views/ defines."""
    from xref.schemas import REGISTERS
    from xref.staging import LINKS, NAMES, PUBLIC_BODY_OFFERORS, staged_table

    sql = {
        p: p.read_text(encoding="utf-8") for d in ("rules", "views", "policy") for p in (ROOT / "sql" / d).glob("*.sql")
    }
    defined = {
        m.group(1)
        for p, text in sql.items()
        if p.parent.name == "views"
        for m in re.finditer(r"create or replace (?:view|macro) (\w+)", text)
    }
    staged = {staged_table(n) for n in REGISTERS} | {NAMES, LINKS, PUBLIC_BODY_OFFERORS}
    read = {m.group(0) for text in sql.values() for m in TABLE_NAME.finditer(text)}
    assert defined, "sql/views/ defines no view: the pattern above no longer reads its files"
    assert read - staged - defined == set()
