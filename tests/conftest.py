import os

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")

import pytest  # noqa: E402

import isolation  # noqa: E402


def pytest_configure(config):
    config.addinivalue_line(
        "markers", "forks: forks student processes from this process; runs first, before any "
                   "test runs TensorFlow ops here (a fork after that is not safe)")
    config.addinivalue_line(
        "markers", "needs_root: skipped when not root, failed instead under "
                   "SEQKIT_REQUIRE_ISOLATION=1 (tests/isolation.py)")
    config.addinivalue_line(
        "markers", "needs_namespaces: skipped without root and namespaces, failed instead under "
                   "SEQKIT_REQUIRE_ISOLATION=1 (tests/isolation.py)")


def pytest_collection_modifyitems(items):
    items.sort(key=lambda item: item.get_closest_marker("forks") is None)


@pytest.hookimpl(tryfirst=True)
def pytest_runtest_setup(item):
    if item.get_closest_marker("needs_namespaces"):
        isolation.require(namespaces=True)
    elif item.get_closest_marker("needs_root"):
        isolation.require(namespaces=False)


def pytest_terminal_summary(terminalreporter):
    """The corpus figures (tests/test_corpus.py), each asserted where it is computed."""
    import sys
    corpus = sys.modules.get("test_corpus")
    if corpus is not None and corpus.STATS:
        terminalreporter.section("corpus figures")
        for line in corpus.summary_lines():
            terminalreporter.write_line(line)
