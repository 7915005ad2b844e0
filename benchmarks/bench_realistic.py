"""Issue 9's figures, on a realistic catalogue (benchmarks/realistic.py), each against a
baseline measured in the same run:

- ``webcat import --skip-invalid`` of 21,500 talks (~65,000 webinars and resources, 1% of
  them flawed) into an empty catalogue: at most 4x the time of ``webcat validate`` of the
  result, and at most 1.5x its peak memory;
- ``webcat list --format json`` and ``webcat validate``: at most 2.5x a bare rtoml parse of
  the same file (a Python process that imports rtoml, reads and parses the file);
- ``webcat add``, ``set``, ``remove`` on the imported catalogue: at most 2 s each;
- a top-level conflict (``language``) is reported before any heavy work: well under 1 s.

    python benchmarks/bench_realistic.py [--webinars 21500] [--runs 3]

Every figure is the median wall time of ``--runs`` runs of a subprocess, as a user runs the
command, with its median CPU time (user + system) beside it, which a loaded machine disturbs
much less; peak memory is the child's own maximum resident set (``wait4``).
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from realistic import DEFAULT_WEBINARS, generate

PY = sys.executable
WEBCAT = [PY, "-m", "webcat"]
PARSE = "import sys, rtoml; rtoml.loads(open(sys.argv[1], encoding='utf-8').read())"


#: CPU seconds (user + system) of every command run, by command line: on a shared machine
#: wall time swings with the load, CPU time much less, so both are printed.
CPU: dict[str, list[float]] = {}


def cpu_of(cmd: list[str]) -> float:
    """The median CPU seconds of the runs of ``cmd``."""
    return statistics.median(CPU[" ".join(cmd)])


def run(cmd: list[str], ok: tuple[int, ...] = (0,), stdin: Path | None = None) -> tuple[float, int]:
    """Wall seconds and peak RSS (KiB) of one run of ``cmd`` (its CPU time goes to CPU)."""
    start = time.perf_counter()
    with open(stdin or os.devnull, "rb") as inp:
        proc = subprocess.Popen(cmd, stdin=inp, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        assert proc.stderr is not None
        err = proc.stderr.read()
        _, status, usage = os.wait4(proc.pid, 0)
    seconds = time.perf_counter() - start
    CPU.setdefault(" ".join(cmd), []).append(usage.ru_utime + usage.ru_stime)
    proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.returncode not in ok:
        raise SystemExit(f"{' '.join(cmd)} exited {proc.returncode}:\n{err.decode()[-2000:]}")
    return seconds, usage.ru_maxrss


def median(
    cmd: list[str], runs: int, ok: tuple[int, ...] = (0,), before: object = None
) -> tuple[float, int]:
    times, peaks = [], []
    for _ in range(runs):
        if callable(before):
            before()
        t, peak = run(cmd, ok)
        times.append(t)
        peaks.append(peak)
    return statistics.median(times), max(peaks)


def verdict(ok: bool) -> str:
    return "ok" if ok else "MISSED"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--webinars", type=int, default=DEFAULT_WEBINARS)
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--seed", type=int, default=1)
    args = ap.parse_args()
    runs = args.runs
    with tempfile.TemporaryDirectory() as tmp_name:
        tmp = Path(tmp_name)
        cat = generate(args.webinars, args.seed)
        counts = cat.counts()
        source = tmp / "talks.json"
        source.write_text(cat.to_json(), encoding="utf-8")
        empty = tmp / "empty.toml"
        subprocess.run(
            [*WEBCAT, "init", str(empty), "--empty", "--language", "en"],
            check=True,
            capture_output=True,
        )
        target = tmp / "catalogue.toml"

        def fresh_target() -> None:
            shutil.copyfile(empty, target)

        entries = counts["webinars"] + counts["resources"]
        print(
            f"realistic catalogue: {', '.join(f'{v:,} {k}' for k, v in counts.items())} "
            f"({entries:,} webinars and resources), {len(cat.flaws)} flawed; "
            f"import JSON {source.stat().st_size / 2**20:.1f} MiB; median of {runs} runs"
        )
        load = os.getloadavg()[0]

        # -- import against validate of the result ---------------------------------------
        import_cmd = [*WEBCAT, "import", str(source), "--skip-invalid", "-c", str(target)]
        t_import, m_import = median(
            import_cmd,
            runs,
            ok=(1,),  # the flawed entries were skipped
            before=fresh_target,
        )
        size = target.stat().st_size / 2**20
        validate_cmd = [*WEBCAT, "validate", "-c", str(target)]
        t_validate, m_validate = median(validate_cmd, runs)
        c_import, c_validate = cpu_of(import_cmd), cpu_of(validate_cmd)
        r_time, r_mem = t_import / t_validate, m_import / m_validate
        print(f"result: {size:.1f} MiB of TOML")
        print(
            f"webcat import --skip-invalid  {t_import:6.2f} s  {m_import / 1024:5.0f} MiB"
            f"  (CPU {c_import:5.2f} s)"
        )
        print(
            f"webcat validate (baseline)    {t_validate:6.2f} s  {m_validate / 1024:5.0f} MiB"
            f"  (CPU {c_validate:5.2f} s)"
        )
        print(
            f"  import/validate time   {r_time:4.2f}x (bar 4x: {verdict(r_time <= 4)}; "
            f"CPU {c_import / c_validate:4.2f}x)"
        )
        print(f"  import/validate memory {r_mem:4.2f}x (bar 1.5x: {verdict(r_mem <= 1.5)})")

        # -- reading against a bare rtoml parse ------------------------------------------
        parse_cmd = [PY, "-c", PARSE, str(target)]
        t_parse, _ = median(parse_cmd, runs)
        list_cmd = [*WEBCAT, "list", "-c", str(target), "--format", "json"]
        t_list, _ = median(list_cmd, runs)
        c_parse = cpu_of(parse_cmd)
        print(f"rtoml parse (baseline)        {t_parse:6.2f} s  (CPU {c_parse:5.2f} s)")
        for name, t, cpu in (
            ("list --format json", t_list, cpu_of(list_cmd)),
            ("validate", t_validate, c_validate),
        ):
            ratio = t / t_parse
            print(
                f"  {name:<20} {t:6.2f} s  {ratio:4.2f}x (bar 2.5x: {verdict(ratio <= 2.5)}; "
                f"CPU {cpu:5.2f} s, {cpu / c_parse:4.2f}x)"
            )

        # -- edits -----------------------------------------------------------------------
        webinar = next(iter(w for w in cat.without_flaws().data["webinars"]))
        c = ["-c", str(target)]
        edits = [
            (
                "add webinar",
                [
                    *WEBCAT,
                    "add",
                    "webinar",
                    "--series",
                    next(iter(cat.data["series"])),
                    "--title",
                    "Ny økt – 新しい",
                    "--date",
                    "2024-05-01",
                    *c,
                ],
            ),
            ("set title", [*WEBCAT, "set", webinar, "title", "Ein neuer Titel – Ł Đ Þ", *c]),
            ("set --unset duration", [*WEBCAT, "set", webinar, "--unset", "duration", *c]),
            (
                "add resource (shared URL)",
                [
                    *WEBCAT,
                    "add",
                    "resource",
                    "--kind",
                    "link",
                    "--title",
                    "Licence",
                    "--webinar",
                    webinar,
                    "--url",
                    "https://creativecommons.org/licenses/by/4.0/",
                    *c,
                ],
            ),
        ]
        for name, cmd in edits:
            t, _ = median(cmd, 1 if name.startswith("add") else runs)
            cpu = cpu_of(cmd)
            print(
                f"webcat {name:<26} {t:6.2f} s (bar 2 s: {verdict(t <= 2)}; "
                f"CPU {cpu:4.2f} s, {t / t_parse:4.2f}x the rtoml parse)"
            )
        added = sorted(
            line.split("[resources.", 1)[1].rstrip("]")
            for line in target.read_text("utf-8").splitlines()
            if line.startswith("[resources.licence")
        )
        remove_cmd = [*WEBCAT, "remove", f"resources.{added[-1]}", *c]
        t_remove, _ = run(remove_cmd)
        print(
            f"webcat {'remove resource':<26} {t_remove:6.2f} s (bar 2 s: {verdict(t_remove <= 2)}; "
            f"CPU {cpu_of(remove_cmd):4.2f} s, {t_remove / t_parse:4.2f}x the rtoml parse)"
        )

        # -- a top-level conflict, reported before the heavy work --------------------------
        other = tmp / "nb.toml"
        subprocess.run(
            [*WEBCAT, "init", str(other), "--empty", "--language", "nb"],
            check=True,
            capture_output=True,
        )
        t_conflict, _ = median([*WEBCAT, "import", str(source), "-c", str(other)], runs, ok=(2,))
        print(
            f"import with a language conflict: exit 2 after {t_conflict:.2f} s (bar: under 1 s: "
            f"{verdict(t_conflict < 1)})"
        )
        print(
            f"load average {load:.1f} at the start, {os.getloadavg()[0]:.1f} at the end "
            f"({os.cpu_count()} CPUs, shared)"
        )


if __name__ == "__main__":
    main()
