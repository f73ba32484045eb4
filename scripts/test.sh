#!/usr/bin/env bash
# Runs the whole test suite (unit, integration over real sockets, CLI, bench) on every I/O backend this OS
# has, after installing the tools the bench tests drive (wrk, Chromium) where it can.
#   scripts/test.sh                       # everything
#   scripts/test.sh -Dskep.test.io=nio    # one backend; any other Maven arguments pass through
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
# shellcheck source=jdk.sh
. "$root/scripts/jdk.sh"
skep_find_jdk || exit 1
command -v mvn >/dev/null 2>&1 || { echo "test: Maven is needed; install it, e.g. 'apt-get install maven'" >&2; exit 1; }
echo "test: JDK at $JAVA_HOME" >&2
"$root/scripts/test-tools.sh"
cd "$root"
exec mvn -B -ntp test "$@"
