/* Names of the IronVFS integrity states (ls -l, verify). */
#include "ulib.h"

const char *ul_integrity_name(uint32_t integrity)
{
	switch (integrity) {
	case AE_INTEGRITY_SYSTEM:
		return "system";
	case AE_INTEGRITY_DEVICE:
		return "device";
	case AE_INTEGRITY_DAMAGED:
		return "DAMAGED";
	case AE_INTEGRITY_UNSIGNED:
		return "unsigned";
	default:
		return "?";
	}
}
