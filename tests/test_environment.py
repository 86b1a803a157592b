"""requirements.txt (what make and CI install) and environment.yml (conda) must name the same pins."""

import re
import sys

from helpers import paths


def norm(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def pins_txt():
    out = {}
    for line in (paths.ROOT / "requirements.txt").read_text().splitlines():
        line = line.split("#")[0].strip()
        if line:
            name, _, version = line.partition("==")
            assert version, f"requirements.txt: {line!r} is not pinned with =="
            out[norm(name)] = version
    return out


def pins_yml():
    out, python = {}, None
    for line in (paths.ROOT / "environment.yml").read_text().splitlines():
        m = re.match(r"^\s+-\s+([A-Za-z0-9_.-]+)=([^=\s]+)\s*$", line)
        if m:
            if m.group(1) == "python":
                python = m.group(2)
            else:
                out[norm(m.group(1))] = m.group(2)
    return out, python


def test_environment_yml_matches_requirements():
    txt = pins_txt()
    yml, python = pins_yml()
    assert python == "3.11"
    assert set(yml) == set(txt), (
        f"only in requirements.txt: {set(txt) - set(yml)}; only in environment.yml: {set(yml) - set(txt)}"
    )
    drift = {k: (txt[k], yml[k]) for k in txt if txt[k] != yml[k]}
    assert not drift, f"versions differ (requirements.txt, environment.yml): {drift}"


def test_installed_versions_match_pins():
    from importlib.metadata import PackageNotFoundError, version

    wrong = {}
    for name, pinned in pins_txt().items():
        try:
            got = version(name)
        except PackageNotFoundError:
            got = None
        if got != pinned:
            wrong[name] = (pinned, got)
    assert not wrong, f"installed versions differ from the pins (pinned, installed): {wrong}"
    assert sys.version_info[:2] == (3, 11)
