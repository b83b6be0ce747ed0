# VELA: ISA table, encoder/decoder/validator/disassembler, object format and
# reference interpreter (lib/vela), the host tools vela-as, vela-objdump and
# vela-run, their tests, fuzzers, examples and the interpreter benchmark.

VELA_LIB_SRCS := lib/vela/vela.c lib/vela/validate.c lib/vela/disasm.c lib/vela/obj.c
VELA_INTERP_SRCS := lib/vela/interp.c

# The kernel needs decode/validate (and the object reader, below) but not the
# interpreter.
KERNEL_LIB_SRCS += $(VELA_LIB_SRCS)
