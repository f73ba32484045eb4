#!/usr/bin/env bash
# Installs the programs some tests drive, where it can: wrk (skep bench), Chromium (the HTML report), curl
# (server-sent events read with curl -N), promtool from Debian's prometheus package (checks /metrics),
# nginx (the load balancer of scripts/cluster.sh and the rolling-restart test) and yamllint
# (scripts/check-deploy.sh).
# As root with apt-get it installs what is missing; otherwise it says what is missing, and those tests
# are skipped (JUnit reports them as skipped, with the reason). SKEP_NO_INSTALL=1 turns it off.
set -uo pipefail
missing=()
command -v wrk >/dev/null 2>&1 || missing+=(wrk)
command -v chromium >/dev/null 2>&1 || command -v chromium-browser >/dev/null 2>&1 || missing+=(chromium)
command -v curl >/dev/null 2>&1 || missing+=(curl)
command -v promtool >/dev/null 2>&1 || missing+=(prometheus)
command -v nginx >/dev/null 2>&1 || [ -x /usr/sbin/nginx ] || missing+=(nginx) # /usr/sbin: not on a user's PATH
command -v yamllint >/dev/null 2>&1 || missing+=(yamllint)
[ ${#missing[@]} -eq 0 ] && exit 0
if [ "${SKEP_NO_INSTALL:-0}" != "1" ] && [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
  echo "test: installing ${missing[*]} for the tests that drive them (apt-get)" >&2
  if (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}") >/tmp/skep-test-tools.log 2>&1; then
    exit 0
  fi
  echo "test: could not install ${missing[*]} (see /tmp/skep-test-tools.log); the tests that need them are skipped" >&2
else
  echo "test: ${missing[*]} not installed; the tests that need them are skipped (install: apt-get install ${missing[*]})" >&2
fi
exit 0
