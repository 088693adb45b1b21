#!/usr/bin/env bash
# Installs the real StatsD and Graphite servers used by the integration tests. Idempotent.
set -euo pipefail
echo "install-test-servers: nothing to install yet"
