import os
import sys

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")

import pytest  # noqa: E402

import isolation  # noqa: E402
import shared  # noqa: E402

# The markers (quick, forks, needs_root, needs_namespaces) are registered in
# pyproject.toml, and --strict-markers refuses any other.  The tests run in
# pytest-xdist's worker processes (addopts: -n auto --dist loadgroup); tests that
# share a module's expensive fixture are one xdist_group, so one worker makes it.


# ------------------------------------------- expensive work shared by the modules (tests/shared.py)

@pytest.fixture(scope="session")
def shared_root(tmp_path_factory):
    """A scratch folder that every worker of this run sees (with xdist, each worker's own
    base folder is a subfolder of the run's)."""
    base = tmp_path_factory.getbasetemp()
    root = (base.parent if os.environ.get("PYTEST_XDIST_WORKER") else base) / "shared"
    root.mkdir(exist_ok=True)
    return root


@pytest.fixture(scope="session")
def built(shared_root):
    """assignment -> the folder `seqkit build` wrote it to (assignments/, autograder/), once."""
    return shared.Cache(shared_root, "build", shared.make_build)


@pytest.fixture(scope="session")
def corpus_batch(shared_root):
    """assignment -> its corpus graded by one `seqkit grade` (shared.Graded), once."""
    return shared.Cache(shared_root, "corpus", shared.make_corpus_batch)


@pytest.fixture(scope="session")
def example_batch(shared_root):
    """assignment -> its example class graded by one `seqkit grade --timeout 10`, once."""
    return shared.Cache(shared_root, "examples", shared.make_example_batch)


@pytest.fixture(scope="session")
def forked_kernels(tmp_path_factory):
    """Every Jupyter kernel that this worker and its children start from now on (nbclient,
    `otter run`) forked by one kernel zygote (tests/zygote.py), which has imported what every
    notebook imports first: a real ipykernel session without 7 CPU-seconds of imports each."""
    from zygote import Zygote, kernel_spec
    zygote = Zygote("kernel")
    folder = kernel_spec(zygote, tmp_path_factory.mktemp("kernel-spec"))
    before = os.environ.get("JUPYTER_PATH")
    os.environ["JUPYTER_PATH"] = os.pathsep.join(filter(None, [str(folder), before]))
    yield
    if before is None:
        del os.environ["JUPYTER_PATH"]
    else:
        os.environ["JUPYTER_PATH"] = before
    zygote.close()


# ----------------------------------------- the spawner of the tests that fork (tests/test_sandbox.py)

_SPAWNER = []


def pytest_collection_finish(session):
    """Fork the spawner before any test can run TensorFlow ops in this process (a fork
    after that is not safe), wherever the `forks` tests land in the run."""
    if any(item.get_closest_marker("forks") for item in session.items):
        from seqkit.grading.batch import warm_up
        from seqkit.sandbox.spawner import Spawner
        warm_up()
        _SPAWNER.append(Spawner())


@pytest.fixture(scope="session")
def spawner():
    """The spawner forked at collection: student processes on request."""
    yield _SPAWNER[0]
    _SPAWNER.pop().close()


def pytest_collection_modifyitems(items):
    """The kernel sessions first (tests/test_student_notebook.py, minutes in one group): one
    worker runs them while the others take everything else, instead of alone at the end."""
    def group(item):
        marker = item.get_closest_marker("xdist_group")
        return marker.args[0] if marker else None
    items.sort(key=lambda item: group(item) != "kernels")


@pytest.hookimpl(tryfirst=True)
def pytest_runtest_setup(item):
    if item.get_closest_marker("needs_namespaces"):
        isolation.require(namespaces=True)
    elif item.get_closest_marker("needs_root"):
        isolation.require(namespaces=False)


# ------------------------------------------ the corpus figures (tests/test_corpus.py), at the end

_FROM_WORKERS = []  # the figures each xdist worker sent when it finished


def _corpus_figures():
    corpus = sys.modules.get("test_corpus")
    return ({"stats": {a: dict(s) for a, s in corpus.STATS.items()}, "lines": list(corpus.LINES)}
            if corpus is not None and corpus.STATS else None)


def pytest_sessionfinish(session):
    figures = _corpus_figures()
    if figures and hasattr(session.config, "workeroutput"):  # an xdist worker
        session.config.workeroutput["corpus"] = figures


@pytest.hookimpl(optionalhook=True)
def pytest_testnodedown(node, error):
    figures = getattr(node, "workeroutput", {}).get("corpus")
    if figures:
        _FROM_WORKERS.append(figures)


def pytest_terminal_summary(terminalreporter):
    """The corpus figures, each asserted where it is computed, printed once at the end."""
    parts = _FROM_WORKERS + [f for f in [_corpus_figures()] if f]
    if not parts:
        return
    import test_corpus
    stats, lines = {}, []
    for part in parts:
        for assignment, figures in part["stats"].items():
            stats.setdefault(assignment, {}).update(figures)
        lines += part["lines"]
    terminalreporter.section("corpus figures")
    for line in sorted(lines, key=lambda line: line.split(":")[0]) + \
            test_corpus.summary_lines(stats):  # by assignment, each in the order it was said
        terminalreporter.write_line(line)
