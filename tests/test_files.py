"""The one reader and writer: what they refuse, the modes they give, and that a failed
write leaves nothing behind."""

from __future__ import annotations

import errno
import os
from pathlib import Path

import pytest

from notice_tracker import files
from notice_tracker.errors import NoticeError


def test_a_new_file_follows_the_umask(tmp_path: Path) -> None:
    old = os.umask(0o027)
    try:
        files.write(tmp_path / "paper.md", b"x\n")
        files.create(tmp_path / "new.yaml", b"id: x\n")
    finally:
        os.umask(old)
    assert (tmp_path / "paper.md").stat().st_mode & 0o777 == 0o640
    assert (tmp_path / "new.yaml").stat().st_mode & 0o777 == 0o640


def test_a_replaced_file_keeps_its_mode(tmp_path: Path) -> None:
    path = tmp_path / "paper.md"
    path.write_bytes(b"old\n")
    path.chmod(0o604)
    files.write(path, b"new\n")
    assert path.stat().st_mode & 0o777 == 0o604
    assert path.read_bytes() == b"new\n"


def test_a_full_disk_is_a_message_and_leaves_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def full(fd: int) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(files.os, "fsync", full)
    with pytest.raises(NoticeError, match="No space left on device"):
        files.create(tmp_path / "new.yaml", b"id: x\n")
    with pytest.raises(NoticeError, match="nothing was changed"):
        files.write(tmp_path / "paper.md", b"x\n")
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("kind", ["fifo", "folder", "link"])
def test_writers_refuse_what_is_not_a_regular_file(tmp_path: Path, kind: str) -> None:
    path = tmp_path / "target"
    if kind == "fifo":
        os.mkfifo(path)
    elif kind == "folder":
        path.mkdir()
    else:
        (tmp_path / "real").write_bytes(b"keep\n")
        path.symlink_to(tmp_path / "real")
    with pytest.raises(NoticeError, match="refusing to write"):
        files.write(path, b"x\n")
    if kind == "link":
        assert (tmp_path / "real").read_bytes() == b"keep\n"


def test_the_reader_stops_at_the_limit(tmp_path: Path) -> None:
    path = tmp_path / "big.yaml"
    path.write_bytes(b"#" * 101)
    assert files.read_bytes(path, limit=101) == b"#" * 101
    with pytest.raises(files.Unreadable, match="larger than 100 bytes"):
        files.read_bytes(path, limit=100)


def test_permission_denied_is_a_reason(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def denied(*args: object) -> int:
        raise PermissionError(errno.EACCES, "Permission denied")

    monkeypatch.setattr(files.os, "open", denied)
    with pytest.raises(files.Unreadable) as caught:
        files.read_bytes(tmp_path / "x.yaml")
    assert caught.value.reason == "permission denied"
