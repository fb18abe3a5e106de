#include "textflag.h"

// func clientRequest(args *[6]uintptr) uintptr
//
// Valgrind's client-request sequence for amd64 (valgrind.h, VALGRIND_DO_CLIENT_REQUEST_EXPR):
// four rotations of RDI that add up to none, then xchg rbx,rbx; RAX points at the request and
// its arguments, RDX holds the default result and receives the answer. Natively it does
// nothing and returns 0.
TEXT ·clientRequest(SB), NOSPLIT, $0-16
	MOVQ args+0(FP), AX
	XORQ DX, DX
	ROLQ $3, DI
	ROLQ $13, DI
	ROLQ $61, DI
	ROLQ $51, DI
	XCHGQ BX, BX
	MOVQ DX, ret+8(FP)
	RET
