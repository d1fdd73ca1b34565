"""Measuring one way: wall clock, busy CPU of the machine, and the process tree's memory.

See bench_grading.py's docstring for what each figure means.
"""
import os
import threading
import time


def busy_cpu_seconds():
    """Busy CPU seconds of the whole machine since boot (steal excluded)."""
    with open("/proc/stat") as fh:
        f = [int(x) for x in fh.readline().split()[1:]]
    user, nice, system, _idle, _iowait, irq, softirq = f[:7]
    return (user + nice + system + irq + softirq) / os.sysconf("SC_CLK_TCK")


def _parents():
    """{pid: (parent pid, own user+system CPU seconds)} of every process."""
    out, tick = {}, os.sysconf("SC_CLK_TCK")
    for name in os.listdir("/proc"):
        if not name.isdigit():
            continue
        try:
            with open(f"/proc/{name}/stat", "rb") as fh:
                data = fh.read()
        except OSError:
            continue
        f = data[data.rfind(b")") + 2:].split()
        out[int(name)] = (int(f[1]), (int(f[11]) + int(f[12])) / tick)
    return out


def _status_kb(pid, keys=("VmHWM", "VmRSS")):
    found = {}
    try:
        with open(f"/proc/{pid}/status") as fh:
            for line in fh:
                key = line.split(":", 1)[0]
                if key in keys:
                    found[key] = int(line.split()[1])
    except OSError:
        pass
    return found


def _pss_kb(pid):
    try:
        with open(f"/proc/{pid}/smaps_rollup") as fh:
            for line in fh:
                if line.startswith("Pss:"):
                    return int(line.split()[1])
    except OSError:
        pass
    return 0


class TreeMonitor(threading.Thread):
    """Polls the processes below this one; roles by depth below us."""

    def __init__(self, roles, slot_depth, interval, pss_interval):
        super().__init__(daemon=True)
        self.roles, self.slot_depth, self.interval = roles, slot_depth, interval
        self.pss_interval, self.last_pss = pss_interval, -1e9
        self.me = os.getpid()
        self.stop_event = threading.Event()
        self.t0 = time.monotonic()
        self.hwm = {}          # pid -> (role, VmHWM kB)
        self.role_pss = {}     # role -> peak PSS kB of one process
        self.first_seen = {}   # role -> seconds after start
        self.cpu = {}          # pid -> (role, own CPU seconds when last seen)
        self.slot_pss = 0      # peak PSS kB of one slot
        self.total_pss = 0     # peak PSS kB of the whole tree
        self.polls = 0

    def run(self):
        while not self.stop_event.is_set():
            self.sample()
            self.stop_event.wait(self.interval)

    def stop(self):
        self.stop_event.set()
        self.join()
        self.sample()

    def sample(self):
        stats = _parents()
        parents = {pid: ppid for pid, (ppid, _) in stats.items()}
        depth, slot = {}, {}
        for pid in parents:
            chain, p = [], pid
            while p in parents and p != self.me and p > 1:
                chain.append(p)
                p = parents[p]
            if p == self.me and chain:
                depth[pid] = len(chain)
                slot[pid] = chain[-self.slot_depth] if len(chain) >= self.slot_depth else None
        now = time.monotonic() - self.t0
        # Pss costs ~10 ms of CPU per TensorFlow-sized process (the kernel walks
        # its page tables), VmHWM and the CPU times next to nothing: Pss is read
        # less often so that the polling does not slow down the ways it watches.
        with_pss = now - self.last_pss >= self.pss_interval
        if with_pss:
            self.last_pss = now
        slots, total = {}, 0
        for pid, d in depth.items():
            role = self.roles.get(d, self.roles[max(self.roles)] + "+")
            self.first_seen.setdefault(role, now)
            self.cpu[pid] = (role, stats[pid][1])
            st = _status_kb(pid)
            if "VmHWM" in st:
                old = self.hwm.get(pid, (role, 0))[1]
                self.hwm[pid] = (role, max(old, st["VmHWM"]))
            if not with_pss:
                continue
            pss = _pss_kb(pid)
            self.role_pss[role] = max(self.role_pss.get(role, 0), pss)
            total += pss
            if slot[pid] is not None:
                slots[slot[pid]] = slots.get(slot[pid], 0) + pss
        self.total_pss = max(self.total_pss, total)
        self.slot_pss = max([self.slot_pss, *slots.values()])
        self.polls += 1

    def summary(self):
        by_role = {}
        for role, kb in self.hwm.values():
            r = by_role.setdefault(role, {"processes": 0, "peak_rss_mb": 0.0})
            r["processes"] += 1
            r["peak_rss_mb"] = max(r["peak_rss_mb"], round(kb / 1024, 1))
        for role, kb in self.role_pss.items():
            by_role.setdefault(role, {"processes": 0, "peak_rss_mb": 0.0})["peak_pss_mb"] = round(kb / 1024, 1)
        for role, t in self.first_seen.items():
            by_role.setdefault(role, {})["first_seen_s"] = round(t, 2)
        for role, sec in self.cpu.values():
            r = by_role.setdefault(role, {})
            r["polled_cpu_s"] = round(r.get("polled_cpu_s", 0) + sec, 2)
        return {"roles": by_role, "slot_peak_pss_mb": round(self.slot_pss / 1024, 1),
                "tree_peak_pss_mb": round(self.total_pss / 1024, 1), "polls": self.polls}


POLL = {"interval": 0.2, "pss_interval": 1.0}  # set from the command line


class Measured:
    """Wall clock, machine CPU and the process tree around one way."""

    def __init__(self, roles, slot_depth):
        self.monitor = TreeMonitor(roles, slot_depth, POLL["interval"], POLL["pss_interval"])

    def __enter__(self):
        self.cpu0, self.t0 = busy_cpu_seconds(), time.monotonic()
        self.self0 = time.process_time()
        self.monitor.start()
        return self

    def __exit__(self, *exc):
        self.wall = time.monotonic() - self.t0
        self.machine_cpu = busy_cpu_seconds() - self.cpu0
        self.monitor.stop()
        self.harness_cpu = time.process_time() - self.self0  # mostly the polling
        self.memory = self.monitor.summary()
        return False


def wait4(proc):
    """Wait for a Popen child; -> (exit code, its rusage incl. children it waited for)."""
    _, status, ru = os.wait4(proc.pid, 0)
    proc.returncode = os.waitstatus_to_exitcode(status)
    return proc.returncode, ru
