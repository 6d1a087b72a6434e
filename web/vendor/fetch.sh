#!/bin/sh
# Re-fetches the vendored files of web/vendor/ from the npm registry (see README.md).
# Usage: sh web/vendor/fetch.sh   (needs npm and tar; writes into this folder)
set -eu
here=$(cd "$(dirname "$0")" && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cd "$work"
npm pack --silent leaflet@1.9.4 topojson-client@3.1.0 world-atlas@2.0.2 >/dev/null
for pkg in leaflet-1.9.4 topojson-client-3.1.0 world-atlas-2.0.2; do
  mkdir "$pkg" && tar xzf "$pkg.tgz" -C "$pkg"
done
cp leaflet-1.9.4/package/dist/leaflet.js "$here/leaflet.js"
cp leaflet-1.9.4/package/dist/leaflet.css "$here/leaflet.css"
cp leaflet-1.9.4/package/LICENSE "$here/LICENSE.leaflet"
cp topojson-client-3.1.0/package/dist/topojson-client.min.js "$here/topojson-client.min.js"
cp topojson-client-3.1.0/package/LICENSE "$here/LICENSE.topojson-client"
cp world-atlas-2.0.2/package/countries-110m.json "$here/countries-110m.json"
cp world-atlas-2.0.2/package/LICENSE "$here/LICENSE.world-atlas"
