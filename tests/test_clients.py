"""The project through the programs its users run: the Frictionless validator, the export, JupyterLab."""

from __future__ import annotations

import asyncio
import csv
import json
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
import uuid
import zipfile
from pathlib import Path

import pytest
from hostile import FORMULAS, write_hostile

from helpers import paths
from helpers.data import TABLES
from helpers.export import export, neutralise

BIN = Path(sys.executable).parent


def test_frictionless_cli_validates_the_package():
    res = subprocess.run([str(BIN / "frictionless"), "validate", str(paths.DATAPACKAGE)], capture_output=True, text=True)
    assert res.returncode == 0, res.stdout[-2000:]
    assert "VALID" in res.stdout and "INVALID" not in res.stdout


def test_frictionless_cli_rejects_a_broken_copy(real_copy):
    p = real_copy / "detentions.csv"
    p.write_text(p.read_text(encoding="utf-8").replace(",criminal,", ",political,", 1), encoding="utf-8")
    res = subprocess.run(
        [str(BIN / "frictionless"), "validate", str(real_copy / "datapackage.json")], capture_output=True, text=True
    )
    assert res.returncode != 0


@pytest.mark.parametrize(
    "cell,expected",
    [
        ("=1+1", "'=1+1"),
        ("+1", "'+1"),
        ("-2", "'-2"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\tx", "'\tx"),
        ("plain", "plain"),
        ("", ""),
        ("a=b", "a=b"),
    ],
)
def test_neutralise(cell, expected):
    assert neutralise(cell) == expected


def test_export_writes_a_valid_zip_and_inert_csvs(tmp_path):
    data = write_hostile(tmp_path / "hostile")
    written = export(tmp_path / "out", data_dir=data)
    with zipfile.ZipFile(written["zip"]) as zf:
        assert sorted(zf.namelist()) == sorted(["datapackage.json"] + [f"{t}.csv" for t in TABLES])
        assert len(TABLES) == 10 and "custody_checks" in TABLES
        zf.extractall(tmp_path / "unzipped")
    res = subprocess.run(
        [str(BIN / "frictionless"), "validate", str(tmp_path / "unzipped" / "datapackage.json")], capture_output=True, text=True
    )
    assert res.returncode == 0, res.stdout[-1500:]
    cells = []
    for table in ("detentions", "events", "responses"):
        with written[table].open(encoding="utf-8-sig", newline="") as fh:
            cells += [c for row in csv.reader(fh) for c in row]
    for formula in FORMULAS:
        assert "'" + formula in cells, formula
    assert not [c for c in cells if c[:1] in ("=", "+", "-", "@")]
    again = export(tmp_path / "out2", data_dir=data)
    assert again["zip"].read_bytes() == written["zip"].read_bytes()  # deterministic


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _get(url, token, method="GET", body=None):
    req = urllib.request.Request(
        url,
        method=method,
        data=None if body is None else json.dumps(body).encode(),
        headers={"Authorization": f"token {token}", "Content-Type": "application/json"},
    )
    with urllib.request.urlopen(req, timeout=10) as r:
        text = r.read().decode()
        return json.loads(text) if text else None


async def _run_cells(port, token, kernel_id, code) -> list[dict]:
    from tornado.websocket import websocket_connect

    ws = await websocket_connect(f"ws://127.0.0.1:{port}/api/kernels/{kernel_id}/channels?token={token}")
    msg_id = uuid.uuid4().hex
    await ws.write_message(
        json.dumps(
            {
                "header": {
                    "msg_id": msg_id,
                    "msg_type": "execute_request",
                    "username": "test",
                    "session": uuid.uuid4().hex,
                    "version": "5.3",
                    "date": "",
                },
                "parent_header": {},
                "metadata": {},
                "channel": "shell",
                "buffers": [],
                "content": {"code": code, "silent": False, "store_history": True, "user_expressions": {}, "allow_stdin": False},
            }
        )
    )
    seen, deadline = [], time.monotonic() + 90
    while time.monotonic() < deadline:
        raw = await asyncio.wait_for(ws.read_message(), timeout=90)
        msg = json.loads(raw)
        if msg.get("parent_header", {}).get("msg_id") != msg_id:
            continue
        seen.append(msg)
        if msg["msg_type"] == "execute_reply":
            break
    ws.close()
    return seen


def test_jupyterlab_server_lists_notebooks_and_runs_the_case_report(tmp_path):
    port, token = _free_port(), uuid.uuid4().hex
    env = {**os.environ, "JUPYTER_CONFIG_DIR": str(tmp_path / "cfg"), "JUPYTER_RUNTIME_DIR": str(tmp_path / "rt")}
    args = [
        str(BIN / "jupyter"),
        "lab",
        "--no-browser",
        "--ip=127.0.0.1",
        f"--port={port}",
        f"--IdentityProvider.token={token}",
        f"--ServerApp.root_dir={paths.ROOT}",
        "--ServerApp.open_browser=False",
    ]
    if os.geteuid() == 0:
        args.append("--allow-root")  # as make lab does for root
    server = subprocess.Popen(args, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env)
    try:
        base = f"http://127.0.0.1:{port}"
        for _ in range(120):
            try:
                _get(f"{base}/api/status", token)
                break
            except OSError:
                time.sleep(0.5)
        listing = _get(f"{base}/api/contents/notebooks", token)
        names = {item["name"] for item in listing["content"]}
        assert {"00_overview.ipynb", "01_charges.ipynb", "reports"} <= names
        reports = {item["name"] for item in _get(f"{base}/api/contents/notebooks/reports", token)["content"]}
        assert "case.ipynb" in reports
        nb = _get(f"{base}/api/contents/notebooks/reports/case.ipynb", token)["content"]
        code = "\n".join("".join(c["source"]) for c in nb["cells"] if c["cell_type"] == "code")
        first_cells = code.split("\ndets = ")[0]  # parameters, imports, validation and the profile
        kernel = _get(f"{base}/api/kernels", token, method="POST", body={"name": "python3"})
        msgs = asyncio.run(_run_cells(port, token, kernel["id"], first_cells))
        reply = [m for m in msgs if m["msg_type"] == "execute_reply"][0]
        assert reply["content"]["status"] == "ok", reply["content"]
        shown = " ".join(json.dumps(m["content"].get("data", {})) for m in msgs if m["msg_type"] == "display_data")
        assert "Rufat Safarov" in shown
        _get(f"{base}/api/kernels/{kernel['id']}", token, method="DELETE")
        assert kernel["id"] not in {k["id"] for k in _get(f"{base}/api/kernels", token)}
    finally:
        os.kill(server.pid, signal.SIGTERM)  # stop the server by its process id
        try:
            server.wait(timeout=20)
        except subprocess.TimeoutExpired:
            server.kill()


def test_export_writes_a_sqlite_database_with_its_keys(tmp_path):
    import sqlite3

    written = export(tmp_path / "out")
    con = sqlite3.connect(written["sqlite"])
    assert con.execute("PRAGMA foreign_key_check").fetchall() == []
    rows = con.execute(
        "SELECT d.detention_id, c.article, k.category FROM detentions d JOIN charges c USING (detention_id) "
        "JOIN criminal_code k USING (article) WHERE d.person_id = 'rufat-safarov' AND c.stage = 'initial' "
        "AND d.detained_on = '2024-12-03' ORDER BY c.article"
    ).fetchall()
    assert rows == [("rufat-safarov-2024", "178.3.2", "economic-financial"), ("rufat-safarov-2024", "221.1", "public-order")]
    fks = con.execute("PRAGMA foreign_key_list('custody_checks')").fetchall()
    assert {(f[2], f[3]) for f in fks} == {("detentions", "detention_id"), ("sources", "source_id")}
    n = {t: con.execute(f'SELECT count(*) FROM "{t}"').fetchone()[0] for t in TABLES}
    assert n["detentions"] >= 278 and n["custody_checks"] >= 300
