#!/usr/bin/env bash
# Benchmark of issue 6: bring up 20 containers of a local image with ROOTFUL podman; the wall
# time until all 20 run must be <= 1.0x that of `podman-compose up -d` on the equivalent compose
# file. Not a test: wall-clock figures, run it on an otherwise idle machine, as root.
#
# Usage: scripts/bench/compose-20.sh [WORKDIR] [RUNS]
#   WORKDIR  scratch directory (default /tmp/ocidsl-compose20); emptied first
#   RUNS     measured rounds (default 5), after one unmeasured warm-up round
#
# What it does, all in one run:
#   1. installs podman-compose from Debian when missing;
#   2. builds ONE image with ocidsl (busybox with sh and sleep) and `podman load`s it as
#      localhost/bench-img:latest, which both sides then use by that string reference (an image
#      that is already present, as compose expects: nothing is pulled or built while measured);
#   3. writes an ocidsl system: rootlessPodmanServiceType (its one-shots are required by podman
#      containers) and ociConfiguration { runtime 'podman'; user 'root' } with 20 containers
#      c1..c20 running `sh -c 'exec sleep 100000'`, on podman's default network;
#   4. writes the equivalent compose.yml: 20 services, same image, same command, container_name
#      c1..c20 (so both sides are waited for by the same names), compose's default per-project
#      network (podman-compose creates bench20_default; the teardown removes it, so every
#      compose run creates it, as a first `up` does);
#   5. measures, alternating (the order rotates every round), from the command's start until
#      `podman ps` lists all 20 names as running:
#        ocidsl      `ocidsl run -d FILE --state-dir FRESH_DIR` (a fresh state directory per run)
#        compose     `podman-compose -p bench20 -f compose.yml up -d`
#        shell-seq   a shell loop of 20 `podman run -d` (what compose does, without compose)
#        shell-par   20 foreground `podman run --rm --replace` started at once by a shell (what
#                    ocidsl's launchers do, without the JVM and the supervisor)
#      and between two measurements tears everything down (ocidsl halt, then podman rm -f by ID
#      of the containers named c1..c20 or labelled with the compose project, then the compose
#      network) and waits until none of the 20 exists.
#   Then prints medians, the ratio ocidsl / compose (target <= 1.0) and diagnostics: when
#   `ocidsl run -d` returned, the JVM floor (`ocidsl --version`) and `ocidsl check FILE`.
#
# Choices worth knowing:
#   - ocidsl runs from a frozen copy of dsl/target/ocidsl.jar (rebuilt first through
#     scripts/ocidsl when the sources changed and they build), with the JVM options of
#     scripts/ocidsl and its own class-data archive trained the way scripts/ocidsl trains one:
#     other engineers edit the tree, and a rebuild must not happen inside a measurement.
#   - ocidsl's compiled-script cache is warm (the warm-up round fills it), as it is for anyone
#     running the same file twice.
#   - Only c1..c20 and the bench20 compose project are removed, never other containers.
#   - A run that does not reach 20 running containers within DEADLINE_S (default 90) seconds
#     counts as failed: it is reported with the errors found in the logs, and left out of the
#     medians.
#   - Beware: c1..c20 are hexadecimal strings, and podman (4.3) resolves a name that no container
#     has as a prefix of container IDs. `podman run --replace --name c9` (what shell-par runs)
#     started while c9 does not exist yet therefore stops and removes any container whose ID
#     starts with "c9" (say c20, just created): about one parallel start in three loses a
#     container that way. ocidsl's launchers look such names up exactly and use no --replace.
#     NAME_PREFIX=ctr names them ctr1..ctr20 instead, which no ID can match.
#   - podman-compose up -d (Debian 12's 1.0.3) sleeps 1 s after every podman run it makes; the
#     summary also shows its median without those sleeps, and the shell loops, which are the
#     fairer floors.
#   - Unless OCIDSL_ACTIVATE_HOST=1, each ocidsl run activates into a fresh `--root DIR`, so that
#     the benchmark writes no /etc file of the host (podman, the launchers and the containers are
#     the host's); its etc/passwd and etc/group hold what activation looks up.
set -euo pipefail
export LC_ALL=C

readonly ROOT=$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/../.." && pwd)
readonly WORK=${1:-/tmp/ocidsl-compose20}
readonly RUNS=${2:-5}
readonly COUNT=20
readonly IMAGE=localhost/bench-img:latest
readonly PROJECT=bench20
readonly LOCK=/tmp/ocidsl-mvn.lock
readonly DEADLINE_S=${DEADLINE_S:-90}
readonly NAME_PREFIX=${NAME_PREFIX:-c}
# shellcheck source=scripts/jvm-options
. "$ROOT/scripts/jvm-options"
readonly JVM=("${ocidsl_jvm_common[@]}" -Xshare:auto -Xlog:cds=off -Xlog:cds+dynamic=off)

say() { printf 'compose-20: %s\n' "$*" >&2; }
die() { say "$*"; exit 1; }
now() { echo "${EPOCHREALTIME/./}"; } # microseconds, no fork
seconds() { awk -v us="$1" 'BEGIN {printf "%.2f", us/1e6}'; }
median() { sort -n | awk 'NF {a[++n]=$1} END {if (n == 0) print 0; else printf "%d\n", (n%2 ? a[(n+1)/2] : (a[n/2]+a[n/2+1])/2)}'; }

[ "$(id -u)" -eq 0 ] || die "must run as root (rootful podman)"
[[ $RUNS =~ ^[1-9][0-9]*$ ]] || die "RUNS must be a positive integer: $RUNS"
command -v podman >/dev/null || die "podman is missing"

# 1. podman-compose (hyperfine is not used: the alternation and the wait are done here).
if ! command -v podman-compose >/dev/null; then
  say "installing podman-compose"
  DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends podman-compose >/dev/null
fi

rm -rf "$WORK"
mkdir -p "$WORK/bin" "$WORK/compose" "$WORK/logs"
for ((i = 1; i <= COUNT; i++)); do echo "$NAME_PREFIX$i"; done > "$WORK/names"
mapfile -t NAMES < "$WORK/names"

# The frozen ocidsl.
say "ocidsl: rebuilding through scripts/ocidsl if the sources changed"
if ! flock "$LOCK" "$ROOT/scripts/ocidsl" --version >"$WORK/logs/ocidsl-build.log" 2>&1; then
  [ -f "$ROOT/dsl/target/ocidsl.jar" ] || die "scripts/ocidsl failed to build: see $WORK/logs/ocidsl-build.log"
  say "WARNING: the tree does not build now; benchmarking the existing dsl/target/ocidsl.jar"
fi
cp "$ROOT/dsl/target/ocidsl.jar" "$WORK/ocidsl.jar"
say "ocidsl: jar $(sha256sum "$WORK/ocidsl.jar" | cut -c1-12) of $(date -r "$ROOT/dsl/target/ocidsl.jar" '+%F %T'); training its class-data archive"
training=$(mktemp -d "$WORK/training.XXXXXX")
if ! { OCIDSL_CACHE_DIR="$training/cache" java "${JVM[@]}" -XX:DumpLoadedClassList="$training/classes" \
         -jar "$WORK/ocidsl.jar" --state-dir "$training/state" build "$ROOT/scripts/examples/web.oci.groovy" \
         -o "$training/out" &&
       java -Xshare:dump -XX:+UseSerialGC -Xlog:cds=off -XX:SharedClassListFile="$training/classes" \
         -XX:SharedArchiveFile="$WORK/ocidsl.jsa" -cp "$WORK/ocidsl.jar"; } >"$WORK/logs/cds-training.log" 2>&1; then
  say "WARNING: class-data training failed (see $WORK/logs/cds-training.log); running without it"
  rm -f "$WORK/ocidsl.jsa"
fi
rm -rf "$training"
{
  echo '#!/bin/sh'
  printf 'exec java'
  printf ' %q' "${JVM[@]}"
  [ -f "$WORK/ocidsl.jsa" ] && printf ' %q' "-XX:SharedArchiveFile=$WORK/ocidsl.jsa"
  printf ' -jar %q "$@"\n' "$WORK/ocidsl.jar"
} > "$WORK/bin/ocidsl"
chmod 755 "$WORK/bin/ocidsl"
readonly OCIDSL=$WORK/bin/ocidsl
export OCIDSL_CACHE_DIR=$WORK/cache # the compiled-script cache: ours, warmed by the warm-up round

# 2. The image, built by ocidsl (image build needs the image to be used by the system).
cat > "$WORK/image.oci.groovy" <<'EOF'
def img = ociImage {
    repository 'bench-img'
    value programs('/bin/busybox')
    packOptions symlinks: ['/bin/sh': 'busybox', '/bin/sleep': 'busybox']
}

system {
    service rootlessPodmanServiceType
    service ociServiceType, ociConfiguration {
        runtime 'podman'
        user 'root'
        containers ociContainer { provision 'bench-img'; image img; command 'sh', '-c', 'exec sleep 100000' }
    }
}
EOF
say "building $IMAGE with ocidsl and loading it"
"$OCIDSL" --state-dir "$WORK/image-state" image build "$WORK/image.oci.groovy" bench-img -o "$WORK/bench-img.tar" \
  >"$WORK/logs/image-build.log" 2>&1 || { cat "$WORK/logs/image-build.log" >&2; die "image build failed"; }
podman load -i "$WORK/bench-img.tar" >"$WORK/logs/podman-load.log" 2>&1 || { cat "$WORK/logs/podman-load.log" >&2; die "podman load failed"; }
podman image exists "$IMAGE" || die "$IMAGE is not in podman's storage after podman load"

# 3. The ocidsl system.
{
  echo 'system {'
  echo '    service rootlessPodmanServiceType'
  echo '    service ociServiceType, ociConfiguration {'
  echo "        runtime 'podman'"
  echo "        user 'root'"
  for name in "${NAMES[@]}"; do
    echo "        containers ociContainer { provision '$name'; image '$IMAGE'; command 'sh', '-c', 'exec sleep 100000' }"
  done
  echo '    }'
  echo '}'
} > "$WORK/system.oci.groovy"
"$OCIDSL" check "$WORK/system.oci.groovy" >&2

# 4. The compose file.
{
  echo 'services:'
  for name in "${NAMES[@]}"; do
    printf '  %s:\n    image: %s\n    container_name: %s\n    command: ["sh", "-c", "exec sleep 100000"]\n' \
      "$name" "$IMAGE" "$name"
  done
} > "$WORK/compose/compose.yml"
readonly COMPOSE=(podman-compose -p "$PROJECT" -f "$WORK/compose/compose.yml")

# Waiting and tearing down.
running() { podman ps --filter status=running --format '{{.Names}}' 2>/dev/null | grep -cxF -f "$WORK/names" || true; }
existing() { podman ps -a --format '{{.Names}}' 2>/dev/null | grep -cxF -f "$WORK/names" || true; }

wait_running() { # T0: wait until all COUNT run; prints the microseconds since T0, fails at the deadline
  local t0=$1 n
  while :; do
    n=$(running)
    if [ "$n" -ge "$COUNT" ]; then echo $(($(now) - t0)); return 0; fi
    if [ $(($(now) - t0)) -gt $((DEADLINE_S * 1000000)) ]; then echo "only $n of $COUNT running after $DEADLINE_S s"; return 1; fi
    sleep 0.05
  done
}

state_dir= # the state directory of the ocidsl system that may be running
shell_pids=() # foreground podman clients of shell-par
teardown() {
  if [ -n "$state_dir" ]; then
    "$OCIDSL" halt --state-dir "$state_dir" >>"$WORK/logs/teardown.log" 2>&1 || true
    state_dir=
  fi
  # By full ID only: a name that no container has would match the containers whose ID starts
  # with it (c1..c20 are hexadecimal), which may be anyone's. For the same reason
  # `podman-compose down` is not used (it stops and removes every service by name, whether its
  # container exists or not): its containers (by label) and its network are removed here.
  { podman ps -a --format '{{.ID}} {{.Names}}' 2>/dev/null | awk 'NR == FNR {want[$1]; next} ($2 in want) {print $1}' "$WORK/names" - || true
    podman ps -a -q --filter "label=io.podman.compose.project=$PROJECT" 2>/dev/null || true
  } | sort -u | xargs -r podman rm -f -t 0 >>"$WORK/logs/teardown.log" 2>&1 || true
  if podman network exists "${PROJECT}_default" 2>/dev/null; then
    podman network rm -f "${PROJECT}_default" >>"$WORK/logs/teardown.log" 2>&1 || true
  fi
  local pid
  for pid in "${shell_pids[@]}"; do
    kill -TERM "$pid" 2>/dev/null || true
  done
  for pid in "${shell_pids[@]}"; do
    wait "$pid" 2>/dev/null || true
  done
  shell_pids=()
  local deadline=$(($(now) + 60000000))
  while [ "$(existing)" -ne 0 ]; do
    [ "$(now)" -lt "$deadline" ] || { say "WARNING: containers left after teardown: $(podman ps -a --format '{{.Names}}' | grep -xF -f "$WORK/names" | tr '\n' ' ')"; break; }
    sleep 0.2
  done
}
on_exit() {
  local status=$?
  trap - EXIT INT TERM
  say "cleaning up"
  teardown
  podman rmi -f "$IMAGE" >/dev/null 2>&1 || true
  exit "$status"
}
trap on_exit EXIT
trap 'exit 130' INT TERM

# One measurement of VARIANT in round R: prints "MICROSECONDS" or "FAIL reason".
declare -A result returned
measure() { # VARIANT R
  local variant=$1 r=$2 t0 t1 out log="$WORK/logs/$1.$2.log"
  teardown
  sync
  case $variant in
    ocidsl)
      state_dir=$WORK/state.$r
      local args=(--state-dir "$state_dir")
      if [ "${OCIDSL_ACTIVATE_HOST:-0}" != 1 ]; then
        local root=$WORK/root.$r
        mkdir -p "$root/etc" "$root/usr/bin"
        ln -s "$(command -v podman)" "$root/usr/bin/podman"
        echo 'root:x:0:0:root:/home/root:/bin/sh' > "$root/etc/passwd"
        printf 'root:x:0:\nusers:x:100:\ncgroup:x:999:root\n' > "$root/etc/group"
        args+=(--root "$root")
      fi
      t0=$(now)
      if ! "$OCIDSL" run -d "$WORK/system.oci.groovy" "${args[@]}" >"$log" 2>&1; then
        result[$variant.$r]="FAIL ocidsl run -d: $(tail -1 "$log")"
        return
      fi
      t1=$(now)
      returned[$r]=$((t1 - t0))
      ;;
    compose)
      t0=$(now)
      if ! (cd "$WORK/compose" && "${COMPOSE[@]}" up -d) >"$log" 2>&1; then
        result[$variant.$r]="FAIL podman-compose up -d: $(grep -m1 -i error "$log" || tail -1 "$log")"
        return
      fi
      ;;
    shell-seq)
      t0=$(now)
      local name
      for name in "${NAMES[@]}"; do
        podman run -d --name "$name" "$IMAGE" sh -c 'exec sleep 100000' >>"$log" 2>&1 || true
      done
      ;;
    shell-par)
      t0=$(now)
      local name
      for name in "${NAMES[@]}"; do
        setsid podman run --rm --replace --name "$name" "$IMAGE" sh -c 'exec sleep 100000' </dev/null >>"$log" 2>&1 &
        shell_pids+=($!)
      done
      ;;
  esac
  if out=$(wait_running "$t0"); then
    result[$variant.$r]=$out
  else
    local why
    why=$(grep -h -m3 -i -E 'error|SIGKILL|exited with' "$log" ${state_dir:+"$state_dir"/logs/*.log} 2>/dev/null \
      | sort -u | head -3 | tr '\n' ' ' || true)
    result[$variant.$r]="FAIL $out${why:+ ($why)}"
  fi
}

VARIANTS=(ocidsl compose shell-seq shell-par)
say "warm-up round (not counted)"
for v in "${VARIANTS[@]}"; do
  measure "$v" warmup
  say "  warm-up $v: ${result[$v.warmup]}"
done

for ((r = 1; r <= RUNS; r++)); do
  order=()
  for ((k = 0; k < ${#VARIANTS[@]}; k++)); do order+=("${VARIANTS[$(((k + r - 1) % ${#VARIANTS[@]}))]}"); done
  for v in "${order[@]}"; do
    measure "$v" "$r"
    x=${result[$v.$r]}
    if [[ $x == FAIL* ]]; then say "  round $r $v: $x"; else say "  round $r $v: $(seconds "$x") s"; fi
  done
done
teardown

# Diagnostics: the JVM floor and evaluating the file (warm cache), 5 runs each.
jvm=(); check=()
for ((r = 0; r < 5; r++)); do
  t0=$(now); "$OCIDSL" --version >/dev/null 2>&1; jvm+=($(($(now) - t0)))
  t0=$(now); "$OCIDSL" check "$WORK/system.oci.groovy" >/dev/null 2>&1; check+=($(($(now) - t0)))
done

declare -A med
echo
compose_version=$(dpkg-query -W -f='${Version}' podman-compose 2>/dev/null || echo '?')
echo "compose-20: $COUNT containers of $IMAGE, rootful podman $(podman version --format '{{.Client.Version}}'), podman-compose $compose_version; $RUNS rounds, alternating; from the command's start until all $COUNT run"
for v in "${VARIANTS[@]}"; do
  ok=(); fails=0; runs_text=
  for ((r = 1; r <= RUNS; r++)); do
    x=${result[$v.$r]}
    if [[ $x == FAIL* ]]; then fails=$((fails + 1)); runs_text+="FAIL "; else ok+=("$x"); runs_text+="$(seconds "$x") "; fi
  done
  med[$v]=$(printf '%s\n' "${ok[@]}" | median)
  printf '  %-10s median %6s s   runs: %s%s\n' "$v" "$(seconds "${med[$v]}")" "$runs_text" \
    "$([ "$fails" -eq 0 ] || echo "($fails failed)")"
done
ret=()
for ((r = 1; r <= RUNS; r++)); do [[ ${result[ocidsl.$r]} == FAIL* ]] || ret+=("${returned[$r]}"); done
ratio=$(awk -v a="${med[ocidsl]}" -v b="${med[compose]}" 'BEGIN {if (b > 0) printf "%.2f", a/b; else print "n/a"}')
verdict=$(awk -v x="$ratio" 'BEGIN {print (x != "n/a" && x <= 1.0) ? "MET" : "NOT MET"}')
echo "  ratio ocidsl / podman-compose: $ratio (target <= 1.0: $verdict)"
# podman-compose up -d sleeps 1 s after each podman run it makes (up to 1.0.x: PodmanCompose.run's
# sleep=1, see podman_compose.py), so that 20 services cost it 20 s of sleeping.
compose_py=$(dpkg -L podman-compose 2>/dev/null | grep -m1 '/podman_compose\.py$' || true)
if [ -n "$compose_py" ] && grep -q 'def run(self, podman_args.*sleep=1' "$compose_py"; then
  nosleep=$((med[compose] - COUNT * 1000000))
  echo "  podman-compose sleeps 1 s after each podman run ($compose_py): its median without those $COUNT s is $(seconds "$nosleep") s;"
  echo "    ratio ocidsl / that: $(awk -v a="${med[ocidsl]}" -v b="$nosleep" 'BEGIN {if (b > 0) printf "%.2f", a/b; else print "n/a"}')"
fi
echo "  ratio ocidsl / shell-seq: $(awk -v a="${med[ocidsl]}" -v b="${med[shell-seq]}" 'BEGIN {if (b > 0) printf "%.2f", a/b; else print "n/a"}'), ocidsl / shell-par: $(awk -v a="${med[ocidsl]}" -v b="${med[shell-par]}" 'BEGIN {if (b > 0) printf "%.2f", a/b; else print "n/a"}')"
echo "  ocidsl: 'run -d' returned after (median)          $(seconds "$(printf '%s\n' "${ret[@]}" | median)") s; the rest is podman starting the containers"
echo "  ocidsl: JVM floor, 'ocidsl --version' (median)    $(seconds "$(printf '%s\n' "${jvm[@]}" | median)") s"
echo "  ocidsl: 'ocidsl check FILE', warm cache (median)  $(seconds "$(printf '%s\n' "${check[@]}" | median)") s"
for ((r = 1; r <= RUNS; r++)); do
  for v in "${VARIANTS[@]}"; do
    [[ ${result[$v.$r]} != FAIL* ]] || echo "  round $r $v: ${result[$v.$r]}"
  done
done
echo "  logs: $WORK/logs"
