#!/usr/bin/env bash
# Benchmark of issue 14, reconfiguration, as whole-process timings (hyperfine medians). As root.
#
#   A. 20 containers of a local image under one dockerd, one container's environment changed:
#      `ocidsl reconfigure FILE` against `docker-compose up -d` of the equivalent compose file
#      with the same change, alternately, in one run. Target: ocidsl / compose <= 0.5.
#   B. 1,000 running plain-process services, one changed: `ocidsl reconfigure` <= 1.5 s, and it
#      restarts exactly one service. Shown with the default settle time and with --settle 0 (the
#      switch alone, without the time it waits to see the restarted service keep running).
#   C. `ocidsl reconfigure --dry-run` against a running system of 10,000 services: <= 3 s.
#
# Usage: scripts/bench/reconfigure.sh [WORKDIR] [RUNS]
#   WORKDIR  scratch directory (default /tmp/ocidsl-bench-reconfigure), emptied first
#   RUNS     measured runs per command (default 5), after one warm-up run
#
# Part A starts a private dockerd on /var/run/docker.sock (it refuses to run if one answers
# there already) with its data under WORKDIR, and stops it at the end. Each measured command
# flips the changed container's LEVEL between 1 and 2 before it runs, so every run has one
# change to carry out. The containers end on SIGTERM at once (compose stops with SIGTERM and
# would otherwise wait its 10 s grace; ocidsl's launchers remove with `rm -f`, as Guix's do).
set -euo pipefail
export LC_ALL=C

readonly ROOT=$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/../.." && pwd)
readonly WORK=${1:-/tmp/ocidsl-bench-reconfigure}
readonly RUNS=${2:-5}
readonly OCIDSL=$ROOT/scripts/ocidsl
readonly IMAGE=localhost/bench-img:latest

say() { printf 'reconfigure-bench: %s\n' "$*" >&2; }
die() { say "$*"; exit 1; }

[ "$(id -u)" -eq 0 ] || die "must run as root"
[[ $RUNS =~ ^[1-9][0-9]*$ ]] || die "RUNS must be a positive integer: $RUNS"
for tool in hyperfine dockerd docker; do
  command -v "$tool" >/dev/null || die "$tool is missing (scripts/setup-runtime installs it)"
done
if ! command -v docker-compose >/dev/null; then
  say "installing docker-compose"
  DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends docker-compose >/dev/null
fi

rm -rf "$WORK"
mkdir -p "$WORK/logs"
"$OCIDSL" --version >/dev/null # builds the jar and its class-data archives when the sources changed
export OCIDSL_CACHE_DIR=$WORK/cache

dockerd_pid=
cleanup() {
  "$OCIDSL" --state-dir "$WORK/docker-state" halt >/dev/null 2>&1 || true
  "$OCIDSL" --state-dir "$WORK/procs-state" halt >/dev/null 2>&1 || true
  "$OCIDSL" --state-dir "$WORK/many-state" halt >/dev/null 2>&1 || true
  if [ -f "$WORK/compose/compose.yml" ]; then
    docker-compose -p benchr -f "$WORK/compose/compose.yml" down -t 0 >/dev/null 2>&1 || true
  fi
  if [ -n "$dockerd_pid" ]; then
    kill "$dockerd_pid" 2>/dev/null || true
    wait "$dockerd_pid" 2>/dev/null || true
  fi
}
trap cleanup EXIT

median() { # the median of hyperfine's JSON export $1, for command $2
  python3 -c 'import json,sys; print([r["median"] for r in json.load(open(sys.argv[1]))["results"] if r["command"] == sys.argv[2]][0])' "$1" "$2"
}

# ------------------------------------------------------------------ A. containers, against docker-compose
docker version >/dev/null 2>&1 && die "a dockerd already answers on /var/run/docker.sock: stop it first"
say "A: starting a private dockerd"
dockerd --data-root "$WORK/docker-data" --exec-root "$WORK/docker-exec" --pidfile "$WORK/dockerd.pid" \
  >"$WORK/logs/dockerd.log" 2>&1 &
dockerd_pid=$!
for _ in $(seq 100); do docker version >/dev/null 2>&1 && break; sleep 0.2; done
docker version >/dev/null 2>&1 || die "dockerd did not answer: see $WORK/logs/dockerd.log"

cat > "$WORK/image.oci.groovy" <<'EOF'
def img = ociImage {
    repository 'bench-img'
    value programs('/bin/busybox')
    packOptions symlinks: ['/bin/sh': 'busybox', '/bin/sleep': 'busybox']
}
system {
    service dockerServiceType, dockerConfiguration { external true }
    service ociServiceType, ociConfiguration {
        containers ociContainer { provision 'bench-img'; image img }
    }
}
EOF
"$OCIDSL" --state-dir "$WORK/image-state" image build "$WORK/image.oci.groovy" bench-img -o "$WORK/bench-img.tar" \
  >"$WORK/logs/image.log" 2>&1 || die "image build failed: see $WORK/logs/image.log"
docker load -i "$WORK/bench-img.tar" >>"$WORK/logs/image.log"
docker tag bench-img:latest "$IMAGE" # the archive's own tag; both sides use the localhost/ reference

readonly COMMAND='trap "exit 0" TERM; sleep 100000 & wait'
ocidsl_system() { # LEVEL
  echo 'system {'
  echo '    service dockerServiceType, dockerConfiguration { external true }'
  echo "    service ociServiceType, ociConfiguration {"
  echo "        runtime 'docker'"
  for i in $(seq 20); do
    env=""
    if [ "$i" -eq 1 ]; then env="; environment 'LEVEL=$1'"; fi
    echo "        containers ociContainer { provision 'o$i'; image '$IMAGE'$env; command 'sh', '-c', '$COMMAND' }"
  done
  echo '    }'
  echo '}'
}
compose_file() { # LEVEL
  echo 'version: "3"'
  echo 'services:'
  for i in $(seq 20); do
    printf '  c%s:\n    image: %s\n    container_name: bench-c%s\n' "$i" "$IMAGE" "$i"
    printf '    command: ["sh", "-c", %s]\n' "'$COMMAND'"
    if [ "$i" -eq 1 ]; then printf '    environment:\n      - LEVEL=%s\n' "$1"; fi
  done
}
mkdir -p "$WORK/compose"
ocidsl_system 1 > "$WORK/docker.oci.groovy"
compose_file 1 > "$WORK/compose/compose.yml"
echo 1 > "$WORK/docker.level"
echo 1 > "$WORK/compose.level"

# The measured commands flip the level, then carry out the change.
cat > "$WORK/ocidsl-change" <<EOF
#!/bin/sh
set -e
level=\$(( 3 - \$(cat '$WORK/docker.level') )); echo \$level > '$WORK/docker.level'
sed -i "s/LEVEL=[12]/LEVEL=\$level/" '$WORK/docker.oci.groovy'
exec '$OCIDSL' --state-dir '$WORK/docker-state' reconfigure '$WORK/docker.oci.groovy' >>'$WORK/logs/ocidsl-reconfigure.log' 2>&1
EOF
cat > "$WORK/compose-change" <<EOF
#!/bin/sh
set -e
level=\$(( 3 - \$(cat '$WORK/compose.level') )); echo \$level > '$WORK/compose.level'
sed -i "s/LEVEL=[12]/LEVEL=\$level/" '$WORK/compose/compose.yml'
exec docker-compose -p benchr -f '$WORK/compose/compose.yml' up -d >>'$WORK/logs/compose-up.log' 2>&1
EOF
chmod +x "$WORK/ocidsl-change" "$WORK/compose-change"

say "A: bringing both systems up (not measured)"
"$OCIDSL" --state-dir "$WORK/docker-state" run -d "$WORK/docker.oci.groovy" >"$WORK/logs/ocidsl-run.log" 2>&1 \
  || die "ocidsl run -d failed: see $WORK/logs/ocidsl-run.log"
docker-compose -p benchr -f "$WORK/compose/compose.yml" up -d >"$WORK/logs/compose-up.log" 2>&1 \
  || die "docker-compose up -d failed: see $WORK/logs/compose-up.log"
ids_before=$(docker ps -q --filter name='^o[0-9]+$' --no-trunc | sort)

hyperfine -N --warmup 1 --runs "$RUNS" --export-json "$WORK/a.json" \
  --command-name "ocidsl reconfigure" "$WORK/ocidsl-change" \
  --command-name "docker-compose up -d" "$WORK/compose-change"
ids_after=$(docker ps -q --filter name='^o[0-9]+$' --no-trunc | sort)
kept=$(comm -12 <(echo "$ids_before") <(echo "$ids_after") | wc -l)
a_ocidsl=$(median "$WORK/a.json" "ocidsl reconfigure")
a_compose=$(median "$WORK/a.json" "docker-compose up -d")

"$OCIDSL" --state-dir "$WORK/docker-state" halt >/dev/null 2>&1 || true
docker-compose -p benchr -f "$WORK/compose/compose.yml" down -t 0 >/dev/null 2>&1 || true
kill "$dockerd_pid"; wait "$dockerd_pid" 2>/dev/null || true
dockerd_pid=

# ------------------------------------------------------------------ B. 1,000 plain processes
procs_system() { # COUNT LEVEL AUTOSTART
  echo "def level = '$2'"
  echo 'system {'
  echo "    simpleService 'procs', shepherdRootServiceType, (1..$1).collect { i ->"
  echo "        shepherdService {"
  echo "            provision \"p\$i\"; start 'sleep', \"\${1000000 + i}\"; autoStart $3"
  echo "            if (i == 1) { environmentVariables \"LEVEL=\$level\" }"
  echo "        }"
  echo '    }'
  echo '}'
}
procs_system 1000 1 true > "$WORK/procs.oci.groovy"
echo 1 > "$WORK/procs.level"
for settle in default 0; do
  option=""
  if [ "$settle" = 0 ]; then option="--settle 0"; fi
  cat > "$WORK/procs-change-$settle" <<EOF
#!/bin/sh
set -e
level=\$(( 3 - \$(cat '$WORK/procs.level') )); echo \$level > '$WORK/procs.level'
sed -i "s/def level = '[12]'/def level = '\$level'/" '$WORK/procs.oci.groovy'
exec '$OCIDSL' --state-dir '$WORK/procs-state' reconfigure $option '$WORK/procs.oci.groovy' >'$WORK/logs/procs-reconfigure.log' 2>&1
EOF
  chmod +x "$WORK/procs-change-$settle"
done
say "B: starting 1,000 services (not measured)"
"$OCIDSL" --state-dir "$WORK/procs-state" run -d "$WORK/procs.oci.groovy" >"$WORK/logs/procs-run.log" 2>&1 \
  || die "run -d of 1,000 services failed: see $WORK/logs/procs-run.log"
hyperfine -N --warmup 1 --runs "$RUNS" --export-json "$WORK/b.json" \
  --command-name "reconfigure, 1,000 services" "$WORK/procs-change-default" \
  --command-name "reconfigure --settle 0, 1,000 services" "$WORK/procs-change-0"
restarted=$(grep -c 'has been started' "$WORK/logs/procs-reconfigure.log" || true)
b_default=$(median "$WORK/b.json" "reconfigure, 1,000 services")
b_zero=$(median "$WORK/b.json" "reconfigure --settle 0, 1,000 services")
"$OCIDSL" --state-dir "$WORK/procs-state" halt >/dev/null 2>&1 || true

# ------------------------------------------------------------------ C. dry run of 10,000 services
procs_system 10000 1 false > "$WORK/many.oci.groovy"
say "C: loading 10,000 services (not started; not measured)"
"$OCIDSL" --state-dir "$WORK/many-state" run -d "$WORK/many.oci.groovy" >"$WORK/logs/many-run.log" 2>&1 \
  || die "run -d of 10,000 services failed: see $WORK/logs/many-run.log"
sed -i "s/def level = '1'/def level = '2'/" "$WORK/many.oci.groovy"
hyperfine -N --warmup 1 --runs "$RUNS" --export-json "$WORK/c.json" \
  --command-name "reconfigure --dry-run, 10,000 services" \
  "$OCIDSL --state-dir $WORK/many-state reconfigure --dry-run $WORK/many.oci.groovy"
c_dry=$(median "$WORK/c.json" "reconfigure --dry-run, 10,000 services")

echo
python3 - "$a_ocidsl" "$a_compose" "$kept" "$b_default" "$b_zero" "$restarted" "$c_dry" <<'PY'
import sys
a_o, a_c, kept, b_d, b_0, restarted, c = sys.argv[1:]
a_o, a_c, b_d, b_0, c = map(float, (a_o, a_c, b_d, b_0, c))
print(f"A. one of 20 containers changed: ocidsl reconfigure {a_o:.3f} s, docker-compose up -d {a_c:.3f} s:"
      f" ratio {a_o / a_c:.2f} (target <= 0.5); {kept} of 20 ocidsl containers kept their ID through every run")
print(f"B. one of 1,000 services changed: reconfigure {b_d:.3f} s with the default settle, {b_0:.3f} s with"
      f" --settle 0 (target <= 1.5 s); the last run started {restarted} service(s)")
print(f"C. reconfigure --dry-run of 10,000 services: {c:.3f} s (target <= 3 s)")
PY
