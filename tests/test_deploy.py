"""The deployment recipes name what deploy/image/build.sh builds (the build itself is too slow
for the suite; deploy/image/README.md gives its figures)."""
import re

import pytest

from seqkit import paths
from seqkit.grading import locks

DEPLOY = paths.ROOT / "deploy"


def _setting(name):
    """NAME=value of deploy/image/podman.sh, the settings build.sh and compare.sh share."""
    return re.search(rf"^{name}=(\S+)$", (DEPLOY / "image" / "podman.sh").read_text(), re.M)[1]


@pytest.mark.quick
def test_the_kubernetes_job_runs_the_image_build_sh_builds():
    job = (DEPLOY / "kubernetes" / "grade-indexed-job.yaml").read_text()
    assert re.findall(r"^\s*image:\s*(\S+)\s*$", job, re.M) == [_setting("IMAGE")]
    # pods on one node share the node's uid ranges (grading/locks.py)
    assert re.search(rf"mountPath: {locks.UID_DIR}\}}", job)
    assert re.search(rf"hostPath: {{path: {locks.UID_DIR},", job)


def test_the_containerfile_builds_on_the_base_build_sh_makes():
    containerfile = (DEPLOY / "Containerfile").read_text()
    assert re.search(r"^ARG BASE=(\S+)$", containerfile, re.M)[1] == _setting("BASE")
    assert re.search(r"^FROM \$\{BASE\}$", containerfile, re.M)
