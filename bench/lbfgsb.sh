#!/bin/sh
# Optimizer overhead per iteration, Java port vs scipy, on the same problem in the same run.
# Usage: bench/lbfgsb.sh [n] [m] [iterations] [rounds]   (defaults: 1000000 8 30 3)
set -eu
cd "$(dirname "$0")/.."
mvn -q -B compile
CP="target/classes"
# scipy's OpenBLAS tuning variables are removed for the python child inside the benchmark.
exec java -Xmx3g -cp "$CP" styletransfer.bench.LbfgsBBenchmark "${1:-1000000}" "${2:-8}" "${3:-30}" "${4:-3}" python3
