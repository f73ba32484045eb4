#!/usr/bin/env bash
# Checks the two jars `mvn package` builds and what a consumer of the installed library resolves:
#  - target/skep-0.1.0.jar (the library) holds no command line (cli/, bench/, logback.xml);
#  - target/skep-cli.jar (the runnable CLI) holds the command line, picocli and logback, and starts;
#  - a project that depends on dev.skep:skep:0.1.0 alone (scripts/library-consumer) resolves exactly Skep,
#    JCTools and the SLF4J API (the Maven enforcer), and compiles against all three.
# Run after `mvn install`; scripts/test.sh does. Exit status 1 on the first failed check.
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
# shellcheck source=jdk.sh
. "$root/scripts/jdk.sh"
skep_find_jdk || exit 1
lib="$root/target/skep-0.1.0.jar"
cli="$root/target/skep-cli.jar"
fail() { echo "check-library: $*" >&2; exit 1; }
[ -f "$lib" ] && [ -f "$cli" ] || fail "build first (mvn install): $lib or $cli is missing"

lib_entries=$("$JAVA_HOME/bin/jar" tf "$lib")
cli_entries=$("$JAVA_HOME/bin/jar" tf "$cli")
if grep -E '^(cli/|bench/|logback\.xml$|picocli/|ch/qos/)' <<<"$lib_entries"; then
  fail "the library jar holds the command line or its dependencies (above)"
fi
grep -q '^http/HttpServer.class$' <<<"$lib_entries" || fail "the library jar has no http/HttpServer.class"
for entry in cli/Main.class bench/Bench.class logback.xml picocli/CommandLine.class \
             ch/qos/logback/classic/Logger.class org/slf4j/Logger.class org/jctools/queues/MpmcArrayQueue.class \
             http/HttpServer.class META-INF/services/org.slf4j.spi.SLF4JServiceProvider; do
  grep -qxF "$entry" <<<"$cli_entries" || fail "the CLI jar lacks $entry"
done
"$JAVA_HOME/bin/java" -jar "$cli" --version >/dev/null || fail "java -jar $cli --version failed"

log=$(mktemp)
trap 'rm -f "$log"' EXIT
if ! mvn -B -ntp -q -f "$root/scripts/library-consumer/pom.xml" compile >"$log" 2>&1; then
  grep -v '^WARNING' "$log" >&2 || true
  fail "a project that depends on dev.skep:skep:0.1.0 does not resolve exactly Skep, JCTools and the SLF4J API"
fi
echo "check-library: the library jar has no command line, the CLI jar has everything, and a consumer resolves exactly Skep, JCTools and the SLF4J API" >&2
