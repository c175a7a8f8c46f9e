"""Imports between the rooms flow one way: the domain apps and the site shell know nothing of the demo
data or the developer tools, and the demo knows nothing of the developer tools (which build on it)."""

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PORTAL_ROOMS = [
    "common",
    "grids",
    "residents",
    "services",
    "callqueue",
    "open311",
    "partybuilding",
    "deliberation",
    "cobuilding",
    "volunteering",
    "readiness",
    "honours",
    "dashboards",
    "portal",
]


def imported_rooms(room: str) -> dict[str, set[str]]:
    """The top-level packages each module of `room` imports, relative imports resolved."""
    found = {}
    for path in sorted((ROOT / room).rglob("*.py")):
        package = path.relative_to(ROOT).parts[:-1]  # what `from . import` names, for a module and an __init__
        names = set()
        for node in ast.walk(ast.parse(path.read_text(), filename=str(path))):
            if isinstance(node, ast.Import):
                names.update(alias.name for alias in node.names)
            elif isinstance(node, ast.ImportFrom):
                if node.level:
                    base = package[: len(package) - node.level + 1]
                    names.add(".".join([*base, node.module] if node.module else base))
                else:
                    names.add(node.module)
        found["/".join(path.relative_to(ROOT).parts)] = {name.split(".")[0] for name in names if name}
    assert found, f"no modules found under {room}/"
    return found


@pytest.mark.parametrize("room", PORTAL_ROOMS)
def test_the_domain_apps_and_the_site_shell_import_neither_demo_nor_devtools(room):
    offenders = {path: rooms & {"demo", "devtools"} for path, rooms in imported_rooms(room).items()}

    assert {path: rooms for path, rooms in offenders.items() if rooms} == {}


def test_the_demo_never_imports_devtools():
    offenders = {path: rooms for path, rooms in imported_rooms("demo").items() if "devtools" in rooms}

    assert offenders == {}


def test_relative_imports_are_resolved_to_their_room():
    """The check above sees through `from .x import y`: devtools' generator reads its own modules that way."""
    assert "devtools" in imported_rooms("devtools")["devtools/scale/party.py"]
