"""The suite's own promises: `-m quick` touches every test module, and every marker is registered."""
import re
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
