"""One distribution, one import name: the wheel built from a checkout installs `nianbao` alone, and the demo runs
from it in a fresh virtualenv beside packages named like the checkout's folders (`models`, `pipelines`), which
would shadow ours, or be shadowed, if the wheel still installed them as top-level packages."""

from __future__ import annotations

import os
import subprocess
import sys
import sysconfig
import venv
import zipfile
from importlib import resources
from pathlib import Path

import pytest

from tests.tree import tracked_copy

DUMMY = "raise ImportError('the dummy {name!r} package was imported: nianbao must import only nianbao.*')\n"


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    source = tracked_copy(tmp_path_factory.mktemp("clone"))
    out = tmp_path_factory.mktemp("dist")
    build = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-w", str(out), str(source)],
        capture_output=True,
        text=True,
    )
    assert build.returncode == 0, build.stdout + build.stderr
    assert "warning" not in (build.stdout + build.stderr).lower().replace("warning: location", ""), build.stderr
    [built] = out.glob("nianbao-*.whl")
    return built


def test_the_wheel_installs_one_import_name_with_every_data_file(wheel: Path) -> None:
    with zipfile.ZipFile(wheel) as zf:
        names = zf.namelist()
        [top_level] = [n for n in names if n.endswith(".dist-info/top_level.txt")]
        assert zf.read(top_level).decode().split() == ["nianbao"]
    assert {n.split("/")[0] for n in names if not n.split("/")[0].endswith(".dist-info")} == {"nianbao"}
    for needed in (
        "nianbao/crawler/settings.py",
        "nianbao/crawler/portals.toml",
        "nianbao/crawler/spiders/portals.py",
        "nianbao/pipelines/archive.py",
        "nianbao/models/base.py",
        "nianbao/migrations/env.py",
        "nianbao/migrations/script.py.mako",
        "nianbao/replicas/data/seeds",
        "nianbao/replicas/templates",
        "nianbao/dashboard/static/echarts/echarts.common.min.js",
    ):
        assert any(n.startswith(needed) for n in names), needed
    assert any(n.startswith("nianbao/migrations/versions/") and n.endswith(".py") for n in names)
    # every file the dashboard copies out of the package
    static = resources.files("nianbao.dashboard") / "static"
    wanted = {f"nianbao/dashboard/static/{item.name}" for item in static.iterdir() if item.is_file()}
    assert wanted <= set(names)


@pytest.mark.slow
def test_the_demo_runs_from_the_wheel_in_a_fresh_virtualenv_beside_models_and_pipelines(
    wheel: Path, tmp_path: Path
) -> None:
    env_dir = tmp_path / "venv"
    venv.EnvBuilder(with_pip=False).create(env_dir)
    python = env_dir / "bin" / "python"
    purelib = Path(
        subprocess.check_output(
            [python, "-c", "import sysconfig; print(sysconfig.get_path('purelib'))"], text=True
        ).strip()
    )
    # The dependencies come from this suite's own environment (a plain path, so its .pth files, and with them
    # the checkout's editable install, are not read); nianbao itself only from the wheel.
    (purelib / "_dependencies.pth").write_text(sysconfig.get_path("purelib") + "\n")
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "--python",
            str(python),
            "install",
            "-q",
            "--no-deps",
            "--disable-pip-version-check",
            str(wheel),
        ],
        check=True,
    )
    beside = tmp_path / "work"
    for name in ("models", "pipelines", "crawler", "archive"):
        for where in (beside, purelib):
            (where / name).mkdir(parents=True, exist_ok=True)
            (where / name / "__init__.py").write_text(DUMMY.format(name=name))
    env = {
        **os.environ,
        "PYTHONPATH": str(beside),
        "NIANBAO_DATABASE_URL": f"sqlite:///{tmp_path / 'demo.sqlite'}",
    }
    env.pop("http_proxy", None)
    where = subprocess.run(
        [
            python,
            "-c",
            "import nianbao.crawler.settings, nianbao.models, nianbao.pipelines.archive as p; print(p.__file__)",
        ],
        cwd=beside,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    assert where.stdout.strip().startswith(str(purelib / "nianbao")), where.stdout
    demo = subprocess.run(
        [env_dir / "bin" / "nianbao", "demo"], cwd=beside, env=env, capture_output=True, text=True, timeout=900
    )
    assert demo.returncode == 0, demo.stdout[-3000:] + demo.stderr[-3000:]
    total = next(line.split() for line in demo.stdout.splitlines() if line.startswith("total"))
    assert total[2] == "67", demo.stdout  # reports found: every report of the five replicas
    assert "Traceback" not in demo.stdout + demo.stderr
