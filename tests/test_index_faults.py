"""Faults while indexing: every per-file failure at every stage is reported and the rest indexed;
names that are not UTF-8 or hold Rich markup; links, loops and pipes; manifest gaps; versions a
reader holds, junk left by a killed writer; a read-only folder and a full disk (real write
failures in a real subprocess)."""

from __future__ import annotations

import ctypes
import json
import os
import resource
import shutil
import signal
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import numpy as np
import pytest
from typer.testing import CliRunner

from assistant.errors import ExtractionError, ManifestError
from assistant.ingest.extract import document_info
from assistant.ingest.files import discover
from assistant.ingest.metadata import fallback_metadata
from assistant.settings import Settings
from assistant.store import indexer as indexer_module
from assistant.store.embed import SentenceTransformerEmbedder
from assistant.store.folder import Store
from assistant.store.indexer import Indexer
from assistant.store.version import MANIFEST
from assistant.types import Document, IngestReport, Metadata
from cli.common import EXIT_ERROR, EXIT_FAILED_DOCUMENTS
from cli.main import app
from tests.pdfs import make_pdf

runner = CliRunner()
TEXTS = {
    "patrols.txt": "Foot patrols in the city centre reduced burglary by a third.",
    "trust.md": "# Trust\n\nResidents trusted officers who explained their decisions.",
    "osce.html": "<p>The OSCE trains police in human rights.</p>",
}


def _docs(root: Path) -> Path:
    docs = root / "docs"
    docs.mkdir()
    for name, text in TEXTS.items():
        (docs / name).write_text(text)
    return docs


def _index(index: Path, embedder: SentenceTransformerEmbedder, **settings: object) -> Indexer:
    return Indexer(Settings(index=index, **settings), embedder=embedder)  # type: ignore[arg-type]


@pytest.fixture()
def indexed(tmp_path: Path, embedder: SentenceTransformerEmbedder) -> tuple[Path, Path]:
    """The three small documents, indexed: (docs folder, index folder)."""
    docs = _docs(tmp_path)
    _index(tmp_path / "idx", embedder).run([docs])
    return docs, tmp_path / "idx"


def _files(index: Path) -> set[str]:
    version = Store(index).open()
    try:
        return {d.file for d in version.documents()}
    finally:
        version.close()


def _reasons(result: object) -> dict[str, str]:
    return {Path(f.path).name: f.reason for f in result.failed}  # type: ignore[attr-defined]


def test_a_file_that_vanishes_after_discovery_is_a_failure_of_that_file(
    tmp_path: Path, embedder: SentenceTransformerEmbedder, monkeypatch: pytest.MonkeyPatch
) -> None:
    docs = _docs(tmp_path)

    def discover_then_delete(paths: list[Path]) -> object:
        found = discover(paths)
        (docs / "osce.html").unlink()  # gone between discovery and planning
        return found

    monkeypatch.setattr(indexer_module, "discover", discover_then_delete)
    result = _index(tmp_path / "idx", embedder).run([docs])
    assert _reasons(result) == {"osce.html": "the file disappeared during the run (deleted or "
                                "moved); run again"}  # fmt: skip
    assert sorted(result.added) == ["patrols.txt", "trust.md"]


def test_names_that_are_not_utf8_are_stored_shown_and_found_again(
    tmp_path: Path, embedder: SentenceTransformerEmbedder
) -> None:
    docs = _docs(tmp_path)
    raw = os.fsencode(docs) + b"/bad-\xff\xfe.txt"
    with open(raw, "wb") as handle:
        handle.write(b"Neighbourhood watch schemes grew in the 1980s.")
    (docs / "bad-\\xff\\xfe.txt").write_text("A different file whose name reads the same.")
    index = tmp_path / "idx"
    first = _index(index, embedder).run([docs])
    assert "bad-\\xff\\xfe.txt" in first.added
    (clash,) = first.failed
    assert "reads the same as 'bad-\\\\xff\\\\xfe.txt'" in clash.reason
    second = _index(index, embedder).run([docs])
    assert "bad-\\xff\\xfe.txt" in second.unchanged and second.chunks_embedded == 0
    listed = runner.invoke(app, ["docs", "--json", "--index", str(index)])
    assert listed.exit_code == 0, listed.output
    paths = {row["file"]: row["path"] for row in json.loads(listed.stdout)}
    assert paths["bad-\\xff\\xfe.txt"] == f"{docs}/bad-\\xff\\xfe.txt"
    json.dumps([f.__dict__ for f in second.failed], ensure_ascii=False).encode("utf-8")


def test_empty_files_are_not_duplicates_of_each_other(
    tmp_path: Path, embedder: SentenceTransformerEmbedder
) -> None:
    docs = _docs(tmp_path)
    for name in ("a.txt", "b.txt", "c.md"):
        (docs / name).write_text("")
    (docs / "d.txt").write_text("  \n\n ")
    (docs / "e.txt").write_text("  \n\n ")
    result = _index(tmp_path / "idx", embedder).run([docs])
    assert _reasons(result) == dict.fromkeys(
        ["a.txt", "b.txt", "c.md", "d.txt", "e.txt"], "the file is empty."
    )


def test_links_loops_and_pipes_are_reported(
    tmp_path: Path, embedder: SentenceTransformerEmbedder
) -> None:
    docs = _docs(tmp_path)
    (docs / "sub").mkdir()
    (docs / "sub" / "more.txt").write_text("Stop and search powers are contested in London.")
    os.symlink("..", docs / "sub" / "up")  # a folder link back up: a loop
    os.symlink("gone.txt", docs / "dangling.txt")
    os.symlink("self.txt", docs / "self.txt")
    os.mkfifo(docs / "pipe.txt")
    result = _index(tmp_path / "idx", embedder).run([docs])
    reasons = _reasons(result)
    assert reasons["up"].startswith("a symbolic link loop")
    assert reasons["self.txt"].startswith("a symbolic link loop")
    assert reasons["dangling.txt"] == "a broken symbolic link: its target gone.txt does not exist"
    assert reasons["pipe.txt"] == "a named pipe (FIFO), not a regular file; skipped"
    assert sorted(result.added) == ["more.txt", "osce.html", "patrols.txt", "trust.md"]


def test_rich_markup_in_names_is_shown_as_written(
    tmp_path: Path, embedder: SentenceTransformerEmbedder
) -> None:
    docs = _docs(tmp_path)
    (docs / "notes [v2].txt").write_text("Community officers walked the beat daily.")
    index = tmp_path / "idx"
    _index(index, embedder).run([docs])
    (docs / "report [final].txt").write_text("")
    (docs / "old [").mkdir()
    (docs / "old [" / "draft].txt").write_text("")  # the path holds "[/draft]": a closing tag
    result = runner.invoke(app, ["index", str(docs), "--index", str(index)])
    assert result.exit_code == EXIT_FAILED_DOCUMENTS, result.output
    said = " ".join(result.stderr.split())
    assert "report [final].txt: the file is empty." in said
    assert "old [/draft].txt: the file is empty." in said
    table = runner.invoke(app, ["docs", "--index", str(index)])
    assert "notes [v2].txt" in table.stdout


def test_manifest_gaps(tmp_path: Path, embedder: SentenceTransformerEmbedder) -> None:
    docs = _docs(tmp_path)
    pdf = make_pdf(docs / "report.pdf", [["Foot patrols and burglary in two cities."]])
    manifest = tmp_path / "sources.toml"
    manifest.write_text('[[document]]\nfile = "report.pdf"\nyear = true\n')
    with pytest.raises(ManifestError, match=r"'report\.pdf'\).*'year' must be a whole number"):
        _index(tmp_path / "idx", embedder).run([docs])
    manifest.write_text(
        '[[document]]\nfile = "report.pdf"\ntitle = "Patrols"\nyear = 2016\n\n'
        '[[document]]\nfile = "missing.pdf"\ntitle = "Nowhere"\n'
    )
    result = _index(tmp_path / "idx", embedder).run([docs])
    (warning,) = result.warnings
    assert "file = 'missing.pdf' matches no file" in warning and result.ok
    manifest.write_text("")  # the entry deleted: its metadata must go with it
    _index(tmp_path / "idx", embedder).run([docs])
    (doc,) = [d for d in Store(tmp_path / "idx").open().documents() if d.file == pdf.name]
    assert doc.meta == fallback_metadata(pdf, *document_info(pdf))  # what the PDF says
    assert doc.meta.source != "manifest" and doc.meta.title != "Patrols"


def test_a_document_the_database_refuses_is_a_failure_of_that_document(tmp_path: Path) -> None:
    store = Store(tmp_path / "idx")
    report = IngestReport(file="a.txt", pages=0)
    one = Document("1" * 64, "/docs/a.txt", "a.txt", Metadata("A"), report, 0)
    same_path = Document("2" * 64, "/docs/a.txt", "a.txt", Metadata("B"), report, 0)
    settings = {"model": "m", "dimension": 4, "faiss_type": "flat"}
    refused = pytest.raises(ExtractionError, match=r"a\.txt: cannot be stored in the index")
    with store.writer(settings) as writer:
        with writer.document(one.path):
            writer.add(one, [], np.zeros((0, 4)))
        with refused, writer.document(same_path.path):
            writer.add(same_path, [], np.zeros((0, 4)))
    assert [d.meta.title for d in store.open().documents()] == ["A"]


def test_a_reader_keeps_its_version_while_writers_prune(
    tmp_path: Path, embedder: SentenceTransformerEmbedder
) -> None:
    """KEEP_VERSIONS=1: the version a reader holds stays on disk and readable until it is
    closed; the next run then removes it."""
    docs = _docs(tmp_path)
    index = tmp_path / "idx"
    _index(index, embedder, keep_versions=1).run([docs])
    held = Store(index).open()
    (docs / "extra.txt").write_text("Europol supports police co-operation in the EU.")
    _index(index, embedder, keep_versions=1).run([docs])
    (docs / "more.txt").write_text("Interpol links police forces of many countries.")
    _index(index, embedder, keep_versions=1).run([docs])
    assert held.path.is_dir() and Store(index).current_version() != held.version
    assert len(held.lexical_search('"burglary"', 5)) == 1  # opens its database only now
    assert held.dense_search(embedder.encode(["burglary"])[0], 2)
    assert len(list(index.glob("v*"))) == 2  # the live one and the held one
    held.close()
    (docs / "extra.txt").unlink()
    _index(index, embedder, keep_versions=1).run([docs])
    assert [p.name for p in index.glob("v*")] == [Store(index).current_version()]


def test_pruning_drops_junk_and_keeps_the_last_good_backup(
    indexed: tuple[Path, Path], embedder: SentenceTransformerEmbedder
) -> None:
    docs, index = indexed
    (docs / "extra.txt").write_text("Europol supports police co-operation in the EU.")
    _index(index, embedder).run([docs])
    live = Store(index).current_version()
    assert live is not None
    # what a writer killed after copying the database leaves: a folder without a manifest,
    # named after the live one
    junk = index / (live + "-killed")
    shutil.copytree(index / live, junk)
    (junk / MANIFEST).unlink()
    (docs / "more.txt").write_text("Interpol links police forces of many countries.")
    _index(index, embedder).run([docs])
    kept = sorted(p.name for p in index.glob("v*"))
    assert kept == sorted([live, Store(index).current_version()])
    assert all((index / name / MANIFEST).is_file() for name in kept)


def _without_root_powers() -> None:
    """In the child before exec: as root, drop the capabilities that ignore file permissions
    (CAP_DAC_OVERRIDE, CAP_DAC_READ_SEARCH), so a read-only folder is read-only."""
    if os.geteuid() == 0:
        libc = ctypes.CDLL(None, use_errno=True)
        for capability in (1, 2):
            if libc.prctl(24, capability, 0, 0, 0) != 0:  # PR_CAPBSET_DROP
                raise OSError(ctypes.get_errno(), "prctl")


def _cli(
    *args: str, limit: Callable[[], None] = _without_root_powers
) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONDONTWRITEBYTECODE": "1"}
    return subprocess.run(
        [sys.executable, "-m", "cli", *args],
        capture_output=True,
        text=True,
        env=env,
        preexec_fn=limit,
        timeout=300,
        check=False,
    )


def test_unreadable_files_are_failures_and_json_is_complete(indexed: tuple[Path, Path]) -> None:
    docs, index = indexed
    (docs / "locked.txt").write_text("Secret text.")
    (docs / "locked.txt").chmod(0)
    (docs / "closed").mkdir()
    (docs / "closed" / "inside.txt").write_text("Hidden text.")
    (docs / "closed").chmod(0)
    try:
        result = _cli("index", str(docs), "--index", str(index), "--json")
    finally:
        (docs / "closed").chmod(0o755)
    assert result.returncode == EXIT_FAILED_DOCUMENTS, result.stderr
    summary = json.loads(result.stdout)
    reasons = {Path(f["path"]).name: f["reason"] for f in summary["failed"]}
    assert reasons["locked.txt"].startswith("cannot be read: permission denied")
    assert reasons["closed"].startswith("cannot list the folder: Permission denied")
    assert sorted(summary["unchanged"]) == ["osce.html", "patrols.txt", "trust.md"]


def test_a_read_only_index_folder_is_a_clear_error_and_stays_intact(
    indexed: tuple[Path, Path],
) -> None:
    docs, index = indexed
    live = Store(index).current_version()
    (docs / "osce.html").unlink()  # a change that needs a new version, but no model
    index.chmod(0o555)
    try:
        result = _cli("index", str(docs), "--index", str(index))
    finally:
        index.chmod(0o755)
    assert result.returncode == EXIT_ERROR, result.stderr
    message = " ".join(result.stderr.split())
    assert f"cannot write the index at {index}: permission denied" in message
    assert f"the live version {live} is unchanged" in message and "Traceback" not in message
    assert Store(index).current_version() == live
    assert _files(index) == set(TEXTS)


def test_a_full_disk_is_a_clear_error_and_the_index_stays_intact(
    indexed: tuple[Path, Path],
) -> None:
    """The child may write files only 16 KB large (RLIMIT_FSIZE, with SIGXFSZ ignored: writes
    fail with EFBIG as on a full disk), so the new segment's database runs out of room."""
    docs, index = indexed
    live = Store(index).current_version()
    segments = sorted(p.name for p in (index / "segments").iterdir())
    (docs / "more.txt").write_text("Community support officers patrol the parks at night.")
    room = 16 * 1024

    def small_disk() -> None:
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
        resource.setrlimit(resource.RLIMIT_FSIZE, (room, room))

    result = _cli("index", str(docs), "--index", str(index), limit=small_disk)
    assert result.returncode == EXIT_ERROR, result.stderr
    message = " ".join(result.stderr.split())
    assert f"cannot write the index at {index}:" in message and "free space" in message
    assert "Traceback" not in message
    assert Store(index).current_version() == live and _files(index) == set(TEXTS)
    assert len(list(index.glob("v*"))) == 1  # the half-written version was removed
    assert sorted(p.name for p in (index / "segments").iterdir()) == segments


def test_a_command_line_argument_that_is_not_utf8_is_a_clear_error(
    indexed: tuple[Path, Path],
) -> None:
    _, index = indexed
    for command in ("search", "ask", "cite"):
        result = subprocess.run(
            [
                sys.executable,
                "-m",
                "cli",
                command,
                b"caf\xe9 patrols in the centre",
                "--index",
                str(index),
            ],
            capture_output=True,
            timeout=300,
            check=False,
        )
        stderr = result.stderr.decode()
        assert result.returncode == EXIT_ERROR, stderr
        assert "the byte 0xe9, which is not UTF-8" in stderr and "Traceback" not in stderr
