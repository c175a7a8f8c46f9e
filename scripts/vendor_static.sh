#!/usr/bin/env bash
# Copies the built files of the npm packages in package.json into static/vendor/, with their
# licences. District intranets often have no internet, so the portal never loads from a CDN.
set -euo pipefail
cd "$(dirname "$0")/.."
npm install --no-audit --no-fund --ignore-scripts
rm -rf static/vendor && mkdir -p static/vendor/bootstrap/css static/vendor/bootstrap/js
cp node_modules/bootstrap/dist/css/bootstrap.min.css node_modules/bootstrap/dist/css/bootstrap.min.css.map \
   static/vendor/bootstrap/css/
cp node_modules/bootstrap/dist/js/bootstrap.bundle.min.js node_modules/bootstrap/dist/js/bootstrap.bundle.min.js.map \
   static/vendor/bootstrap/js/
cp node_modules/bootstrap/LICENSE static/vendor/bootstrap/LICENSE
mkdir -p static/vendor/htmx
cp node_modules/htmx.org/dist/htmx.min.js node_modules/htmx.org/LICENSE static/vendor/htmx/
mkdir -p static/vendor/echarts
cp node_modules/echarts/dist/echarts.min.js node_modules/echarts/LICENSE node_modules/echarts/NOTICE static/vendor/echarts/
for package in bootstrap htmx.org echarts; do
  echo "vendored: $package $(node -p "require('./node_modules/$package/package.json').version")"
done
