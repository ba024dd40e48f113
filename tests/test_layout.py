"""One home per concern: the import boundaries and module budgets the house style sets."""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "listingkit"

#: library -> the only modules allowed to import it
HOMES = {
    "spacy": {"listingkit/nlp.py"},
    "PIL": {"listingkit/imaging.py"},
    "click": {"listingkit/commands/"},
}
MAX_LINES = 400


def imported(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(a.name.split(".")[0] for a in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module.split(".")[0])
    return names


def modules() -> list[Path]:
    return sorted(PACKAGE.rglob("*.py"))


def test_heavy_libraries_have_one_home() -> None:
    for path in modules():
        rel = path.relative_to(ROOT).as_posix()
        for library, homes in HOMES.items():
            if library in imported(path):
                assert any(rel == h or rel.startswith(h) for h in homes), \
                    f"{rel} imports {library}; only {sorted(homes)} may"


def test_no_grab_bag_modules_and_modules_stay_readable() -> None:
    for path in modules():
        assert path.stem not in ("utils", "helpers", "common", "misc"), path
        lines = len(path.read_text(encoding="utf-8").splitlines())
        assert lines <= MAX_LINES, f"{path.relative_to(ROOT)} has {lines} lines"
