#!/usr/bin/env bash
# Benchmark of issues 3 and 19: 'ocidsl check' of a generated 50-container system, with the
# compiled script cached and without, as whole-process timings (hyperfine medians). Peers in the
# same run: the JVM starting alone, and `docker-compose config -q` of the same 50 services (issue
# 19: a cached check <= 1.0x that). Targets of issue 3 on this 2-core machine: cached <= 0.35 s,
# not cached <= 0.9 s, when the JVM alone started in 0.035 s. The machine is shared and its speed
# varies from day to day, so the summary also gives each median as a multiple of the peers'.
set -euo pipefail

top=$(dirname "$(dirname "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")")")
command -v hyperfine >/dev/null || { echo "bench: hyperfine is missing (scripts/setup-runtime installs it)" >&2; exit 2; }
command -v docker-compose >/dev/null || { echo "bench: docker-compose is missing (apt-get install docker-compose)" >&2; exit 2; }
"$top/scripts/ocidsl" --version >/dev/null   # builds the jar and its class-data archive if needed

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
system="$work/fifty.oci.groovy"
"$top/scripts/bench/fifty-containers.sh" >"$system"
compose="$work/compose.yml"
{
  echo "version: '3'"
  echo "services:"
  for i in $(seq 0 49); do
    printf '  web%s:\n    image: docker.io/library/nginx:1.%s\n    networks: [backend]\n' "$i" "$i"
    printf '    ports: ["%s:80"]\n    volumes: ["data:/data%s"]\n' "$((8000 + i))" "$i"
    printf '    environment: [LANG=C, TZ=UTC]\n'
  done
  echo "networks:"
  echo "  backend: {}"
  echo "volumes:"
  echo "  data: {}"
} >"$compose"
docker-compose -f "$compose" config -q

export OCIDSL_CACHE_DIR="$work/cache"
"$top/scripts/ocidsl" check "$system"
# One --prepare per command: given once, hyperfine would run it before every command, and the
# "cached" runs would find no cache either.
# hyperfine splits each command into words as a shell would: the paths are quoted for it.
check="$(printf '%q' "$top/scripts/ocidsl") check $(printf '%q' "$system")"
hyperfine -N --warmup 2 --runs 15 --export-json "$work/times.json" \
  --command-name "jvm alone (java -version)" --prepare "true" \
  "java -XX:TieredStopAtLevel=1 -XX:+UseSerialGC -Xms64m -Xshare:auto -version" \
  --command-name "check, script cached" --prepare "true" "$check" \
  --command-name "check, not cached" --prepare "rm -rf $(printf '%q' "$work/cache")" "$check" \
  --command-name "docker-compose config" --prepare "true" "docker-compose -f $(printf '%q' "$compose") config -q"
python3 - "$work/times.json" <<'PY'
import json, sys
results = json.load(open(sys.argv[1]))["results"]
jvm = results[0]["median"]
compose = [r["median"] for r in results if r["command"] == "docker-compose config"][0]
targets = {"check, script cached": 0.35, "check, not cached": 0.9}
for r in results:
    line = f"{r['command']}: median {r['median']:.3f} s (min {r['min']:.3f} s, max {r['max']:.3f} s)"
    if r["command"] == "check, script cached":
        line += f"; {r['median'] / compose:.2f}x docker-compose config (target <= 1.0x)"
    if r["command"] in targets:
        target = targets[r["command"]]
        line += (f"; {r['median'] / jvm:.1f}x the JVM alone"
                 f" (target {target} s, {target / 0.035:.1f}x the JVM's 0.035 s)")
    print(line)
PY
