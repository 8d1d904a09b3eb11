#!/usr/bin/env bash
# A real one-node Slurm cluster on 127.0.0.1 runs `style-transfer batch` as job arrays (issue 15):
#   1. a 2 x 3 batch on SqueezeNet as `sbatch --array=0-2` with --shard $SLURM_ARRAY_TASK_ID/$SLURM_ARRAY_TASK_COUNT,
#      the weights fetched at once by all tasks into one shared models folder from a local HTTP server:
#      six outputs, six "ok" JSON lines, each job in exactly one shard, one download;
#   2. a second array whose task 1 is cancelled (scancel: SIGTERM, as pre-emption) in the middle of its job and then
#      requeued (scontrol requeue): it reports the job "stopped", and the requeued task finishes it from its checkpoint.
# munged, slurmctld, slurmd and the HTTP server run from a private temporary folder (own key, socket, config, state,
# ports) and are stopped by PID on exit, also when a check fails. Needs root and Debian's slurmd, slurmctld and munge
# packages (.ci/run installs them), and the team's shared data beside the clone (else it is skipped, visibly).
set -euo pipefail

repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/../../.." && pwd)
shared=$(cd "$repo" && realpath -m "${STYLETRANSFER_SHARED:-../shared}")
started=$(date +%s)

say() { printf '[slurm-test %3ss] %s\n' "$(( $(date +%s) - started ))" "$*"; }
fail() { say "FAILED: $*"; exit 1; }

if [ "$(id -u)" != 0 ]; then
    echo "SKIPPED slurm test: it starts munged, slurmctld and slurmd and needs root"; exit 0
fi
if [ ! -f "$shared/models/squeezenet_v1.1/squeezenet_v1.1.caffemodel" ] || [ ! -d "$shared/reference/images" ]; then
    echo "SKIPPED slurm test: shared data not found at $shared (set STYLETRANSFER_SHARED=DIR)"; exit 0
fi
for cmd in munged slurmctld slurmd sbatch squeue scontrol scancel python3; do
    command -v "$cmd" >/dev/null || fail "$cmd is missing: apt-get install slurmd slurmctld munge (.ci/run does)"
done

# The jar is built once, here: the tasks start at the same moment and must not all try to build it.
say "building the jar (bin/style-transfer)"
"$repo/bin/style-transfer" --version >/dev/null

tmp=$(mktemp -d /tmp/style-transfer-slurm.XXXXXX)
chmod 755 "$tmp"
jobs_submitted=()
http_pid=""

stop_pid() { # stop_pid NAME PID: SIGTERM, then SIGKILL after 10 s; waits until it is gone (or a zombie)
    local name=$1 pid=$2 i
    [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null || return 0
    kill "$pid" 2>/dev/null || true
    for i in $(seq 100); do
        kill -0 "$pid" 2>/dev/null || return 0
        [ "$(awk '/^State:/ {print $2}' "/proc/$pid/status" 2>/dev/null)" = Z ] && return 0
        sleep 0.1
    done
    say "$name ($pid) ignored SIGTERM: SIGKILL"
    kill -9 "$pid" 2>/dev/null || true
}

cleanup() {
    local rc=$?
    set +e
    if [ "${#jobs_submitted[@]}" -gt 0 ] && [ -f "$tmp/slurm.conf" ]; then
        # Before the daemons: a killed slurmd would leave the job steps running.
        scancel "${jobs_submitted[@]}" 2>/dev/null
        for i in $(seq 60); do [ -z "$(squeue -h -j "$(IFS=,; echo "${jobs_submitted[*]}")" 2>/dev/null)" ] && break; sleep 0.5; done
    fi
    stop_pid slurmd "$(cat "$tmp/slurmd.pid" 2>/dev/null)"
    stop_pid slurmctld "$(cat "$tmp/slurmctld.pid" 2>/dev/null)"
    stop_pid munged "$(cat "$tmp/munge/munged.pid" 2>/dev/null)"
    stop_pid "HTTP server" "$http_pid"
    if [ "$rc" != 0 ]; then
        for f in "$tmp"/log/slurmctld.log "$tmp"/log/slurmd.log "$tmp"/a*/*.err; do
            [ -f "$f" ] && { echo "--- last lines of $f"; tail -n 15 "$f"; }
        done
    fi
    if [ "${KEEP_SLURM_TMP:-0}" = 1 ]; then say "kept $tmp"; else rm -rf "$tmp"; fi
    say "daemons stopped, exit $rc"
    exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }

# --- munge: its own key and socket, run as the munge user as it insists ---
mkdir -p "$tmp/munge" "$tmp/state" "$tmp/spool" "$tmp/log"
chown munge:munge "$tmp/munge"
chmod 711 "$tmp/munge"
dd if=/dev/urandom of="$tmp/munge/munge.key" bs=128 count=1 status=none
chown munge:munge "$tmp/munge/munge.key"
chmod 400 "$tmp/munge/munge.key"
runuser -u munge -- munged --socket="$tmp/munge/munge.socket" --key-file="$tmp/munge/munge.key" \
    --pid-file="$tmp/munge/munged.pid" --log-file="$tmp/munge/munged.log" --seed-file="$tmp/munge/munged.seed"

# --- slurm: one node (as slurmd -C describes this machine), one partition, everything under $tmp ---
host=$(hostname -s)
node=$(slurmd -C | head -n 1)
cat > "$tmp/slurm.conf" <<EOF
ClusterName=styletransfer-test
SlurmctldHost=$host(127.0.0.1)
SlurmctldPort=$(free_port)
SlurmdPort=$(free_port)
SlurmUser=root
SlurmdUser=root
AuthType=auth/munge
CredType=cred/munge
# A requeued job may start again cred_expire + 1 s after it ended (121 s by default).
AuthInfo=socket=$tmp/munge/munge.socket,cred_expire=10
StateSaveLocation=$tmp/state
SlurmdSpoolDir=$tmp/spool
SlurmctldPidFile=$tmp/slurmctld.pid
SlurmdPidFile=$tmp/slurmd.pid
SlurmctldLogFile=$tmp/log/slurmctld.log
SlurmdLogFile=$tmp/log/slurmd.log
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
SelectType=select/cons_tres
SelectTypeParameters=CR_Core
SchedulerType=sched/backfill
SchedulerParameters=batch_sched_delay=0,sched_interval=2
JobCompType=jobcomp/filetxt
JobCompLoc=$tmp/log/jobcomp.txt
KillWait=15
ReturnToService=2
MpiDefault=none
$node NodeAddr=127.0.0.1 State=UNKNOWN
PartitionName=test Nodes=$host Default=YES MaxTime=INFINITE State=UP
EOF
export SLURM_CONF="$tmp/slurm.conf"
slurmctld -f "$tmp/slurm.conf"
slurmd -f "$tmp/slurm.conf"
for i in $(seq 60); do sinfo -h -o %T 2>/dev/null | grep -q '^idle' && break; sleep 0.5; done
sinfo -h -o %T | grep -q '^idle' || fail "the node did not become idle: $(sinfo 2>&1)"
cluster_up=$(date +%s)
say "munged, slurmctld and slurmd up: $(sinfo -h -o '%P %D node(s) %c CPUs %T')"

# --- the shared models folder: SqueezeNet's model.json, its weights to be fetched from 127.0.0.1 ---
http_port=$(free_port)
python3 -m http.server --bind 127.0.0.1 --directory "$shared/models/squeezenet_v1.1" "$http_port" \
    > "$tmp/log/http.log" 2>&1 &
http_pid=$!
mkdir -p "$tmp/models/squeezenet"
cp "$repo/models/squeezenet/deploy.prototxt" "$tmp/models/squeezenet/"
sed "s|\"weightsUrl\": *\"[^\"]*\"|\"weightsUrl\": \"http://127.0.0.1:$http_port/squeezenet_v1.1.caffemodel\"|" \
    "$repo/models/squeezenet/model.json" > "$tmp/models/squeezenet/model.json"
grep -q "127.0.0.1:$http_port" "$tmp/models/squeezenet/model.json" || fail "could not point model.json at the local server"
for i in $(seq 50); do python3 -c "import urllib.request; urllib.request.urlopen('http://127.0.0.1:$http_port/', timeout=1)" 2>/dev/null && break; sleep 0.2; done

images="$shared/reference/images"
# An array task: its part of the batch, one CPU, its JSON lines in a .out file and its log in a .err file per task.
write_script() { # write_script FILE OUTDIR ITERATIONS STYLE... (extra batch options in $extra)
    local file=$1 out=$2 n=$3
    shift 3
    {
        echo '#!/bin/bash'
        echo '#SBATCH --cpus-per-task=1'
        echo 'export OPENBLAS_NUM_THREADS=1'
        printf 'exec %q batch' "$repo/bin/style-transfer"
        printf ' --contents %q' "$images/content/nanjing.jpg" "$images/content/sanfrancisco.jpg"
        printf ' --styles %q' "$@"
        printf ' --output-pattern %q' "$out/{content}-{style}.png"
        printf ' --models-dir %q -m squeezenet -l 64 -n %d -g -1 --seed 1 %s' "$tmp/models" "$n" "${extra:-}"
        echo ' --shard "$SLURM_ARRAY_TASK_ID/$SLURM_ARRAY_TASK_COUNT"'
    } > "$file"
}

# --- 1. a 2 x 3 batch as three array tasks ---
mkdir -p "$tmp/a1"
extra="" write_script "$tmp/a1/paint.sbatch" "$tmp/a1/out" 2 \
    "$images/style/starry_night.jpg" "$repo/images/style/coffee.png" "$repo/images/style/hubble_deep_field.jpg"
array1=$(sbatch --parsable --array=0-2 -J paint -o "$tmp/a1/%a.out" -e "$tmp/a1/%a.err" "$tmp/a1/paint.sbatch")
jobs_submitted+=("$array1")
say "submitted the 2 x 3 batch as array $array1 (tasks 0-2)"

job_state() { scontrol show job "$1" 2>/dev/null | sed -n 's/.*JobState=\([A-Z_]*\).*/\1/p' | head -n 1; }
wait_array() { # wait_array JOBID SECONDS: until none of its tasks is pending, running or completing
    local id=$1 limit=$2 t0=$SECONDS
    while [ -n "$(squeue -h -j "$id" 2>/dev/null)" ]; do
        [ $((SECONDS - t0)) -lt "$limit" ] || fail "array $id still running after ${limit}s: $(squeue -j "$id")"
        sleep 1
    done
}
wait_array "$array1" 150
say "array $array1 done:"
for k in 0 1 2; do # e.g. "task 0: job 2 ok shard 0/3, job 3 ok shard 0/3"
    printf '  task %s: %s\n' "$k" "$(sed 's/.*"job":\([0-9]*\),.*"status":"\([a-z]*\)".*"shard":"\([0-9/]*\)".*/job \1 \2 shard \3/' \
        "$tmp/a1/$k.out" | paste -sd, | sed 's/,/, /g')"
done

outputs=$(find "$tmp/a1/out" -name '*.png' -size +1k | wc -l)
[ "$outputs" = 6 ] || fail "expected 6 outputs, found $outputs: $(ls "$tmp/a1/out" 2>&1)"
for f in "$tmp/a1/out"/*.png; do
    [ "$(head -c 8 "$f" | od -An -tx1 | tr -d ' \n')" = 89504e470d0a1a0a ] || fail "$f is not a PNG"
done
ok_lines=$(cat "$tmp"/a1/[0-2].out | grep -c '"status":"ok"' || true)
[ "$ok_lines" = 6 ] || fail "expected 6 ok JSON lines, found $ok_lines: $(cat "$tmp"/a1/[0-2].out)"
for k in 0 1 2; do # each line names the task's own shard
    if grep -v "\"shard\":\"$k/3\"" "$tmp/a1/$k.out" | grep -q .; then fail "task $k printed a line of another shard"; fi
done
jobs_seen=$(cat "$tmp"/a1/[0-2].out | grep -o '"job":[0-9]*' | sort | uniq -c | awk '{print $1 "x" $2}' | paste -sd' ')
[ "$(cat "$tmp"/a1/[0-2].out | grep -o '"job":[0-9]*' | sort -u | wc -l)" = 6 ] || fail "not every job ran: $jobs_seen"
[ "$(cat "$tmp"/a1/[0-2].out | grep -o '"job":[0-9]*' | sort | uniq -d | wc -l)" = 0 ] || fail "a job ran twice: $jobs_seen"
downloads=$(grep -c 'GET /squeezenet_v1.1.caffemodel' "$tmp/log/http.log" || true)
[ "$downloads" = 1 ] || fail "the shared weights were downloaded $downloads times: $(cat "$tmp/log/http.log")"
[ "$(sha1sum < "$tmp/models/squeezenet/squeezenet_v1.1.caffemodel" | cut -d' ' -f1)" = \
  "$(sed -n 's/.*"weightsSha1": *"\([0-9a-f]*\)".*/\1/p' "$repo/models/squeezenet/model.json")" ] \
    || fail "the shared weights have the wrong SHA-1"
waited=$(cat "$tmp"/a1/[0-2].err | grep -c 'Waiting for another process that is downloading' || true)
say "checked: 6 outputs, 6 ok lines, each job once in its task's shard ($jobs_seen), weights downloaded once ($waited task(s) waited for it)"

# --- 2. cancel a task in the middle of its job, requeue it, and it finishes from its checkpoint ---
mkdir -p "$tmp/a2"
extra="--checkpoint-every 2" write_script "$tmp/a2/paint.sbatch" "$tmp/a2/out" 40 "$images/style/starry_night.jpg"
array2=$(sbatch --parsable --array=0-1 -J paint-requeue --open-mode=append -o "$tmp/a2/%a.out" -e "$tmp/a2/%a.err" \
    "$tmp/a2/paint.sbatch")
jobs_submitted+=("$array2")
say "submitted a 2 x 1 batch of 40 iterations with --checkpoint-every 2 as array $array2 (tasks 0-1)"
# Task 1's job, as its log names it; its first checkpoint shows it is in the middle of the job: cancel it then.
t0=$SECONDS
until grep -q 'job [0-9]*: painting' "$tmp/a2/1.err" 2>/dev/null; do
    [ $((SECONDS - t0)) -lt 90 ] || fail "task 1 did not start a job in 90 s: $(cat "$tmp/a2/1.err" 2>/dev/null)"
    sleep 0.2
done
job=$(grep -o 'job [0-9]*: painting' "$tmp/a2/1.err" | head -n 1 | cut -d' ' -f2 | tr -d :)
content=$(grep -o "job $job: painting [^ ]*" "$tmp/a2/1.err" | head -n 1 | awk '{print $4}')
output="$tmp/a2/out/$(basename "${content%.*}")-starry_night.png"
checkpoint="$output.checkpoint/state.json"
until [ -f "$checkpoint" ]; do
    [ $((SECONDS - t0)) -lt 90 ] || fail "no checkpoint of task 1 after 90 s: $(cat "$tmp/a2/1.err" 2>/dev/null)"
    sleep 0.2
done
scancel "${array2}_1"
t0=$SECONDS
until case "$(job_state "${array2}_1")" in CANCELLED|FAILED|COMPLETED) true ;; *) false ;; esac; do
    [ $((SECONDS - t0)) -lt 60 ] || fail "task 1 did not end after scancel: $(job_state "${array2}_1")"
    sleep 0.5
done
grep -q "\"job\":$job,.*\"status\":\"stopped\"" "$tmp/a2/1.out" || fail "task 1 did not report job $job stopped: $(cat "$tmp/a2/1.out")"
stopped_at=$(grep '"status":"stopped"' "$tmp/a2/1.out" | grep -o '"iterations":[0-9]*' | cut -d: -f2)
[ ! -e "$output" ] || fail "a stopped job wrote its output"
say "task 1 cancelled ($(job_state "${array2}_1")): job $job reported stopped after $stopped_at iterations, no output; requeueing"
scontrol requeue "${array2}_1"
wait_array "$array2" 120
grep -q "\"job\":$job,.*\"status\":\"ok\"" "$tmp/a2/1.out" || fail "the requeued task did not finish job $job: $(cat "$tmp/a2/1.out")"
grep -q "job $job: resuming from its checkpoint at iteration" "$tmp/a2/1.err" \
    || fail "the requeued task did not go on from the checkpoint: $(cat "$tmp/a2/1.err")"
grep -q '"status":"ok"' "$tmp/a2/0.out" || fail "task 0 did not finish its job: $(cat "$tmp/a2/0.out")"
[ "$(find "$tmp/a2/out" -name '*.png' | wc -l)" = 2 ] || fail "expected 2 outputs: $(ls -R "$tmp/a2/out")"
[ -z "$(find "$tmp/a2/out" -name '*.checkpoint')" ] || fail "checkpoints left after the jobs finished"
say "requeued task 1 finished job $job: $(grep -o 'resuming from its checkpoint at iteration [0-9]*' "$tmp/a2/1.err"), \
$(grep '"status":"ok"' "$tmp/a2/1.out" | grep -o '"iterations":[0-9]*')"
say "PASSED in $(( $(date +%s) - started ))s ($(( $(date +%s) - cluster_up ))s from the cluster's start)"
