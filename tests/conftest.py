import os

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")

import pytest  # noqa: E402

import isolation  # noqa: E402
import shared  # noqa: E402

# The markers (quick, forks, needs_root, needs_namespaces) are registered in
# pyproject.toml, and --strict-markers refuses any other.


# ------------------------------------------- expensive work shared by the modules (tests/shared.py)

@pytest.fixture(scope="session")
def built(tmp_path_factory):
    """assignment -> the folder `seqkit build` wrote it to (assignments/, autograder/), once."""
    return shared.Cache(tmp_path_factory, "build", shared.make_build)


@pytest.fixture(scope="session")
def corpus_batch(tmp_path_factory):
    """assignment -> its corpus graded by one `seqkit grade` (shared.Graded), once."""
    return shared.Cache(tmp_path_factory, "corpus", shared.make_corpus_batch)


@pytest.fixture(scope="session")
def example_batch(tmp_path_factory):
    """assignment -> its example class graded by one `seqkit grade --timeout 10`, once."""
    return shared.Cache(tmp_path_factory, "examples", shared.make_example_batch)


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
