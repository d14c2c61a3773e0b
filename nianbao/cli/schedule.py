"""`nianbao schedule [--install] [--cron] [--at HH:MM]`: the nightly crawl for systemd or cron."""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
from datetime import datetime
from pathlib import Path

from nianbao import schedule as sched
from nianbao.cli import usage_error
from nianbao.errors import CommandError

CRON_MARK = "# nianbao:"


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "schedule",
        help="print (or install) the systemd timer and service, or a crontab line, for the nightly crawl",
        description="The nightly `nianbao crawl`, at a time given in Beijing time (Asia/Shanghai).",
    )
    parser.add_argument("--at", default=sched.DEFAULT_TIME.strftime("%H:%M"),
                        help="time of day in Asia/Shanghai, HH:MM (default %(default)s)")
    parser.add_argument("--cron", action="store_true", help="a crontab line instead of systemd units")
    parser.add_argument("--install", action="store_true",
                        help="write the units (and enable the timer when systemd runs) or the crontab entry")
    parser.add_argument("--unit-dir", type=Path,
                        help="where --install writes units (default: /etc/systemd/system as root, "
                             "~/.config/systemd/user otherwise)")
    parser.add_argument("--portal", action="append", default=[], metavar="NAME",
                        help="crawl only this portal (repeatable); default all configured portals")
    parser.set_defaults(func=run)


def build_schedule(args: argparse.Namespace) -> sched.Schedule:
    from nianbao.settings import database_url

    try:
        at = sched.parse_time(args.at)
    except ValueError as err:
        raise usage_error(str(err)) from None
    command = (*sched.nianbao_command(), "crawl", *(arg for name in args.portal for arg in ("--portal", name)))
    return sched.Schedule(at=at, command=command, database_url=database_url(), working_directory=Path.cwd())


def run(args: argparse.Namespace) -> int:
    schedule = build_schedule(args)
    if args.cron:
        return run_cron(schedule, args.install)
    return run_systemd(schedule, args.install, args.unit_dir)


def run_systemd(schedule: sched.Schedule, install: bool, unit_dir: Path | None) -> int:
    units = {
        f"{sched.UNIT_NAME}.service": sched.systemd_service(schedule),
        f"{sched.UNIT_NAME}.timer": sched.systemd_timer(schedule),
    }
    if not install:
        for name, text in units.items():
            print(f"# {name}\n{text}")
        return 0
    as_root = os.geteuid() == 0
    default_dir = Path("/etc/systemd/system") if as_root else Path.home() / ".config/systemd/user"
    target = unit_dir or default_dir
    target.mkdir(parents=True, exist_ok=True)
    for name, text in units.items():
        (target / name).write_text(text, encoding="utf-8")
        print(f"wrote {target / name}")
    systemctl = ["systemctl"] if as_root else ["systemctl", "--user"]
    enable = [*systemctl, "daemon-reload"], [*systemctl, "enable", "--now", f"{sched.UNIT_NAME}.timer"]
    if unit_dir is None and shutil.which("systemctl") and Path("/run/systemd/system").is_dir():
        for cmd in enable:
            subprocess.run(cmd, check=True)
        print(f"enabled {sched.UNIT_NAME}.timer")
    else:
        print("systemd is not managing this machine (or --unit-dir was given); to enable, run:")
        for cmd in enable:
            print("  " + " ".join(cmd))
    return 0


def run_cron(schedule: sched.Schedule, install: bool) -> int:
    from platformdirs import user_state_dir

    state = Path(user_state_dir("nianbao", appauthor=False))
    zone = sched.machine_zone()
    text = sched.crontab_line(schedule, zone, state / "crawl.lock", state / "crawl.log")
    if not install:
        print(text, end="")
        return 0
    if not shutil.which("crontab"):
        raise CommandError("no `crontab` on this machine: install cron, or use the systemd timer (without --cron)")
    state.mkdir(parents=True, exist_ok=True)
    current = subprocess.run(["crontab", "-l"], capture_output=True, text=True)
    kept = current.stdout.splitlines() if current.returncode == 0 else []
    # Replace an earlier nianbao entry (its comment line and the line after it) instead of adding a second.
    lines: list[str] = []
    skip_next = False
    for line in kept:
        if line.startswith(CRON_MARK):
            skip_next = True
            continue
        if skip_next:
            skip_next = False
            continue
        lines.append(line)
    new = "\n".join([*lines, text.rstrip("\n")]) + "\n"
    subprocess.run(["crontab", "-"], input=new, text=True, check=True)
    print(f"installed in the crontab of {os.environ.get('USER', 'this user')} "
          f"(next run {sched.next_runs(schedule, zone, datetime.now(zone), 1)[0]:%Y-%m-%d %H:%M %Z}):")
    print(text, end="")
    return 0
