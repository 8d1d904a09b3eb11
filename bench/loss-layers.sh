#!/bin/sh
# The host loss per weighted layer: Gram (ssyrk), (G - A) F (sgemm), the element passes and the content terms.
# Usage: bench/loss-layers.sh NET [LENGTH [REPETITIONS [WEIGHTS]]]   (defaults: 512 30, seeded random weights)
# e.g.   bench/loss-layers.sh squeezenet 512 30 ../shared/models/squeezenet_v1.1/squeezenet_v1.1.caffemodel
# OpenBLAS runs as bin/style-transfer runs it: on all cores, its threads sleeping at once after each call.
set -eu
cd "$(dirname "$0")/.."
mvn -q -B -DskipTests package
case "${4:-}" in ""|/*) weights="${4:-}" ;; *) weights="$OLDPWD/$4" ;; esac
OPENBLAS_NUM_THREADS="${OPENBLAS_NUM_THREADS:-$(nproc)}" OPENBLAS_THREAD_TIMEOUT="${OPENBLAS_THREAD_TIMEOUT:-4}" \
GLOG_minloglevel=2 exec java -Xmx8g -Dorg.bytedeco.javacpp.platform=linux-x86_64 \
    -cp target/style-transfer.jar styletransfer.bench.LossLayersBenchmark "$1" "${2:-512}" "${3:-30}" ${weights:+"$weights"}
