#!/usr/bin/env bash
# Install the Debian packages Touchpoint needs, only those missing.
#   scripts/system-deps.sh run   -> Java 17+ and Maven (the embedded Neo4j), a Unicode font (PDFs)
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
# a Unicode font for exported PDFs (names and notes beyond Latin-1); without it they fall back
# to a core font and replace what it cannot show
[[ -f /usr/share/fonts/truetype/dejavu/DejaVuSans.ttf ]] || missing+=(fonts-dejavu-core)
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
