#!/usr/bin/env bash
# Install the Debian packages the build and the tests need, only when missing.
# Idempotent: when everything is present it runs one dpkg-query and exits.
set -euo pipefail

PACKAGES=(
	build-essential gcc make binutils
	qemu-system-x86 qemu-utils
	grub-pc-bin grub-common xorriso mtools
	libcmocka-dev libsodium-dev
	clang lld llvm libclang-rt-14-dev
	wasi-libc libclang-rt-14-dev-wasm32 wabt
	valgrind python3 netpbm socat
	bochs bochsbios vgabios
)

missing=()
for pkg in "${PACKAGES[@]}"; do
	status=$(dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null || true)
	if [[ "$status" != "install ok installed" ]]; then
		missing+=("$pkg")
	fi
done

if ((${#missing[@]} == 0)); then
	exit 0
fi

echo "deps.sh: installing ${missing[*]}" >&2
SUDO=""
if [[ $(id -u) -ne 0 ]]; then
	SUDO="sudo"
fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
