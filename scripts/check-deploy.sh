#!/usr/bin/env bash
# Checks the deployment files in deploy/ with the validators this machine has:
#   systemd-analyze verify   deploy/systemd/skep.service (any message fails: it warns with status 0); on a
#                            copy whose ExecStart binary is this host's java (or /bin/sh): the unit's JDK
#                            path is the target's, and verify fails when that binary does not exist here
#   yamllint                 deploy/k8s/*.yaml
#   python3 + PyYAML         a structural check of deploy/k8s/skep.yaml (scripts/check-deploy.py)
# SKEP_CHECK_UNIT=FILE checks that unit file instead (the tests use it).
# A missing tool is reported as "skip: TOOL" and does not fail; exit 1 when a check that ran failed.
# SKEP_CHECK_REQUIRE="systemd-analyze yamllint" makes those tools required (exit 3 when missing).
set -uo pipefail
unit=$(realpath "${SKEP_CHECK_UNIT:-$(dirname "$0")/../deploy/systemd/skep.service}")
cd "$(dirname "$0")/.."
failed=0
skip() {
  echo "skip: $1 ($2)"
  case " ${SKEP_CHECK_REQUIRE:-} " in *" $1 "*) exit 3 ;; esac
}

if command -v systemd-analyze >/dev/null 2>&1; then
  # verify complains when ExecStart's binary does not exist here, and the unit names the JDK of the target
  # machine: check a copy whose ExecStart runs a binary this host has (its java, or /bin/sh), the rest as is.
  unit_dir=$(mktemp -d)
  trap 'rm -rf "$unit_dir"' EXIT
  host_bin=$(command -v java || echo /bin/sh)
  sed -E "s|^ExecStart=[^ ]+|ExecStart=$host_bin|" "$unit" > "$unit_dir/skep.service"
  out=$(systemd-analyze verify "$unit_dir/skep.service" 2>&1 | sed "s|$unit_dir/||g")
  if [ $? -ne 0 ] || [ -n "$out" ]; then
    echo "FAIL: systemd-analyze verify ${SKEP_CHECK_UNIT:-deploy/systemd/skep.service}"; echo "$out"; failed=1
  else
    echo "ok: systemd-analyze verify ${SKEP_CHECK_UNIT:-deploy/systemd/skep.service}"
  fi
else
  skip systemd-analyze "not installed"
fi

if command -v yamllint >/dev/null 2>&1; then
  if yamllint -s -d '{extends: default, rules: {line-length: {max: 120}, document-start: disable}}' deploy/k8s/; then
    echo "ok: yamllint deploy/k8s/"
  else
    echo "FAIL: yamllint deploy/k8s/"; failed=1
  fi
else
  skip yamllint "not installed: apt-get install yamllint"
fi

if command -v python3 >/dev/null 2>&1 && python3 -c 'import yaml' 2>/dev/null; then
  if python3 scripts/check-deploy.py deploy/k8s/skep.yaml; then
    echo "ok: structure of deploy/k8s/skep.yaml"
  else
    echo "FAIL: structure of deploy/k8s/skep.yaml"; failed=1
  fi
else
  skip python3-yaml "python3 with PyYAML not installed: apt-get install python3-yaml"
fi
exit $failed
