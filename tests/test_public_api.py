"""Pins what `assistant` offers library users (as httpx does): a name added or dropped here is
a decision, not an accident. Also pins the layout's rule that imports point down the flow."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import assistant

PUBLIC = {
    "Answer",
    "AssistantError",
    "Citation",
    "ConfigError",
    "Conversation",
    "Document",
    "Embedder",
    "EncryptedDocument",
    "ExtractionError",
    "ExtractiveAnswerer",
    "Filters",
    "GenerationError",
    "Hit",
    "IndexDamaged",
    "IndexError_",
    "IndexLocked",
    "IndexMismatch",
    "IndexNotFound",
    "IndexResult",
    "IndexUnwritable",
    "Indexer",
    "ManifestError",
    "Metadata",
    "ModelError",
    "NoTextFound",
    "NotFound",
    "QueryError",
    "Retriever",
    "SentenceTransformerEmbedder",
    "Settings",
    "Store",
    "TooComplex",
    "UnsupportedFormat",
    "Verdict",
    "Verifier",
    "load_settings",
    "open_answerer",
    "open_retriever",
}

PACKAGE = Path(assistant.__file__).parent
#: each stage may import only from stages before it (and the shared top-level modules)
ORDER = ["ingest", "store", "search", "answers", "sources", "server"]
SHARED = {"types", "settings", "errors"}


def test_public_names_are_pinned() -> None:
    assert set(assistant.__all__) == PUBLIC
    assert sorted(dir(assistant)) == sorted(PUBLIC)


def test_every_public_name_resolves() -> None:
    for name in PUBLIC:
        assert getattr(assistant, name) is not None, name


def test_errors_share_one_root() -> None:
    for name in PUBLIC:
        value = getattr(assistant, name)
        if isinstance(value, type) and issubclass(value, Exception):
            assert issubclass(value, assistant.AssistantError), name


def test_import_is_cheap() -> None:
    """`import assistant` loads no model library: the CLI's --help must start fast."""
    code = (
        "import sys, assistant; "
        "print(sorted(m for m in ('torch', 'faiss', 'numpy', 'fastapi') if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def _imports(path: Path) -> set[str]:
    """The assistant subpackages and top-level modules a module imports."""
    tree = ast.parse(path.read_text())
    here = path.relative_to(PACKAGE).parts
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom):
            if node.level == 0:
                parts = (node.module or "").split(".")
                if parts[0] != "assistant" or len(parts) < 2:
                    continue
                found.add(parts[1])
            else:
                base = list(here[: len(here) - node.level])
                target = base + (node.module.split(".") if node.module else [])
                if target:
                    found.add(target[0])
                else:  # "from .. import x"
                    found.update(alias.name for alias in node.names)
    return found


def test_imports_point_down_the_flow() -> None:
    for path in PACKAGE.rglob("*.py"):
        here = path.relative_to(PACKAGE).parts
        if len(here) == 1:  # top-level modules
            stage = here[0].removesuffix(".py")
            if stage in SHARED:
                assert _imports(path) <= SHARED, path
            continue
        allowed = set(ORDER[: ORDER.index(here[0]) + 1]) | SHARED
        assert _imports(path) <= allowed, (path, _imports(path) - allowed)


def test_top_level_holds_only_the_shared_modules() -> None:
    top = {p.name for p in PACKAGE.glob("*.py")}
    assert top == {"__init__.py", "types.py", "settings.py", "errors.py", "evaluate.py"}


def test_modules_stay_small() -> None:
    for path in [*PACKAGE.rglob("*.py"), *(PACKAGE.parent / "cli").glob("*.py")]:
        lines = len(path.read_text().splitlines())
        assert lines <= 420, f"{path}: {lines} lines"
