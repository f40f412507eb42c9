"""The Debian package that scripts/package builds.

Which package: $ISOFIND_PACKAGE_DEB when it is set (e.g. the release package, whose binary is
the static one), else a package that scripts/package makes here with `--test-binary
$ISOFIND_BIN`: the debug binary scripts/test has already built, so that CI spends no second,
static, build on this test. That binary links the Swift runtime of the toolchain: the checks
that run the program inside the Debian root need the static binary, and are replaced for the
test package by one that `ldd` finds every other library there (`test_binary_in_the_root`).

* the contents: every file and folder, its mode, owner root:root, the conffiles, the control
  fields and Depends, the md5sums; the files are the repository's own;
* lintian reports no error or warning, and no override goes unused;
* `systemd-analyze verify` on the packaged units, their ExecStart pointed at the packaged
  binary;
* in a throwaway Debian 12 root made by `debootstrap --variant=minbase` from the mirror of this
  machine's apt sources: `apt-get install ./the.deb` (Depends resolve for real), the user, the
  folders and their modes, the socket enabled and the site not; `nginx -t` on the packaged site
  with a test certificate, alone in a throwaway nginx.conf and then enabled as an admin would;
  remove keeps the data and the user, a reinstallation finds them, purge says what it deletes
  and deletes it.

The debootstrap root is made once and kept in .build-package/debootstrap-bookworm/ (made again
after a week, or when this machine's apt sources change), with the package's dependencies
downloaded into its apt cache; every run works on a copy of it, .build-package/root-run/
(left in place when a test fails, for a look). The first run needs the network: without it the
test fails and says why. Root is needed (debootstrap, chroot), or passwordless sudo.
"""

from __future__ import annotations

import contextlib
import gzip
import json
import os
import re
import shlex
import shutil
import stat
import subprocess
import time
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
PKG = REPO / "packaging" / "deb"
CACHE = REPO / ".build-package"
PRISTINE = CACHE / "debootstrap-bookworm"
PRISTINE_STAMP = CACHE / "debootstrap-bookworm.stamp"
RUN_ROOT = CACHE / "root-run"
ROOT_MAX_AGE = 7 * 24 * 3600
SUITE = "bookworm"
NAME = "isofind-reports"
SWIFT_RUNTIME = re.compile(r"^lib(swift.*|_?Foundation.*|dispatch|BlocksRuntime)\.so")
# Named in the issue, plus what the binary links besides (dpkg-shlibdeps finds them all).
REQUIRED_DEPENDS = {"libfcgi0ldbl", "libcairo2", "libpango-1.0-0", "libpangocairo-1.0-0", "librsvg2-2",
                    "libpython3.11", "libssl3", "libseccomp2", "libsqlite3-0", "nginx", "adduser",
                    "fonts-dejavu-core", "fonts-noto-core"}
CONFFILES = ["/etc/isofind-reports/config.json", "/etc/nginx/conf.d/isofind-reports-http.conf",
             "/etc/nginx/sites-available/isofind-reports.conf"]


# --------------------------------------------------------------------------------------------
# helpers


def run(cmd: list[str], timeout: float = 600, check: bool = True, **kwargs) -> subprocess.CompletedProcess:
    proc = subprocess.run(cmd, capture_output=True, text=True, timeout=timeout, **kwargs)
    if check and proc.returncode != 0:
        pytest.fail(f"{shlex.join(cmd)} exited {proc.returncode}:\n{proc.stdout}\n{proc.stderr}")
    return proc


def as_root(cmd: list[str]) -> list[str]:
    return cmd if os.geteuid() == 0 else ["sudo", "-n", *cmd]


def in_root(root: Path, cmd: str, check: bool = True, timeout: float = 600, user: str | None = None):
    """Run a shell command inside ROOT, with a clean environment."""
    chroot = ["chroot", *([f"--userspec={user}:{user}"] if user else []), str(root)]
    env = ["env", "-i", "PATH=/usr/sbin:/usr/bin:/sbin:/bin", "LANG=C.UTF-8", "DEBIAN_FRONTEND=noninteractive",
           "HOME=/root"]
    return run(as_root([*chroot, *env, "sh", "-c", cmd]), timeout=timeout, check=check)


def mode_of(path: Path) -> int:
    return stat.S_IMODE(os.lstat(path).st_mode)


def binary_version(binary: Path) -> str:
    return run([str(binary), "--version"]).stdout.strip()


def needed_libraries(binary: Path) -> list[str]:
    out = run(["readelf", "-d", str(binary)]).stdout
    return re.findall(r"\(NEEDED\).*\[(.*)\]", out)


def depends_names(depends: str) -> set[str]:
    return {alt.split()[0] for item in depends.split(",") for alt in item.split("|") if alt.strip()}


def debian_sources() -> list[tuple[str, str, str]]:
    """(uri, suite, components) of this machine's apt sources for Debian 12 (deb lines only)."""
    entries = []
    files = [Path("/etc/apt/sources.list"), *sorted(Path("/etc/apt/sources.list.d").glob("*"))]
    for path in files:
        if not path.is_file():
            continue
        text = path.read_text()
        if path.suffix == ".sources":
            for para in re.split(r"\n\s*\n", text):
                fields = {}
                for line in para.splitlines():
                    if line.startswith("#") or ":" not in line or line[0].isspace():
                        continue
                    key, _, value = line.partition(":")
                    fields[key.strip().lower()] = value.strip()
                if "deb" not in fields.get("types", "").split() or fields.get("enabled", "yes") == "no":
                    continue
                for uri in fields.get("uris", "").split():
                    for suite in fields.get("suites", "").split():
                        entries.append((uri, suite, fields.get("components", "")))
        elif path.suffix == ".list":
            for line in text.splitlines():
                parts = re.sub(r"\[[^]]*\]", "", line.split("#")[0]).split()
                if len(parts) >= 3 and parts[0] == "deb":
                    entries.append((parts[1], parts[2], " ".join(parts[3:])))
    return [e for e in entries if re.fullmatch(rf"{SUITE}(-updates|-security)?", e[1]) and "main" in e[2].split()]


# --------------------------------------------------------------------------------------------
# the package


@pytest.fixture(scope="module")
def deb(tmp_path_factory) -> Path:
    given = os.environ.get("ISOFIND_PACKAGE_DEB")
    if given:
        path = Path(given).resolve()
        assert path.is_file(), f"ISOFIND_PACKAGE_DEB={given}: no such file"
        return path
    binary = os.environ.get("ISOFIND_BIN")
    if not binary:
        pytest.fail("set ISOFIND_BIN to a built isofind-reports (scripts/test does), or ISOFIND_PACKAGE_DEB to a "
                    "package made by scripts/package")
    out = tmp_path_factory.mktemp("deb")
    started = time.monotonic()
    proc = run([str(REPO / "scripts" / "package"), "--test-binary", binary, "--no-lintian", "--out", str(out)],
               timeout=900)
    print(f"scripts/package --test-binary: {time.monotonic() - started:.0f} s")
    path = Path(proc.stdout.strip().splitlines()[-1])
    assert path.parent == out and path.is_file(), proc.stdout + proc.stderr
    return path


@pytest.fixture(scope="module")
def unpacked(deb, tmp_path_factory) -> Path:
    tree = tmp_path_factory.mktemp("unpacked")
    run(["dpkg-deb", "-R", str(deb), str(tree)])
    return tree


@pytest.fixture(scope="module")
def control(deb) -> dict[str, str]:
    fields = {}
    for name in ("Package", "Version", "Architecture", "Maintainer", "Depends", "Recommends", "Installed-Size",
                 "Section", "Priority", "Description"):
        fields[name] = run(["dpkg-deb", "-f", str(deb), name]).stdout.strip()
    return fields


@pytest.fixture(scope="module")
def packaged_binary(unpacked) -> Path:
    return unpacked / "usr" / "bin" / NAME


@pytest.fixture(scope="module")
def static_binary(packaged_binary) -> bool:
    """Whether the package holds the release binary (no Swift runtime library is NEEDED)."""
    return not any(SWIFT_RUNTIME.match(lib) for lib in needed_libraries(packaged_binary))


def swagger_ui_dir() -> Path:
    return Path(os.environ.get("ISOFIND_SWAGGER_UI", REPO / ".build-docs" / "swagger-ui"))


def expected_files() -> dict[str, int]:
    files = {
        "usr/bin/isofind-reports": 0o755,
        "lib/systemd/system/isofind-reports.service": 0o644,
        "lib/systemd/system/isofind-reports.socket": 0o644,
        "lib/systemd/system/isofind-reports@.service": 0o644,
        "lib/systemd/system/isofind-reports@.socket": 0o644,
        "lib/systemd/system/isofind-reports-backup.service": 0o644,
        "lib/systemd/system/isofind-reports-backup.timer": 0o644,
        "etc/nginx/sites-available/isofind-reports.conf": 0o644,
        "etc/nginx/conf.d/isofind-reports-http.conf": 0o644,
        "etc/isofind-reports/config.json": 0o644,
        "usr/share/isofind-reports/docs/index.html": 0o644,
        "usr/share/isofind-reports/docs/isofind-docs.js": 0o644,
        "usr/share/doc/isofind-reports/copyright": 0o644,
        "usr/share/doc/isofind-reports/changelog.Debian.gz": 0o644,
        "usr/share/doc/isofind-reports/README.Debian": 0o644,
        "usr/share/man/man1/isofind-reports.1.gz": 0o644,
        "usr/share/lintian/overrides/isofind-reports": 0o644,
    }
    ui = swagger_ui_dir()
    assert (ui / "LICENSE").is_file() and (ui / "swagger-ui-bundle.js").is_file(), f"no Swagger UI in {ui}"
    for f in ui.iterdir():
        files[f"usr/share/isofind-reports/swagger-ui/{f.name}"] = 0o644
    return files


def test_contents_modes_and_owners(deb):
    listing = run(["dpkg-deb", "-c", str(deb)]).stdout.splitlines()
    seen: dict[str, tuple[str, str]] = {}
    for line in listing:
        perms, owner, _size, _date, _time, path = line.split(None, 5)
        path = path.removeprefix("./").rstrip("/")
        assert owner == "root/root", f"{path} belongs to {owner}"
        seen[path] = (perms[0], perms)
    files = expected_files()
    folders = {str(p) for f in files for p in Path(f).parents if str(p) != "."} | {""}
    assert set(seen) == set(files) | folders, (
        f"unexpected: {sorted(set(seen) - set(files) - folders)}; missing: {sorted(set(files) | folders - set(seen))}")
    for path in folders - {""}:
        assert seen[path] == ("d", "drwxr-xr-x"), f"{path}: {seen[path][1]}"
    for path, mode in files.items():
        assert seen[path][0] == "-", f"{path} is not a plain file"
        assert seen[path][1] == stat.filemode(stat.S_IFREG | mode), f"{path}: {seen[path][1]}, expected {oct(mode)}"


def test_control_fields(deb, control, unpacked):
    assert control["Package"] == NAME
    changelog = run(["dpkg-parsechangelog", "-l", str(PKG / "changelog"), "-S", "Version"]).stdout.strip()
    assert control["Version"] == changelog
    if "ISOFIND_PACKAGE_DEB" not in os.environ:
        assert control["Version"] == f"{binary_version(Path(os.environ['ISOFIND_BIN']))}-1"
    assert control["Architecture"] == run(["dpkg", "--print-architecture"]).stdout.strip()
    assert re.fullmatch(r".+ <[^@\s]+@[^@\s]+>", control["Maintainer"]), control["Maintainer"]
    names = depends_names(control["Depends"])
    assert REQUIRED_DEPENDS <= names, f"Depends lacks {REQUIRED_DEPENDS - names}: {control['Depends']}"
    assert re.search(r"libc6 \(>= [0-9.]+\)", control["Depends"]), "dpkg-shlibdeps gives versioned dependencies"
    assert depends_names(control["Recommends"]) == {"python3-numpy", "python3-matplotlib"}
    assert not any(n.startswith(("libswift", "swift")) for n in names)

    debian = unpacked / "DEBIAN"
    assert (debian / "conffiles").read_text().split() == CONFFILES
    for script in ("postinst", "prerm", "postrm"):
        assert mode_of(debian / script) == 0o755, script
        assert (debian / script).read_text().startswith("#!/bin/sh\n"), script
    assert sorted(p.name for p in debian.iterdir()) == ["conffiles", "control", "md5sums", "postinst", "postrm", "prerm"]
    # md5sums covers every file but the conffiles, and matches them.
    listed = {line.split(None, 1)[1] for line in (debian / "md5sums").read_text().splitlines()}
    on_disk = {str(p.relative_to(unpacked)) for p in unpacked.rglob("*")
               if p.is_file() and not p.is_symlink() and p.parts[len(unpacked.parts)] not in ("DEBIAN", "etc")}
    assert listed == on_disk
    run(["md5sum", "--check", "--quiet", str(debian / "md5sums")], cwd=unpacked)


def test_files_are_the_repositorys(unpacked, packaged_binary, static_binary):
    same = {
        "etc/nginx/sites-available/isofind-reports.conf": REPO / "nginx" / "isofind-reports.conf",
        "etc/nginx/conf.d/isofind-reports-http.conf": REPO / "nginx" / "isofind-reports-http.conf",
        "etc/isofind-reports/config.json": PKG / "config.json",
        "usr/share/isofind-reports/docs/index.html": REPO / "nginx" / "docs" / "index.html",
        "usr/share/isofind-reports/docs/isofind-docs.js": REPO / "nginx" / "docs" / "isofind-docs.js",
        "lib/systemd/system/isofind-reports.socket": REPO / "systemd" / "isofind-reports.socket",
        "lib/systemd/system/isofind-reports@.socket": REPO / "systemd" / "isofind-reports@.socket",
        "lib/systemd/system/isofind-reports-backup.timer": REPO / "systemd" / "isofind-reports-backup.timer",
        "usr/share/doc/isofind-reports/copyright": PKG / "copyright",
        "usr/share/doc/isofind-reports/README.Debian": PKG / "README.Debian",
        "usr/share/lintian/overrides/isofind-reports": PKG / "lintian-overrides",
    }
    for f in swagger_ui_dir().iterdir():
        same[f"usr/share/isofind-reports/swagger-ui/{f.name}"] = f
    for packaged, source in same.items():
        assert (unpacked / packaged).read_bytes() == source.read_bytes(), f"{packaged} differs from {source}"

    # The service units: the repository's, with the Debian package's binary path.
    for unit in ("isofind-reports.service", "isofind-reports@.service"):
        service = (unpacked / "lib/systemd/system" / unit).read_text().splitlines()
        source = (REPO / "systemd" / unit).read_text().splitlines()
        differ = [(a, b) for a, b in zip(source, service) if a != b]
        assert len(service) == len(source) and differ == [(
            "ExecStart=/usr/local/bin/isofind-reports serve --config /etc/isofind-reports/config.json",
            "ExecStart=/usr/bin/isofind-reports serve --config /etc/isofind-reports/config.json")], (unit, differ)

    assert gzip.decompress((unpacked / "usr/share/doc/isofind-reports/changelog.Debian.gz").read_bytes()) == \
        (PKG / "changelog").read_bytes()
    copyright_text = (unpacked / "usr/share/doc/isofind-reports/copyright").read_text()
    assert copyright_text.startswith("Format: https://www.debian.org/doc/packaging-manuals/copyright-format/1.0/")
    assert "Files: usr/share/isofind-reports/swagger-ui/*" in copyright_text and "License: Apache-2.0" in copyright_text
    # Every Swift package linked into the binary has its paragraph, by its checkout folder's name.
    resolved = REPO / "Package.resolved"
    assert resolved.is_file(), "Package.resolved is made by the build (swift build resolves the packages)"
    folders = {pin["location"].rstrip("/").removesuffix(".git").rsplit("/", 1)[-1]
               for pin in json.loads(resolved.read_text())["pins"]}
    named = set(re.findall(r"^(?:Files:)?\s+([\w.-]+)/\*$", copyright_text, re.M))
    assert folders <= named, f"packaging/deb/copyright lacks the Swift packages {sorted(folders - named)}"

    # The binary: stripped, no search path of its own; the release binary carries the Swift runtime.
    assert ".symtab" not in run(["readelf", "-S", str(packaged_binary)]).stdout, "the binary is not stripped"
    if static_binary:
        dynamic = run(["readelf", "-d", str(packaged_binary)]).stdout
        assert "RPATH" not in dynamic and "RUNPATH" not in dynamic, dynamic
        assert "BIND_NOW" in dynamic or re.search(r"FLAGS.*\bNOW\b", dynamic), "link with -z now"

    # The man page names every command of --help.
    page = gzip.decompress((unpacked / "usr/share/man/man1/isofind-reports.1.gz").read_bytes()).decode()
    binary = os.environ.get("ISOFIND_BIN") or str(packaged_binary)
    help_text = run([binary, "--help"]).stdout
    commands = re.findall(r"^  ([a-z][a-z-]+) {2,}", help_text.split("SUBCOMMANDS:")[1], re.M)
    assert commands and all(f".B {c}" in page or f"isofind-reports {c}" in page for c in commands), commands


def test_config_is_accepted_by_the_binary(unpacked, tmp_path):
    config = unpacked / "etc/isofind-reports/config.json"
    values = json.loads(config.read_text())
    assert values["data_dir"] == "/var/lib/isofind-reports"
    assert all(not v.startswith("/") or v.startswith("/var/lib/isofind-reports/")
               for k, v in values.items() if k != "data_dir" and isinstance(v, str))
    # The binary's own reading of it (unknown keys and bad values stop it); the data folder
    # moved into tmp by the environment, as every key can be.
    binary = os.environ.get("ISOFIND_BIN") or str(unpacked / "usr/bin/isofind-reports")
    env = {**os.environ, "ISOFIND_REPORTS_DATA_DIR": str(tmp_path)}
    proc = run([binary, "token", "list", "--config", str(config)], env=env, check=False)
    assert proc.returncode == 0, proc.stderr
    assert (tmp_path / "reports.db").is_file()


def test_lintian_is_clean(deb, static_binary):
    overrides = [line for line in (PKG / "lintian-overrides").read_text().splitlines()
                 if line.strip() and not line.startswith("#")]
    # Each override has its reason in a comment right above it.
    lines = (PKG / "lintian-overrides").read_text().splitlines()
    for override in overrides:
        assert lines[lines.index(override) - 1].startswith("#"), f"override without a reason: {override}"
    # --display-info for unused-override, an "I:" tag.
    cmd = ["lintian", "--fail-on", "error,warning", "--display-info"]
    if not static_binary:
        # The test binary finds the toolchain's Swift runtime through its RUNPATH (scripts/package).
        cmd += ["--suppress-tags", "custom-library-search-path"]
    proc = run([*cmd, str(deb)], check=False, timeout=900)
    output = proc.stdout + proc.stderr
    print(output)
    problems = [line for line in output.splitlines() if line.startswith(("E:", "W:"))]
    assert proc.returncode == 0 and not problems, output
    assert not re.search(r"unused-override|mismatched-override", output), output


def test_systemd_units_verify(unpacked, packaged_binary, tmp_path):
    """systemd-analyze verify on the packaged units, ExecStart pointed at the packaged binary
    (/usr/bin/isofind-reports does not exist on this machine; the root below checks that path)."""
    units = []
    # The templates are checked as an instance (verify refuses a bare template).
    for packaged, name in (("isofind-reports", "isofind-reports"), ("isofind-reports@", "isofind-reports@2")):
        socket = tmp_path / f"{name}.socket"
        service = tmp_path / f"{name}.service"
        shutil.copy(unpacked / f"lib/systemd/system/{packaged}.socket", socket)
        text = (unpacked / f"lib/systemd/system/{packaged}.service").read_text()
        assert text.count("ExecStart=/usr/bin/isofind-reports serve ") == 1
        service.write_text(text.replace("ExecStart=/usr/bin/isofind-reports ", f"ExecStart={packaged_binary} "))
        units += [str(socket), str(service)]
    # The backup service runs the packaged binary inside its sh -c.
    backup = (unpacked / "lib/systemd/system/isofind-reports-backup.service").read_text()
    assert backup.count("exec /usr/bin/isofind-reports backup ") == 1
    (tmp_path / "isofind-reports-backup.service").write_text(backup)
    shutil.copy(unpacked / "lib/systemd/system/isofind-reports-backup.timer", tmp_path)
    units += [str(tmp_path / "isofind-reports-backup.service"), str(tmp_path / "isofind-reports-backup.timer")]
    proc = run(["systemd-analyze", "verify", "--man=no", *units], check=False, timeout=120)
    output = proc.stdout + proc.stderr
    assert proc.returncode == 0, output
    ours = [line for line in output.splitlines() if NAME in line]
    assert not ours, "systemd-analyze verify complained about the packaged units:\n" + "\n".join(ours)


# --------------------------------------------------------------------------------------------
# the maintainer scripts, in a throwaway Debian root


def make_pristine_root(deb: Path) -> None:
    """The cached debootstrap root, made when missing, older than a week or from other sources."""
    sources = debian_sources()
    main = [uri for uri, suite, _ in sources if suite == SUITE]
    if not main:
        pytest.fail(f"no Debian {SUITE} main source in /etc/apt/sources.list*: the test makes its root from "
                    "this machine's mirror")
    stamp = json.dumps(sources)
    fresh = (PRISTINE_STAMP.is_file() and PRISTINE_STAMP.read_text() == stamp
             and time.time() - PRISTINE_STAMP.stat().st_mtime < ROOT_MAX_AGE)
    if not fresh:
        CACHE.mkdir(exist_ok=True)
        PRISTINE_STAMP.unlink(missing_ok=True)
        run(as_root(["rm", "-rf", str(PRISTINE)]))
        started = time.monotonic()
        proc = run(as_root(["debootstrap", "--variant=minbase", SUITE, str(PRISTINE), main[0]]), check=False,
                   timeout=1800)
        if proc.returncode != 0:
            tail = "\n".join((proc.stdout + proc.stderr).splitlines()[-15:])
            pytest.fail(f"debootstrap could not make the throwaway Debian {SUITE} root from {main[0]} (the first "
                        f"run needs the network; the root is then kept in {PRISTINE}):\n{tail}")
        print(f"debootstrap: {time.monotonic() - started:.0f} s")
        lines = "".join(f"deb {uri} {suite} main\n" for uri, suite, _ in sources)
        write_as_root(PRISTINE / "etc/apt/sources.list", lines)
        # Nothing starts in the root: invoke-rc.d and deb-systemd-invoke ask this first.
        write_as_root(PRISTINE / "usr/sbin/policy-rc.d", "#!/bin/sh\nexit 101\n", mode=0o755)
        update = in_root(PRISTINE, "apt-get update -q", check=False)
        if update.returncode != 0:
            pytest.fail(f"apt-get update in the throwaway root failed (network?):\n{update.stdout}\n{update.stderr}")
        PRISTINE_STAMP.write_text(stamp)
    # The package's dependencies in the root's apt cache, so that a run installs them offline.
    depends = run(["dpkg-deb", "-f", str(deb), "Depends"]).stdout
    names = " ".join(sorted(depends_names(depends)))
    download = in_root(PRISTINE, f"apt-get install -q -y --no-install-recommends --download-only {names}",
                       check=False)
    if download.returncode != 0:
        pytest.fail(f"could not download the package's dependencies into the throwaway root:\n"
                    f"{download.stdout}\n{download.stderr}")


@contextlib.contextmanager
def proc_mounted(root: Path):
    """/proc mounted in ROOT for the block, unmounted afterwards whatever happens."""
    run(as_root(["mount", "-t", "proc", "proc", str(root / "proc")]))
    try:
        yield
    finally:
        run(as_root(["umount", str(root / "proc")]))


def remove_run_root() -> None:
    # Never rm -rf through a /proc left mounted by an interrupted run.
    if os.path.ismount(RUN_ROOT / "proc"):
        run(as_root(["umount", "--lazy", str(RUN_ROOT / "proc")]))
    run(as_root(["rm", "-rf", "--one-file-system", str(RUN_ROOT)]))


def write_as_root(path: Path, text: str, mode: int = 0o644) -> None:
    run(as_root(["sh", "-c", f"cat > {shlex.quote(str(path))} && chmod {mode:o} {shlex.quote(str(path))}"]),
        input=text)


@pytest.fixture(scope="module")
def root(deb) -> Path:
    """A copy of the cached root with the package installed by apt-get."""
    started = time.monotonic()
    make_pristine_root(deb)
    remove_run_root()
    run(as_root(["cp", "-a", "--reflink=auto", str(PRISTINE), str(RUN_ROOT)]))
    run(as_root(["cp", str(deb), str(RUN_ROOT / "tmp" / "isofind-reports.deb")]))
    print(f"root ready: {time.monotonic() - started:.0f} s")
    return RUN_ROOT


def install(root: Path) -> str:
    proc = in_root(root, "apt-get install -q -y --no-install-recommends /tmp/isofind-reports.deb 2>&1", check=False)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    return proc.stdout


def passwd_entry(root: Path, name: str) -> list[str] | None:
    proc = in_root(root, f"getent passwd {name}", check=False)
    return proc.stdout.strip().split(":") if proc.returncode == 0 else None


def group_id(root: Path, name: str) -> int | None:
    proc = in_root(root, f"getent group {name}", check=False)
    return int(proc.stdout.split(":")[2]) if proc.returncode == 0 else None


def check_installed(root: Path, site_enabled: bool = False) -> tuple[int, int]:
    entry = passwd_entry(root, NAME)
    assert entry, "postinst did not create the user"
    uid, gid = int(entry[2]), int(entry[3])
    assert uid < 1000 and entry[5] == "/var/lib/isofind-reports" and entry[6] == "/usr/sbin/nologin", entry
    assert group_id(root, NAME) == gid, "the user's group is isofind-reports"
    www_data = group_id(root, "www-data")
    data = root / "var/lib/isofind-reports"
    for path, owner, group, mode in ((data, uid, gid, 0o751), (data / "reports", uid, www_data, 0o2750),
                                     (root / "etc/isofind-reports/tls", 0, 0, 0o700)):
        st = os.lstat(path)
        assert (st.st_uid, st.st_gid, stat.S_IMODE(st.st_mode)) == (owner, group, mode), \
            f"{path}: {st.st_uid}:{st.st_gid} {oct(stat.S_IMODE(st.st_mode))}, expected {owner}:{group} {oct(mode)}"
    status = in_root(root, f"dpkg-query -W -f='${{Status}}' {NAME}").stdout
    assert status == "install ok installed", status
    # The socket is enabled the Debian way (a symlink, systemd not running); the service is not.
    wants = root / "etc/systemd/system/sockets.target.wants/isofind-reports.socket"
    assert wants.is_symlink() and os.readlink(wants) == "/lib/systemd/system/isofind-reports.socket"
    assert not (root / "etc/systemd/system/multi-user.target.wants/isofind-reports.service").exists()
    # The site is installed; enabled only when the admin has enabled it.
    assert (root / "etc/nginx/sites-available/isofind-reports.conf").is_file()
    assert os.path.lexists(root / "etc/nginx/sites-enabled/isofind-reports.conf") == site_enabled
    return uid, gid


def test_install_creates_the_user_and_folders(root):
    started = time.monotonic()
    output = install(root)
    print(f"apt-get install ./the.deb: {time.monotonic() - started:.0f} s")
    assert "the nginx site is installed but NOT enabled" in output, output
    check_installed(root)
    conffiles = in_root(root, f"dpkg-query -W -f='${{Conffiles}}' {NAME}").stdout.split()
    assert [f for f in conffiles if f.startswith("/")] == CONFFILES


def test_binary_in_the_root(root, static_binary, deb):
    """Depends, resolved by apt in a bare Debian, give the binary every library it links."""
    ldd = in_root(root, "ldd /usr/bin/isofind-reports", check=False).stdout
    missing = re.findall(r"^\s*(\S+) => not found", ldd, re.M)
    if static_binary:
        assert not missing, ldd
        version = run(["dpkg-deb", "-f", str(deb), "Version"]).stdout.strip()
        # The Swift runtime reads the program's arguments from /proc/self/cmdline: a server has
        # /proc, the bare root does not until it is mounted.
        with proc_mounted(root):
            out = in_root(root, "isofind-reports --version").stdout.strip()
            assert f"{out}-1" == version
            # The service user, the packaged configuration and the data folder work together.
            token = in_root(root, "cd / && isofind-reports token create --name package-test --role reader",
                            user=NAME).stdout
            assert token.strip().splitlines()[-1].startswith("ifr_"), token
            listed = in_root(root, "cd / && isofind-reports token list --json", user=NAME).stdout
            assert [t["name"] for t in json.loads(listed)] == ["package-test"], listed
        assert os.stat(root / "var/lib/isofind-reports/reports.db").st_uid == int(passwd_entry(root, NAME)[2])
    else:
        print("test package: the binary links the toolchain's Swift runtime, so it does not run here; "
              "checking that Depends provide every other library it links")
        assert missing and all(SWIFT_RUNTIME.match(lib) for lib in missing), ldd


def test_nginx_accepts_the_packaged_site(root, tmp_path):
    # A test certificate where the site expects the real one.
    tls = tmp_path / "tls"
    tls.mkdir()
    run(["openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes", "-days",
         "2", "-subj", "/CN=reports.example.org", "-keyout", str(tls / "privkey.pem"), "-out",
         str(tls / "fullchain.pem")])
    for name in ("fullchain.pem", "privkey.pem"):
        write_as_root(root / "etc/isofind-reports/tls" / name, (tls / name).read_text(), mode=0o600)
    # The packaged site and its http{} part alone, in a throwaway nginx.conf beside Debian's (the
    # site includes fastcgi_params, which nginx looks for next to the main file).
    write_as_root(root / "etc/nginx/isofind-test.conf", """
pid /tmp/nginx-test.pid;
error_log stderr;
events { }
http {
    include /etc/nginx/mime.types;
    include /etc/nginx/conf.d/isofind-reports-http.conf;
    include /etc/nginx/sites-available/isofind-reports.conf;
}
""")
    proc = in_root(root, "nginx -t -c /etc/nginx/isofind-test.conf", check=False)
    assert proc.returncode == 0 and "[warn]" not in proc.stderr and "[emerg]" not in proc.stderr, proc.stderr
    # Enabled as README.Debian says, in Debian's own nginx.conf.
    in_root(root, "ln -s ../sites-available/isofind-reports.conf /etc/nginx/sites-enabled/ && "
                  "rm /etc/nginx/sites-enabled/default")
    proc = in_root(root, "nginx -t", check=False)
    assert proc.returncode == 0 and "[warn]" not in proc.stderr and "[emerg]" not in proc.stderr, proc.stderr


def test_remove_keeps_the_data_and_purge_deletes_it(root):
    """Runs last: it removes, reinstalls and purges the package of the tests above."""
    assert (root / "usr/bin/isofind-reports").exists(), "not installed: see test_install_creates_the_user_and_folders"
    # The site enabled, as an admin does (test_nginx_accepts_the_packaged_site has done it if it ran).
    if not os.path.lexists(root / "etc/nginx/sites-enabled/isofind-reports.conf"):
        in_root(root, "ln -s ../sites-available/isofind-reports.conf /etc/nginx/sites-enabled/")
    uid, gid = check_installed(root, site_enabled=True)
    probe = root / "var/lib/isofind-reports/reports/probe.pdf"
    write_as_root(probe, "%PDF-1.7 probe\n")

    proc = in_root(root, f"apt-get remove -q -y {NAME} 2>&1")
    assert "stay in place" in proc.stdout, proc.stdout
    assert not (root / "usr/bin/isofind-reports").exists()
    assert probe.read_text() == "%PDF-1.7 probe\n"
    assert (root / "etc/isofind-reports/config.json").is_file()
    assert passwd_entry(root, NAME) is not None
    status = in_root(root, f"dpkg-query -W -f='${{Status}}' {NAME}").stdout
    assert status == "deinstall ok config-files", status

    # Installed again, it finds its user and data.
    install(root)
    assert check_installed(root, site_enabled=True) == (uid, gid)
    assert probe.read_text() == "%PDF-1.7 probe\n"

    proc = in_root(root, f"apt-get purge -q -y {NAME} 2>&1")
    said = proc.stdout
    for words in ("purge deletes /var/lib/isofind-reports", "/etc/isofind-reports",
                  "the user and group isofind-reports",
                  "removed the dangling /etc/nginx/sites-enabled/isofind-reports.conf"):
        assert words in said, f"purge did not say {words!r}:\n{said}"
    for path in ("var/lib/isofind-reports", "etc/isofind-reports", "etc/nginx/sites-available/isofind-reports.conf",
                 "etc/nginx/sites-enabled/isofind-reports.conf", "etc/nginx/conf.d/isofind-reports-http.conf",
                 "etc/systemd/system/sockets.target.wants/isofind-reports.socket",
                 "etc/systemd/system/isofind-reports.socket", "etc/systemd/system/isofind-reports.service",
                 "lib/systemd/system/isofind-reports.service", "usr/share/isofind-reports"):
        assert not os.path.lexists(root / path), f"/{path} is still there after purge"
    assert passwd_entry(root, NAME) is None and group_id(root, NAME) is None
    assert in_root(root, f"dpkg-query -W -f='${{Status}}' {NAME}", check=False).stdout in ("", "unknown ok not-installed")
    # nginx's own configuration is still valid without the site.
    in_root(root, "ln -sfn ../sites-available/default /etc/nginx/sites-enabled/default")
    proc = in_root(root, "nginx -t", check=False)
    assert proc.returncode == 0, proc.stderr
    remove_run_root()
