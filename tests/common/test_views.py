"""The shape of the web layer: one flow for pages that change something, view modules a reader can hold."""

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
APPS = ("common", "grids", "residents", "services", "partybuilding", "dashboards", "portal", "open311")
# The API answers an action's ValidationError with the spec's 400 body, not with a form page.
API_VIEWS = ROOT / "open311" / "views.py"


def view_modules():
    for app in APPS:
        yield from (ROOT / app).glob("views.py")
        yield from (ROOT / app).glob("views/*.py")


def catches_validation_error(handler: ast.ExceptHandler) -> bool:
    names = handler.type.elts if isinstance(handler.type, ast.Tuple) else [handler.type]
    return any(
        (isinstance(name, ast.Name) and name.id == "ValidationError")
        or (isinstance(name, ast.Attribute) and name.attr == "ValidationError")
        for name in names
        if name is not None
    )


@pytest.mark.parametrize("path", sorted(view_modules()), ids=lambda path: str(path.relative_to(ROOT)))
def test_only_the_base_view_turns_an_actions_validation_error_into_form_errors(path):
    tree = ast.parse(path.read_text(encoding="utf-8"))
    handlers = [
        node for node in ast.walk(tree) if isinstance(node, ast.ExceptHandler) and catches_validation_error(node)
    ]

    if path in (ROOT / "common" / "views.py", API_VIEWS):
        assert len(handlers) == 1
    else:
        assert not handlers, f"{path.name} catches ValidationError itself: declare perform() on common.views.ActionView"


@pytest.mark.parametrize("path", sorted(view_modules()), ids=lambda path: str(path.relative_to(ROOT)))
def test_no_view_module_is_longer_than_400_lines(path):
    assert len(path.read_text(encoding="utf-8").splitlines()) <= 400
