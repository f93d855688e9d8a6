"""Benchmark of the whole job at national scale (issue #7): ``make bench`` runs this with the venv python.

It generates (or reuses) the synthetic national set of :mod:`national` (43 fictional forces × 5 financial years;
at ``--fraction 1``: 5,000,000 card transactions, 200,000 contracts, 100,000 gifts, 50,000 interests, 1,000,000
payments, 215,000 staff), runs ``xref run`` on it as a subprocess, and reports per stage wall time, rows per
second and peak RSS, then records the figures in ``BENCHMARKS.md`` (results table, scaling table, commands).

* The data is cached in ``bench/data/national-<fraction>-<seed>/`` (``-national`` added for ``--layout
  national``) and reused while its ``manifest.json`` is there; generation runs in its own subprocess and is timed.
* ``xref run --config <set>/xref.toml --out <run>/out --db <run>/xref.duckdb --period 2025Q1`` runs in a fresh
  process with a fresh case file, working directory ``<run>`` (DuckDB's spill files go there). Its peak RSS is
  the child's own ``ru_maxrss`` (``os.wait4``: the per-child form of ``getrusage(RUSAGE_CHILDREN)``); RSS is also
  sampled every 0.2 s to give each stage its own peak.
* Stage times come from the run's ``run.json`` (``timings_seconds``). Stages it does not time (``outputs`` and
  ``case_file`` in xref versions that write run.json before timing them) are taken from the times at which the
  run printed its progress lines (``… writing outputs``, ``… recording the run in the case file``), marked ``~``.
* ``--scaling`` runs fractions 0.01, 0.1 and 1.0 and prints the growth per 10× of data.
* A run that passes ``--timeout`` seconds or ``--rss-limit-gb`` is stopped (its own process only) and reported
  with the stage it was in. The script always exits 0: it is a benchmark, not a test.

``--period`` defaults to 2025Q1 (January-March 2025, the last quarter of 2024-25): the job as a force runs it,
a quarter reported against five years of history the rules look back over. ``--period all`` reports every date.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import re
import shlex
import shutil
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
DATA = HERE / "data"
BENCHMARKS = ROOT / "BENCHMARKS.md"
STAGES: tuple[str, ...] = ("load", "match", "rules", "case_history", "outputs", "case_file")
SCALING_FRACTIONS = (0.01, 0.1, 1.0)
DEFAULT_TIMEOUT_S = 1800.0
DEFAULT_RSS_LIMIT_GB = 12.0
TARGET_WALL_S = 600.0
TARGET_RSS_GB = 4.0
# progress lines of `xref run` (stderr, "… message") that start each part of the run
MARKS = {
    "loading": "load",
    "matching supplier names": "match",
    "staging the registers": "rules",  # older xref: staging is the start of the rules stage
    "linking the registers to the matched names": "rules",  # the same step, renamed
    "running rules": "rules",
    "writing outputs": "case_history",
    "recording the run in the case file": "case_file",
}


# --------------------------------------------------------------------------------------------------------------------
# machine
# --------------------------------------------------------------------------------------------------------------------


def machine() -> dict[str, Any]:
    """Cores, RAM and CPU model of this machine."""
    ram_gb = None
    model = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal:"):
                ram_gb = round(int(line.split()[1]) / 1024**2, 1)
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return {
        "cores": os.cpu_count(),
        "ram_gb": ram_gb,
        "cpu": model,
        "python": platform.python_version(),
        "platform": platform.platform(),
    }


def _rss_mb(pid: int) -> float | None:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    except (OSError, ValueError):
        return None
    return None


def _maxrss_mb(rusage: Any) -> float:
    # ru_maxrss is KiB on Linux, bytes on macOS
    return float(rusage.ru_maxrss) / (1024**2 if sys.platform == "darwin" else 1024)


# --------------------------------------------------------------------------------------------------------------------
# running a child and measuring it
# --------------------------------------------------------------------------------------------------------------------


class Child:
    """A subprocess whose stderr lines are timestamped, RSS sampled, and which is stopped past a limit."""

    def __init__(self, cmd: list[str], cwd: Path, *, timeout_s: float, rss_limit_mb: float, echo: bool = True) -> None:
        self.cmd = cmd
        self.timeout_s = timeout_s
        self.rss_limit_mb = rss_limit_mb
        self.echo = echo
        self.lines: list[tuple[float, str]] = []
        self.stdout: list[str] = []
        self.samples: list[tuple[float, float]] = []
        self.stopped: str | None = None
        env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
        self.t0 = time.perf_counter()
        self.proc = subprocess.Popen(  # our own interpreter and arguments
            cmd, cwd=cwd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env, bufsize=1
        )
        self._done = threading.Event()
        self._threads = [
            threading.Thread(target=self._read, args=(self.proc.stderr, True), daemon=True),
            threading.Thread(target=self._read, args=(self.proc.stdout, False), daemon=True),
            threading.Thread(target=self._watch, daemon=True),
        ]
        for t in self._threads:
            t.start()

    def _read(self, stream: Any, is_err: bool) -> None:
        for line in stream:
            now = time.perf_counter() - self.t0
            text = line.rstrip("\n")
            if is_err:
                self.lines.append((now, text))
                if self.echo:
                    print(f"  [{now:7.1f}s] {text}", flush=True)
            else:
                self.stdout.append(text)

    def _watch(self) -> None:
        while not self._done.is_set():
            now = time.perf_counter() - self.t0
            rss = _rss_mb(self.proc.pid)
            if rss is not None:
                self.samples.append((now, rss))
            reason = None
            if self.timeout_s and now > self.timeout_s:
                reason = f"stopped after {now:.0f} s (--timeout {self.timeout_s:.0f})"
            elif self.rss_limit_mb and rss and rss > self.rss_limit_mb:
                reason = f"stopped at {rss / 1024:.2f} GB RSS (--rss-limit-gb {self.rss_limit_mb / 1024:g})"
            if reason and self.stopped is None:
                self.stopped = reason
                try:
                    os.kill(self.proc.pid, signal.SIGKILL)  # only the child this script started
                except ProcessLookupError:
                    pass
            self._done.wait(0.2)

    def wait(self) -> tuple[int, float, float]:
        """Wait for the child; returns (exit code, wall seconds, peak RSS MB from the child's own rusage)."""
        _, status, rusage = os.wait4(self.proc.pid, 0)
        wall = time.perf_counter() - self.t0
        self.proc.returncode = os.waitstatus_to_exitcode(status)
        self._done.set()
        for t in self._threads:
            t.join(timeout=5)
        return self.proc.returncode, wall, _maxrss_mb(rusage)


# --------------------------------------------------------------------------------------------------------------------
# data
# --------------------------------------------------------------------------------------------------------------------


def data_dir(root: Path, fraction: float, seed: int, layout: str) -> Path:
    """Where the set for these options is cached."""
    return root / (f"national-{fraction:g}-{seed}" + ("" if layout == "force" else f"-{layout}"))


def _show_path(path: Path) -> str:
    return str(path.relative_to(ROOT)) if path.is_relative_to(ROOT) else str(path)


def ensure_data(
    root: Path, fraction: float, seed: int, layout: str, *, timeout_s: float, rss_limit_mb: float
) -> tuple[Path, dict[str, Any]]:
    """Generate the set (in a subprocess, timed) unless it is cached; returns its folder and generation record."""
    folder = data_dir(root, fraction, seed, layout)
    record_path = folder / "generation.json"
    if (folder / "manifest.json").is_file() and record_path.is_file():
        record = json.loads(record_path.read_text(encoding="utf-8"))
        print(f"reusing {folder} (generated in {record['seconds']:.1f} s on {record['date']})", flush=True)
        return folder, record
    tmp = folder.with_name(folder.name + ".partial")
    shutil.rmtree(tmp, ignore_errors=True)
    tmp.parent.mkdir(parents=True, exist_ok=True)
    cmd = [sys.executable, str(HERE / "national.py"), "--out", str(tmp), "--fraction", f"{fraction:g}"]
    cmd += ["--seed", str(seed), "--layout", layout]
    print(f"generating fraction {fraction:g} (seed {seed}, layout {layout}) into {folder} ...", flush=True)
    child = Child(cmd, ROOT, timeout_s=timeout_s, rss_limit_mb=rss_limit_mb, echo=True)
    code, wall, peak = child.wait()
    if code != 0:
        raise RuntimeError(f"generation failed (exit {code}): {child.stopped or ''} {' | '.join(child.stdout[-5:])}")
    shutil.rmtree(folder, ignore_errors=True)
    tmp.rename(folder)
    record = {
        "seconds": round(wall, 1),
        "peak_rss_mb": round(peak),
        "date": dt.date.today().isoformat(),
        "cores": os.cpu_count(),
        "command": shlex.join(
            [".venv/bin/python", "bench/national.py", "--out", _show_path(folder), "--fraction", f"{fraction:g}"]
            + ["--seed", str(seed), "--layout", layout]
        ),
    }
    record_path.write_text(json.dumps(record, indent=2) + "\n", encoding="utf-8")
    print(f"generated in {wall:.1f} s, peak RSS {peak / 1024:.2f} GB", flush=True)
    return folder, record


# --------------------------------------------------------------------------------------------------------------------
# one run
# --------------------------------------------------------------------------------------------------------------------


def _marks(lines: list[tuple[float, str]]) -> dict[str, float]:
    """When each part of the run started (first progress line of each kind), in seconds from the child's start."""
    out: dict[str, float] = {}
    for t, text in lines:
        message = text.lstrip("… ").strip()
        for prefix, stage in MARKS.items():
            if message.startswith(prefix) and stage not in out:
                out[stage] = t
    return out


def stage_times(run_json: dict[str, Any] | None, marks: dict[str, float], end: float) -> dict[str, dict[str, Any]]:
    """Seconds per stage: run.json's where it has them, else from the progress lines (``estimated``)."""
    timings = dict((run_json or {}).get("timings_seconds") or {})
    out: dict[str, dict[str, Any]] = {}
    # from progress lines: [start, next start)
    marked: tuple[str, ...] = ("load", "match", "rules", "case_history", "case_file")
    order = [s for s in marked if s in marks]
    spans: dict[str, float] = {}
    for i, stage in enumerate(order):
        stop = marks[order[i + 1]] if i + 1 < len(order) else end
        spans[stage] = stop - marks[stage]
    for stage in STAGES:
        if stage in timings:
            out[stage] = {"seconds": float(timings[stage]), "estimated": False}
        elif stage == "outputs" and "case_history" in spans and "case_file" in marks and "case_history" in timings:
            # "writing outputs" → "recording the run": case history then outputs
            out[stage] = {
                "seconds": max(0.0, spans["case_history"] - float(timings["case_history"])),
                "estimated": True,
            }
        elif stage in spans and stage != "case_history":
            out[stage] = {"seconds": spans[stage], "estimated": True}
        elif stage == "case_history" and stage in spans and "case_file" not in marks:
            out[stage] = {"seconds": spans[stage], "estimated": True}  # stopped in case history or outputs
    return out


def stage_peaks(samples: list[tuple[float, float]], marks: dict[str, float], end: float) -> dict[str, float]:
    """Peak sampled RSS (MB) between the progress line starting each stage and the next one."""
    order = sorted(marks.items(), key=lambda kv: kv[1])
    bounds = [("startup", 0.0)] + order
    out: dict[str, float] = {}
    for i, (stage, start) in enumerate(bounds):
        stop = bounds[i + 1][1] if i + 1 < len(bounds) else end
        inside = [rss for t, rss in samples if start <= t <= stop]
        if inside:
            key = "case_history+outputs" if stage == "case_history" else stage
            out[key] = round(max(inside))
    return out


def rss_trace(samples: list[tuple[float, float]], step: float) -> list[list[float]]:
    """The sampled RSS as [seconds, peak MB in the ``step`` seconds up to then], to see where memory grew."""
    buckets: dict[int, float] = {}
    for t, rss in samples:
        key = int(t // step)
        buckets[key] = max(buckets.get(key, 0.0), rss)
    return [[round((k + 1) * step), round(v)] for k, v in sorted(buckets.items())]


def current_stage(marks: dict[str, float]) -> str:
    """The stage a stopped run was in (the last progress line it printed)."""
    if not marks:
        return "startup (before loading)"
    stage = max(marks.items(), key=lambda kv: kv[1])[0]
    return "case_history or outputs" if stage == "case_history" else stage


def _has_progress_option() -> bool:
    """Whether this xref's ``run`` takes ``--progress`` (newer versions print progress only on a terminal)."""
    done = subprocess.run([sys.executable, "-m", "xref", "run", "--help"], capture_output=True, text=True, check=False)
    return "--progress" in done.stdout


def run_once(args: argparse.Namespace, fraction: float, group: str | None) -> dict[str, Any]:
    """Generate or reuse the set, run xref on it, return the measured record."""
    rss_limit_mb = args.rss_limit_gb * 1024
    folder, generation = ensure_data(
        args.data_root, fraction, args.seed, args.layout, timeout_s=args.timeout, rss_limit_mb=rss_limit_mb
    )
    manifest = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
    stamp = dt.datetime.now().strftime("%Y%m%dT%H%M%S")
    run_dir = folder / "runs" / stamp
    shutil.rmtree(run_dir, ignore_errors=True)
    run_dir.mkdir(parents=True)
    out_dir, db = run_dir / "out", run_dir / "xref.duckdb"
    cmd = [sys.executable, "-m", "xref", "run", "--config", str(folder / "xref.toml"), "--out", str(out_dir)]
    cmd += ["--db", str(db)]
    if args.period != "all":
        cmd += ["--period", args.period]
    if args.threads:
        cmd += ["--threads", str(args.threads)]
    if args.memory_limit:
        cmd += ["--memory-limit", args.memory_limit]
    if _has_progress_option():
        cmd += ["--progress"]  # progress lines on stderr even though it is not a terminal: they time the stages
    print(f"running: {shlex.join(cmd)}\n  (in {run_dir})", flush=True)
    load_before = os.getloadavg()[0]
    child = Child(cmd, run_dir, timeout_s=args.timeout, rss_limit_mb=rss_limit_mb, echo=not args.quiet)
    code, wall, peak_mb = child.wait()
    marks = _marks(child.lines)
    floor = read_csv_floor(args, folder, run_dir) if args.floor and code == 0 else None
    run_json_path = out_dir / "run.json"
    run_json = json.loads(run_json_path.read_text(encoding="utf-8")) if run_json_path.is_file() else None

    rows_by_register: dict[str, int] = {}
    if run_json:
        for f in run_json.get("inputs", []):
            rows_by_register[f["register"]] = rows_by_register.get(f["register"], 0) + int(f.get("rows_read", 0))
    rows_read = sum(rows_by_register.values()) or int(manifest["rows_total"])
    stats = (run_json or {}).get("matching_stats") or {}
    status = "ok" if code == 0 and run_json else (child.stopped or f"failed (exit {code})")
    if status != "ok":
        status += f" in {current_stage(marks)}"
    record: dict[str, Any] = {
        "date": dt.datetime.now().isoformat(timespec="seconds"),
        "group": group,
        "machine": machine(),
        "fraction": fraction,
        "seed": args.seed,
        "layout": args.layout,
        "period": args.period,
        "threads": args.threads,
        "memory_limit": args.memory_limit,
        # the limit the run used: xref applies its own default when none is given
        "memory_limit_used": (run_json or {}).get("memory_limit") or args.memory_limit,
        "note": args.note,
        "status": status,
        "exit_code": code,
        "rows_read": rows_read,
        "rows_by_register": rows_by_register or manifest["rows"],
        "files": manifest.get("files"),
        "distinct_names": stats.get("names"),
        "flags": sum(r.get("flags", 0) for r in (run_json or {}).get("rules", [])) if run_json else None,
        "stages": stage_times(run_json, marks, wall),
        "read_csv_floor": floor,
        "startup_s": round(marks["load"], 2) if "load" in marks else None,
        "wall_s": round(wall, 1),
        "peak_rss_mb": round(peak_mb),
        "peak_rss_mb_by_stage": stage_peaks(child.samples, marks, wall),
        "generation": generation,
        "load_average": [round(load_before, 2), round(os.getloadavg()[0], 2)],
        "command": reproduce_command(args, fraction),
        "stderr_tail": [text for _, text in child.lines[-8:]] if status != "ok" else [],
        "rss_trace_mb": rss_trace(child.samples, 15.0) if status != "ok" else [],
    }
    if not args.keep:
        shutil.rmtree(run_dir, ignore_errors=True)
    else:
        (run_dir / "bench.json").write_text(json.dumps(record, indent=2) + "\n", encoding="utf-8")
    return record


def read_csv_floor(args: argparse.Namespace, folder: Path, run_dir: Path) -> dict[str, Any] | None:
    """DuckDB's own read_csv of the same files (``bench/read_csv_floor.py``, its own process, same limits)."""
    memory_limit = args.memory_limit or "1GB"  # xref's default (xref/config.py DEFAULT_MEMORY_LIMIT)
    cmd = [sys.executable, str(HERE / "read_csv_floor.py"), "--config", str(folder / "xref.toml")]
    cmd += ["--db", str(run_dir / "floor.duckdb"), "--memory-limit", memory_limit]
    if args.threads:
        cmd += ["--threads", str(args.threads)]
    print("measuring DuckDB's read_csv of the same files (the load floor) ...", flush=True)
    child = Child(cmd, run_dir, timeout_s=args.timeout, rss_limit_mb=args.rss_limit_gb * 1024, echo=not args.quiet)
    code, wall, peak_mb = child.wait()
    (run_dir / "floor.duckdb").unlink(missing_ok=True)
    if code != 0 or not child.stdout:
        print(f"read_csv floor failed (exit {code}): {child.stopped or ''}", flush=True)
        return None
    found: dict[str, Any] = json.loads(child.stdout[-1])
    found["process_s"] = round(wall, 2)  # with the interpreter's start-up and duckdb's import
    found["peak_rss_mb"] = round(peak_mb)
    return found


def reproduce_command(args: argparse.Namespace, fraction: float) -> str:
    """The command that reproduces one run."""
    parts = [".venv/bin/python", "bench/bench_national.py", "--fraction", f"{fraction:g}"]
    if args.seed != 2025:
        parts += ["--seed", str(args.seed)]
    if args.threads:
        parts += ["--threads", str(args.threads)]
    if args.memory_limit:
        parts += ["--memory-limit", args.memory_limit]
    if args.period != "2025Q1":
        parts += ["--period", args.period]
    if args.layout != "force":
        parts += ["--layout", args.layout]
    if args.timeout != DEFAULT_TIMEOUT_S:
        parts += ["--timeout", f"{args.timeout:g}"]
    if args.rss_limit_gb != DEFAULT_RSS_LIMIT_GB:
        parts += ["--rss-limit-gb", f"{args.rss_limit_gb:g}"]
    return shlex.join(parts)


# --------------------------------------------------------------------------------------------------------------------
# printing
# --------------------------------------------------------------------------------------------------------------------


def _gb(mb: float | None) -> str:
    return "-" if mb is None else f"{mb / 1024:.2f} GB"


def _secs(stage: dict[str, Any] | None) -> str:
    if not stage:
        return "-"
    return ("~" if stage.get("estimated") else "") + f"{stage['seconds']:.1f}"


def print_record(r: dict[str, Any]) -> None:
    """The per-stage table of one run."""
    m = r["machine"]
    print()
    print(
        f"fraction {r['fraction']:g} ({r['rows_read']:,} rows read, {r['files']} files, layout {r['layout']}), "
        f"period {r['period']}, threads {r['threads'] or 'all'}, "
        f"memory limit {r['memory_limit'] or r.get('memory_limit_used') or 'none'}; "
        f"{m['cores']} cores, {m['ram_gb']} GB RAM"
    )
    print(f"{'stage':<14} {'wall s':>9} {'rows/s':>12} {'peak RSS':>10}")
    peaks = r["peak_rss_mb_by_stage"]
    for stage in STAGES:
        s = r["stages"].get(stage)
        rate = f"{r['rows_read'] / s['seconds']:,.0f}" if s and s["seconds"] > 0 else "-"
        key = "case_history+outputs" if stage in ("case_history", "outputs") else stage
        print(f"{stage:<14} {_secs(s):>9} {rate:>12} {_gb(peaks.get(key)):>10}")
    if r.get("startup_s") is not None:
        print(f"{'(startup)':<14} {r['startup_s']:>9.1f}")
    floor, load = r.get("read_csv_floor"), r["stages"].get("load")
    if floor:
        rate = f"{floor['rows'] / floor['seconds']:,.0f}" if floor["seconds"] else "-"
        ratio = f"; load is {load['seconds'] / floor['seconds']:.2f}x it" if load and floor["seconds"] else ""
        print(f"{'read_csv floor':<14} {floor['seconds']:>9.1f} {rate:>12} {_gb(floor['peak_rss_mb']):>10}{ratio}")
    rate = f"{r['rows_read'] / r['wall_s']:,.0f}" if r["wall_s"] else "-"
    print(f"{'total':<14} {r['wall_s']:>9.1f} {rate:>12} {_gb(r['peak_rss_mb']):>10}")
    print(f"status: {r['status']}")
    if r.get("distinct_names"):
        print(f"distinct supplier strings matched: {r['distinct_names']:,}; flags: {r['flags']}")
    if r["fraction"] == 1.0 and r["status"] == "ok":
        met = r["wall_s"] < TARGET_WALL_S and r["peak_rss_mb"] < TARGET_RSS_GB * 1024
        print(
            f"target (< {TARGET_WALL_S / 60:.0f} min, < {TARGET_RSS_GB:g} GB peak RSS): {'met' if met else 'NOT met'}"
        )
    for line in r.get("stderr_tail") or []:
        print(f"  | {line}")
    if r.get("rss_trace_mb"):
        print("  RSS (GB) by time: " + ", ".join(f"{t:.0f}s {mb / 1024:.1f}" for t, mb in r["rss_trace_mb"]))


def growth(records: dict[float, dict[str, Any]]) -> list[dict[str, Any]]:
    """Growth of time and peak RSS between consecutive fractions (per 10× of data when they are 10× apart)."""
    out = []
    fractions = sorted(records)
    for a, b in zip(fractions, fractions[1:], strict=False):
        ra, rb = records[a], records[b]
        if ra["status"] != "ok" or rb["status"] != "ok":
            continue
        row = {
            "from": a,
            "to": b,
            "data": rb["rows_read"] / ra["rows_read"],
            "time": rb["wall_s"] / ra["wall_s"],
            "rss": rb["peak_rss_mb"] / ra["peak_rss_mb"],
            "stages": {},
        }
        for stage in STAGES:
            sa, sb = ra["stages"].get(stage), rb["stages"].get(stage)
            if sa and sb and sa["seconds"] > 0:
                row["stages"][stage] = sb["seconds"] / sa["seconds"]
        fa, fb = ra.get("read_csv_floor"), rb.get("read_csv_floor")
        if fa and fb and fa["seconds"] > 0:
            row["floor"] = fb["seconds"] / fa["seconds"]
        out.append(row)
    return out


def print_growth(rows: list[dict[str, Any]]) -> None:
    """The scaling summary."""
    print("\ngrowth between fractions (issue #20 goal: every stage no worse than 11x per 10x of data):")
    for g in rows:
        stages = ", ".join(f"{k} {v:.1f}x" for k, v in g["stages"].items())
        if "floor" in g:
            stages += f"; read_csv floor {g['floor']:.1f}x"
        print(
            f"  {g['from']:g} -> {g['to']:g} ({g['data']:.1f}x rows): time {g['time']:.1f}x, "
            f"peak RSS {g['rss']:.1f}x; {stages}"
        )


# --------------------------------------------------------------------------------------------------------------------
# BENCHMARKS.md
# --------------------------------------------------------------------------------------------------------------------

DATA_RE = re.compile(r"<!-- bench-data\n(.*?)\n-->", re.S)
SECTION_RE = "<!-- {name}:start -->\n(.*?)<!-- {name}:end -->"


def _default_options(r: dict[str, Any]) -> bool:
    return not r["threads"] and not r["memory_limit"] and r["period"] == "2025Q1" and r["layout"] == "force"


def _options(r: dict[str, Any]) -> str:
    parts = [f"period {r['period']}", f"{r['layout']} files"]
    parts.append(f"threads {r['threads']}" if r["threads"] else "all threads")
    if r["memory_limit"]:
        parts.append(f"memory limit {r['memory_limit']}")
    elif r.get("memory_limit_used"):
        parts.append(f"memory limit {r['memory_limit_used']} (xref's default)")
    if r.get("note"):
        parts.append(r["note"])
    return ", ".join(parts)


def results_table(records: list[dict[str, Any]]) -> str:
    """Every recorded run, newest first."""
    head = (
        "| # | date | machine | fraction | rows read | options | load s | read_csv floor s | match s | rules s | "
        "case_history s | outputs s | case_file s | total s | peak RSS | status |\n" + "|---" * 16 + "|\n"
    )
    lines = []
    for i, r in reversed(list(enumerate(records, start=1))):
        m = r["machine"]
        cells = [
            str(i),
            r["date"][:10],
            f"{m['cores']} cores, {m['ram_gb']} GB",
            f"{r['fraction']:g}",
            f"{r['rows_read']:,}",
            _options(r),
            *_stage_cells(r),
            f"{r['wall_s']:.1f}",
            _gb(r["peak_rss_mb"]),
            r["status"],
        ]
        lines.append("| " + " | ".join(cells) + " |")
    commands = "\n".join(f"- #{i}: `{r['command']}`" for i, r in reversed(list(enumerate(records, start=1))))
    note = (
        "\n`~`: not timed by run.json; taken from the run's progress lines (includes the interpreter's exit for "
        "case_file). Peak RSS is the `xref run` process's own `ru_maxrss`.\n\nTo reproduce a row (the data set is "
        "generated first if `bench/data/` does not hold it):\n\n"
    )
    return head + "\n".join(lines) + "\n" + note + commands + "\n"


def _stage_cells(r: dict[str, Any]) -> list[str]:
    """Seconds per stage, with the read_csv floor after load."""
    cells = [_secs(r["stages"].get(s)) for s in STAGES]
    floor = r.get("read_csv_floor")
    cells.insert(1, f"{floor['seconds']:.1f}" if floor else "-")
    return cells


def scaling_table(records: list[dict[str, Any]]) -> str:
    """The latest default-options run at each of 1%, 10% and 100% (same machine core count), with growth."""
    latest: dict[float, dict[str, Any]] = {}
    for r in records:
        if _default_options(r) and r["fraction"] in SCALING_FRACTIONS:
            latest[r["fraction"]] = r
    if not latest:
        return "_No scaling runs recorded yet: run `make bench-scaling`._\n"
    head = (
        "| fraction | rows read | files | generated in s | load s | read_csv floor s | match s | rules s | "
        "case_history s | outputs s | case_file s | total s | peak RSS | date | status |\n" + "|---" * 15 + "|\n"
    )
    lines = []
    for f in sorted(latest):
        r = latest[f]
        cells = [
            f"{f:g}",
            f"{r['rows_read']:,}",
            str(r["files"]),
            f"{r['generation']['seconds']:.1f}",
            *_stage_cells(r),
            f"{r['wall_s']:.1f}",
            _gb(r["peak_rss_mb"]),
            r["date"][:10],
            r["status"],
        ]
        lines.append("| " + " | ".join(cells) + " |")
    text = head + "\n".join(lines) + "\n"
    rows = growth(latest)
    if rows:
        text += "\n| step | rows | total time | peak RSS | " + " | ".join(STAGES) + " | read_csv floor |\n"
        text += "|---|---|---|---|" + "---|" * (len(STAGES) + 1) + "\n"
        for g in rows:
            stage_cells = [f"{g['stages'][s]:.1f}×" if s in g["stages"] else "-" for s in STAGES]
            stage_cells.append(f"{g['floor']:.1f}×" if "floor" in g else "-")
            text += (
                f"| {g['from']:g} → {g['to']:g} | {g['data']:.1f}× | {g['time']:.1f}× | {g['rss']:.1f}× | "
                + " | ".join(stage_cells)
                + " |\n"
            )
    missing = [f"{f:g}" for f in SCALING_FRACTIONS if f not in latest or latest[f]["status"] != "ok"]
    if missing:
        listed = ", ".join(missing)
        text += f"\nNo completed default run at fraction {listed}: growth is shown between completed runs only.\n"
    return text


TEMPLATE = """\
# Benchmarks

The whole job (`xref run`) on a national-scale synthetic set: 43 fictional forces × 5 financial years (2020-21 to
2024-25). The figures below are written by `bench/bench_national.py` (`make bench`, `make bench-scaling`); the
prose is not, and survives a rewrite. For the supplier-name matcher alone, see [bench/README.md](bench/README.md).

## How to reproduce

```sh
make bench                          # fraction 1 (the national set): generate it (cached), run xref on it, record
make bench FRACTION=0.1             # a tenth of it
make bench MEMORY_CHECK=1           # and a second run with --memory-limit 1GB
make bench-scaling                  # 1%, 10% and 100% in turn, with the growth per 10x
.venv/bin/python bench/bench_national.py --help      # every option (threads, period, layout, limits, --keep)
```

Each results row below lists the exact command that produced it. The data set is generated on first use into
`bench/data/national-<fraction>-<seed>/` (not committed) by `bench/national.py` and reused afterwards.

<!-- scaling:start -->
<!-- scaling:end -->

<!-- results:start -->
<!-- results:end -->
"""


def _constant(text: str) -> Callable[[re.Match[str]], str]:
    """A re.sub replacement that inserts ``text`` as it is (no backslash processing)."""

    def replace(_match: re.Match[str]) -> str:
        return text

    return replace


def _same_options(a: dict[str, Any], b: dict[str, Any]) -> bool:
    keys = ("seed", "layout", "period", "threads", "memory_limit")
    return all(a.get(k) == b.get(k) for k in keys) and a["machine"]["cores"] == b["machine"]["cores"]


def recorded_at(path: Path, like: dict[str, Any], fraction: float) -> dict[str, Any] | None:
    """The latest completed run recorded in ``path`` at ``fraction`` with the options of ``like``, if any."""
    found = DATA_RE.search(path.read_text(encoding="utf-8")) if path.is_file() else None
    records: list[dict[str, Any]] = json.loads(found.group(1)) if found else []
    same = [
        r
        for r in records
        if abs(r["fraction"] - fraction) < 1e-9 and r["status"] == "ok" and _same_options(r, like) and r is not like
    ]
    return same[-1] if same else None


def update_benchmarks(path: Path, new: list[dict[str, Any]]) -> None:
    """Append runs to the data block of BENCHMARKS.md and rewrite its generated sections."""
    text = path.read_text(encoding="utf-8") if path.is_file() else TEMPLATE
    found = DATA_RE.search(text)
    records: list[dict[str, Any]] = json.loads(found.group(1)) if found else []
    records.extend(new)
    for name, body in (("scaling", scaling_table(records)), ("results", results_table(records))):
        pattern = re.compile(SECTION_RE.format(name=name), re.S)
        block = f"<!-- {name}:start -->\n{body}<!-- {name}:end -->"
        if pattern.search(text):
            text = pattern.sub(_constant(block), text)
        else:
            text = text.rstrip("\n") + "\n\n" + block + "\n"
    # one run per line; "--" cannot appear inside an HTML comment, so it is written as "-\u002d" (same JSON)
    lines = ",\n".join(json.dumps(r, separators=(",", ":")).replace("--", "-\\u002d") for r in records)
    data = "<!-- bench-data\n[\n" + lines + "\n]\n-->"
    text = DATA_RE.sub(_constant(data), text) if found else text.rstrip("\n") + "\n\n" + data + "\n"
    path.write_text(text, encoding="utf-8")


# --------------------------------------------------------------------------------------------------------------------
# main
# --------------------------------------------------------------------------------------------------------------------


def main(argv: Sequence[str] | None = None) -> int:
    """Generate or reuse, run, print, record. Always returns 0 (a benchmark never fails the build)."""
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--fraction", type=float, default=1.0, help="share of the national set (default 1)")
    parser.add_argument("--scaling", action="store_true", help="run fractions 0.01, 0.1 and 1 and show the growth")
    parser.add_argument("--fractions", type=float, nargs="+", help="with --scaling: other fractions")
    parser.add_argument("--seed", type=int, default=2025)
    parser.add_argument("--threads", type=int, help="xref run --threads (default: all cores)")
    parser.add_argument("--memory-limit", help="xref run --memory-limit, e.g. 1GB (DuckDB's limit)")
    parser.add_argument("--period", default="2025Q1", help="xref run --period, or 'all' for none (default 2025Q1)")
    parser.add_argument("--layout", choices=("force", "national"), default="force", help="files per force (default)")
    parser.add_argument(
        "--timeout", type=float, default=DEFAULT_TIMEOUT_S, help="stop a run after this many seconds (1800)"
    )
    parser.add_argument(
        "--rss-limit-gb", type=float, default=DEFAULT_RSS_LIMIT_GB, help="stop a run past this RSS (default 12)"
    )
    parser.add_argument("--keep", action="store_true", help="keep each run's outputs and case file under bench/data")
    parser.add_argument("--data-root", type=Path, default=DATA, help="where data sets are cached (bench/data)")
    parser.add_argument("--benchmarks", type=Path, default=BENCHMARKS, help="file to record in (BENCHMARKS.md)")
    parser.add_argument("--no-record", action="store_true", help="print only; leave BENCHMARKS.md alone")
    parser.add_argument("--note", default="", help="a note recorded with the run (e.g. what changed)")
    parser.add_argument("--quiet", action="store_true", help="do not echo xref's progress lines")
    parser.add_argument(
        "--no-floor", dest="floor", action="store_false", help="skip DuckDB's read_csv of the same files"
    )
    args = parser.parse_args(argv)
    args.data_root = args.data_root.resolve()

    fractions = (args.fractions or list(SCALING_FRACTIONS)) if args.scaling else [args.fraction]
    group = dt.datetime.now().strftime("%Y%m%dT%H%M%S") if args.scaling else None
    records: list[dict[str, Any]] = []
    for fraction in fractions:
        try:
            record = run_once(args, fraction, group)
        except Exception as exc:  # a benchmark reports, never fails the build
            print(f"fraction {fraction:g}: {type(exc).__name__}: {exc}", flush=True)
            continue
        print_record(record)
        records.append(record)
        if not args.no_record:
            try:
                update_benchmarks(args.benchmarks, [record])
                print(f"recorded in {args.benchmarks}", flush=True)
            except Exception as exc:
                print(f"could not update {args.benchmarks}: {type(exc).__name__}: {exc}", flush=True)
    if len(records) > 1:
        print_growth(growth({r["fraction"]: r for r in records}))
    elif records and records[0]["status"] == "ok":
        smaller = recorded_at(args.benchmarks, records[0], records[0]["fraction"] / 10)
        if smaller is not None:
            print(f"(against the latest recorded run at fraction {smaller['fraction']:g}, {smaller['date'][:10]})")
            print_growth(growth({smaller["fraction"]: smaller, records[0]["fraction"]: records[0]}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
