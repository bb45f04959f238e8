#!/usr/bin/env bash
# Benchmark of 'ocidsl container' (not a test): a system of 3 plain services (a one-shot and two
# daemons) from the command until every service runs, side by side in one hyperfine run:
#   - 'ocidsl run -d --settle 0' of the system on the host (the target: container within 1.5x);
#   - 'ocidsl container -d --settle 0' of the same system in its namespaces;
#   - the reference: 'podman run -d' of a busybox container (an image built here from the host's
#     busybox), until podman says it runs.
# Each -d command returns once its supervisor has started every auto-start service. Every run
# starts from nothing: the one before is halted (or removed) in hyperfine's --prepare.
#
# Usage (as root): scripts/bench/container.sh [RUNS]   (default 10; needs hyperfine and podman).
set -euo pipefail

runs=${1:-10}
top=$(dirname "$(dirname "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")")")
ocidsl="$top/scripts/ocidsl"
"$ocidsl" --version >/dev/null # builds the tool if needed, not inside the timings

work=$(mktemp -d /tmp/ocidsl-bench-container.XXXXXX)
cleanup() {
  "$ocidsl" --state-dir "$work/run" halt >/dev/null 2>&1 || true
  if [ -s "$work/container.pid" ]; then
    "$ocidsl" halt --container "$(cat "$work/container.pid")" >/dev/null 2>&1 || true
  fi
  podman rm -f -t 0 ocidsl-bench-ref >/dev/null 2>&1 || true
  podman rmi -f localhost/ocidsl-bench-busybox:1 >/dev/null 2>&1 || true
  rm -rf "$work"
}
trap cleanup EXIT

cat >"$work/three.oci.groovy" <<'EOF'
system {
    simpleService 'three', shepherdRootServiceType, [
        shepherdService { provision 'setup'; oneShot true; start 'true' },
        shepherdService { provision 'worker'; requirement 'setup'; start 'sleep', '1001' },
        shepherdService { provision 'clock'; start 'sh', '-c', 'while true; do sleep 1; done' },
    ]
}
EOF
# The image of the reference, built and loaded outside the timings.
cat >"$work/image.oci.groovy" <<'EOF'
def busybox = ociImage {
    repository 'ocidsl-bench-busybox'
    tag '1'
    value programs('/bin/busybox')
    packOptions symlinks: ['/bin/sh': 'busybox', '/bin/sleep': 'busybox']
}
system {
    service ociServiceType, ociConfiguration { runtime 'podman'; containers ociContainer { image busybox } }
}
EOF
"$ocidsl" --state-dir "$work/images" image build "$work/image.oci.groovy" ocidsl-bench-busybox:1 -o "$work/busybox.tar" >/dev/null
podman load -q -i "$work/busybox.tar" >/dev/null

run_cmd="'$ocidsl' --state-dir '$work/run' run -d --settle 0 '$work/three.oci.groovy' >/dev/null"
run_prepare="'$ocidsl' --state-dir '$work/run' halt >/dev/null 2>&1 || true"
container_cmd="'$ocidsl' --state-dir '$work/containers' container -d --settle 0 '$work/three.oci.groovy' | sed -n 's/.*PID \\([0-9]*\\)\$/\\1/p' > '$work/container.pid'"
container_prepare="if [ -s '$work/container.pid' ]; then '$ocidsl' halt --container \$(cat '$work/container.pid') >/dev/null 2>&1 || true; fi"
podman_cmd="podman run -d --name ocidsl-bench-ref localhost/ocidsl-bench-busybox:1 sleep 1000 >/dev/null"
podman_prepare="podman rm -f -t 0 ocidsl-bench-ref >/dev/null 2>&1 || true"

hyperfine --runs "$runs" --warmup 1 --export-json "$work/results.json" \
  --prepare "$run_prepare" -n 'ocidsl run -d (3 services)' "$run_cmd" \
  --prepare "$container_prepare" -n 'ocidsl container -d (3 services)' "$container_cmd" \
  --prepare "$podman_prepare" -n 'podman run -d busybox' "$podman_cmd"

python3 - "$work/results.json" <<'EOF'
import json, sys
r = {x["command"]: x["median"] for x in json.load(open(sys.argv[1]))["results"]}
run, container, podman = r["ocidsl run -d (3 services)"], r["ocidsl container -d (3 services)"], r["podman run -d busybox"]
print(f"medians: run {run:.3f} s, container {container:.3f} s, podman run {podman:.3f} s")
print(f"container / run = {container / run:.2f} (target <= 1.5); container / podman run = {container / podman:.2f}")
EOF
