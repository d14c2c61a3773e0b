"""One distribution, one import name: everything installs under `nianbao`.

The project's layout keeps `crawler/`, `pipelines/`, `models/` and `migrations/` at the top of the checkout
(scrapy.cfg and the design card name them there), so they are mapped here onto `nianbao.crawler`,
`nianbao.pipelines`, `nianbao.models` and `nianbao.migrations`. This file exists only because pyproject.toml
cannot compute that package list: a hand-kept list would silently drop a new subpackage from the wheel.
Everything else about the distribution is in pyproject.toml.
"""

from setuptools import find_namespace_packages, setup

#: import name -> folder in the checkout
MAPPED = {
    "nianbao.crawler": "crawler",
    "nianbao.pipelines": "pipelines",
    "nianbao.models": "models",
    "nianbao.migrations": "migrations",
}
SKIP = ["__pycache__", "*.__pycache__"]

packages = find_namespace_packages(include=["nianbao", "nianbao.*"], exclude=["*__pycache__"])
for name, folder in MAPPED.items():
    packages += [name] + [f"{name}.{sub}" for sub in find_namespace_packages(where=folder, exclude=SKIP)]

setup(packages=packages, package_dir={"nianbao": "nianbao", **MAPPED})
