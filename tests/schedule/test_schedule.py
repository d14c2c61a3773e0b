"""The nightly schedule: units systemd accepts, firing at 02:30 Beijing time; cron lines converted right."""

from __future__ import annotations

import re
import shutil
import subprocess
from datetime import date, datetime, time
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from nianbao import schedule as sched
from nianbao.cli import main

SHANGHAI = ZoneInfo("Asia/Shanghai")
needs_systemd = pytest.mark.skipif(not shutil.which("systemd-analyze"), reason="systemd-analyze not installed")


def make_schedule(at: time = time(2, 30)) -> sched.Schedule:
    return sched.Schedule(at=at, command=(*sched.nianbao_command(), "crawl"),
                          database_url="sqlite:////srv/archive 100%.sqlite", working_directory=Path("/tmp"))


@needs_systemd
def test_installed_units_pass_systemd_analyze_verify(tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("NIANBAO_DATABASE_URL", f"sqlite:///{tmp_path}/archive.sqlite")
    assert main(["schedule", "--install", "--unit-dir", str(tmp_path)]) == 0
    service, timer = tmp_path / "nianbao-crawl.service", tmp_path / "nianbao-crawl.timer"
    result = subprocess.run(["systemd-analyze", "verify", str(timer), str(service)], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert "Persistent=true" in timer.read_text()
    assert f'"NIANBAO_DATABASE_URL=sqlite:///{tmp_path}/archive.sqlite"' in service.read_text()


@needs_systemd
def test_systemd_analyze_verify_rejects_a_broken_unit(tmp_path):
    """The check above can fail: a unit whose ExecStart is not absolute is refused."""
    (tmp_path / "broken.service").write_text("[Service]\nType=oneshot\nExecStart=nianbao-does-not-exist crawl\n")
    result = subprocess.run(["systemd-analyze", "verify", str(tmp_path / "broken.service")],
                            capture_output=True, text=True)
    assert result.returncode != 0


@needs_systemd
def test_timer_fires_at_half_past_two_beijing_time():
    timer = sched.systemd_timer(make_schedule())
    spec = re.search(r"^OnCalendar=(.+)$", timer, re.M).group(1)
    result = subprocess.run(["systemd-analyze", "calendar", "--iterations=3", spec],
                            capture_output=True, text=True, env={"TZ": "UTC", "PATH": "/usr/bin:/bin"}, check=True)
    elapses = re.findall(r"(?:Next elapse|Iter\. #\d+): \w+ (\d{4}-\d\d-\d\d \d\d:\d\d:\d\d) UTC", result.stdout)
    assert len(elapses) == 3
    for text in elapses:
        moment = datetime.strptime(text, "%Y-%m-%d %H:%M:%S").replace(tzinfo=ZoneInfo("UTC"))
        assert moment.astimezone(SHANGHAI).time() == time(2, 30)


def test_service_treats_a_held_lock_as_success_and_escapes_percent():
    service = sched.systemd_service(make_schedule())
    assert "SuccessExitStatus=3" in service
    assert "100%%.sqlite" in service  # a bare % would be a systemd specifier


@pytest.mark.parametrize(
    ("zone", "on", "expected"),
    [
        ("UTC", date(2026, 1, 15), "30 18"),
        ("Asia/Shanghai", date(2026, 1, 15), "30 2"),
        ("Asia/Kolkata", date(2026, 1, 15), "0 0"),
        ("America/New_York", date(2026, 1, 15), "30 13"),  # EST, UTC-5
        ("America/New_York", date(2026, 7, 15), "30 14"),  # EDT, UTC-4
        ("Europe/Berlin", date(2026, 7, 15), "30 20"),
    ],
)
def test_crontab_line_fires_at_the_right_local_hour(zone, on, expected):
    text = sched.crontab_line(make_schedule(), ZoneInfo(zone), Path("/var/lock/n.lock"), Path("/var/log/n.log"), on)
    comment, line = text.splitlines()
    assert line.startswith(expected + " * * * ")
    minute, hour = (int(x) for x in line.split()[:2])
    fired = datetime.combine(on, time(hour, minute), tzinfo=ZoneInfo(zone))
    assert fired.astimezone(SHANGHAI).time() == time(2, 30)
    assert "flock -n /var/lock/n.lock" in line
    assert ("changes its clocks" in comment) == (zone in {"America/New_York", "Europe/Berlin"})


def test_crontab_command_is_valid_shell_with_percent_escaped():
    text = sched.crontab_line(make_schedule(), ZoneInfo("UTC"), Path("/l"), Path("/g"), date(2026, 1, 1))
    line = text.splitlines()[1]
    command = " ".join(line.split()[5:])
    assert "100\\%" in command and "100%" not in command.replace("100\\%", "")
    # cron turns "\%" back into "%" before handing the line to /bin/sh
    subprocess.run(["sh", "-n", "-c", command.replace("\\%", "%")], check=True)


def test_crontab_time_follows_the_machine_zone(monkeypatch, capsys):
    monkeypatch.setenv("TZ", "Asia/Tokyo")
    assert main(["schedule", "--cron", "--at", "03:15"]) == 0
    assert capsys.readouterr().out.splitlines()[1].startswith("15 4 * * * ")


def test_bad_time_is_a_usage_error(capsys):
    assert main(["schedule", "--at", "25:99"]) == 2
    assert "HH:MM" in capsys.readouterr().err
