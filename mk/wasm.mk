# WebAssembly importer: lib/wasm (reader, validator, lowering to VELA), the
# vela-wasm tool, C programs built through wasm (examples/c), the spec-test
# harness and fuzzers. docs/vela-wasm.md.

WASM_LIB_SRCS := lib/wasm/reader.c lib/wasm/compile.c lib/wasm/rt.c lib/wasm/module.c \
	lib/fmt/format.c

# links lib/vela (mk/vela.mk is read after this fragment)
DEFERRED_TOOLS += vela-wasm
vela-wasm_SRCS = tools/vela-wasm/main.c $(WASM_LIB_SRCS) $(VELA_LIB_SRCS)

VELA_WASM := $(BUILD)/host/bin/vela-wasm

# vela-run serves the AetherOS file/time/random syscalls on the host through
# tools/vela-run/wasi_host.c (shim.c reaches it through a weak reference)
$(BUILD)/host/bin/vela-run: $(BUILD)/host/tools/vela-run/wasi_host.o
