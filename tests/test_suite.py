"""The suite's own promises: `-m quick` touches every test module, every marker is registered,
an xdist_group runs on one worker, and what the zygotes fork (tests/zygote.py) is what a fresh
process would be."""
import os
import re
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

TESTS = Path(__file__).resolve().parent


@pytest.mark.quick
def test_every_test_module_has_a_quick_test():
    modules = sorted(TESTS.glob("test_*.py"))
    assert len(modules) > 10
    without = [p.name for p in modules if "pytest.mark.quick" not in p.read_text()]
    assert not without, f"no pytest.mark.quick test in {without}: `-m quick` must touch every module"


@pytest.mark.quick
def test_every_marker_used_is_registered(pytestconfig):
    registered = {line.split(":")[0].split("(")[0].strip()
                  for line in pytestconfig.getini("markers")}
    builtin = {"parametrize", "filterwarnings", "skip", "skipif", "xfail", "usefixtures"}
    used = set()
    for path in TESTS.rglob("*.py"):
        used |= set(re.findall(r"pytest\.mark\.(\w+)", path.read_text()))
    assert used - builtin <= registered, f"unregistered markers: {sorted(used - builtin - registered)}"
    assert "--strict-markers" in pytestconfig.getini("addopts")


GROUPED = """
import pytest
pytestmark = pytest.mark.xdist_group("one")

@pytest.mark.parametrize("i", range(6))
def test_grouped(i):
    pass
"""


@pytest.mark.quick
def test_an_xdist_group_runs_on_one_worker(tmp_path):
    """Tests that share a module's expensive fixture are an xdist_group (tests/conftest.py), made
    once only if one worker runs them all.  pytest-xdist 3.8 under pytest 9.2 ran them anywhere
    (it renames the items' node ids, which pytest 9.2 no longer reads): pyproject.toml pins
    pytest below 9 until this passes there."""
    (tmp_path / "test_grouped.py").write_text(GROUPED)
    done = subprocess.run([sys.executable, "-m", "pytest", "-p", "no:cacheprovider", "-n", "2",
                           "--dist", "loadgroup", "-v", "test_grouped.py"],
                          cwd=tmp_path, capture_output=True, text=True, timeout=300)
    ran = re.findall(r"\[(gw\d+)\] .*PASSED", done.stdout)
    assert done.returncode == 0 and len(ran) == 6, done.stdout[-2000:]
    assert len(set(ran)) == 1, f"one group, run by workers {sorted(set(ran))}"


def _gone(pid, seconds=10):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            with open(f"/proc/{pid}/stat") as fh:
                if fh.read().split(")")[-1].split()[0] == "Z":
                    return True
        except FileNotFoundError:
            return True
        time.sleep(0.1)
    return False


@pytest.mark.quick
def test_a_forked_kernel_starts_clean_where_asked_and_ends_with_its_launcher(forked_kernels,
                                                                            tmp_path):
    from jupyter_client.manager import KernelManager
    km = KernelManager(kernel_name="python3")
    km.start_kernel(cwd=str(tmp_path), env={**os.environ, "SEQKIT_PROBE": "42"})
    try:
        kc = km.client()
        kc.start_channels()
        kc.wait_for_ready(timeout=60)
        said = []
        reply = kc.execute_interactive(
            "import os, sys\n"
            "print(os.getcwd(), os.environ.get('SEQKIT_PROBE'), os.getpid(), os.getppid(),\n"
            "      'tensorflow' in sys.modules,\n"
            "      sorted(k for k in dir() if not k.startswith('_') and k not in ('In', 'Out',\n"
            "             'exit', 'quit', 'get_ipython', 'open', 'os', 'sys')))",
            timeout=60, output_hook=lambda m: said.append(m["content"].get("text", "")))
        assert reply["content"]["status"] == "ok"
        cwd, probe, pid, parent, preloaded, names = "".join(said).split(" ", 5)
        assert (cwd, probe, names.strip()) == (str(tmp_path), "42", "[]")
        # forked by the zygote (its parent is not the launcher jupyter_client started), with
        # TensorFlow already imported: else this test runs the installed kernel, not ours
        launcher = km.provisioner.process.pid
        assert int(parent) != launcher and preloaded == "True"
        kc.stop_channels()
    finally:
        km.shutdown_kernel(now=True)  # SIGKILL to the launcher: the kernel goes too
    assert _gone(int(pid)), "the forked kernel outlived its launcher"


@pytest.mark.quick
def test_a_forked_grade_run_past_its_timeout_is_killed(tmp_path):
    """tests/seqkit_grade.grade: `seqkit grade` forked from the grade zygote (its exit status
    and output: tests/test_grading.py), killed when it runs too long."""
    from seqkit import paths
    from seqkit_grade import grade
    start = time.monotonic()
    done = grade("rnn", paths.EXAMPLES / "rnn", tmp_path / "out", check=False, timeout=1)
    assert done.returncode == -signal.SIGKILL and time.monotonic() - start < 30
