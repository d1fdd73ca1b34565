#!/usr/bin/env bash
# Build the grader image from scratch on a Debian machine, without any container registry:
#   1. a Debian base made with debootstrap from the Debian mirror,
#   2. imported into podman as seqkit-debian-base,
#   3. deploy/Containerfile on top (python3, a venv, the kit with its pinned dependencies).
# Usage (as root):  bash deploy/image/build.sh
# Result: the image IMAGE of podman.sh, the one deploy/kubernetes/grade-indexed-job.yaml names.
# Environment: SEQKIT_IMAGE_WORK (scratch folder, default /var/tmp/seqkit-image),
#              DEBIAN_MIRROR (default http://deb.debian.org/debian), SUITE (default bookworm).
set -euo pipefail
cd "$(dirname "$0")/../.."

source deploy/image/podman.sh   # IMAGE, BASE, PODMAN, ULIMITS
SUITE=${SUITE:-bookworm}
MIRROR=${DEBIAN_MIRROR:-http://deb.debian.org/debian}
WORK=${SEQKIT_IMAGE_WORK:-/var/tmp/seqkit-image}

[ "$(id -u)" = 0 ] || { echo "build.sh: run as root (debootstrap and rootful podman)" >&2; exit 2; }
missing=()
for tool in debootstrap podman buildah runc; do command -v "$tool" >/dev/null || missing+=("$tool"); done
if [ ${#missing[@]} -gt 0 ]; then
    apt-get update -q && apt-get install -y -q "${missing[@]}"
fi

t0=$(date +%s)
if ! $PODMAN image exists "$BASE"; then
    rm -rf "$WORK/rootfs" && mkdir -p "$WORK"
    debootstrap --variant=minbase "$SUITE" "$WORK/rootfs" "$MIRROR"
    rm -rf "$WORK/rootfs/var/cache/apt/archives/"*.deb "$WORK/rootfs/var/lib/apt/lists/"*
    tar -C "$WORK/rootfs" -c . | $PODMAN import - "$BASE"
    rm -rf "$WORK/rootfs"
fi
t1=$(date +%s)
# The build's apt-get and pip reach the mirror and PyPI the way this machine does: its network,
# and the certificates it trusts (mounted for the build only; nothing of it stays in the image).
HOST_CA=${PIP_CERT:-/etc/ssl/certs/ca-certificates.crt}
$PODMAN build --network host $ULIMITS -v "$HOST_CA:/etc/pip-host-ca.crt:ro" \
    --build-arg PIP_CERT=/etc/pip-host-ca.crt --build-arg BASE="$BASE" \
    -f deploy/Containerfile -t "$IMAGE" .
t2=$(date +%s)
echo "base: $BASE ($((t1 - t0)) s)   image: $IMAGE ($((t2 - t1)) s)"
$PODMAN image ls --format '{{.Repository}}:{{.Tag}} {{.Size}}' | grep -E 'seqkit-(grader|debian-base)'
