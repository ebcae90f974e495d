#!/usr/bin/python3
"""Runs every case of the bad-input catalogue (catalogue.yaml) against the blanko CLI.

    /usr/bin/python3 tests/bad_inputs/run_catalogue.py build/test/cli/blanko [--only REGEX] [-v]

Each case is one command line that must fail cleanly: the expected exit code (never 1, never
a signal), within the timeout and the memory cap, with an error line on stderr

    blanko: error: <file>:<line>:<col> (<key.path>): <message>      (a scenario file)
    blanko: error: --set (<override>): <message>                     (an override)
    blanko: error: <CLI11's message>                                 (a command-line flag)

that holds the case's message fragment and, where the case gives them, its `at` and `key`.
The progress lines `run`, `compare` and `sweep` print before it (`blanko: loading ...`) may
come first; nothing else may. No sanitizer report may appear. A case marked `known_failure`
(a defect waiting for its fix) is reported as xfail while it fails and fails the run once it
passes (remove the mark then). Exit status: 0 when every case is as expected, 1 otherwise.

The command runs in a fresh directory holding `files` (a copy of this folder's files/),
`scenarios` (a link to the repository's scenarios/) and `special/`, the inputs a repository
cannot hold, made here:

    special/fifo.yaml, special/fifo.csv   FIFOs (opening one for reading would block)
    special/directory.yaml                a directory
    special/huge.yaml, special/huge.csv   sparse files of 100 MiB (above the 64 MiB limit)
    special/unreadable.yaml               mode 000 (as root, the case runs as user nobody)
    special/loop.yaml                     a symlink loop (loop.yaml -> loop2.yaml -> loop.yaml)
    special/dangling.yaml                 a symlink to nothing
    special/missing.yaml                  nothing at all
    special/zero.yaml, special/zero.ckpt  symlinks to /dev/zero
    special/fifo.ckpt                     a FIFO as a Monte Carlo checkpoint
    special/garbage.ckpt                  a text file as a checkpoint
    special/report-{fifo,zero,garbage}/   `blanko report` directories whose report.json is a
                                          FIFO, a symlink to /dev/zero, broken JSON
    special/deep_open.yaml                100,000 nested flow sequences, never closed
    special/deep_closed.yaml              50,000 nested flow sequences, closed

Under a sanitizer build (found by its __asan_init symbol) no rlimit is set, since ASan
reserves terabytes of address space; ASAN_OPTIONS=hard_rss_limit_mb caps the memory instead.
"""

import argparse
import concurrent.futures
import os
import re
import shlex
import shutil
import signal
import subprocess
import sys
import tempfile
import time

import yaml

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(os.path.dirname(HERE))
ERROR_PREFIX = "blanko: error: "
PROGRESS = re.compile(r"^blanko: (loading|running|comparing|sweeping) ")
SANITIZER_TEXT = ("runtime error", "AddressSanitizer", "LeakSanitizer", "UndefinedBehaviorSanitizer",
                  "ThreadSanitizer", "MemorySanitizer")
CASE_KEYS = {"id", "area", "bound", "command", "input", "set", "args", "exit", "message", "at", "key",
             "known_failure", "note", "timeout"}
COMMANDS = {"validate", "run", "compare", "sweep", "plan", "report", None}
BOUNDS_HEADER = os.path.join(REPO, "lib", "detail", "field_bounds.hpp")
BOUND_SIDES = ("below", "above", "type")
NOBODY = 65534
HUGE_BYTES = 100 << 20


def load_catalogue(path):
    with open(path, encoding="utf-8") as f:
        doc = yaml.safe_load(f)
    cases = doc["cases"]
    problems, seen = [], set()
    for i, case in enumerate(cases):
        name = case.get("id", f"#{i}")
        unknown = set(case) - CASE_KEYS
        missing = {"id", "area", "exit", "message"} - set(case)
        if unknown:
            problems.append(f"{name}: unknown keys {sorted(unknown)}")
        if missing:
            problems.append(f"{name}: missing keys {sorted(missing)}")
        if name in seen:
            problems.append(f"{name}: the id is used twice")
        seen.add(name)
        if case.get("command") not in COMMANDS:
            problems.append(f"{name}: unknown command {case.get('command')!r}")
        if case.get("exit") in (0, 1):
            problems.append(f"{name}: a bad input exits with 2, never {case.get('exit')}")
        if "key" in case and "at" not in case:
            problems.append(f"{name}: 'key' needs 'at'")
        source = case.get("input")
        if isinstance(source, str) and source.startswith(("files/", "scenarios/")):
            real = os.path.join(HERE, source) if source.startswith("files/") else os.path.join(REPO, source)
            if not os.path.exists(real):
                problems.append(f"{name}: input {source} does not exist")
        bound = case.get("bound")
        if bound is not None and (len(bound.split()) != 2 or bound.split()[1] not in BOUND_SIDES):
            problems.append(f"{name}: bound is '<row> below|above|type', not {bound!r}")
    problems += bound_coverage(cases)
    if problems:
        sys.exit("catalogue.yaml is malformed:\n  " + "\n  ".join(problems))
    return cases


def bound_coverage(cases):
    """Every row of kFieldBounds needs a case below its range, one above and one of the wrong
    type (`bound: <row> <side>`), so that a new row cannot go without its cases."""
    if not os.path.exists(BOUNDS_HEADER):
        return []
    with open(BOUNDS_HEADER, encoding="utf-8") as f:
        header = f.read()
    table = header[header.index("kFieldBounds{"):]
    rows = re.findall(r"&bound::(\w+)", table[:table.index("};")])
    have = {tuple(c["bound"].split()) for c in cases if c.get("bound")}
    problems = [f"bound row {r!r} has no '{side}' case" for r in rows for side in BOUND_SIDES
                if (r, side) not in have]
    problems += [f"bound: no row {r!r} in field_bounds.hpp" for r in sorted({r for r, _ in have} - set(rows))]
    return problems


def is_sanitized(cli):
    with open(cli, "rb") as f:
        tail = b""
        while chunk := f.read(1 << 20):
            if b"__asan_init" in tail + chunk:
                return True
            tail = chunk[-16:]
    return False


def make_special(work):
    special = os.path.join(work, "special")
    os.mkdir(special)
    os.mkfifo(os.path.join(special, "fifo.yaml"))
    os.mkfifo(os.path.join(special, "fifo.csv"))
    os.mkdir(os.path.join(special, "directory.yaml"))
    for name in ("huge.yaml", "huge.csv"):
        with open(os.path.join(special, name), "wb") as f:
            f.truncate(HUGE_BYTES)  # sparse: takes no disk space
    unreadable = os.path.join(special, "unreadable.yaml")
    shutil.copyfile(os.path.join(HERE, "files", "base.yaml"), unreadable)
    os.chmod(unreadable, 0)
    os.symlink("loop2.yaml", os.path.join(special, "loop.yaml"))
    os.symlink("loop.yaml", os.path.join(special, "loop2.yaml"))
    os.symlink("nothing-here.yaml", os.path.join(special, "dangling.yaml"))
    os.symlink("/dev/zero", os.path.join(special, "zero.yaml"))
    os.mkfifo(os.path.join(special, "fifo.ckpt"))
    os.symlink("/dev/zero", os.path.join(special, "zero.ckpt"))
    with open(os.path.join(special, "garbage.ckpt"), "w") as f:
        f.write("not a checkpoint\n")
    for name in ("report-fifo", "report-zero", "report-garbage"):
        os.mkdir(os.path.join(special, name))
    os.mkfifo(os.path.join(special, "report-fifo", "report.json"))
    os.symlink("/dev/zero", os.path.join(special, "report-zero", "report.json"))
    with open(os.path.join(special, "report-garbage", "report.json"), "w") as f:
        f.write('{"kind": "run", "answer": [1, 2,\n')
    # Deeper than any stack holds, should a parser recurse without a limit.
    with open(os.path.join(special, "deep_open.yaml"), "w") as f:
        f.write("scenario:\n  name: " + "[" * 100000 + "\n")
    with open(os.path.join(special, "deep_closed.yaml"), "w") as f:
        f.write("scenario:\n  name: " + "[" * 50000 + "]" * 50000 + "\n")


def command_line(cli, case, tmp):
    argv = [cli]
    if case.get("command"):
        argv.append(case["command"])
    if case.get("input") is not None:
        argv.append(case["input"])
    for override in case.get("set", []):
        argv += ["--set", override]
    argv += [str(a).replace("{tmp}", tmp) for a in case.get("args", [])]
    return argv


class Runner:
    def __init__(self, cli, work, timeout, memory_mb, sanitized):
        self.cli, self.work, self.timeout = cli, work, timeout
        self.memory = memory_mb << 20
        self.sanitized = sanitized
        self.prlimit = shutil.which("prlimit")
        if self.prlimit is None and not sanitized:
            sys.exit("run_catalogue.py needs prlimit (util-linux) for the memory cap")
        # Few malloc arenas: on a machine of many cores the worker threads of `run -n` would
        # otherwise reserve address space up to the cap.
        self.env = dict(os.environ, LC_ALL="C", MALLOC_ARENA_MAX="2")
        if sanitized:
            asan = self.env.get("ASAN_OPTIONS", "")
            if "hard_rss_limit_mb" not in asan:
                asan = (asan + ":" if asan else "") + f"hard_rss_limit_mb={memory_mb}"
            self.env["ASAN_OPTIONS"] = asan
            self.env.setdefault("UBSAN_OPTIONS", "print_stacktrace=1")

    def wrapped(self, argv):
        """argv under prlimit (util-linux): rlimits without a preexec_fn, which is not safe in
        a threaded parent."""
        limits = ["--core=0"] if self.sanitized else [f"--as={self.memory}", "--core=0"]
        return [self.prlimit, *limits, "--", *argv] if self.prlimit else argv

    def run(self, case):
        """(status, detail, argv, seconds): status is pass, fail, xfail, xpass or skip."""
        tmp = os.path.join(self.work, "tmp", case["id"])
        os.makedirs(tmp)
        os.chmod(tmp, 0o777)
        argv = command_line(self.cli, case, tmp)
        # Root reads a mode-000 file anyway: such a case runs as nobody.
        as_nobody = os.geteuid() == 0 and "unreadable" in str(case.get("input", ""))
        start = time.monotonic()
        try:
            user = {"user": NOBODY, "group": NOBODY, "extra_groups": []} if as_nobody else {}
            # A session of its own: a timeout kills the whole process group.
            proc = subprocess.Popen(self.wrapped(argv), cwd=self.work, env=self.env,
                                    stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                                    stderr=subprocess.PIPE, start_new_session=True, **user)
        except PermissionError as e:
            return "skip", f"cannot start the CLI as user nobody ({e})", argv, 0.0
        try:
            _, err = proc.communicate(timeout=case.get("timeout", self.timeout))
            timed_out = False
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            _, err = proc.communicate()
            timed_out = True
        seconds = time.monotonic() - start
        stderr = err.decode("utf-8", "replace")
        problems = self.check(case, proc.returncode, timed_out, stderr)
        detail = "; ".join(problems)
        if problems:
            detail += "\n      stderr: " + "\n              ".join(stderr.splitlines()[:6] or ["(empty)"])
        if case.get("known_failure"):
            if problems:
                return "xfail", detail, argv, seconds
            return "xpass", "passes now: remove its known_failure mark", argv, seconds
        return ("fail" if problems else "pass"), detail, argv, seconds

    def check(self, case, code, timed_out, stderr):
        if timed_out:
            return [f"no answer within {case.get('timeout', self.timeout)} s (a hang)"]
        problems = []
        if code < 0:
            problems.append(f"killed by signal {signal.Signals(-code).name}")
        elif code == 1:
            problems.append("exit 1 (an internal error, not a bad input)")
        elif code != case["exit"]:
            problems.append(f"exit {code}, expected {case['exit']}")
        found = [t for t in SANITIZER_TEXT if t in stderr]
        if found:
            problems.append("sanitizer report on stderr: " + ", ".join(found))
        lines = stderr.splitlines()
        while lines and PROGRESS.match(lines[0]):
            lines.pop(0)
        # The error is the rest of stderr: one line, unless an override's text holds newlines.
        first = "\n".join(lines)
        if not first.startswith(ERROR_PREFIX):
            return problems + [f"the first line of stderr is not '{ERROR_PREFIX}...'"]
        text = first[len(ERROR_PREFIX):]
        if "at" in case:
            place = case["at"] if case.get("key") is None else f"{case['at']} ({case['key']})"
            if not text.startswith(place + ": "):
                problems.append(f"the error is not located at '{place}'")
        if case["message"] not in text:
            problems.append(f"the error does not say '{case['message']}'")
        return problems


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("cli", help="the blanko executable")
    parser.add_argument("--catalogue", default=os.path.join(HERE, "catalogue.yaml"))
    parser.add_argument("--only", help="run only the cases whose id matches this regex")
    parser.add_argument("--timeout", type=float, default=30, help="seconds per case (30)")
    parser.add_argument("--memory-mb", type=int, default=4096,
                        help="address-space cap per case in MiB (4096; RSS cap under ASan)")
    parser.add_argument("--jobs", "-j", type=int, default=os.cpu_count() or 1)
    parser.add_argument("--verbose", "-v", action="store_true", help="print every case")
    args = parser.parse_args()

    cli = os.path.abspath(args.cli)
    cases = load_catalogue(args.catalogue)
    if args.only:
        cases = [c for c in cases if re.search(args.only, c["id"])]
    sanitized = is_sanitized(cli)
    work = tempfile.mkdtemp(prefix="blanko-bad-inputs-")
    os.chmod(work, 0o755)  # user nobody must reach special/unreadable.yaml
    try:
        # A copy, not a link: `../../special/...` from files/<area>/ must lead to special/.
        shutil.copytree(os.path.join(HERE, "files"), os.path.join(work, "files"), symlinks=True)
        os.symlink(os.path.join(REPO, "scenarios"), os.path.join(work, "scenarios"))
        make_special(work)
        runner = Runner(cli, work, args.timeout, args.memory_mb, sanitized)
        start = time.monotonic()
        with concurrent.futures.ThreadPoolExecutor(max_workers=args.jobs) as pool:
            results = list(pool.map(runner.run, cases))
        elapsed = time.monotonic() - start
    finally:
        shutil.rmtree(work, ignore_errors=True)

    counts = {s: 0 for s in ("pass", "xfail", "fail", "xpass", "skip")}
    areas = {}
    for case, (status, detail, argv, seconds) in zip(cases, results):
        counts[status] += 1
        areas[case["area"]] = areas.get(case["area"], 0) + 1
        if status != "pass" or args.verbose:
            shown = shlex.join([os.path.basename(argv[0])] + argv[1:])
            shown = shown if len(shown) <= 300 else shown[:300] + " ..."
            print(f"{status.upper():5} {case['id']} ({seconds:.2f} s): {shown}")
            if status == "xfail":
                print(f"      known failure: {case['known_failure']}")
            if detail:
                print(f"      {detail}")
    print("areas: " + ", ".join(f"{a} {n}" for a, n in areas.items()))
    cap = f"RSS {args.memory_mb} MiB (ASan)" if sanitized else f"address space {args.memory_mb} MiB"
    print(f"{len(cases)} cases in {elapsed:.1f} s ({args.jobs} at a time, timeout {args.timeout:g} s, "
          f"{cap}): {counts['pass']} passed, {counts['xfail']} known failures, "
          f"{counts['fail']} failed, {counts['xpass']} known failures passing, "
          f"{counts['skip']} skipped")
    return 1 if counts["fail"] or counts["xpass"] else 0


if __name__ == "__main__":
    sys.exit(main())
