#!/usr/bin/env bash
# Benchmark of the supervisor (not a test): 200 plain services ('exec sleep 1000') in a binary
# tree of requirements (svc-N requires svc-(N-1)/2).
#
# Prints, as medians over RUNS runs (default 5):
#   - baseline: a shell starting the same 200 launchers itself (setsid, in tree order);
#   - supervisor start -> all 200 running, from the moment the supervisor JVM is launched,
#     and that minus the baseline (the target is <= 1 s beyond the processes' own start);
#   - the JVM alone booting to its usage message (part of the figure above);
#   - resident memory of the supervisor (VmRSS, VmHWM from /proc) with the 200 services up
#     (target <= 120 MiB);
#   - respawn: a service killed with SIGKILL until its new process runs (target <= 0.3 s);
#   - halt: SIGTERM to the supervisor until it and every service are gone.
#
# Usage: scripts/bench/supervisor.sh [RUNS]   (builds the jar through scripts/ocidsl if missing).
# Run it on an otherwise idle machine: the figures are wall-clock times.
set -euo pipefail

runs=${1:-5}
count=200
top=$(dirname "$(dirname "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")")")
jar="$top/dsl/target/ocidsl.jar"
# Build the jar only when it is missing: a benchmark should not rebuild under its own feet.
[ -f "$jar" ] || "$top/scripts/ocidsl" --version >/dev/null
# The options scripts/ocidsl gives 'run', whose detached supervisor inherits them.
# shellcheck source=scripts/jvm-options
. "$top/scripts/jvm-options"
jvm_options=("${ocidsl_jvm_common[@]}")

work=$(mktemp -d /tmp/ocidsl-bench.XXXXXX)
supervisor_pid=
cleanup() {
  if [ -n "$supervisor_pid" ] && kill -0 "$supervisor_pid" 2>/dev/null; then
    kill -TERM "$supervisor_pid" 2>/dev/null || true
    sleep 1
    kill -KILL "$supervisor_pid" 2>/dev/null || true
  fi
  # Every service records its pid; end whatever is left.
  [ -f "$work/pids" ] && awk '{print $1}' "$work/pids" | xargs -r kill -KILL 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT

now() { echo "${EPOCHREALTIME/./}"; }   # microseconds, no fork
median() { sort -n | awk '{a[NR]=$1} END {printf "%d\n", (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }
seconds() { awk -v us="$1" 'BEGIN {printf "%.3f", us/1e6}'; }

# The generation: system.json and one launcher per service, as GenerationStore writes them.
gen="$work/gen"
mkdir -p "$gen/launchers"
{
  echo '{"format":1,"source":"bench","services":['
  for ((i = 0; i < count; i++)); do
    req='[]'
    if ((i > 0)); then req="[\"svc-$(((i - 1) / 2))\"]"; fi
    sep=','
    if ((i == count - 1)); then sep=''; fi
    echo "{\"provision\":[\"svc-$i\"],\"requirement\":$req,\"oneShot\":false,\"respawn\":true,\"autoStart\":true,\"documentation\":\"\",\"environment\":[],\"secretEnvironment\":[],\"stop\":false,\"actions\":[]}$sep"
    mkdir -p "$gen/launchers/svc-$i"
    printf '#!/bin/sh\nset -e\necho "$$ svc-%d" >> %s\nexec sleep 1000\n' "$i" "'$work/pids'" > "$gen/launchers/svc-$i/start"
    chmod 755 "$gen/launchers/svc-$i/start"
  done
  echo ']}'
} > "$gen/system.json"

wait_lines() { # FILE N TIMEOUT_S: wait until FILE has N lines
  local deadline=$(($(now) + $3 * 1000000))
  while [ "$(wc -l 2>/dev/null < "$1" || echo 0)" -lt "$2" ]; do
    if [ "$(now)" -gt "$deadline" ]; then echo "timed out waiting for $2 lines in $1" >&2; return 1; fi
    sleep 0.005
  done
}

# Baseline: the processes' own start, launched by a shell in tree order.
baseline=()
for ((r = 0; r < runs; r++)); do
  rm -f "$work/pids"
  t0=$(now)
  for ((i = 0; i < count; i++)); do
    (setsid "$gen/launchers/svc-$i/start" </dev/null >/dev/null 2>&1 &)
  done
  wait_lines "$work/pids" "$count" 30
  t1=$(now)
  baseline+=($((t1 - t0)))
  awk '{print $1}' "$work/pids" | xargs -r kill -KILL 2>/dev/null || true
  sleep 0.3
done

# The JVM alone, to its usage message.
jvm=()
for ((r = 0; r < runs; r++)); do
  t0=$(now)
  java "${jvm_options[@]}" -cp "$jar" org.ocidsl.engine.supervisor.SupervisorMain >/dev/null 2>&1 || true
  t1=$(now)
  jvm+=($((t1 - t0)))
done

start=(); rss=(); hwm=(); respawn=(); halt=()
for ((r = 0; r < runs; r++)); do
  state="$work/state$r"
  rm -f "$work/pids"
  t0=$(now)
  setsid java "${jvm_options[@]}" -cp "$jar" org.ocidsl.engine.supervisor.SupervisorMain \
    --state-dir "$state" --detached "$gen" </dev/null >>"$work/supervisor.out" 2>&1 &
  supervisor_pid=$!
  wait_lines "$work/pids" "$count" 60
  t1=$(now)
  start+=($((t1 - t0)))

  # Memory, once the starts have settled.
  sleep 2
  rss+=($(awk '/^VmRSS:/ {print $2}' "/proc/$supervisor_pid/status"))
  hwm+=($(awk '/^VmHWM:/ {print $2}' "/proc/$supervisor_pid/status"))

  # Respawn: kill three different services (the respawn limit is per service), time each.
  for victim in 57 123 199; do
    old=$(awk -v n="svc-$victim" '$2 == n {print $1}' "$work/pids" | tail -1)
    lines=$(wc -l < "$work/pids")
    t0=$(now)
    kill -KILL "$old"
    wait_lines "$work/pids" $((lines + 1)) 5
    t1=$(now)
    respawn+=($((t1 - t0)))
    sleep 0.2
  done

  # Halt: SIGTERM until the supervisor and every service are gone.
  t0=$(now)
  kill -TERM "$supervisor_pid"
  while kill -0 "$supervisor_pid" 2>/dev/null; do sleep 0.01; done
  t1=$(now)
  halt+=($((t1 - t0)))
  left=0
  for p in $(awk '{print $1}' "$work/pids"); do
    if [ -e "/proc/$p" ] && ! grep -q '^State:.*Z' "/proc/$p/status" 2>/dev/null; then left=$((left + 1)); fi
  done
  if [ "$left" -ne 0 ]; then echo "run $r: $left service processes left after halt" >&2; exit 1; fi
  supervisor_pid=
done

b=$(printf '%s\n' "${baseline[@]}" | median)
s=$(printf '%s\n' "${start[@]}" | median)
j=$(printf '%s\n' "${jvm[@]}" | median)
m=$(printf '%s\n' "${rss[@]}" | median)
h=$(printf '%s\n' "${hwm[@]}" | median)
x=$(printf '%s\n' "${respawn[@]}" | median)
xmax=$(printf '%s\n' "${respawn[@]}" | sort -n | tail -1)
k=$(printf '%s\n' "${halt[@]}" | median)

echo "supervisor benchmark: $count services (exec sleep 1000) in a binary tree of requirements, $runs runs, medians"
echo "  baseline: a shell starting the $count launchers       $(seconds "$b") s"
echo "  supervisor launched -> all $count running              $(seconds "$s") s (runs: $(for v in "${start[@]}"; do printf '%s ' "$(seconds "$v")"; done))"
echo "    beyond the processes' own start (target <= 1 s)    $(seconds $((s - b))) s"
echo "    of which the JVM booting alone                     $(seconds "$j") s"
echo "  supervisor VmRSS with $count services (<= 120 MiB)     $(awk -v k="$m" 'BEGIN {printf "%.1f", k/1024}') MiB (peak VmHWM $(awk -v k="$h" 'BEGIN {printf "%.1f", k/1024}') MiB)"
echo "  respawn after SIGKILL (target <= 0.3 s)              $(seconds "$x") s (worst of ${#respawn[@]}: $(seconds "$xmax") s)"
echo "  halt (SIGTERM -> supervisor and services gone)       $(seconds "$k") s"
