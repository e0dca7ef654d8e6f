#!/bin/sh
# Installs the PyTorch side of the `compare` benchmark: Debian's python3-torch (1.13, for /usr/bin/python3,
# not a pyenv python on PATH) and the pthread OpenBLAS. Without libopenblas0-pthread Debian's torch runs
# on reference BLAS, about 20x slower, which would make the comparison meaningless.
# Idempotent: does nothing when the module imports and OpenBLAS is the BLAS alternative.
set -eu

PY=/usr/bin/python3

if [ "$(id -u)" -eq 0 ]; then
    SUDO=""
elif command -v sudo >/dev/null 2>&1; then
    SUDO="sudo"
else
    echo "setup.sh: needs root or sudo to apt-get install python3-torch libopenblas0-pthread" >&2
    exit 1
fi

have_torch() { "$PY" -c "import torch" >/dev/null 2>&1; }
have_openblas() { dpkg-query -W -f='${Status}' libopenblas0-pthread 2>/dev/null | grep -q "install ok installed"; }

if have_torch && have_openblas; then
    echo "setup.sh: python3-torch and libopenblas0-pthread already installed"
else
    export DEBIAN_FRONTEND=noninteractive
    $SUDO apt-get update -q
    $SUDO apt-get install -y -q --no-install-recommends python3-torch libopenblas0-pthread
fi

# Debian picks the BLAS through alternatives; make sure it is OpenBLAS (pthread), not reference BLAS.
for alt in libblas.so.3-x86_64-linux-gnu liblapack.so.3-x86_64-linux-gnu; do
    target=$(update-alternatives --list "$alt" 2>/dev/null | grep openblas-pthread | head -n 1 || true)
    if [ -n "$target" ]; then
        $SUDO update-alternatives --set "$alt" "$target" >/dev/null
    fi
done

"$PY" -c "import torch; print('setup.sh: torch', torch.__version__, 'threads', torch.get_num_threads())"
