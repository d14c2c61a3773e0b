"""The nightly crawl as a systemd timer + service, or as a crontab line.

Portals publish in Beijing time and are quietest in the small hours there, so the schedule is stated in
Asia/Shanghai whatever the machine's zone. systemd understands a zone in `OnCalendar=` itself; Debian's cron
does not (no `CRON_TZ`), so a crontab line gets its time converted to the machine's zone. China has no DST;
the machine's zone may, and then the converted line is right only until its next clock change — said in a
comment on the line.

Both run `nianbao crawl` with the archive URL pinned, so cron and systemd write to the same archive as the
user who set them up, whatever environment they start with.
"""

from __future__ import annotations

import os
import shlex
import sys
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, tzinfo
from pathlib import Path
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from nianbao.errors import EXIT_LOCKED

PORTAL_ZONE = ZoneInfo("Asia/Shanghai")
DEFAULT_TIME = time(2, 30)
UNIT_NAME = "nianbao-crawl"


@dataclass(frozen=True)
class Schedule:
    """What to run and when (local time in Asia/Shanghai)."""

    at: time
    command: tuple[str, ...]
    database_url: str
    working_directory: Path

    @property
    def command_line(self) -> str:
        return shlex.join(self.command)


def parse_time(text: str) -> time:
    """`HH:MM` (24-hour) as a time; ValueError with a readable message otherwise."""
    try:
        hours, minutes = (int(part) for part in text.split(":"))
        return time(hours, minutes)
    except ValueError:
        raise ValueError(f"not a time of day (HH:MM, 24-hour): {text!r}") from None


def nianbao_command() -> tuple[str, ...]:
    """This installation's `nianbao` by absolute path, for units and cron, which run without our PATH."""
    candidate = Path(sys.executable).with_name("nianbao")
    if candidate.exists():
        return (str(candidate),)
    return (sys.executable, "-m", "nianbao")


def systemd_escape(value: str) -> str:
    """Quote a value for an `Environment=` line (systemd's own quoting, with `%` specifiers escaped)."""
    escaped = value.replace("\\", "\\\\").replace('"', '\\"').replace("%", "%%")
    return f'"{escaped}"'


def systemd_service(schedule: Schedule) -> str:
    # Exit code 3 means another run holds the portal's lock: a skipped night, not a failure.
    return f"""[Unit]
Description=nianbao nightly crawl of the configured portals
Wants=network-online.target
After=network-online.target

[Service]
Type=oneshot
Environment={systemd_escape("NIANBAO_DATABASE_URL=" + schedule.database_url)}
WorkingDirectory={schedule.working_directory}
ExecStart={schedule.command_line.replace("%", "%%")}
SuccessExitStatus={EXIT_LOCKED}
Nice=10
"""


def systemd_timer(schedule: Schedule) -> str:
    # Persistent: a night missed while the machine was off is crawled at the next boot.
    return f"""[Unit]
Description=nianbao nightly crawl at {schedule.at:%H:%M} Beijing time

[Timer]
OnCalendar=*-*-* {schedule.at:%H:%M}:00 Asia/Shanghai
Persistent=true
RandomizedDelaySec=600
Unit={UNIT_NAME}.service

[Install]
WantedBy=timers.target
"""


def machine_zone() -> tzinfo:
    """The zone cron reads: TZ if set, else /etc/localtime's target, else the current fixed offset."""
    name = os.environ.get("TZ", "").lstrip(":")
    if not name:
        try:
            target = os.path.realpath("/etc/localtime")
            name = target.split("zoneinfo/", 1)[1] if "zoneinfo/" in target else ""
        except OSError:
            name = ""
    if name:
        try:
            return ZoneInfo(name)
        except (ZoneInfoNotFoundError, ValueError):
            pass
    return datetime.now().astimezone().tzinfo or ZoneInfo("UTC")


def in_zone(at: time, zone: tzinfo, on: date) -> datetime:
    """The moment `at` Beijing time on `on`, seen on a clock in `zone`."""
    return datetime.combine(on, at, tzinfo=PORTAL_ZONE).astimezone(zone)


def observes_dst(zone: tzinfo, year: int) -> bool:
    offsets = {datetime(year, month, 1, 12, tzinfo=zone).utcoffset() for month in range(1, 13)}
    return len(offsets) > 1


def crontab_line(schedule: Schedule, zone: tzinfo, lock_file: Path, log_file: Path, on: date | None = None) -> str:
    """One crontab entry, wrapped in `flock -n` so a night's crawl never overlaps the previous one."""
    on = on or date.today()
    local = in_zone(schedule.at, zone, on)
    env = f"NIANBAO_DATABASE_URL={shlex.quote(schedule.database_url)}"
    command = (
        f"cd {shlex.quote(str(schedule.working_directory))} && {env} "
        f"flock -n {shlex.quote(str(lock_file))} {schedule.command_line} >> {shlex.quote(str(log_file))} 2>&1"
    )
    line = f"{local.minute} {local.hour} * * * {command.replace('%', chr(92) + '%')}"
    note = f"# nianbao: {schedule.at:%H:%M} Asia/Shanghai = {local:%H:%M} {local.tzname()}"
    if observes_dst(zone, on.year):
        note += "; this zone changes its clocks: run `nianbao schedule --cron` again after each change"
    return f"{note}\n{line}\n"


def next_runs(schedule: Schedule, zone: tzinfo, start: datetime, count: int = 3) -> list[datetime]:
    """The next `count` run times after `start`, as clock times in `zone` (for the printed summary)."""
    runs: list[datetime] = []
    day = start.astimezone(PORTAL_ZONE).date()
    while len(runs) < count:
        moment = in_zone(schedule.at, zone, day)
        if moment > start:
            runs.append(moment)
        day += timedelta(days=1)
    return runs
