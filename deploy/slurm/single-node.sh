#!/usr/bin/env bash
# A single-node Slurm cluster on this machine (Debian 12, as root), for testing sharded grading.
#   bash deploy/slurm/single-node.sh start    install if needed, configure, start munged, slurmctld, slurmd
#   bash deploy/slurm/single-node.sh stop     stop the daemons this script started (by their pids)
# The pids go to /run/seqkit-slurm.pids; nothing is stopped by name.
set -euo pipefail
pids=/run/seqkit-slurm.pids

start() {
    if ! command -v slurmctld >/dev/null || ! command -v munged >/dev/null; then
        apt-get update -q && DEBIAN_FRONTEND=noninteractive apt-get install -y -q slurm-wlm munge
    fi
    mkdir -p /etc/slurm /var/spool/slurmctld /var/spool/slurmd /var/log/slurm /run/munge
    chown munge:munge /run/munge
    [ -f /etc/munge/munge.key ] || mungekey --create
    local host mem
    host=$(hostname -s)
    mem=$(( $(free -m | awk '/Mem:/{print $2}') - 2048 ))
    cat > /etc/slurm/slurm.conf <<CONF
ClusterName=local
SlurmctldHost=$host
SlurmUser=root
AuthType=auth/munge
StateSaveLocation=/var/spool/slurmctld
SlurmdSpoolDir=/var/spool/slurmd
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
SelectType=select/cons_tres
SelectTypeParameters=CR_Core
ReturnToService=2
JobAcctGatherType=jobacct_gather/none
SlurmctldLogFile=/var/log/slurm/slurmctld.log
SlurmdLogFile=/var/log/slurm/slurmd.log
SlurmctldPidFile=/run/slurmctld.pid
SlurmdPidFile=/run/slurmd.pid
NodeName=$host CPUs=$(nproc) RealMemory=$mem State=UNKNOWN
PartitionName=debug Nodes=$host Default=YES MaxTime=INFINITE State=UP
CONF
    runuser -u munge -- /usr/sbin/munged
    /usr/sbin/slurmctld
    /usr/sbin/slurmd
    sleep 2
    { cat /run/munge/munged.pid 2>/dev/null || pgrep -u munge -x munged; cat /run/slurmctld.pid; cat /run/slurmd.pid; } > "$pids"
    for _ in $(seq 30); do
        sinfo -h -o %T 2>/dev/null | grep -qx idle && { sinfo; return; }
        sleep 1
    done
    echo "single-node.sh: the node did not become idle; see /var/log/slurm/" >&2
    exit 1
}

stop() {
    [ -f "$pids" ] || { echo "single-node.sh: no $pids: nothing started here"; return; }
    while read -r pid; do
        [ -n "$pid" ] && kill "$pid" 2>/dev/null || true
    done < <(tac "$pids")
    rm -f "$pids"
}

case "${1:-}" in
start) start ;;
stop) stop ;;
*) echo "usage: bash deploy/slurm/single-node.sh start|stop" >&2; exit 2 ;;
esac
