"""Scope has one door: the models' querysets. The area computation (grids/scope.py) is private to
the grids app, so no module outside it imports grids.scope or calls the computation directly."""

import ast
import os
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SKIPPED = {".venv", "var", "migrations", "node_modules", ".git"}
PRIVATE_NAMES = {"area_scope", "AreaScope", "_EverythingScope", "forget_area_scopes"}
# The grids app itself, and its tests, which may look behind the door.
INSIDE = [ROOT / "grids", ROOT / "tests" / "grids"]


def project_modules():
    for folder, subfolders, files in os.walk(ROOT):
        here = Path(folder)
        subfolders[:] = sorted(name for name in subfolders if name not in SKIPPED and here / name not in INSIDE)
        yield from (here / name for name in sorted(files) if name.endswith(".py"))


def doors(tree) -> list[str]:
    """The lines of `tree` that import grids.scope or name the area computation."""
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found += [f"{node.lineno}: import {a.name}" for a in node.names if a.name.startswith("grids.scope")]
        elif isinstance(node, ast.ImportFrom):
            module = node.module or ""
            if module.startswith("grids.scope") or (
                module == "grids" and any(alias.name == "scope" for alias in node.names)
            ):
                found.append(f"{node.lineno}: from {module} import …")
            found += [f"{node.lineno}: imports {a.name}" for a in node.names if a.name in PRIVATE_NAMES]
        elif isinstance(node, ast.Name) and node.id in PRIVATE_NAMES:
            found.append(f"{node.lineno}: {node.id}")
        elif isinstance(node, ast.Attribute) and node.attr in PRIVATE_NAMES:
            found.append(f"{node.lineno}: .{node.attr}")
    return found


def test_no_module_outside_grids_opens_the_area_computation():
    offenders = {}
    for path in project_modules():
        found = doors(ast.parse(path.read_text(encoding="utf-8"), filename=str(path)))
        if found:
            offenders[str(path.relative_to(ROOT))] = found

    assert offenders == {}, "Use Model.objects.visible_to(user) / editable_by(user) or a named audience"


def test_the_door_check_sees_each_way_in():
    sources = [
        "from grids.scope import area_scope",
        "from grids import scope",
        "import grids.scope",
        "from grids.models import area_scope",
        "import grids.models\ngrids.models.area_scope(user)",
        "scope = AreaScope([])",
    ]
    for source in sources:
        assert doors(ast.parse(source)), source
    assert not doors(ast.parse("Community.objects.desk_of(user)\nfrom grids.models import scope_filter"))
