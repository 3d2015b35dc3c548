#!/usr/bin/env bash
# Prove the README on an empty Debian root (a developer's check, not part of CI).
#
# Builds a fresh Debian bookworm root with debootstrap holding only what "a fresh Debian machine with
# Python and pip" has (python3, python3-pip, python3-venv, git, ca-certificates), copies a fresh
# `git clone` of this checkout's HEAD and ../shared into it, and runs there, as root:
#   1. the README's test command in the README's virtualenv:  pip install tox && tox
#   2. bash .ci/run  (the CI entry point, in the same root, now with everything installed)
#   3. the PostgreSQL path of tools/ensure_system.py: in a private network namespace (nothing on
#      127.0.0.1:5432 there) it installs PostgreSQL with apt from the packages fetched beforehand,
#      starts it, creates the database `test`, and the PostgreSQL store tests run against it.
# The chroot shares the host's network, so steps 1-2 use the host's PostgreSQL on 127.0.0.1:5432.
# Each step's output goes to $LOG_DIR; the summary (durations, pytest counts) to $LOG_DIR/summary.txt.
# apt proxy settings and the pip configuration (files, PIP_* variables, local indexes) come from the host.
#
# usage: sudo tools/fresh_machine.sh [--root DIR] [--from PRISTINE_DIR] [--keep] [--steps 123]
#   --root DIR      where to build the root (default /tmp/fresh-debian; must not exist unless --from)
#   --from DIR      copy this pristine debootstrap root instead of running debootstrap (repeat runs)
#   --keep          keep the root afterwards (default: delete it)
#   --steps LIST    which steps to run (default 123)
# Needs root, debootstrap (installed with apt if missing), about 4 GB in /tmp and 15-40 minutes.
set -euo pipefail

ROOT=/tmp/fresh-debian
FROM=""
KEEP=0
STEPS=123
SUITE=bookworm
MIRROR=http://deb.debian.org/debian
INCLUDE=python3,python3-pip,python3-venv,git,ca-certificates
while [ $# -gt 0 ]; do
    case "$1" in
        --root) ROOT=$2; shift 2 ;;
        --from) FROM=$2; shift 2 ;;
        --keep) KEEP=1; shift ;;
        --steps) STEPS=$2; shift 2 ;;
        *) echo "usage: $0 [--root DIR] [--from PRISTINE_DIR] [--keep] [--steps 123]" >&2; exit 2 ;;
    esac
done
[ "$(id -u)" = 0 ] || { echo "fresh_machine: needs root (debootstrap, chroot, mounts)" >&2; exit 2; }
REPO=$(git -C "$(dirname "$0")/.." rev-parse --show-toplevel)
SHARED=$(cd "${SYNCSYSTEM_SHARED_DIR:-$REPO/../shared}" && pwd -P)  # its target, if a symlink
LOG_DIR=${LOG_DIR:-/tmp/fresh-machine-logs}
mkdir -p "$LOG_DIR"
SUMMARY=$LOG_DIR/summary.txt
: >"$SUMMARY"
say() { echo "fresh_machine: $*" | tee -a "$SUMMARY"; }

MOUNTS=()
unmount_all() {
    # end what still runs inside the root (PostgreSQL, a stray server), by pid, then unmount
    local pid
    for pid in $(ls /proc | grep -E '^[0-9]+$'); do
        if [ "$(readlink "/proc/$pid/root" 2>/dev/null)" = "$ROOT" ]; then kill "$pid" 2>/dev/null || true; fi
    done
    sleep 1
    local i
    for ((i = ${#MOUNTS[@]} - 1; i >= 0; i--)); do
        umount "${MOUNTS[$i]}" 2>/dev/null || umount -l "${MOUNTS[$i]}" || true
    done
    MOUNTS=()
}
finish() {
    unmount_all
    if grep -q " $ROOT[/ ]" /proc/mounts; then
        say "mounts left under $ROOT, not deleting it"; return
    fi
    if [ "$KEEP" = 0 ]; then rm -rf "$ROOT"; fi
}
trap finish EXIT

mount_in() {  # mount_in TARGET mount-args...
    local target=$ROOT$1; shift
    mkdir -p "$target"
    mount "$@" "$target"
    MOUNTS+=("$target")
}

build_root() {
    if [ -e "$ROOT" ]; then echo "fresh_machine: $ROOT exists; remove it first" >&2; exit 2; fi
    if [ -n "$FROM" ]; then
        cp -a "$FROM" "$ROOT"
        say "root copied from the pristine $FROM"
        return
    fi
    command -v debootstrap >/dev/null || apt-get install -y -qq debootstrap
    local proxy
    proxy=$(apt-config shell P Acquire::http::Proxy | sed -n "s/^P='\(.*\)'$/\1/p")
    local start=$SECONDS
    http_proxy=${proxy:-${http_proxy:-}} debootstrap --include="$INCLUDE" "$SUITE" "$ROOT" "$MIRROR" \
        >"$LOG_DIR/debootstrap.log" 2>&1
    say "debootstrap $SUITE (+ $INCLUDE): $((SECONDS - start)) s"
}

configure_root() {
    # apt: the host's proxy and clock-tolerance settings, the usual suites; no service starts inside
    # the chroot (it shares the host's network: a vsftpd or sshd would bind the host's ports 21/22)
    apt-config dump | grep -E '^Acquire::(https?::Proxy|Check-Valid-Until|Check-Date) ' \
        >"$ROOT/etc/apt/apt.conf.d/99host" || true
    cat >"$ROOT/etc/apt/sources.list" <<EOF
deb $MIRROR $SUITE main
deb $MIRROR $SUITE-updates main
deb http://deb.debian.org/debian-security $SUITE-security main
EOF
    printf '#!/bin/sh\nexit 101\n' >"$ROOT/usr/sbin/policy-rc.d"
    chmod +x "$ROOT/usr/sbin/policy-rc.d"
    cp /etc/resolv.conf "$ROOT/etc/resolv.conf"
    cp /etc/hosts "$ROOT/etc/hosts"
    # the host's own certificate authorities (an egress proxy's CA) join the root's bundle
    if compgen -G "/usr/local/share/ca-certificates/*.crt" >/dev/null; then
        cp /usr/local/share/ca-certificates/*.crt "$ROOT/usr/local/share/ca-certificates/"
        chroot "$ROOT" update-ca-certificates >/dev/null 2>&1
    fi
    # pip: the host's configuration files and the local indexes they name (read-only)
    local f
    for f in /etc/pip.conf /etc/xdg/pip/pip.conf /etc/xdg/pip/constraints.txt /root/.config/pip/pip.conf; do
        if [ -f "$f" ]; then mkdir -p "$ROOT$(dirname "$f")"; cp "$f" "$ROOT$f"; fi
    done
    # the repository under test and the product brief beside it
    mkdir -p "$ROOT/root/work"
    git clone -q "$REPO" "$ROOT/root/work/main"
    mkdir "$ROOT/root/work/shared" && cp -a "$SHARED/." "$ROOT/root/work/shared/"
    say "clone of $(git -C "$REPO" rev-parse --short HEAD) ($(git -C "$REPO" rev-parse --abbrev-ref HEAD)) and ../shared copied in"
}

mount_root() {
    mount_in /proc -t proc proc
    mount_in /sys -t sysfs sys
    mount_in /dev --bind /dev
    mount_in /dev/pts --bind /dev/pts
    mount_in /dev/shm -t tmpfs -o mode=1777 shm
    local dir
    for dir in $( (pip config list 2>/dev/null; env | grep '^PIP_') | grep -oE '(file://)?/[^ '"'"']+' \
                  | sed -e 's|^file://||' -e 's|/simple/*$||' | sort -u); do
        [ -d "$dir" ] || continue  # a local index's parent: its pages link ../files/*.whl
        mount_in "$dir" --bind -o ro "$dir"
    done
}

# run IN THE ROOT as a fresh root login would: empty environment but HOME, PATH, TERM and the host's PIP_*
in_root() {
    local pip_env
    mapfile -t pip_env < <(env | grep '^PIP_' || true)
    chroot "$ROOT" /usr/bin/env -i HOME=/root TERM=dumb \
        PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin "${pip_env[@]}" \
        /bin/bash -c "$1"
}

step() {  # step NAME COMMAND: run COMMAND in the root, log it, record duration and pytest's last line
    local name=$1 cmd=$2 start=$SECONDS rc=0
    say "step $name: $cmd"
    in_root "$cmd" >"$LOG_DIR/$name.log" 2>&1 || rc=$?
    local counts
    counts=$(grep -E '^(=+ )?[0-9]+ (passed|failed|error).* in [0-9.]+s' "$LOG_DIR/$name.log" | tail -1 || true)
    say "step $name: exit $rc after $((SECONDS - start)) s; pytest: ${counts:-none}"
    grep -E '^ +(py|lint): |congratulations|^clean_tree: |^ensure_system: ' "$LOG_DIR/$name.log" \
        | sed 's/^/    /' | tee -a "$SUMMARY" || true
    return "$rc"
}

build_root
configure_root
mount_root
failed=0
cd_main="cd /root/work/main"
venv=". /root/venv/bin/activate"
untracked() {  # what `git status` shows in the clone beyond the tracked files (ignored ones aside)
    step "untracked-$1" "$cd_main && git status --porcelain --untracked-files=all | sed 's/^/untracked: /'" || failed=1
    if grep -q '^untracked: ' "$LOG_DIR/untracked-$1.log"; then say "$1 left files behind"; failed=1; fi
}
if [[ $STEPS == *1* ]]; then
    step readme "$cd_main && python3 -m venv /root/venv && $venv && pip install tox && tox" || failed=1
    untracked readme
fi
if [[ $STEPS == *2* ]]; then
    step ci "$cd_main && bash .ci/run" || failed=1
    untracked ci
fi
if [[ $STEPS == *3* ]]; then
    # fetch PostgreSQL's packages while there is a network, then take it away: 5432 is free in there
    step pg-fetch "apt-get update -qq && apt-get install -y -qq --download-only postgresql" || failed=1
    step postgres "$cd_main && unshare --net /bin/bash -c 'ip link set lo up && python3 tools/ensure_system.py \
        && CI=true .tox/py/bin/python -m pytest -q -p no:cacheprovider -m postgres; rc=\$?; \
        pg_ctlcluster --force \$(ls /etc/postgresql) main stop; exit \$rc'" || failed=1
fi
say "done: $([ $failed = 0 ] && echo green || echo FAILED); logs in $LOG_DIR"
exit $failed
