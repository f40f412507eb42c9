"""Backup and restore (README, "Backup and restore"), end to end on stacks of their own.

Reports are generated, `isofind-reports backup` runs while more are being generated, the backup
is restored into a fresh data folder with `isofind-reports restore`, and a stack started on that
folder serves every report of the backup, byte for byte, signed with the same key, to the same
tokens. Restore refuses a running service's folder, a folder that is not empty (without
--force) and a damaged backup, and then writes nothing.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import stat
import subprocess
import threading
from pathlib import Path

import pytest
import requests

from conftest import Stack, describe, isofind_bin, separate_stack

API = "/api/reports"


def generate(stack: Stack, token: str, template: int) -> dict:
    response = requests.post(stack.url(f"{API}/generate"), json={"template_id": template}, headers=stack.auth(token),
                             timeout=120)
    assert response.status_code == 200, describe(response)
    return response.json()


def reports_of(stack: Stack, token: str) -> dict[int, dict]:
    response = requests.get(stack.url(f"{API}/list"), params={"limit": 1000}, headers=stack.auth(token), timeout=30)
    assert response.status_code == 200, describe(response)
    return {report["id"]: report for report in response.json()["reports"]}


def download_digest(stack: Stack, token: str, report: dict) -> str:
    response = requests.get(stack.url(report["download_url"]), headers=stack.auth(token), timeout=60)
    assert response.status_code == 200, describe(response)
    return hashlib.sha256(response.content).hexdigest()


def cli(config: Path, *args: str) -> subprocess.CompletedProcess:
    env = dict(os.environ, ISOFIND_REPORTS_CONFIG=str(config))
    return subprocess.run([str(isofind_bin()), *args], capture_output=True, text=True, env=env, timeout=300)


def fresh_data_folder(var: Path, like: Path) -> Path:
    """A new data folder with a config.json like LIKE's, pointing at itself; nothing else."""
    var.mkdir(parents=True)
    config = json.loads((like / "config.json").read_text())
    config |= {"data_dir": str(var), "samples_db": str(var / "isofind.db"), "sessions_db": str(var / "workflows.db"),
               "tiles_dir": str(var / "tiles")}
    (var / "config.json").write_text(json.dumps(config, indent=2))
    return var / "config.json"


def test_backup_during_generation_then_restore_serves_every_report(tmp_path):
    backup = tmp_path / "backup"
    with separate_stack(tmp_path / "var") as stack:
        editor = stack.token("editor", name="backup-editor")
        before = [generate(stack, editor, template) for template in (1, 3, 1)]
        # A branding with a logo, so that branding/ has something to back up.
        logo = tmp_path / "logo.svg"
        logo.write_text('<svg xmlns="http://www.w3.org/2000/svg" width="120" height="40"><rect width="120" height="40"/></svg>')
        branded = requests.put(stack.url(f"{API}/branding"), headers=stack.auth(), timeout=30,
                               json={"organization_name": "Laboratoire de sauvegarde", "logo_path": str(logo)})
        assert branded.status_code == 200, describe(branded)
        before.append(generate(stack, editor, 1))

        during: list[dict] = []
        stop = threading.Event()
        started = threading.Event()

        def keep_generating() -> None:
            while not stop.is_set():
                started.set()
                during.append(generate(stack, editor, 2))

        generator = threading.Thread(target=keep_generating)
        generator.start()
        try:
            started.wait(30)
            made = stack.cli("backup", "--out", str(backup))
        finally:
            stop.set()
            generator.join()
        assert "Checked: every file matches backup.json" in made.stdout, made.stdout
        assert during, "no generation ran during the backup"

        # The running service's folder is refused, and left as it was.
        in_use = cli(stack.config, "restore", str(backup), "--force")
        assert in_use.returncode == 1 and "in use" in in_use.stderr and "Stop the service" in in_use.stderr, in_use.stderr

        originals = reports_of(stack, editor)
        digests = {report_id: download_digest(stack, editor, report) for report_id, report in originals.items()}
        certificate = requests.get(stack.url(f"{API}/signing-certificate"), headers=stack.auth(editor), timeout=30)
        assert certificate.status_code == 200, describe(certificate)

    # The backup: private, complete, with its manifest.
    manifest = json.loads((backup / "backup.json").read_text())
    assert stat.S_IMODE(backup.stat().st_mode) == 0o700
    assert stat.S_IMODE((backup / "keys").stat().st_mode) == 0o700
    paths = {entry["path"] for entry in manifest["files"]}
    assert "reports.db" in paths and any(path.startswith("keys/") for path in paths)
    assert any(path.startswith("branding/") for path in paths)
    for entry in manifest["files"]:
        data = (backup / entry["path"]).read_bytes()
        assert (len(data), hashlib.sha256(data).hexdigest()) == (entry["size"], entry["sha256"])
    backed_up = {int(Path(path).stem.removeprefix("report-")) for path in paths if path.startswith("reports/")}
    assert len(backed_up) == manifest["reports"]
    assert {report["id"] for report in before} <= backed_up <= set(originals)

    # A damaged copy of the backup is refused, and nothing is written.
    damaged = tmp_path / "damaged"
    shutil.copytree(backup, damaged)
    victim = damaged / "reports" / f"report-{before[0]['id']}.pdf"
    victim.write_bytes(victim.read_bytes()[:-1] + b"X")
    elsewhere = fresh_data_folder(tmp_path / "elsewhere", stack.var)
    refused = cli(elsewhere, "restore", str(damaged))
    assert refused.returncode == 1 and "does not match the manifest" in refused.stderr, refused.stderr
    assert not (tmp_path / "elsewhere" / "reports.db").exists()

    # Restore into a fresh data folder.
    config = fresh_data_folder(tmp_path / "restored", stack.var)
    restored = cli(config, "restore", str(backup))
    assert restored.returncode == 0, restored.stderr
    assert f"Restored {manifest['reports']} report(s)" in restored.stdout
    again = cli(config, "restore", str(backup))
    assert again.returncode == 1 and "already holds" in again.stderr and "--force" in again.stderr, again.stderr
    forced = cli(config, "restore", str(backup), "--force")
    assert forced.returncode == 0 and "Moved what" in forced.stdout, forced.stderr

    with separate_stack(tmp_path / "restored") as copy:
        # The same tokens, the same reports byte for byte, the same signing certificate.
        listed = reports_of(copy, editor)
        assert set(listed) == backed_up
        for report_id, report in listed.items():
            assert (report["title"], report["sha256"], report["file_size"]) == \
                (originals[report_id]["title"], originals[report_id]["sha256"], originals[report_id]["file_size"])
            assert download_digest(copy, editor, report) == digests[report_id] == report["sha256"]
        same = requests.get(copy.url(f"{API}/signing-certificate"), headers=copy.auth(editor), timeout=30)
        assert same.content == certificate.content
        # And it goes on: a new report after the restored ones.
        new = generate(copy, editor, 1)
        assert new["id"] > max(originals)
        branding = requests.get(copy.url(f"{API}/branding"), headers=copy.auth(editor), timeout=30).json()
        assert branding["organization_name"] == "Laboratoire de sauvegarde", branding
        assert copy.stop() == 0, copy.responder_log()



def test_the_backup_units_verify_and_their_command_makes_a_backup(tmp_path):
    """systemd/isofind-reports-backup.{service,timer}: systemd-analyze verify, and the service's
    ExecStart, run as the shell would run it (paths pointed at a stack of this test), makes a
    complete backup in a folder named by the time."""
    units = Path(__file__).resolve().parents[2] / "systemd"
    service_text = (units / "isofind-reports-backup.service").read_text()
    bin_path = str(isofind_bin())
    copy = tmp_path / "units"
    copy.mkdir()
    (copy / "isofind-reports-backup.service").write_text(service_text.replace("/usr/local/bin/isofind-reports", bin_path))
    shutil.copy(units / "isofind-reports-backup.timer", copy)
    if shutil.which("systemd-analyze") is None:
        pytest.fail("systemd-analyze not found (Debian package systemd)")
    proc = subprocess.run(["systemd-analyze", "verify", "--man=no", str(copy / "isofind-reports-backup.service"),
                           str(copy / "isofind-reports-backup.timer")], capture_output=True, text=True, timeout=120)
    ours = [line for line in (proc.stdout + proc.stderr).splitlines() if "isofind-reports" in line]
    assert proc.returncode == 0 and not ours, proc.stdout + proc.stderr

    exec_start = next(line for line in service_text.splitlines() if line.startswith("ExecStart="))
    command = exec_start.removeprefix("ExecStart=/bin/sh -c ").strip("'").replace("%%", "%")
    backups = tmp_path / "backups"
    backups.mkdir(mode=0o700)
    with separate_stack(tmp_path / "var") as stack:
        editor = stack.token("editor", name="timer-editor")
        generate(stack, editor, 1)
        command = (command.replace("/usr/local/bin/isofind-reports", bin_path)
                   .replace("/etc/isofind-reports/config.json", str(stack.config))
                   .replace("/var/backups/isofind-reports", str(backups)))
        ran = subprocess.run(["/bin/sh", "-c", command], capture_output=True, text=True, timeout=300)
        assert ran.returncode == 0, ran.stderr
        assert stack.stop() == 0, stack.responder_log()
    (made,) = backups.iterdir()
    assert made.name.endswith("Z") and made.name.startswith("20")
    assert json.loads((made / "backup.json").read_text())["reports"] == 1
