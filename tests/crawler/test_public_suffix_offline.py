"""The crawler makes no request of its own outside Scrapy: the Public Suffix List download is off."""

import subprocess
import sys


def test_cookie_middleware_uses_the_bundled_public_suffix_list_without_a_download(tmp_path) -> None:
    # A fresh cache and a proxy nobody answers: a download attempt would print a requests traceback.
    probe = (
        "import crawler.settings, scrapy.downloadermiddlewares.cookies as c;"
        "print(c._is_public_domain('gov.cn'), c._is_public_domain('wenshang.gov.cn'))"
    )
    env = {"PATH": "/usr/bin:/bin", "XDG_CACHE_HOME": str(tmp_path), "HOME": str(tmp_path)}
    env |= {"http_proxy": "http://127.0.0.1:9", "https_proxy": "http://127.0.0.1:9"}
    done = subprocess.run([sys.executable, "-c", probe], env=env, capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    assert done.stdout.split() == ["True", "False"]
    assert "Traceback" not in done.stderr and "ConnectionError" not in done.stderr, done.stderr
