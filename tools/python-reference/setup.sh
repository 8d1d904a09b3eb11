#!/usr/bin/env bash
# Builds the Python program style-transfer ports (fzliu/style-transfer's style.py) beside ours, on Debian 12 or
# Ubuntu 22.04+: installs the packages, builds BVLC Caffe CPU-only with pycaffe for the system Python 3, applies
# our patches to Caffe and style.py, and writes a launcher. See README.md in this folder.
set -euo pipefail

HERE=$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")" && pwd)
REPO=$(cd "$HERE/../.." && pwd)

usage() {
    cat <<EOF
usage: $0 [options]

  --work DIR          where clones, the launcher and generated weights go
                      (default: \$HOME/style-transfer-python)
  --caffe-src DIR     your BVLC/caffe checkout: patched and built in place
                      (default: clone https://github.com/BVLC/caffe into WORK/caffe)
  --style-src DIR     your fzliu/style-transfer checkout: patched in place
                      (default: clone https://github.com/fzliu/style-transfer into WORK/style-transfer)
  --python PATH       the Python 3 to build pycaffe for (default: /usr/bin/python3; it must see
                      numpy, scipy, scikit-image, protobuf, PIL, six and progressbar)
  --jobs N            parallel compile jobs (default: number of cores)
  --no-apt            do not install packages (they must be there already)
  --squeezenet-weights FILE
                      squeezenet_v1.1.caffemodel to link into style.py's models/squeezenet/
                      (default: models/squeezenet/squeezenet_v1.1.caffemodel of this repository, if present)
  -h, --help          this help
EOF
}

WORK="$HOME/style-transfer-python"
CAFFE_SRC=""
STYLE_SRC=""
PYTHON=/usr/bin/python3
JOBS=$(nproc)
APT=1
SQUEEZENET_WEIGHTS="$REPO/models/squeezenet/squeezenet_v1.1.caffemodel"

need_arg() { [ $# -ge 2 ] && [ -n "$2" ] || { echo "error: $1 needs a value" >&2; exit 2; }; }
while [ $# -gt 0 ]; do
    case "$1" in
        --work) need_arg "$@"; WORK=$2; shift 2 ;;
        --caffe-src) need_arg "$@"; CAFFE_SRC=$2; shift 2 ;;
        --style-src) need_arg "$@"; STYLE_SRC=$2; shift 2 ;;
        --python) need_arg "$@"; PYTHON=$2; shift 2 ;;
        --jobs) need_arg "$@"; JOBS=$2; shift 2 ;;
        --no-apt) APT=0; shift ;;
        --squeezenet-weights) need_arg "$@"; SQUEEZENET_WEIGHTS=$2; shift 2 ;;
        -h|--help) usage; exit 0 ;;
        *) echo "error: unknown option '$1' (see --help)" >&2; exit 2 ;;
    esac
done
case "$JOBS" in ''|*[!0-9]*|0) echo "error: --jobs needs a positive number, got '$JOBS'" >&2; exit 2 ;; esac

step() { printf '\n== %s (%s)\n' "$*" "$(date +%T)"; }
die() { echo "error: $*" >&2; exit 1; }
START=$(date +%s)

# --- 1. packages -----------------------------------------------------------------------------------------------
. /etc/os-release
case "${ID:-}:${VERSION_ID:-}" in
    debian:12*|debian:13*|ubuntu:2[2-9].*) ;;
    *) echo "warning: tested on Debian 12 (and written for Ubuntu 22.04+); this is ${PRETTY_NAME:-unknown}" >&2 ;;
esac
PACKAGES=(build-essential git ca-certificates
          libprotobuf-dev protobuf-compiler libgoogle-glog-dev libgflags-dev libhdf5-dev
          libboost-system-dev libboost-thread-dev libboost-filesystem-dev libboost-python-dev libopenblas-dev
          python3-dev python3-numpy python3-scipy python3-skimage python3-protobuf python3-pil python3-six
          python3-progressbar)
if [ "$APT" = 1 ]; then
    step "Installing packages"
    SUDO=""
    [ "$(id -u)" = 0 ] || SUDO=sudo
    $SUDO apt-get update
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -o DPkg::Lock::Timeout=600 -y --no-install-recommends "${PACKAGES[@]}"
fi
[ -x "$PYTHON" ] || die "no Python at $PYTHON (--python)"
"$PYTHON" -c 'import numpy, scipy, skimage, google.protobuf, PIL, six, progressbar' \
    || die "$PYTHON lacks one of numpy, scipy, scikit-image, protobuf, PIL, six, progressbar (packages: ${PACKAGES[*]})"

# --- 2. sources ------------------------------------------------------------------------------------------------
mkdir -p "$WORK"
WORK=$(cd "$WORK" && pwd)
source_dir() { # NAME GIVEN URL: the checkout to use, cloning URL into WORK/NAME when none was given
    local name=$1 given=$2 url=$3
    if [ -n "$given" ]; then
        [ -d "$given" ] || die "$given is not a folder"
        (cd "$given" && pwd)
    else
        if [ ! -d "$WORK/$name" ]; then
            git clone --quiet --depth 1 "$url" "$WORK/$name" >&2 || die "cannot clone $url"
        fi
        echo "$WORK/$name"
    fi
}
step "Sources"
CAFFE=$(source_dir caffe "$CAFFE_SRC" https://github.com/BVLC/caffe.git)
STYLE=$(source_dir style-transfer "$STYLE_SRC" https://github.com/fzliu/style-transfer.git)
[ -f "$CAFFE/Makefile" ] && [ -f "$CAFFE/src/caffe/net.cpp" ] || die "$CAFFE is not a BVLC/caffe checkout"
[ -f "$STYLE/style.py" ] || die "$STYLE is not a fzliu/style-transfer checkout (no style.py)"
echo "caffe:          $CAFFE"
echo "style-transfer: $STYLE"

apply_patch() { # DIR PATCH: applies it once (a second run finds it applied and leaves it)
    local dir=$1 patch=$2
    if patch -d "$dir" -p1 -R --dry-run --silent -f < "$patch" > /dev/null 2>&1; then
        echo "$(basename "$patch"): already applied in $dir"
    elif patch -d "$dir" -p1 --dry-run --silent -f < "$patch" > /dev/null 2>&1; then
        patch -d "$dir" -p1 --silent -f < "$patch"
        echo "$(basename "$patch"): applied in $dir"
    else
        die "$(basename "$patch") does not apply to $dir (a different version or local changes?): see README.md"
    fi
}
step "Patching"
apply_patch "$CAFFE" "$HERE/caffe.patch"
apply_patch "$STYLE" "$HERE/style.py.patch"

# --- 3. Caffe --------------------------------------------------------------------------------------------------
step "Building Caffe (CPU only) and pycaffe for $("$PYTHON" --version 2>&1), $JOBS jobs"
PYVER=$("$PYTHON" -c 'import sys; print("%d.%d" % sys.version_info[:2])')
NUMPY_INCLUDE=$("$PYTHON" -c 'import numpy; print(numpy.get_include())')
PY_INCLUDE=$("$PYTHON" -c 'import sysconfig; print(sysconfig.get_paths()["include"])')
MULTIARCH=$(gcc -print-multiarch)
BOOST_PYTHON=boost_python${PYVER/./}
ls /usr/lib/"$MULTIARCH"/lib"$BOOST_PYTHON".so > /dev/null 2>&1 \
    || die "no lib$BOOST_PYTHON.so for Python $PYVER (libboost-python-dev is built for another Python?)"
# Makefile.config is Caffe's build configuration; ours, written fresh on every run.
# (rewritten only when it changes: a newer Makefile.config makes Caffe's Makefile rebuild everything)
cat > "$CAFFE/Makefile.config.new" <<EOF
# Written by style-transfer's tools/python-reference/setup.sh
CPU_ONLY := 1
# style.py needs none of OpenCV (pycaffe reads images with scikit-image), LevelDB or LMDB (training data)
USE_OPENCV := 0
USE_LEVELDB := 0
USE_LMDB := 0
BLAS := open
BLAS_INCLUDE := /usr/include/$MULTIARCH/openblas-pthread
PYTHON_LIBRARIES := $BOOST_PYTHON python$PYVER
PYTHON_INCLUDE := $PY_INCLUDE $NUMPY_INCLUDE
PYTHON_LIB := /usr/lib
INCLUDE_DIRS := \$(PYTHON_INCLUDE) /usr/local/include /usr/include/hdf5/serial
LIBRARY_DIRS := \$(PYTHON_LIB) /usr/local/lib /usr/lib /usr/lib/$MULTIARCH /usr/lib/$MULTIARCH/hdf5/serial
BUILD_DIR := build
DISTRIBUTE_DIR := distribute
Q ?= @
EOF
if cmp -s "$CAFFE/Makefile.config.new" "$CAFFE/Makefile.config"; then
    rm "$CAFFE/Makefile.config.new"
else
    if [ -f "$CAFFE/Makefile.config" ] && ! grep -q "^# Written by style-transfer's" "$CAFFE/Makefile.config"; then
        mv "$CAFFE/Makefile.config" "$CAFFE/Makefile.config.orig"
        echo "your Makefile.config is now Makefile.config.orig"
    fi
    mv "$CAFFE/Makefile.config.new" "$CAFFE/Makefile.config"
fi
BUILD_START=$(date +%s)
make -C "$CAFFE" -j"$JOBS" pycaffe
BUILD_SECONDS=$(( $(date +%s) - BUILD_START ))
echo "Caffe and pycaffe built in ${BUILD_SECONDS}s"
PYTHONPATH="$CAFFE/python" "$PYTHON" -c 'import caffe' || die "pycaffe does not import"

# --- 4. style.py's model folders -------------------------------------------------------------------------------
step "Model folders"
# squeezenet: style-transfer's prototxt (ours), the reference's mean file, the weights if we have them
mkdir -p "$STYLE/models/squeezenet"
cp "$REPO/models/squeezenet/deploy.prototxt" "$STYLE/models/squeezenet/deploy.prototxt"
cp "$STYLE/models/googlenet/ilsvrc_2012_mean.npy" "$STYLE/models/squeezenet/ilsvrc_2012_mean.npy"
if [ -f "$SQUEEZENET_WEIGHTS" ]; then
    ln -sfn "$(readlink -f "$SQUEEZENET_WEIGHTS")" "$STYLE/models/squeezenet/squeezenet_v1.1.caffemodel"
    echo "squeezenet: weights linked from $SQUEEZENET_WEIGHTS"
else
    echo "squeezenet: no weights at $SQUEEZENET_WEIGHTS; pass --weights FILE to style.py or run bin/style-transfer fetch-models squeezenet and this script again"
fi
# googlenet with seeded random weights, the same as style-transfer's benchmark uses
RANDOM_GOOGLENET="$WORK/googlenet-random.caffemodel"
if [ ! -f "$RANDOM_GOOGLENET" ]; then
    echo "writing $RANDOM_GOOGLENET (about a minute)"
    PYTHONPATH="$CAFFE/python" "$PYTHON" "$HERE/random_weights.py" \
        "$STYLE/models/googlenet/deploy.prototxt" "$RANDOM_GOOGLENET.tmp"
    mv "$RANDOM_GOOGLENET.tmp" "$RANDOM_GOOGLENET"
fi

# --- 5. launcher and a smoke test ------------------------------------------------------------------------------
step "Launcher"
LAUNCHER="$WORK/style.sh"
cat > "$LAUNCHER" <<EOF
#!/bin/sh
# Runs fzliu/style-transfer's style.py (patched by style-transfer's tools/python-reference/setup.sh)
PYTHONPATH="$CAFFE/python\${PYTHONPATH:+:\$PYTHONPATH}" exec "$PYTHON" "$STYLE/style.py" "\$@"
EOF
chmod +x "$LAUNCHER"
SMOKE="$WORK/smoke"
mkdir -p "$SMOKE"
"$LAUNCHER" -s "$STYLE/images/style/starry_night.jpg" -c "$STYLE/images/content/nanjing.jpg" -m googlenet \
    --weights "$RANDOM_GOOGLENET" -g -1 -l 96 -n 3 -v -o "$SMOKE/out.png" --trace "$SMOKE/trace.jsonl" \
    > "$SMOKE/log.txt" 2>&1 || { cat "$SMOKE/log.txt" >&2; die "style.py failed its smoke test"; }
[ "$(wc -l < "$SMOKE/trace.jsonl")" -ge 2 ] || die "style.py wrote no trace in its smoke test (see $SMOKE)"
echo "style.py smoke test passed (googlenet, random weights, -l 96 -n 3)"

cat <<EOF

Done in $(( $(date +%s) - START ))s (Caffe build ${BUILD_SECONDS}s). Run the Python program with
  $LAUNCHER -s STYLE -c CONTENT -m googlenet -g -1 ... [--weights FILE] [--trace FILE]
GoogLeNet with the benchmark's random weights: --weights $RANDOM_GOOGLENET
EOF
