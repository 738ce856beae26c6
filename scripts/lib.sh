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
# (its own, crypto's, and those of any further modules named).
# Usage: ensure_jar JAR MODULE [MODULE_IT_USES...]
ensure_jar() {
  local jar="$1" module="$2"
  shift 2
  local sources=("$SSCARD_ROOT/pom.xml" "$SSCARD_ROOT/crypto/src" "$SSCARD_ROOT/crypto/pom.xml" \
        "$SSCARD_ROOT/$module/src" "$SSCARD_ROOT/$module/pom.xml")
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
