# Sourced by ./skep, scripts/test.sh and .ci/run: finds a JDK 25 or newer and exports JAVA_HOME.
# Order: $JAVA_HOME, `java` on PATH, then the usual install folders. Prints one line and returns 1 if none.

skep_java_major() { # prints the major version of the java binary $1, or nothing
  "$1" -version 2>&1 | sed -n -E '1s/.*version "([0-9]+)(\.[^"]*)?".*/\1/p'
}

skep_find_jdk() {
  local candidate major
  local -a candidates=()
  [ -n "${JAVA_HOME:-}" ] && candidates+=("$JAVA_HOME")
  if command -v java >/dev/null 2>&1; then
    candidates+=("$(dirname "$(dirname "$(readlink -f "$(command -v java)")")")")
  fi
  for candidate in /usr/lib/jvm/*25* /usr/lib/jvm/* /opt/java/* /opt/jdk* /usr/local/jdk* \
                   "$HOME"/.sdkman/candidates/java/* /Library/Java/JavaVirtualMachines/*/Contents/Home; do
    [ -d "$candidate" ] && candidates+=("$candidate")
  done
  for candidate in "${candidates[@]}"; do
    [ -x "$candidate/bin/java" ] && [ -x "$candidate/bin/javac" ] || continue
    major=$(skep_java_major "$candidate/bin/java")
    if [ -n "$major" ] && [ "$major" -ge 25 ]; then
      export JAVA_HOME="$candidate"
      return 0
    fi
  done
  echo "skep: JDK 25 or newer not found (looked at JAVA_HOME, java on PATH, /usr/lib/jvm); install one, e.g. 'apt-get install temurin-25-jdk' or from https://adoptium.net, or set JAVA_HOME" >&2
  return 1
}
