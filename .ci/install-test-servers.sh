#!/usr/bin/env bash
# Installs the real servers used by statsd-integration-tests. Idempotent; any failure stops the script.
#
#   - Graphite carbon (carbon-cache) and the whisper tools, from Debian: graphite-carbon, python3-whisper
#   - headless Chromium and its WebDriver, from Debian: chromium, chromium-driver (the sample app's page test)
#   - collectd with its statsd, csv and unixsock plugins, from Debian: collectd-core (a second StatsD server)
#   - Etsy StatsD 0.9.0, from npm, into ${STATSD_TEST_HOME:-$HOME/.cache/statsd-java-it}/node_modules/statsd,
#     with hashring 3.2.0 (an optional dependency the cluster proxy, proxy.js, needs)
#
# The tests look for StatsD under the same directory (STATSD_TEST_HOME or its default) and for
# carbon-cache / whisper-fetch / chromium / chromedriver on PATH or in /usr/bin. Nothing is written into the
# repository.
set -euo pipefail

STATSD_VERSION="0.9.0"
HASHRING_VERSION="3.2.0"
STATSD_TEST_HOME="${STATSD_TEST_HOME:-$HOME/.cache/statsd-java-it}"

log() { echo "install-test-servers: $*"; }
die() { echo "install-test-servers: ERROR: $*" >&2; exit 1; }

# --- Graphite carbon + whisper, Chromium + chromedriver, collectd (Debian) ---------------------------------
apt_packages=(graphite-carbon python3-whisper chromium chromium-driver collectd-core)
missing=()
for pkg in "${apt_packages[@]}"; do
    if ! dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed"; then
        missing+=("$pkg")
    fi
done
if ((${#missing[@]} > 0)); then
    command -v apt-get >/dev/null || die "apt-get not found; install ${missing[*]} by hand"
    sudo=""
    if [[ $(id -u) -ne 0 ]]; then
        command -v sudo >/dev/null || die "not root and no sudo; cannot install ${missing[*]}"
        sudo="sudo"
    fi
    log "installing ${missing[*]}"
    $sudo apt-get update
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y --no-install-recommends "${missing[@]}"
else
    log "${apt_packages[*]} already installed"
fi

carbon=$(command -v carbon-cache || true)
[[ -n $carbon ]] || carbon=/usr/bin/carbon-cache
[[ -x $carbon ]] || die "carbon-cache not found after install"
fetch=$(command -v whisper-fetch || command -v whisper-fetch.py || true)
[[ -n $fetch ]] || die "whisper-fetch not found after install"
log "carbon-cache: $carbon, whisper-fetch: $fetch"

chromium=$(command -v chromium || true)
[[ -n $chromium ]] || chromium=/usr/bin/chromium
[[ -x $chromium ]] || die "chromium not found after install"
chromedriver=$(command -v chromedriver || true)
[[ -n $chromedriver ]] || chromedriver=/usr/bin/chromedriver
[[ -x $chromedriver ]] || die "chromedriver not found after install"
log "chromium: $chromium, chromedriver: $chromedriver"

collectd=$(command -v collectd || true)
[[ -n $collectd ]] || collectd=/usr/sbin/collectd
[[ -x $collectd ]] || die "collectd not found after install"
collectd_plugins=/usr/lib/collectd
for plugin in statsd csv unixsock; do
    [[ -f $collectd_plugins/$plugin.so ]] || die "collectd plugin $plugin.so not found in $collectd_plugins"
done
log "collectd: $collectd"

# --- Etsy StatsD (npm) --------------------------------------------------------------------------
stats_js="$STATSD_TEST_HOME/node_modules/statsd/stats.js"
installed_version=""
if [[ -f "$STATSD_TEST_HOME/node_modules/statsd/package.json" ]]; then
    installed_version=$(node -p "require('$STATSD_TEST_HOME/node_modules/statsd/package.json').version" 2>/dev/null || true)
fi
if [[ $installed_version == "$STATSD_VERSION" && -f $stats_js ]]; then
    log "statsd $STATSD_VERSION already installed in $STATSD_TEST_HOME"
else
    command -v node >/dev/null || die "node not found; Etsy StatsD needs Node.js"
    command -v npm >/dev/null || die "npm not found; Etsy StatsD needs npm"
    log "installing statsd@$STATSD_VERSION into $STATSD_TEST_HOME"
    mkdir -p "$STATSD_TEST_HOME"
    # a package.json of its own so npm installs here and not into some parent project
    [[ -f "$STATSD_TEST_HOME/package.json" ]] \
        || echo '{"name":"statsd-java-it","private":true}' >"$STATSD_TEST_HOME/package.json"
    npm install --prefix "$STATSD_TEST_HOME" --no-audit --no-fund --omit=optional "statsd@$STATSD_VERSION"
    [[ -f $stats_js ]] || die "statsd installed but $stats_js is missing"
fi
log "statsd: $stats_js"

# the cluster proxy's hash ring: an optional dependency of statsd, left out above with the others
hashring_json="$STATSD_TEST_HOME/node_modules/hashring/package.json"
hashring_version=""
if [[ -f $hashring_json ]]; then
    hashring_version=$(node -p "require('$hashring_json').version" 2>/dev/null || true)
fi
if [[ $hashring_version == "$HASHRING_VERSION" ]]; then
    log "hashring $HASHRING_VERSION already installed in $STATSD_TEST_HOME"
else
    log "installing hashring@$HASHRING_VERSION into $STATSD_TEST_HOME"
    npm install --prefix "$STATSD_TEST_HOME" --no-audit --no-fund --omit=optional "hashring@$HASHRING_VERSION"
fi
(cd "$STATSD_TEST_HOME/node_modules/statsd" && node -e "require('hashring')") \
    || die "hashring installed but proxy.js cannot load it"
log "done"
