#!/usr/bin/env python3
"""The value sweep: every number of every bundled scenario, in turn, set to extreme values.

For each number in scenarios/*.yaml (found with yaml.compose: plain scalars that read as an
int or a float), in the policy sets of scenarios/policy-sets/ (scenario overrides: `set:`
key paths and their values) and in the node table a scenario reads (for the scenarios of
--csv-scenarios), the sweep sets it to each of VALUES and runs the CLI:

- a scenario's number: `blanko validate S --set path=v` and `blanko run S --set path=v --out D`
  (an override, so no file is copied);
- a policy set's number: the same two with the policy set's own override, the number
  replaced (`--set defaults.kabkota.replenishment={policy: ..., safety_days: v}`) on the
  --policy-set-scenario, and `blanko compare` with a copy of the policy-set file where the
  number is replaced (the other policy set as the reference);
- a node table's number: a copy of the scenario beside a copy of its data/ directory where
  the cell is replaced, then `validate` and `run`.

Each command must exit with 0 or 2, never with a signal, a sanitizer report on stderr, more
than --timeout seconds or more than --memory-mb of memory. On exit 2 the error must be one
line, `blanko: error: <file>:<line>:<col> (<key path>): <message>` or
`blanko: error: --set (<override>): <message>`, that names the key: the override itself, the
key path of the number, or a key path above it with the number's key in the message (for a
table cell: the table's file and the cell's row, or the column). Exit 0 is allowed, but an
exit 0 for a value that rarely makes sense (negative, huge, NaN) is listed as "accepted", and
so is a run whose outputs hold NaN or infinity where the unchanged scenario's do not: those
are not failures of the test, but a list of values to look at.

The script prints a summary and every failure; --report FILE writes the whole list (failures
grouped by kind and key, the accepted values, and one line per command). It exits with 1 when
a command failed, 0 otherwise.

Usage:
  value_sweep.py --cli build/test/cli/blanko [--scenarios bengkulu-2024,...] [--values 0,-1]
                 [--jobs 2] [--max-cases N] [--timeout 20] [--memory-mb 4096] [--full]
"""

from __future__ import annotations

import argparse
import collections
import concurrent.futures
import dataclasses
import json
import math
import mmap
import os
import re
import resource
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import yaml

REPO = Path(__file__).resolve().parents[2]

# 0, -1, +-1e300, 2^31, 2^63, 2^32, NaN spelled as YAML (.nan) and as text (nan), 1e-300.
VALUES = ["0", "-1", "1e300", "-1e300", "2147483648", "9223372036854775808", "4294967296",
          ".nan", "nan", "1e-300"]
# The values that seldom make sense: an exit 0 for one of them is listed as "accepted".
SUSPICIOUS = {"-1", "1e300", "-1e300", "2147483648", "9223372036854775808", "4294967296",
              ".nan", "nan"}
# The default (not --full) for the national scenarios (514 offices, ~0.3 s a run): one
# value of each kind instead of all ten; the small scenarios get all of them.
NATIONAL_VALUES = ["-1", "1e300", "2147483648", "9223372036854775808", "nan"]
NATIONAL_SCENARIOS = {"indonesia-2024", "shortage-2019", "stockout-2023"}

NUMBER = re.compile(r"^[-+]?(\d[\d_]*(\.\d*)?|\.\d+)([eE][-+]?\d+)?$")
SANITIZER = re.compile(r"runtime error:|AddressSanitizer|LeakSanitizer|UndefinedBehaviorSanitizer"
                       r"|ThreadSanitizer|MemorySanitizer|==\d+==ERROR")
# What the CLI prints on stderr besides an error (progress of `run` and `compare`).
INFO_LINE = re.compile(r"^blanko: (loading|running|comparing|simulated|wrote|warning)\b")
LOCATED = re.compile(r"^(?P<file>.+?):(?P<line>\d+):(?P<col>\d+) \((?P<path>.*?)\): (?P<msg>.+)$")
NON_FINITE = re.compile(r"^[-+]?(nan|inf|infinity)$", re.IGNORECASE)


# ----------------------------------------------------------------------------- the numbers


def path_tokens(path: str) -> list[str]:
    """`lanes[0].lead_time.low` and `set["a.b"].c` as tokens: lanes 0 lead_time low; set a b c.

    Dotted keys (`17.04`, `"a.b"`) become several tokens, in the CLI's paths as in ours, so
    that one path is an ancestor of another when its tokens are a prefix.
    """
    tokens: list[str] = []
    for quoted, index, plain in re.findall(r'\["([^"]*)"\]|\[(\d+)\]|([^.\[\]]+)', path):
        if index:
            tokens.append(index)
        else:
            tokens.extend(t for t in (quoted or plain).split(".") if t)
    return tokens


@dataclasses.dataclass(frozen=True)
class Number:
    """One number of a scenario file, a policy set or a node table."""

    scenario: str        # the scenario's name (file stem) the commands run
    source: str          # "yaml", "policy-set" or "csv"
    key: str             # as the CLI writes key paths: lanes[0].lead_time.low
    set_path: str        # as --set takes it: lanes.0.lead_time.low ("" for a table cell)
    original: str        # the number's text
    file: Path           # the file it is in
    line: int            # 1-based
    start: int           # character offsets of the number in the file's text
    end: int
    # a policy set's: (override key, its value's start and end, the tokens below the key);
    # a table cell's: (kode, column)
    extra: tuple = ()

    def tokens(self, in_policy_set_file: bool = False) -> list[str]:
        """The key's path as tokens; a policy set's number under its override's key, in the
        policy-set file under `set`."""
        if self.source != "policy-set":
            return path_tokens(self.key)
        override_key, _, _, below = self.extra
        return (["set"] if in_policy_set_file else []) + path_tokens(override_key) + list(below)

    @property
    def label(self) -> str:
        return f"{self.scenario}: {self.key}"

    @property
    def group(self) -> str:
        """What the report groups by: the key; for a table cell, the table's column."""
        if self.source == "csv":
            return f"{self.key.split(':')[0]}: column {self.extra[1]}"
        return self.key

    @property
    def owner(self) -> str:
        """Where a group's entry is: the scenario; for a table cell, also its row."""
        if self.source == "csv":
            return f"{self.scenario} row {self.line} ({self.extra[0]})"
        return self.scenario


def is_number(node: yaml.Node) -> bool:
    if not isinstance(node, yaml.ScalarNode) or node.style not in (None, ""):
        return False  # quoted scalars are names and ids ("17.71"), not numbers
    return node.tag.endswith((":int", ":float")) or bool(NUMBER.match(node.value))


def walk(node: yaml.Node, key: str, set_path: str, out: list):
    """(key, set_path, node) for every number below `node`."""
    if isinstance(node, yaml.MappingNode):
        for k, v in node.value:
            name = str(k.value)
            walk(v, f"{key}.{name}" if key else name, f"{set_path}.{name}" if set_path else name,
                 out)
    elif isinstance(node, yaml.SequenceNode):
        for i, v in enumerate(node.value):
            walk(v, f"{key}[{i}]", f"{set_path}.{i}" if set_path else str(i), out)
    elif is_number(node):
        out.append((key, set_path, node))


def scenario_numbers(path: Path) -> list[Number]:
    text = path.read_text(encoding="utf-8")
    found: list = []
    walk(yaml.compose(text), "", "", found)
    return [Number(scenario=path.stem, source="yaml", key=key, set_path=set_path,
                   original=node.value, file=path, line=node.start_mark.line + 1,
                   start=node.start_mark.index, end=node.end_mark.index)
            for key, set_path, node in found]


def policy_set_numbers(path: Path, scenario: str) -> list[Number]:
    """The numbers in the values of a policy set's `set:` (its scenario overrides)."""
    text = path.read_text(encoding="utf-8")
    root = yaml.compose(text)
    numbers = []
    for k, v in root.value if isinstance(root, yaml.MappingNode) else []:
        if k.value != "set" or not isinstance(v, yaml.MappingNode):
            continue
        for override_key, value in v.value:
            found: list = []
            walk(value, "", "", found)
            if is_number(value):
                found.append(("", "", value))
            for key, _, node in found:
                cli_key = f'set["{override_key.value}"]' + (f".{key}" if key else "")
                numbers.append(Number(
                    scenario=scenario, source="policy-set",
                    key=f"{path.relative_to(path.parents[1])}: {cli_key}", set_path="",
                    original=node.value, file=path, line=node.start_mark.line + 1,
                    start=node.start_mark.index, end=node.end_mark.index,
                    extra=(override_key.value, value.start_mark.index, value.end_mark.index,
                           tuple(path_tokens(key)))))
    return numbers


def node_tables(scenario: Path) -> list[tuple[Path, str | None]]:
    """The node tables (`nodes: - table: FILE`) a scenario reads, with their `within:`."""
    root = yaml.safe_load(scenario.read_text(encoding="utf-8"))
    return [((scenario.parent / str(node["table"])).resolve(),
             str(node["within"]) if "within" in node else None)
            for node in root.get("nodes", []) or [] if isinstance(node, dict) and "table" in node]


def table_numbers(scenario: Path, table: Path, within: str | None,
                  all_rows: bool) -> list[Number]:
    """The numbers of a node table's rows: those of the scenario's `within:` and the first two
    rows outside it (the national row, a row of another province), or every row."""
    lines = table.read_text(encoding="utf-8").splitlines(keepends=True)
    separator = ";" if lines[0].count(";") > lines[0].count(",") else ","
    header = [c.strip() for c in lines[0].rstrip("\r\n").split(separator)]
    name = os.path.relpath(table, scenario.parent)
    numbers, offset, outside = [], len(lines[0]), 0
    for number, line in enumerate(lines[1:], start=2):
        cells = line.rstrip("\r\n").split(separator)
        kode = cells[0]
        inside = within is None or kode == within or kode.startswith(within + ".")
        if all_rows or inside or outside < 2:
            outside += 0 if inside else 1
            position = offset
            for column, cell in zip(header, cells):
                # kode is the row's id (a region code that happens to look like a number)
                if column != "kode" and NUMBER.match(cell):
                    numbers.append(Number(
                        scenario=scenario.stem, source="csv",
                        key=f"{name}:{number} ({kode}).{column}", set_path="", original=cell,
                        file=table, line=number, start=position, end=position + len(cell),
                        extra=(kode, column)))
                position += len(cell) + 1
        offset += len(line)
    return numbers


# ----------------------------------------------------------------------------- running


@dataclasses.dataclass
class Outcome:
    command: str
    argv: list
    rc: int | None = None
    signal: str | None = None
    timed_out: bool = False
    over_memory: bool = False
    max_rss_mb: float = 0.0
    seconds: float = 0.0
    stderr: str = ""
    kind: str = ""        # rejected, accepted, or a failure: signal SIGSEGV, timeout, ...
    detail: str = ""      # what is wrong with the message, what the outputs hold
    failure: bool = False


def is_asan(binary: Path) -> bool:
    with open(binary, "rb") as f, mmap.mmap(f.fileno(), 0, access=mmap.ACCESS_READ) as m:
        return m.find(b"__asan_init") != -1


class Runner:
    def __init__(self, cli: Path, timeout: float, memory_mb: int):
        self.cli = cli
        self.timeout = timeout
        self.memory_bytes = memory_mb * 1024 * 1024
        self.asan = is_asan(cli)
        self.env = dict(os.environ)
        self.env.setdefault("UBSAN_OPTIONS", "print_stacktrace=1")
        self.env.setdefault("ASAN_OPTIONS", "detect_leaks=1")

    def limits(self):
        resource.setrlimit(resource.RLIMIT_CORE, (0, 0))
        resource.setrlimit(resource.RLIMIT_FSIZE, (1 << 30, 1 << 30))
        if not self.asan:  # ASan reserves terabytes of shadow memory: it needs unlimited AS
            resource.setrlimit(resource.RLIMIT_AS, (self.memory_bytes, self.memory_bytes))

    def run(self, command: str, args: list, work: Path) -> Outcome:
        argv = [str(self.cli), command, *map(str, args)]
        outcome = Outcome(command=command, argv=argv)
        err_path = work / f"{command}.stderr"
        start = time.monotonic()
        with open(work / f"{command}.stdout", "wb") as out, open(err_path, "wb") as err:
            try:
                child = subprocess.Popen(argv, stdin=subprocess.DEVNULL, stdout=out, stderr=err,
                                         env=self.env, preexec_fn=self.limits,
                                         start_new_session=True, cwd=work)
            except OSError as e:  # e.g. the CLI being relinked
                outcome.kind, outcome.failure, outcome.stderr = "not started", True, str(e)
                return outcome
        lock, finished, stop = threading.Lock(), [False], threading.Event()

        def kill():
            with lock:
                if not finished[0]:
                    os.killpg(child.pid, signal.SIGKILL)  # our child's own process group

        def watch():
            page = os.sysconf("SC_PAGE_SIZE")
            while not stop.wait(0.05):
                if time.monotonic() - start > self.timeout:
                    outcome.timed_out = True
                    return kill()
                try:
                    with open(f"/proc/{child.pid}/statm") as f:
                        rss = int(f.read().split()[1]) * page
                except (OSError, ValueError, IndexError):
                    continue
                if rss > self.memory_bytes:
                    outcome.over_memory = True
                    return kill()

        watcher = threading.Thread(target=watch, daemon=True)
        watcher.start()
        # Wait without reaping, so that the watcher never signals a reused process group.
        os.waitid(os.P_PID, child.pid, os.WEXITED | os.WNOWAIT)
        with lock:
            finished[0] = True
        stop.set()
        _, status, usage = os.wait4(child.pid, 0)
        child.returncode = 0  # reaped here; keeps Popen from waiting again
        watcher.join()
        outcome.seconds = time.monotonic() - start
        outcome.max_rss_mb = usage.ru_maxrss / 1024
        if os.WIFSIGNALED(status):
            outcome.signal = signal.Signals(os.WTERMSIG(status)).name
        else:
            outcome.rc = os.WEXITSTATUS(status)
        outcome.stderr = err_path.read_text(encoding="utf-8", errors="replace")
        if outcome.max_rss_mb * 1024 * 1024 > self.memory_bytes:
            outcome.over_memory = True
        return outcome


# ----------------------------------------------------------------------------- judging


def names_key(msg: str, token: str) -> bool:
    return re.search(r"(?<![A-Za-z0-9_])" + re.escape(token) + r"(?![A-Za-z0-9_])", msg) is not None


def check_message(outcome: Outcome, case: "Case", work: Path) -> str:
    """'' when the error is one clear line that names the key, else what is wrong with it."""
    lines = [line for line in outcome.stderr.splitlines() if line.strip()]
    errors = [line for line in lines if line.startswith("blanko: error: ")]
    if len(errors) != 1:
        return f"{len(errors)} 'blanko: error:' lines"
    if lines[-1] != errors[0] or any(not INFO_LINE.match(line) for line in lines[:-1]):
        return "other lines on stderr besides the error"
    text = errors[0][len("blanko: error: "):]
    reasons = [check_located(text, case, work)]
    if re.search(r"\d{25,}", text):
        reasons.insert(0, "prints a number of 25 digits or more")
    if re.search(r"-9223372036854775808(?! and)", text) and "9223372036854775808" not in case.value:
        reasons.insert(0, "shows an overflowed integer (-9223372036854775808)")
    return "; ".join(r for r in reasons if r)


def check_located(text: str, case: "Case", work: Path) -> str:
    """'' when an error's text (after `blanko: error: `) names the key of the case's number."""
    number = case.number
    if text.startswith("--set ("):
        if any(text.startswith(f"--set ({o}): ") for o in case.overrides):
            return ""
        return "names an override that was not given"
    m = LOCATED.match(text)
    if not m:
        if re.match(r"^.+?:\d+:\d+: ", text):
            return "no key path"
        return "not 'file:line:col (key path): message'"
    file, path, msg = m["file"], m["path"], m["msg"]
    resolved = (work / file).resolve()  # the commands run in `work`
    if not any(resolved == f.resolve() for f in case.files):
        return f"names the file {file}"
    in_file = resolved == case.file.resolve()
    if number.source == "csv":
        kode, column = number.extra
        if in_file and (int(m["line"]) == number.line or names_key(path, column)):
            return ""
        if names_key(msg, kode) and names_key(msg, column):
            return ""
        return f"at {file}:{m['line']} ({path}), not row {number.line} ({kode}) column {column}"
    mine = number.tokens(in_policy_set_file=number.source == "policy-set" and in_file)
    theirs = path_tokens(path)
    if theirs != mine[:len(theirs)]:
        # A rule between siblings (s <= S) may be reported at the other one: then the
        # message must name the key where the two paths part.
        if theirs[:-1] == mine[:len(theirs) - 1] and any(
                names_key(msg, t) for t in mine[len(theirs) - 1:] if not t.isdigit()):
            return ""
        return f"points at ({path}), not at the key"
    below = [t for t in mine[len(theirs):] if not t.isdigit()]
    if below and not any(names_key(msg, t) for t in below):
        return f"at ({path}) without naming '{below[-1]}'"
    return ""


def non_finite_cells(csv_file: Path) -> set[str]:
    """`file:column` for every column of a CSV output with a NaN or an infinity."""
    rows = csv_file.read_text(encoding="utf-8", errors="replace").splitlines()
    header = rows[0].split(",") if rows else []
    found = set()
    for row in rows[1:]:
        for column, cell in zip(header, row.split(",")):
            if NON_FINITE.match(cell):
                found.add(f"{csv_file.name}:{column}")
    return found


def non_finite_json(json_file: Path) -> set[str]:
    """`file:key` for every key of a JSON output (but its `meta`) that is null, NaN or inf."""
    found = set()

    def walk(value, key):
        if isinstance(value, dict):
            for k, v in value.items():
                if k != "meta":
                    walk(v, k)
        elif isinstance(value, list):
            for v in value:
                walk(v, key)
        elif value is None or (isinstance(value, float) and not math.isfinite(value)):
            found.add(f"{json_file.name}:{key}")

    try:
        walk(json.loads(json_file.read_text(encoding="utf-8")), "")
    except ValueError:
        found.add(f"{json_file.name}: not JSON")
    return found


def non_finite_outputs(out: Path) -> set[str]:
    """Where the outputs of a run or a comparison hold NaN, infinity or null."""
    found = set()
    for name in ("kpis.csv", "compare.csv"):
        if (out / name).exists():
            found |= non_finite_cells(out / name)
    for name in ("summary.json", "compare.json"):
        if (out / name).exists():
            found |= non_finite_json(out / name)
    return found


def output_anomalies(out: Path, baseline: set) -> list[str]:
    """Non-finite values in the outputs that the unchanged scenario's outputs do not have."""
    new = sorted(non_finite_outputs(out) - baseline)
    return [f"non-finite {', '.join(new[:6])}{' ...' if len(new) > 6 else ''}"] if new else []


def judge(outcome: Outcome, case: "Case", work: Path, baseline: set):
    if outcome.kind == "not started":
        return
    if outcome.timed_out:
        outcome.kind = "timeout"
    elif outcome.over_memory or "bad_alloc" in outcome.stderr:
        outcome.kind = "memory"
    elif SANITIZER.search(outcome.stderr):
        outcome.kind = "sanitizer"
    elif outcome.signal:
        outcome.kind = f"signal {outcome.signal}"
    elif outcome.rc == 2:
        outcome.detail = check_message(outcome, case, work)
        outcome.kind = "bad message" if outcome.detail else "rejected"
    elif outcome.rc == 0:
        anomalies = output_anomalies(work / f"out-{outcome.command}", baseline)
        outcome.detail = "; ".join(anomalies)
        outcome.kind = "accepted" if (case.value in SUSPICIOUS or anomalies) else "ok"
    else:
        outcome.kind = f"exit {outcome.rc}"
    outcome.failure = outcome.kind not in ("rejected", "accepted", "ok")


def first_lines(text: str, n: int = 3) -> list[str]:
    lines = [line for line in text.splitlines() if line.strip() and not INFO_LINE.match(line)]
    return lines[:n]


# ----------------------------------------------------------------------------- cases


@dataclasses.dataclass
class Case:
    number: Number
    value: str
    outcomes: list = dataclasses.field(default_factory=list)
    overrides: list = dataclasses.field(default_factory=list)  # the --set texts
    files: list = dataclasses.field(default_factory=list)      # the files the commands read
    file: Path | None = None                                   # the one with the number


def replaced(text: str, start: int, end: int, value: str) -> str:
    return text[:start] + value + text[end:]


class Sweep:
    def __init__(self, args, runner: Runner, root: Path):
        self.args = args
        self.runner = runner
        self.root = root
        self.scenario_dir = Path(args.scenario_dir).resolve()
        self.policy_sets = sorted((self.scenario_dir / "policy-sets").glob("*.yaml"))
        self.baseline: dict = {}
        self.counter = 0
        self.lock = threading.Lock()

    def scenario(self, name: str) -> Path:
        return self.scenario_dir / f"{name}.yaml"

    def work_dir(self) -> Path:
        with self.lock:
            self.counter += 1
            n = self.counter
        work = self.root / f"case-{n}"
        work.mkdir()
        return work

    def prepare(self, case: Case, work: Path) -> Path:
        """Sets the case's overrides and files (copies where the number is in a file); returns
        the scenario to run."""
        n, value = case.number, case.value
        text = n.file.read_text(encoding="utf-8")
        if n.source == "yaml":
            case.overrides = [f"{n.set_path}={value}"]
            case.files = [n.file]
            case.file = n.file
            return n.file
        scenario = self.scenario(n.scenario)
        if n.source == "policy-set":
            # The policy set's own override with the number replaced, and a copy of its file.
            key, start, end, _ = n.extra
            mutated = replaced(text, n.start, n.end, value)
            case.overrides = [f"{key}={mutated[start:end - len(n.original) + len(value)]}"]
            case.file = work / n.file.name
            case.file.write_text(mutated, encoding="utf-8")
            case.files = [scenario, case.file]
            return scenario
        # A node table's cell: the scenario beside a copy of the table with the cell replaced.
        copy = work / "scenario" / scenario.name
        case.file = copy.parent / n.file.relative_to(scenario.parent)
        case.file.parent.mkdir(parents=True)
        shutil.copy(scenario, copy)
        case.file.write_text(replaced(text, n.start, n.end, value), encoding="utf-8", newline="")
        case.files = [copy, case.file]
        return copy

    def run_case(self, case: Case) -> Case:
        work = self.work_dir()
        try:
            scenario = self.prepare(case, work)
            sets = [a for o in case.overrides for a in ("--set", o)]
            for command in self.args.commands:
                if command == "validate":
                    args = [scenario, *sets]
                elif command == "run":
                    args = [scenario, *sets, "--out", work / "out-run"]
                elif case.number.source == "policy-set":
                    args = self.compare_args(scenario, case.file, work)
                else:
                    continue
                outcome = self.runner.run(command, args, work)
                judge(outcome, case, work,
                      self.baseline.get((case.number.scenario, command), set()))
                case.outcomes.append(outcome)
        finally:
            shutil.rmtree(work, ignore_errors=True)
        return case

    def measure_baselines(self, cases: list[Case]):
        """Runs each scenario and each comparison unchanged: they must pass, and the
        non-finite values of their outputs are not blamed on a changed number."""
        runs = {(c.number.scenario, "run") for c in cases}
        runs |= {(c.number.scenario, "compare", c.number.file) for c in cases
                 if c.number.source == "policy-set"}
        for name, command, *policy_set in sorted(runs):
            work = self.work_dir()
            if command == "run":
                args = [self.scenario(name), "--out", work / "out-run"]
            else:
                args = self.compare_args(self.scenario(name), policy_set[0], work)
            outcome = self.runner.run(command, args, work)
            if outcome.rc != 0 or outcome.timed_out or outcome.over_memory:
                sys.exit(f"value_sweep: the unchanged {name} does not {command} (exit "
                         f"{outcome.rc}, signal {outcome.signal}, timeout {outcome.timed_out}): "
                         f"{outcome.stderr.strip()}")
            self.baseline.setdefault((name, command), set()).update(
                non_finite_outputs(work / f"out-{command}"))
            shutil.rmtree(work, ignore_errors=True)

    def compare_args(self, scenario: Path, policy_set: Path, work: Path) -> list:
        """`blanko compare` of a policy set against the other one (the reference, first)."""
        others = [p for p in self.policy_sets if p.name != policy_set.name] or [policy_set]
        return [scenario, "--policy-set", others[0], "--policy-set", policy_set, "-n", "2",
                "-j", "1", "--out", work / "out-compare"]


# ----------------------------------------------------------------------------- reporting


def value_order(value: str) -> int:
    return VALUES.index(value) if value in VALUES else len(VALUES)


def format_groups(cases: list, want, show_stderr: bool) -> list[str]:
    """The outcomes `want` keeps, by kind, then key: `key = value [commands], ...  (scenarios)`;
    scenarios with the same values and commands for a key share a line."""
    groups: dict = collections.defaultdict(lambda: collections.defaultdict(
        lambda: collections.defaultdict(list)))
    for case in cases:
        for o in case.outcomes:
            if want(o):
                groups[o.kind][case.number.group][case.number.owner].append((case.value, o))
    out = []
    for kind in sorted(groups):
        keys = groups[kind]
        count = sum(len(entries) for k in keys.values() for entries in k.values())
        out.append(f"\n== {kind} ({count} commands, {len(keys)} keys)")
        for key in sorted(keys):
            lines: dict = collections.defaultdict(list)  # the values text -> its scenarios
            for scenario, entries in sorted(keys[key].items()):
                by_value = collections.defaultdict(list)
                for value, o in entries:
                    by_value[value].append(o.command)
                text = ", ".join(f"{v} [{'/'.join(c)}]" for v, c in
                                 sorted(by_value.items(), key=lambda kv: value_order(kv[0])))
                lines[text].append(scenario)
            for text, scenarios in lines.items():
                out.append(f"  {key} = {text}   ({', '.join(scenarios)})")
            if show_stderr:
                seen = set()
                for scenario, entries in sorted(keys[key].items()):
                    for value, o in sorted(entries, key=lambda e: value_order(e[0])):
                        stderr = " | ".join(first_lines(o.stderr)) or "(stderr empty)"
                        detail = f"[{o.detail}] " if o.detail else ""
                        text = f"{detail}{stderr}"
                        text = text if len(text) <= 320 else text[:317] + "..."
                        if text not in seen:
                            seen.add(text)
                            out.append(f"      {value} {o.command} ({scenario}): {text}")
    return out


def report(cases: list, seconds: float, runner: Runner, args) -> tuple[list[str], list[str]]:
    outcomes = [o for c in cases for o in c.outcomes]
    counts = collections.Counter(o.kind for o in outcomes)
    failures = [o for o in outcomes if o.failure]
    summary = [
        f"value sweep: {len(cases)} cases, {len(outcomes)} commands in {seconds:.0f} s "
        f"(jobs {args.jobs}, timeout {args.timeout:g} s, memory {args.memory_mb} MiB, "
        f"{'ASan' if runner.asan else 'no ASan'}, CLI {runner.cli})",
        "outcomes: " + ", ".join(f"{k} {v}" for k, v in sorted(counts.items())),
        f"failures: {len(failures)}",
    ]
    failure_groups = format_groups(cases, lambda o: o.failure, show_stderr=True)
    accepted_groups = format_groups(cases, lambda o: o.kind == "accepted", show_stderr=False)
    anomalies = format_groups(cases, lambda o: o.kind == "accepted" and o.detail,
                              show_stderr=True)
    inconsistent = []
    for c in cases:
        kinds = {o.command: o.kind for o in c.outcomes}
        if kinds.get("validate") in ("ok", "accepted") and kinds.get("run") in (
                "rejected", "bad message"):
            run = next(o for o in c.outcomes if o.command == "run")
            inconsistent.append(f"  {c.number.label} = {c.value}: validate exit 0, run exit 2: "
                                f"{' | '.join(first_lines(run.stderr, 1))}")
    full = summary + ["", "### Failures (grouped by kind and key; [commands])"] + failure_groups
    full += ["", "### Accepted: exit 0 for a value that seldom makes sense (not test failures)"]
    full += accepted_groups
    if anomalies:
        full += ["", "### Accepted with non-finite outputs"] + anomalies
    if inconsistent:
        full += ["", "### validate accepts what run rejects"] + inconsistent
    full += ["", "### Every command: scenario | key | value | command | outcome | seconds | "
             "max RSS MiB | first stderr line"]
    for c in cases:
        for o in c.outcomes:
            first = " | ".join(first_lines(o.stderr, 1))
            detail = f" ({o.detail})" if o.detail else ""
            full.append(f"{c.number.scenario} | {c.number.key} | {c.value} | {o.command} | "
                        f"{o.kind}{detail} | {o.seconds:.2f} | {o.max_rss_mb:.0f} | {first}")
    short = summary + (["", "Failures:"] + failure_groups if failures else [])
    return short, full


# ----------------------------------------------------------------------------- main


def select(cases: list, max_cases: int | None) -> list:
    """Every case, or max_cases of them spread evenly over the list (deterministic)."""
    if not max_cases or max_cases >= len(cases):
        return cases
    step = len(cases) / max_cases
    return [cases[int(i * step)] for i in range(max_cases)]


def main() -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--cli", required=True, help="the blanko executable")
    p.add_argument("--scenario-dir", default=str(REPO / "scenarios"))
    p.add_argument("--scenarios", help="comma-separated scenario names (default: every "
                   "scenarios/*.yaml)")
    p.add_argument("--values", help="comma-separated values (default: all ten; national "
                   f"scenarios get {','.join(NATIONAL_VALUES)} unless --full)")
    p.add_argument("--full", action="store_true", help="every value for every scenario")
    p.add_argument("--all-rows", action="store_true",
                   help="every row of the node tables, not only those the scenario reads and two")
    p.add_argument("--csv-scenarios", default="bengkulu-2024",
                   help="scenarios whose node-table numbers are swept ('' for none)")
    p.add_argument("--policy-set-scenario", default="bengkulu-2024",
                   help="the scenario the policy sets' numbers are tried on ('' for none)")
    p.add_argument("--commands", default="validate,run,compare",
                   help="commands to run per case (compare only for policy sets)")
    p.add_argument("--keys", help="only numbers whose key matches this regular expression")
    p.add_argument("--jobs", type=int, default=2)
    p.add_argument("--max-cases", type=int, help="at most N cases, spread evenly over the list")
    p.add_argument("--timeout", type=float, default=20.0, help="seconds per command")
    p.add_argument("--memory-mb", type=int, default=4096, help="memory per command")
    p.add_argument("--report", help="write the full report to this file")
    p.add_argument("--list", action="store_true", help="list the cases and exit")
    args = p.parse_args()
    args.commands = [c for c in args.commands.split(",") if c]

    cli = Path(args.cli).resolve()
    if not os.access(cli, os.X_OK):
        sys.exit(f"value_sweep: {cli} is not an executable")
    scenario_dir = Path(args.scenario_dir)
    names = (args.scenarios.split(",") if args.scenarios
             else sorted(f.stem for f in scenario_dir.glob("*.yaml")))
    values = args.values.split(",") if args.values else None

    def values_of(scenario: str) -> list[str]:
        if values:
            return values
        return VALUES if args.full or scenario not in NATIONAL_SCENARIOS else NATIONAL_VALUES

    numbers: list[Number] = []
    for name in names:
        scenario = scenario_dir / f"{name}.yaml"
        if not scenario.exists():
            sys.exit(f"value_sweep: no scenario {scenario}")
        numbers += scenario_numbers(scenario)
        if name in args.csv_scenarios.split(","):
            for table, within in node_tables(scenario):
                numbers += table_numbers(scenario, table, within, args.all_rows)
    if args.policy_set_scenario and args.policy_set_scenario in names:
        for policy_set in sorted((scenario_dir / "policy-sets").glob("*.yaml")):
            numbers += policy_set_numbers(policy_set, args.policy_set_scenario)
    if args.keys:
        numbers = [n for n in numbers if re.search(args.keys, n.key)]
    cases = select([Case(n, v) for n in numbers for v in values_of(n.scenario)], args.max_cases)
    if args.list:
        for c in cases:
            print(f"{c.number.source:10} {c.number.label} = {c.value} "
                  f"(was {c.number.original}, {c.number.file.name}:{c.number.line})")
        print(f"{len(cases)} cases, {len(numbers)} numbers")
        return 0

    runner = Runner(cli, args.timeout, args.memory_mb)
    root = Path(tempfile.mkdtemp(prefix="blanko-value-sweep-"))
    try:
        sweep = Sweep(args, runner, root)
        sweep.measure_baselines(cases)
        start = time.monotonic()
        print(f"value sweep: {len(cases)} cases ({len(numbers)} numbers) on {cli}, "
              f"{args.jobs} jobs", flush=True)
        done = []
        with concurrent.futures.ThreadPoolExecutor(max_workers=args.jobs) as pool:
            for i, case in enumerate(pool.map(sweep.run_case, cases), start=1):
                done.append(case)
                if i % max(50, len(cases) // 10) == 0:
                    failed = sum(o.failure for c in done for o in c.outcomes)
                    print(f"  {i}/{len(cases)} cases, {failed} failed commands, "
                          f"{time.monotonic() - start:.0f} s", flush=True)
        seconds = time.monotonic() - start
    finally:
        shutil.rmtree(root, ignore_errors=True)

    short, full = report(done, seconds, runner, args)
    print("\n".join(short))
    if args.report:
        Path(args.report).write_text("\n".join(full) + "\n", encoding="utf-8")
        print(f"full report: {args.report}")
    return 1 if any(o.failure for c in done for o in c.outcomes) else 0


if __name__ == "__main__":
    sys.exit(main())
