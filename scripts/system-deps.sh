#!/usr/bin/env bash
# Install the Debian packages Touchpoint needs, only those missing.
#   scripts/system-deps.sh run   -> Java 17+ and Maven (the embedded Neo4j)
#   scripts/system-deps.sh test  -> the above plus chromium + chromium-driver (browser tests)
set -euo pipefail
want=(java:openjdk-17-jre-headless mvn:maven)
if [[ "${1:-run}" == "test" ]]; then
  want+=(chromium:chromium chromedriver:chromium-driver)
fi
missing=()
for pair in "${want[@]}"; do
  command -v "${pair%%:*}" >/dev/null 2>&1 || missing+=("${pair##*:}")
done
if ((${#missing[@]} == 0)); then
  exit 0
fi
echo "Installing Debian packages: ${missing[*]}"
SUDO=""
if [[ $(id -u) -ne 0 ]]; then
  command -v sudo >/dev/null || { echo "Need root or sudo to install: ${missing[*]}" >&2; exit 1; }
  SUDO="sudo"
fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
