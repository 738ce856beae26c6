# Shared by the scripts in this folder: source it, do not run it.
set -euo pipefail

SSCARD_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"

# Installs the Debian packages named, those that are missing only.
ensure_packages() {
  local missing=()
  for pkg in "$@"; do
    dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  echo "installing Debian packages: ${missing[*]}" >&2
  local sudo=""
  [ "$(id -u)" -ne 0 ] && sudo="sudo"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
}

# Java 17 and Maven: what every build needs.
ensure_build_tools() {
  ensure_packages openjdk-17-jdk-headless maven
}

# Builds the named module's runnable jar when it is missing or older than the sources it is made from
# (the module, crypto, and any further modules it is built from). With SSCARD_JARS_BUILT=1 (set by a script that
# has built what it needs, e.g. scripts/demo for its children) it only checks that the jar is there: a source
# saved meanwhile must not start Maven in the middle of a run.
# Usage: ensure_jar JAR MODULE [MODULE_IT_USES...]
ensure_jar() {
  local jar="$1" module="$2"
  shift 2
  if [ "${SSCARD_JARS_BUILT:-}" = 1 ]; then
    [ -f "$jar" ] && return 0
    echo "$jar is missing (SSCARD_JARS_BUILT=1 says it was built)" >&2
    return 1
  fi
  local sources=("$SSCARD_ROOT/pom.xml" "$SSCARD_ROOT"/crypto/src "$SSCARD_ROOT"/crypto/pom.xml
                 "$SSCARD_ROOT/$module/src" "$SSCARD_ROOT/$module/pom.xml")
  local used
  for used in "$@"; do
    sources+=("$SSCARD_ROOT/$used/src" "$SSCARD_ROOT/$used/pom.xml")
  done
  if [ -f "$jar" ] && [ -z "$(find "${sources[@]}" -newer "$jar" -print -quit 2>/dev/null)" ]; then
    return 0
  fi
  ensure_build_tools
  echo "building $module ..." >&2
  (cd "$SSCARD_ROOT" && mvn -B -q -ntp -pl "$module" -am package -DskipTests) >&2
}

# The jars of scripts/demo (and of the station window with "ui"), built when missing or out of date; then
# SSCARD_JARS_BUILT=1 for the rest of the calling script and its children.
# Usage: ensure_demo_jars headless|ui
ensure_demo_jars() {
  ensure_jar "$SSCARD_ROOT/central-sim/target/central-sim.jar" central-sim settlement-protocol
  ensure_jar "$SSCARD_ROOT/card-sim/target/card-sim.jar" card-sim card-lib
  ensure_jar "$SSCARD_ROOT/key-ceremony/target/sskey.jar" key-ceremony
  ensure_jar "$SSCARD_ROOT/terminal-app/target/sscard-terminal.jar" terminal-app card-lib offline-store settlement-protocol
  if [ "$1" = ui ]; then
    ensure_packages libgtk-3-0 fonts-wqy-microhei
    ensure_jar "$SSCARD_ROOT/terminal-ui/target/sscard-station.jar" terminal-ui terminal-app card-lib offline-store \
      settlement-protocol
  fi
  export SSCARD_JARS_BUILT=1
}
