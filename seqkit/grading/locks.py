"""What a grading run holds while it runs: its output folder and a range of uids.

Both are flock(2) locks, so the kernel lets go of them when the process ends,
however it ends: a run that crashed leaves nothing to clean up, and the next
run takes over at once.

The output folder: `seqkit grade` holds DIR/.seqkit-lock exclusively from the
first look at results.sqlite to the last file written, so a second run on the
same folder is refused (it would grade the same submissions again and write
the same files); `seqkit merge` holds its own folder the same way and reads
each shard folder under a shared lock, so it never merges a shard that is
still being graded.  A lock file rather than the folder itself: flock on a
folder fails on NFS, where a Kubernetes volume often lives.

The uids: the students of one run get uids first .. first + workers - 1, and
the kernel's process limit counts per uid, so two runs on one machine must
never share one, or one student's forks starve another batch's student.  Each
run claims a range of UID_RANGE uids by holding /run/seqkit/uids/<range> (a
root-owned folder: the students, who run as those uids, cannot take a range).
"""
import contextlib
import errno
import fcntl
import os
import time
from pathlib import Path

FOLDER_LOCK = ".seqkit-lock"
UID_BASE = 2_000_000_000   # far above any account's uid
UID_RANGE = 1000           # uids of one run: one per worker, so at most this many workers
UID_RANGES = 100_000       # ranges up to uid 2.1e9: below 2**31, which some tools take as signed
UID_DIR = Path("/run/seqkit/uids")


class Busy(Exception):
    """The folder (or every uid range) is held by another run."""


@contextlib.contextmanager
def output_folder(out_dir):
    """Hold out_dir (created if missing) for this run alone; Busy if another run holds it."""
    out_dir.mkdir(parents=True, exist_ok=True)
    path = out_dir / FOLDER_LOCK
    fd = os.open(path, os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, 0o600)
    try:
        if not _try_lock(fd, fcntl.LOCK_EX):
            raise Busy(f"{out_dir} is in use by another seqkit run ({_holder(path)}); "
                       "wait for it to finish, or write to another folder")
        os.ftruncate(fd, 0)
        os.write(fd, f"pid {os.getpid()} since {time.strftime('%Y-%m-%d %H:%M:%S')}\n".encode())
        yield
    finally:
        os.close(fd)


@contextlib.contextmanager
def finished_folders(dirs):
    """Read dirs (shard folders) under a shared lock; Busy if one is still being graded.

    A folder without a lock file was never graded by a run that locks: nothing to wait for.
    """
    fds = []
    try:
        for folder in dirs:
            try:
                fd = os.open(folder / FOLDER_LOCK, os.O_RDONLY | os.O_CLOEXEC)
            except FileNotFoundError:
                continue
            fds.append(fd)
            if not _try_lock(fd, fcntl.LOCK_SH):
                raise Busy(f"{folder} is still being graded ({_holder(folder / FOLDER_LOCK)}); "
                           "merge after that run has finished")
        yield
    finally:
        for fd in fds:
            os.close(fd)


@contextlib.contextmanager
def uid_range(workers):
    """-> the first of `workers` uids that no other running batch uses, held until exit.

    Without root the student's process keeps our uid (the sandbox drops
    privileges only as root), so there is nothing to claim: -> UID_BASE.
    """
    if workers > UID_RANGE:
        raise ValueError(f"--workers {workers}: at most {UID_RANGE} workers in one run")
    if os.geteuid() != 0:
        yield UID_BASE
        return
    _check_uid_dir()
    for index in range(UID_RANGES):
        first = UID_BASE + index * UID_RANGE
        fd = os.open(UID_DIR / str(index), os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, 0o600)
        if _try_lock(fd, fcntl.LOCK_EX) and not _in_use(first, first + UID_RANGE):
            try:
                yield first
            finally:
                os.close(fd)
            return
        os.close(fd)
    raise Busy(f"all {UID_RANGES} uid ranges under {UID_DIR} are held by running batches")


def _try_lock(fd, kind):
    try:
        fcntl.flock(fd, kind | fcntl.LOCK_NB)
    except OSError as exc:
        if exc.errno in (errno.EWOULDBLOCK, errno.EAGAIN):
            return False
        raise
    return True


def _holder(path):
    try:
        return path.read_text().strip() or "starting"
    except OSError:
        return "unknown process"


def _check_uid_dir():
    """The folder must be root's alone: whoever could write there could take ranges away."""
    UID_DIR.mkdir(mode=0o755, parents=True, exist_ok=True)
    for folder in (UID_DIR, UID_DIR.parent):
        st = folder.stat()
        if st.st_uid != 0 or st.st_mode & 0o022:
            raise PermissionError(f"{folder}: must belong to root and be writable by root only "
                                  "(it holds the uid ranges of running batches)")


def _in_use(low, high):
    """Does a process run as a uid in [low, high)?  A crashed run's students may outlive it."""
    for entry in os.scandir("/proc"):
        if not entry.name.isdigit():
            continue
        try:
            with open(f"/proc/{entry.name}/status") as fh:
                uid = next(int(line.split()[1]) for line in fh if line.startswith("Uid:"))
        except (OSError, StopIteration, ValueError):
            continue  # gone meanwhile
        if low <= uid < high:
            return True
    return False
