#!/usr/bin/env bash
# Installs nianbao on a Debian machine from this checkout alone: the Debian packages it runs with, a
# virtualenv in .venv, and the project into it. `install.sh test` adds what the test suite needs.
# Idempotent: packages already present are not asked for again, so a second run takes seconds.
set -euo pipefail
cd "$(dirname "$0")/.."
mode="${1:-run}"

# chromium: pages that need JavaScript (scrapy-playwright); libreoffice + antiword: DOC/WPS/XLS attachments;
# fonts-noto-cjk: rendering Chinese (screenshots, generated fixtures); postgresql-client: pg_dump for backups.
packages=(python3 python3-venv chromium libreoffice-writer-nogui libreoffice-calc-nogui antiword fonts-noto-cjk
          postgresql-client)
# systemd: `systemd-analyze verify` checks the generated timer and service units; wget: tests/warc import a
# WARC that `wget --warc-file -r` wrote.
[ "$mode" = test ] && packages+=(systemd wget)

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  sudo=""; [ "$(id -u)" -ne 0 ] && sudo="sudo"
  echo "install: apt-get install ${missing[*]}"
  $sudo apt-get update -q
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -q --no-install-recommends "${missing[@]}"
fi

[ -x .venv/bin/python ] || python3 -m venv .venv
.venv/bin/python -m pip install -q --disable-pip-version-check -U pip
# The checkout's crawler/, pipelines/, models/ and migrations/ install as nianbao.* (setup.py), which an editable
# install serves through setuptools' import finder; its notice about same-named folders is expected here.
extras=""
[ "$mode" = test ] && extras="[test]"
PYTHONWARNINGS="ignore:Editable installation" \
  .venv/bin/python -m pip install -q --disable-pip-version-check -e ".$extras"
echo "install: nianbao installed in .venv ($mode)"
