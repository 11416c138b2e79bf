"""Finding the files to index, and naming them safely.

Walking a folder reports what cannot be indexed instead of passing over it: unsupported types,
folders that cannot be listed, broken symbolic links, link loops, named pipes and other things
that are not regular files. Links to folders are followed, except back into a folder being
walked.

File names reach Python as the operating system's bytes; a name that is not valid UTF-8 (old ZIP
or Windows archives) arrives with surrogate escapes ("bad-\\udcff.txt") that SQLite, JSON and
terminals refuse. `shown()` gives the name as Python prints such bytes ("bad-\\xff.txt"): the
index stores every path in that form and messages name files that way; the same file always
gets the same name, so the next run finds it again.
"""

from __future__ import annotations

import errno
import hashlib
import os
import re
import stat
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from ..types import Failure
from .extract import SUPPORTED_SUFFIXES
from .manifest import MANIFEST_NAME

_SURROGATE = re.compile("[\ud800-\udfff]")


def shown(path: Path | str) -> str:
    """The path as valid Unicode: bytes that are not UTF-8 written as \\xNN escapes."""
    text = str(path)
    if not _SURROGATE.search(text):
        return text
    try:
        return text.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")
    except UnicodeEncodeError:  # a surrogate that did not come from the file system
        return text.encode("utf-8", "backslashreplace").decode("utf-8")


def valid_text(text: str) -> str:
    """Text without unpaired surrogates (each becomes U+FFFD), safe to store and send."""
    return _SURROGATE.sub("\ufffd", text)


def sha256_file(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def unreadable(exc: OSError) -> str:
    """Why a file could not be read, and what to do about it."""
    if isinstance(exc, FileNotFoundError):
        return "the file disappeared during the run (deleted or moved); run again"
    if isinstance(exc, PermissionError):
        return "cannot be read: permission denied; give read access to it or leave it out"
    if exc.errno == errno.ELOOP:
        return "a symbolic link loop: the link leads back to itself; remove or fix it"
    return f"cannot be read: {exc.strerror or exc}"


def unsupported(path: Path) -> str:
    return f"unsupported file type {path.suffix or '(none)'!r}; supported: " + ", ".join(
        sorted(SUPPORTED_SUFFIXES)
    )


_KINDS = {
    stat.S_IFIFO: "a named pipe (FIFO)",
    stat.S_IFSOCK: "a socket",
    stat.S_IFCHR: "a character device",
    stat.S_IFBLK: "a block device",
}


@dataclass
class Found:
    """What a walk found: files to index, what cannot be indexed, and the folders walked."""

    files: list[Path] = field(default_factory=list)
    failures: list[Failure] = field(default_factory=list)
    roots: list[Path] = field(default_factory=list)

    def fail(self, path: Path, reason: str) -> None:
        self.failures.append(Failure(shown(path), reason))


def discover(paths: Sequence[Path]) -> Found:
    """Files to index under the paths given, with a failure for each one that cannot be."""
    found = Found()
    for given in paths:
        try:
            path = given.expanduser().resolve(strict=True)
        except FileNotFoundError:
            reason = "no such file or folder"
            if given.is_symlink():
                reason = _broken(given)
            found.fail(given, reason)
            continue
        except (OSError, RuntimeError):  # RuntimeError: a link loop (Python 3.11)
            found.fail(given, unreadable(OSError(errno.ELOOP, "loop")))
            continue
        if path.is_dir():
            found.roots.append(path)
            _walk(path, path, found, ancestors=())
        else:
            _one(path, found, explicit=True)
    found.files = list(dict.fromkeys(found.files))
    return found


def _walk(root: Path, folder: Path, found: Found, ancestors: tuple[tuple[int, int], ...]) -> None:
    try:
        info = folder.stat()
        with os.scandir(folder) as listing:
            entries = sorted(listing, key=lambda e: e.name)
    except OSError as exc:
        why = exc.strerror or exc
        found.fail(folder, f"cannot list the folder: {why}; give access to it or leave it out")
        return
    here = (*ancestors, (info.st_dev, info.st_ino))
    for entry in entries:
        if entry.name.startswith("."):
            continue
        path = Path(entry.path)
        try:
            target = os.stat(path)  # follows links
        except OSError as exc:
            if isinstance(exc, FileNotFoundError) and entry.is_symlink():
                found.fail(path, _broken(path))
            else:
                found.fail(path, unreadable(exc))
            continue
        if stat.S_ISDIR(target.st_mode):
            if (target.st_dev, target.st_ino) in here:
                found.fail(path, "a symbolic link loop: it leads back to a folder above it")
                continue
            _walk(root, path, found, here)
        else:
            _one(path, found, mode=target.st_mode)


def _broken(link: Path) -> str:
    return f"a broken symbolic link: its target {shown(os.readlink(link))} does not exist"


def _one(path: Path, found: Found, mode: int | None = None, explicit: bool = False) -> None:
    if mode is None:
        try:
            mode = path.stat().st_mode
        except OSError as exc:
            found.fail(path, unreadable(exc))
            return
    kind = _KINDS.get(stat.S_IFMT(mode))
    if kind is not None:
        found.fail(path, f"{kind}, not a regular file; skipped")
    elif path.name == MANIFEST_NAME and not explicit:
        return
    elif path.suffix.lower() in SUPPORTED_SUFFIXES:
        found.files.append(path)
    else:
        found.fail(path, unsupported(path))
