#!/usr/bin/env bash
# The `gpu` benchmark on a CUDA machine that has PyTorch's CUDA build but no .NET (Gpu/README.md).
#   run-gpu-benchmark.sh pack [OUT]        on the build machine, from the repository root: publishes the benchmark
#                                          program self-contained for linux-x64, removes the CPU libtorch, adds the
#                                          Adult CSV and this script, and packs OUT (default /tmp/gan-gpu-bench) as
#                                          OUT.tar.xz
#   run-gpu-benchmark.sh run [ARGS...]     on the CUDA machine, from the unpacked folder: runs `gpu ARGS` against
#                                          PyTorch's libtorch and CUDA libraries (LD_LIBRARY_PATH), writing gpu.md
set -euo pipefail
mode=${1:-}
shift || true

pack() {
  local out=${1:-/tmp/gan-gpu-bench}
  rm -rf "$out" && mkdir -p "$out"
  dotnet publish test/Microsoft.ML.Gan.Benchmarks -c Release -r linux-x64 --self-contained -o "$out/publish"
  local p="$out/publish"
  # The CPU libtorch that libtorch-cpu-linux-x64 put there: PyTorch's CUDA libtorch replaces it on the GPU machine.
  rm -f "$p"/libtorch*.so "$p"/libc10.so "$p"/libgomp-*.so.1 "$p"/libshm.so "$p"/libbackend_with_compiler.so \
        "$p"/libjitbackend_test.so "$p"/libtorchbind_test.so "$p"/libaoti_custom_ops.so "$p"/libnnapi_backend.so "$p"/*.dbg
  rm -rf "$p/cpu"
  # The build may have patched libLibTorchSharp.so for an older libstdc++ (build/TorchSharpNativeFix.targets): keep
  # TorchSharp's original beside it, which the run step uses where the machine's libstdc++ has GLIBCXX_3.4.32.
  local original
  original=$(find "${NUGET_PACKAGES:-$HOME/.nuget/packages}/torchsharp" -path '*linux-x64/native/libLibTorchSharp.so' 2>/dev/null | sort | tail -1)
  if [ -n "$original" ] && ! cmp -s "$original" "$p/libLibTorchSharp.so"; then
    cp "$original" "$p/libLibTorchSharp.so.orig"
  fi
  mkdir -p "$out/data"
  # As AdultData.Find: ADULT_CSV, else data/adult.csv or ../shared/data/adult.csv beside this folder or a parent.
  local dir=$PWD csv=${ADULT_CSV:-}
  while [ -z "$csv" ] && [ "$dir" != / ]; do
    for candidate in "$dir/data/adult.csv" "$dir/../shared/data/adult.csv"; do
      if [ -f "$candidate" ]; then csv=$candidate; break; fi
    done
    dir=$(dirname "$dir")
  done
  if [ -n "$csv" ] && [ -f "$csv" ]; then cp "$csv" "$out/data/adult.csv"; fi
  [ -f "$out/data/adult.csv" ] || echo "warning: no adult.csv found (data/, ../shared/data/ or ADULT_CSV); run with --only mlp,dcgan" >&2
  cp "$0" "$out/run-gpu-benchmark.sh"
  tar -cJf "$out.tar.xz" -C "$out" .
  du -sh "$out/publish" "$out.tar.xz"
}

run() {
  local here
  here=$(cd "$(dirname "$0")" && pwd)
  local p="$here/publish"
  local torch_dir nv stdcxx
  torch_dir=$(python3 -c 'import torch,os;print(os.path.dirname(torch.__file__))') || { echo "no PyTorch for python3 here" >&2; exit 1; }
  nv=$(find "$(dirname "$torch_dir")/nvidia" -maxdepth 3 -type d -name lib 2>/dev/null | sort | tr '\n' ':')
  python3 -c 'import torch;print("torch", torch.__version__, "cuda", torch.version.cuda, "available", torch.cuda.is_available())'
  nvidia-smi --query-gpu=name,driver_version,memory.total,memory.used --format=csv,noheader || true
  stdcxx=$(ldconfig -p | awk '$1=="libstdc++.so.6" && /x86-64/ {print $NF; exit}')
  if [ -n "$stdcxx" ] && grep -qa 'GLIBCXX_3\.4\.32' "$stdcxx" && [ -f "$p/libLibTorchSharp.so.orig" ]; then
    cp "$p/libLibTorchSharp.so.orig" "$p/libLibTorchSharp.so"
  fi
  # TorchSharp copies libtorch_cpu.so here when it cannot find a libtorch: never use that copy.
  rm -rf "$p/cpu"
  export LD_LIBRARY_PATH="$torch_dir/lib:$nv${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}" DOTNET_SYSTEM_GLOBALIZATION_INVARIANT=1
  if ldd "$p/libLibTorchSharp.so" | grep 'not found'; then echo "libLibTorchSharp.so is missing libraries (above)" >&2; exit 1; fi
  [ -f "$here/data/adult.csv" ] && export ADULT_CSV="$here/data/adult.csv"
  "$p/Microsoft.ML.Gan.Benchmarks" gpu "$@" | tee "$here/gpu.md"
}

case "$mode" in
  pack) pack "$@" ;;
  run) run "$@" ;;
  *) sed -n '2,8p' "$0"; exit 2 ;;
esac
