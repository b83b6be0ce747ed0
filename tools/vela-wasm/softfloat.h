/* compiler-rt soft-float module embedded in vela-wasm (mk/wasm.mk generates it) */
#ifndef VELA_WASM_SOFTFLOAT_H
#define VELA_WASM_SOFTFLOAT_H
#include <stddef.h>
extern const unsigned char wasm_softfloat_blob[];
extern const size_t wasm_softfloat_blob_len;
#endif
