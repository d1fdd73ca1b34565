"""What this machine lets the sandbox do, and what a test does when it cannot.

Without root the sandbox cannot drop privileges or enter namespaces, so the
tests of isolation skip.  CI runs as root and sets SEQKIT_REQUIRE_ISOLATION=1:
there a skip would hide a sandbox that no longer isolates, so it fails instead.
"""
import os
import subprocess
import sys

import pytest

REQUIRED = os.environ.get("SEQKIT_REQUIRE_ISOLATION") == "1"
ROOT = os.geteuid() == 0


def _namespaces_available():
    """Root, and the kernel lets us create the namespaces the sandbox uses."""
    if not ROOT:
        return False
    probe = ("import ctypes, sys; "
             "sys.exit(ctypes.CDLL(None).unshare(0x00020000 | 0x40000000 | 0x20000000) != 0)")
    return subprocess.run([sys.executable, "-c", probe]).returncode == 0


ISOLATED = _namespaces_available()


def require(namespaces=True):
    """Skip the running test unless this process is root (and, with namespaces,
    may create mount, network and PID namespaces); under SEQKIT_REQUIRE_ISOLATION=1, fail."""
    if ISOLATED or (ROOT and not namespaces):
        return
    what = "root and namespaces" if namespaces else "root"
    message = f"needs {what}: without them the sandbox does not isolate"
    if REQUIRED:
        pytest.fail(f"{message}, and SEQKIT_REQUIRE_ISOLATION=1 says this run must test it")
    pytest.skip(message)
