# shellcheck shell=bash
# Shared helpers for scripts/run, scripts/test, scripts/isofind-reports and tests/e2e.
#
# Source it (`source scripts/lib/common.sh`); it defines functions and ISOFIND_ROOT and changes
# no shell options. Every function returns non-zero on failure (also when called inside $(...),
# where `set -e` does not apply), so callers can rely on `set -e` or `|| exit`.
#
#   isofind_install_deps            Debian packages + the Python test tools + the Swagger UI
#                                   assets, only what is missing
#   isofind_install_swagger_ui DIR  the Swagger UI distribution of nginx/docs/swagger-ui.txt in DIR
#   isofind_build [debug|release]   swift build; prints the bin directory on stdout
#   isofind_free_port               a free TCP port on 127.0.0.1
#   isofind_dev_tls VAR             self-signed ECDSA P-256 cert in VAR/tls (if missing)
#   isofind_prepare_var VAR BIN     data folder, config, demo data, dev cert, admin token
#                                   (owner and group only: umask 027)

ISOFIND_ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)

ISOFIND_APT_PACKAGES=(
    libfcgi-dev libcairo2-dev libpango1.0-dev librsvg2-dev python3-dev libsqlite3-dev
    libssl-dev pkg-config nginx openssl poppler-utils qpdf fonts-dejavu-core fonts-noto-core
    systemd ca-certificates python3-venv
    libseccomp-dev python3-numpy python3-matplotlib
    chromium chromium-driver
    dpkg-dev lintian debootstrap
)

isofind_log() { printf '==> %s\n' "$*" >&2; }
isofind_err() { printf 'error: %s\n' "$*" >&2; }

# Run a command as root: directly when already root, else through sudo.
isofind_as_root() {
    if [[ $(id -u) -eq 0 ]]; then
        "$@"
    elif command -v sudo >/dev/null 2>&1; then
        sudo "$@"
    else
        isofind_err "need root for: $* (run as root or install sudo)"
        return 1
    fi
}

_isofind_apt_updated=0
# apt-get install the given packages, running `apt-get update` at most once per shell.
isofind_apt_install() {
    command -v apt-get >/dev/null 2>&1 || {
        isofind_err "apt-get not found: install these packages by hand: $*"
        return 1
    }
    if ((!_isofind_apt_updated)); then
        isofind_as_root env DEBIAN_FRONTEND=noninteractive apt-get update -q || return 1
        _isofind_apt_updated=1
    fi
    isofind_as_root env DEBIAN_FRONTEND=noninteractive \
        apt-get install -y -q --no-install-recommends "$@" || return 1
}

isofind_install_deps() {
    local p missing=()
    for p in "${ISOFIND_APT_PACKAGES[@]}"; do
        # shellcheck disable=SC2016  # ${Status} is dpkg-query's format, not a shell expansion
        [[ $(dpkg-query -W -f='${Status}' "$p" 2>/dev/null) == "install ok installed" ]] || missing+=("$p")
    done
    if ((${#missing[@]})); then
        isofind_log "installing Debian packages: ${missing[*]}"
        isofind_apt_install "${missing[@]}" || return 1
    fi
    isofind_install_python_tools || return 1
    isofind_install_swagger_ui "$ISOFIND_SWAGGER_UI" || return 1
}

# The Swagger UI files nginx serves under /docs/swagger-ui/ (development and tests; the Debian
# package ships its own copy in /usr/share/isofind-reports/swagger-ui).
ISOFIND_SWAGGER_UI=${ISOFIND_SWAGGER_UI:-$ISOFIND_ROOT/.build-docs/swagger-ui}

# isofind_install_swagger_ui DIR: download the pinned wheel of nginx/docs/swagger-ui.txt (hash
# checked, no dependencies), and put its swagger-ui-dist folder in DIR. Done again only when the
# pin changes; DIR is replaced whole, so it never mixes two versions.
isofind_install_swagger_ui() {
    local dir=${1:?isofind_install_swagger_ui DIR} pin=$ISOFIND_ROOT/nginx/docs/swagger-ui.txt
    local work stamp=${1%/}.pin
    [[ -d $dir ]] && cmp -s "$pin" "$stamp" && return 0
    isofind_log "installing the Swagger UI assets of $pin into $dir"
    work=$(mktemp -d) || return 1
    # The e2e venv's pip (Debian's python3 has none of its own without python3-pip).
    isofind_install_python_tools || return 1
    if ! "$ISOFIND_VENV/bin/python" -m pip download --quiet --disable-pip-version-check --no-deps --require-hashes \
        --only-binary=:all: -r "$pin" -d "$work/wheel"; then
        isofind_err "could not download the Swagger UI package named in $pin"
        rm -rf "$work"
        return 1
    fi
    python3 - "$work/wheel" "$work/out" <<'PY' || { rm -rf "$work"; return 1; }
import pathlib, sys, zipfile
wheels = list(pathlib.Path(sys.argv[1]).glob("*.whl"))
prefix = "drf_spectacular_sidecar/static/drf_spectacular_sidecar/swagger-ui-dist/"
out = pathlib.Path(sys.argv[2])
out.mkdir()
with zipfile.ZipFile(wheels[0]) as wheel:
    names = [n for n in wheel.namelist() if n.startswith(prefix) and not n.endswith("/")]
    for name in names:
        (out / name[len(prefix):]).write_bytes(wheel.read(name))
for needed in ("swagger-ui-bundle.js", "swagger-ui.css", "LICENSE"):
    if not (out / needed).is_file():
        sys.exit(f"the Swagger UI package lacks {needed}")
PY
    chmod -R a+rX "$work/out"
    mkdir -p "$(dirname "$dir")" && rm -rf "$dir" && mv "$work/out" "$dir" || { rm -rf "$work"; return 1; }
    rm -rf "$work"
    cp "$pin" "$stamp"
}

# The end-to-end suite's Python tools (tests/e2e/requirements.txt) in a virtual environment of
# the project's own, $ISOFIND_VENV (default .build-python/, ignored by git). Reinstalled when the
# requirements file changes. Debian's python3 needs python3-venv for this (in the package list);
# nothing is installed into any system Python.
ISOFIND_VENV=${ISOFIND_VENV:-$ISOFIND_ROOT/.build-python}

isofind_install_python_tools() {
    isofind_python_env "$ISOFIND_VENV" "$ISOFIND_ROOT/tests/e2e/requirements.txt"
}

# The benchmarks' Python tools (bench/requirements.txt: the ReportLab baseline, an HTTP client)
# in their own virtual environment, .build-bench/.
ISOFIND_BENCH_VENV=${ISOFIND_BENCH_VENV:-$ISOFIND_ROOT/.build-bench}

# isofind_python_env VENV REQUIREMENTS: create VENV if needed and install REQUIREMENTS into it,
# again only when the requirements file changed.
isofind_python_env() {
    local venv=$1 requirements=$2 stamp=$1/.requirements
    command -v python3 >/dev/null 2>&1 || {
        isofind_err "python3 not found"
        return 1
    }
    if [[ ! -x $venv/bin/python ]]; then
        isofind_log "creating the virtual environment $venv"
        python3 -m venv "$venv" || return 1
    fi
    cmp -s "$requirements" "$stamp" && return 0
    isofind_log "installing the Python tools of $requirements"
    "$venv/bin/python" -m pip install --quiet --disable-pip-version-check -r "$requirements" || return 1
    cp "$requirements" "$stamp"
}

# Build the package; prints the bin directory (swift build --show-bin-path) on stdout. The
# build's own output goes to stderr so that `bin=$(isofind_build release)` works.
isofind_build() {
    local mode=${1:-debug} args=()
    case $mode in
        debug) ;;
        release) args=(-c release) ;;
        *)
            isofind_err "isofind_build: mode must be debug or release, not '$mode'"
            return 1
            ;;
    esac
    command -v swift >/dev/null 2>&1 || {
        isofind_err "swift not found in PATH: install the Swift toolchain (https://www.swift.org/install/linux/)"
        return 1
    }
    isofind_log "swift build ${args[*]}"
    (cd "$ISOFIND_ROOT" && swift build "${args[@]}" >&2) || return 1
    (cd "$ISOFIND_ROOT" && swift build "${args[@]}" --show-bin-path) || return 1
}

isofind_free_port() {
    python3 -c 'import socket
s = socket.socket()
s.bind(("127.0.0.1", 0))
print(s.getsockname()[1])'
}

# Development TLS certificate for 127.0.0.1 and localhost: VAR/tls/cert.pem and key.pem.
isofind_dev_tls() {
    local dir=${1:?isofind_dev_tls VAR}/tls
    [[ -s $dir/cert.pem && -s $dir/key.pem ]] && return 0
    mkdir -p "$dir" || return 1
    isofind_log "creating a self-signed development certificate in $dir"
    (
        umask 077
        openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -sha256 -nodes \
            -days 825 -subj "/CN=localhost/O=IsoFind Reports development" \
            -addext "subjectAltName=DNS:localhost,IP:127.0.0.1,IP:::1" \
            -keyout "$dir/key.pem.tmp" -out "$dir/cert.pem.tmp" 2>/dev/null
    ) || {
        isofind_err "openssl could not create the development certificate"
        rm -f "$dir/key.pem.tmp" "$dir/cert.pem.tmp"
        return 1
    }
    chmod 0600 "$dir/key.pem.tmp" && chmod 0644 "$dir/cert.pem.tmp" &&
        mv -f "$dir/key.pem.tmp" "$dir/key.pem" && mv -f "$dir/cert.pem.tmp" "$dir/cert.pem"
}

# Prepare a data folder. Idempotent: what exists is kept (config, databases, cert, token).
# Everything it creates is for the owner and the group only (umask 027: files 0640, folders
# 0750), as under the production unit's UMask=0027: the store holds token digests and the log
# request details. A responder.log is made here too, so that whoever appends to it later (the
# tests, scripts/run) keeps that mode; files an older run left world-readable are fixed.
# (A subshell function: the umask stays inside.)
isofind_prepare_var() (
    umask 027
    local var=${1:-} bin=${2:-}
    if [[ -z $var || -z $bin ]]; then
        isofind_err "usage: isofind_prepare_var VAR BIN"
        return 1
    fi
    [[ -x $bin ]] || {
        isofind_err "not an executable: $bin"
        return 1
    }
    mkdir -p "$var" && var=$(cd "$var" && pwd) || return 1
    mkdir -p "$var"/{reports,branding,keys,tiles,tls,nginx,run} && chmod 0700 "$var/keys" || return 1

    if [[ ! -f $var/config.json ]]; then
        isofind_log "writing $var/config.json"
        python3 - "$var" <<'PY' || return 1
import json, os, sys
var = sys.argv[1]
config = {
    "data_dir": var,
    "samples_db": os.path.join(var, "isofind.db"),
    "sessions_db": os.path.join(var, "workflows.db"),
    "licence": "pro",
    "threads": 8,
    "tiles_dir": os.path.join(var, "tiles"),
}
tmp = os.path.join(var, "config.json.tmp")
with open(tmp, "w", encoding="utf-8") as f:
    json.dump(config, f, indent=2)
    f.write("\n")
os.replace(tmp, os.path.join(var, "config.json"))
PY
    fi

    if [[ ! -f $var/isofind.db ]]; then
        isofind_log "writing demo data into $var"
        "$bin" demo-data --out "$var" >&2 || return 1
    fi

    isofind_dev_tls "$var" || return 1

    if [[ ! -s $var/dev-admin-token ]]; then
        isofind_log "creating the development admin token ($var/dev-admin-token)"
        local out token
        # A dev-admin token whose file was deleted is revoked, so its name can be used again.
        "$bin" token revoke --config "$var/config.json" dev-admin >/dev/null 2>&1 || true
        out=$("$bin" token create --config "$var/config.json" --name dev-admin --role admin) || return 1
        token=$(printf '%s\n' "$out" | tail -n 1)
        [[ -n $token ]] || {
            isofind_err "token create printed no token"
            return 1
        }
        (umask 077 && printf '%s\n' "$token" >"$var/dev-admin-token.tmp") &&
            mv -f "$var/dev-admin-token.tmp" "$var/dev-admin-token" || return 1
    fi

    : >>"$var/responder.log" || return 1
    local f
    for f in "$var"/config.json "$var"/reports.db "$var"/reports.db-wal "$var"/reports.db-shm \
        "$var"/isofind.db "$var"/workflows.db "$var"/responder.log; do
        [[ -e $f ]] && { chmod o-rwx "$f" || return 1; }
    done
    chmod o-rwx "$var" || return 1
)
