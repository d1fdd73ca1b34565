#!/usr/bin/env bash
# Grade example classes in the image and outside it, and compare what both wrote.
#   bash deploy/image/compare.sh [ASSIGNMENT...]      (default: rnn; as root, after build.sh)
# Outside: the project's .venv, as README's commands set it up.  Inside: `podman run` of the
# image with the class mounted read-only at the same path (a broken notebook's reason names its
# file) and the results at /data/out, the
# sandbox's namespaces allowed (CAP_SYS_ADMIN, as the Kubernetes Job grants), and
# the machine's /run/seqkit/uids shared, so runs in and out of containers claim different uids.
# Exits non-zero unless every file but results.sqlite is identical.
set -euo pipefail
cd "$(dirname "$0")/../.."
source deploy/image/podman.sh
OUT=${SEQKIT_COMPARE_OUT:-/var/tmp/seqkit-compare}
mkdir -p /run/seqkit/uids
status=0
for a in "${@:-rnn}"; do
    rm -rf "$OUT/$a" && mkdir -p "$OUT/$a/host" "$OUT/$a/container"
    SECONDS=0
    class="$PWD/examples/$a"
    PYTHONPATH=$PWD .venv/bin/python -m seqkit.cli grade "$a" "$class" \
        --out "$OUT/$a/host" --workers 1 --quiet
    outside=$SECONDS
    $PODMAN run --rm --network none $ULIMITS --cap-add SYS_ADMIN \
        -v "$class:$class:ro" -v "$OUT/$a/container:/data/out" \
        -v /run/seqkit/uids:/run/seqkit/uids \
        "$IMAGE" grade "$a" "$class" --out /data/out --workers 1 --quiet
    echo "$a: graded outside in $outside s, in the container in $((SECONDS - outside)) s" \
         "(podman run included)"
    if diff -r -x results.sqlite -x .seqkit-lock "$OUT/$a/host" "$OUT/$a/container"; then
        echo "$a: gradebook.csv, mistakes.csv, report.html, feedback/ identical"
    else
        echo "$a: the container's results differ (above)"
        status=1
    fi
done
exit $status
