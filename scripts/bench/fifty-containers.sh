#!/usr/bin/env bash
# Prints the system of 50 rootless podman containers (one network, one volume) that check.sh and
# export.sh time: the same file for both, so that their figures compare.
set -euo pipefail
echo "system {"
echo "    service rootlessPodmanServiceType"
echo "    service ociServiceType, ociConfiguration {"
echo "        runtime 'podman'"
echo "        networks ociNetwork { name 'backend' }"
echo "        volumes ociVolume { name 'data' }"
for i in $(seq 0 49); do
  echo "        containers ociContainer {"
  echo "            provision 'web$i'"
  echo "            image 'docker.io/library/nginx:1.$i'"
  echo "            network 'backend'"
  echo "            ports '$((8000 + i)):80'"
  echo "            volumes 'data:/data$i'"
  echo "            environment 'LANG=C', [TZ: 'UTC']"
  echo "        }"
done
echo "    }"
echo "}"
