#!/usr/bin/env bash
# Installs the Debian packages the local OpenStack cloud needs (Keystone, Swift, Ceph's RADOS Gateway, memcached,
# uwsgi and the peer clients). A fast no-op when everything is already installed.
set -euo pipefail

PACKAGES=(
  keystone python3-keystonemiddleware memcached uwsgi-core uwsgi-plugin-python3
  swift swift-proxy swift-account swift-container swift-object
  python3-memcache python3-swiftclient rclone curl procps
  # The RADOS Gateway region: one mon, one memstore OSD, radosgw (no mgr: RGW does not need one).
  ceph-mon ceph-osd radosgw ceph-common
  # Not the cloud's: the shells the curl-quoting property test parses commands with (dash is /bin/sh).
  zsh dash
  # Not the cloud's either: the forward proxy and the TLS terminator the network tests put in front of it.
  tinyproxy haproxy
)

# One dpkg-query for all (it reads dpkg's whole status file each time: ~0.5 s a call on a busy machine).
# "install ok installed" only for a fully configured package; a package dpkg does not know prints nothing.
declare -A installed=()
while read -r name status; do
  [ "$status" = "install ok installed" ] && installed[$name]=1
done < <(dpkg-query -W -f='${Package} ${Status}\n' "${PACKAGES[@]}" 2>/dev/null || true)
missing=()
for p in "${PACKAGES[@]}"; do
  [ -n "${installed[$p]:-}" ] || missing+=("$p")
done
if [ "${#missing[@]}" -eq 0 ]; then
  exit 0
fi

echo "cloud/install: installing ${missing[*]}" >&2
SUDO=()
if [ "$(id -u)" -ne 0 ]; then
  command -v sudo >/dev/null || { echo "cloud/install: not root and no sudo" >&2; exit 1; }
  SUDO=(sudo -n)
fi

# Keep the packages from starting their services during the install (policy-rc.d exiting 101).
prc=/usr/sbin/policy-rc.d
backup=""
restore() {
  if [ -n "$backup" ]; then "${SUDO[@]}" mv -f "$backup" "$prc"; else "${SUDO[@]}" rm -f "$prc"; fi
}
need_policy=1
if [ -x "$prc" ]; then
  set +e; "$prc" x start >/dev/null 2>&1; rc=$?; set -e
  [ "$rc" -eq 101 ] && need_policy=0
fi
if [ "$need_policy" -eq 1 ]; then
  if [ -e "$prc" ]; then
    backup="$prc.oss-cloud.$$"
    "${SUDO[@]}" mv -f "$prc" "$backup"
  fi
  trap restore EXIT
  printf '#!/bin/sh\nexit 101\n' | "${SUDO[@]}" tee "$prc" >/dev/null
  "${SUDO[@]}" chmod 755 "$prc"
fi

export DEBIAN_FRONTEND=noninteractive
"${SUDO[@]}" env DEBIAN_FRONTEND=noninteractive apt-get update -o DPkg::Lock::Timeout=600
"${SUDO[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -o DPkg::Lock::Timeout=600 "${missing[@]}"
