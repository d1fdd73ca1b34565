"""The suite's own promises: `-m quick` touches every test module, every marker is registered,
and an xdist_group runs on one worker."""
import re
import subprocess
import sys
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
