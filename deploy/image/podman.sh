# Sourced by build.sh and compare.sh: the image's name and how podman runs on this machine.
# The Kubernetes Job (deploy/kubernetes/grade-indexed-job.yaml) names the same image.
IMAGE=localhost/seqkit-grader:0.1.0
BASE=localhost/seqkit-debian-base:bookworm
# What works everywhere, also with podman inside another container (see deploy/image/README.md):
# vfs storage (no overlay mounts), cgroupfs (no systemd), runc (crun refuses hybrid cgroups),
# and explicit rlimits no higher than ours (podman's defaults need CAP_SYS_RESOURCE).
PODMAN="podman --storage-driver vfs --cgroup-manager cgroupfs --events-backend file --runtime runc"
ULIMITS="--ulimit nofile=$(ulimit -Hn):$(ulimit -Hn) --ulimit nproc=32768:32768"
