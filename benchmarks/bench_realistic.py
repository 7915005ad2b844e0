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
command; peak memory is the child's own maximum resident set (``wait4``).
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


def run(cmd: list[str], ok: tuple[int, ...] = (0,), stdin: Path | None = None) -> tuple[float, int]:
    """Wall seconds and peak RSS (KiB) of one run of ``cmd``."""
    start = time.perf_counter()
    with open(stdin or os.devnull, "rb") as inp:
        proc = subprocess.Popen(cmd, stdin=inp, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        assert proc.stderr is not None
        err = proc.stderr.read()
        _, status, usage = os.wait4(proc.pid, 0)
    seconds = time.perf_counter() - start
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
        t_import, m_import = median(
            [*WEBCAT, "import", str(source), "--skip-invalid", "-c", str(target)],
            runs,
            ok=(1,),  # the flawed entries were skipped
            before=fresh_target,
        )
        size = target.stat().st_size / 2**20
        t_validate, m_validate = median([*WEBCAT, "validate", "-c", str(target)], runs)
        r_time, r_mem = t_import / t_validate, m_import / m_validate
        print(f"result: {size:.1f} MiB of TOML")
        print(f"webcat import --skip-invalid  {t_import:6.2f} s  {m_import / 1024:5.0f} MiB")
        print(f"webcat validate (baseline)    {t_validate:6.2f} s  {m_validate / 1024:5.0f} MiB")
        print(f"  import/validate time   {r_time:4.2f}x (bar 4x: {verdict(r_time <= 4)})")
        print(f"  import/validate memory {r_mem:4.2f}x (bar 1.5x: {verdict(r_mem <= 1.5)})")

        # -- reading against a bare rtoml parse ------------------------------------------
        t_parse, _ = median([PY, "-c", PARSE, str(target)], runs)
        t_list, _ = median([*WEBCAT, "list", "-c", str(target), "--format", "json"], runs)
        print(f"rtoml parse (baseline)        {t_parse:6.2f} s")
        for name, t in (("list --format json", t_list), ("validate", t_validate)):
            ratio = t / t_parse
            print(f"  {name:<20} {t:6.2f} s  {ratio:4.2f}x (bar 2.5x: {verdict(ratio <= 2.5)})")

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
            print(f"webcat {name:<26} {t:6.2f} s (bar 2 s: {verdict(t <= 2)})")
        added = sorted(
            line.split("[resources.", 1)[1].rstrip("]")
            for line in target.read_text("utf-8").splitlines()
            if line.startswith("[resources.licence")
        )
        t_remove, _ = run([*WEBCAT, "remove", f"resources.{added[-1]}", *c])
        print(
            f"webcat {'remove resource':<26} {t_remove:6.2f} s (bar 2 s: {verdict(t_remove <= 2)})"
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
