#!/usr/bin/env bash
# Runs the whole test suite (unit, integration over real sockets, CLI, bench) on every I/O backend this OS
# has, after installing the tools the bench tests drive (wrk, Chromium) where it can; then installs the
# library (mvn install), checks what a consumer of it resolves (scripts/check-library.sh), and builds and
# tests the example application examples/kv-store against the installed jar.
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
mvn -B -ntp install "$@"
scripts/check-library.sh

echo "test: examples/kv-store against the installed dev.skep:skep:0.1.0" >&2
timeout 600 mvn -B -ntp -f examples/kv-store/pom.xml verify
