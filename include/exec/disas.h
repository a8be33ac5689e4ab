/* Guest code disassembly for -d in_asm and traces (capstone). */
#ifndef EXEC_DISAS_H
#define EXEC_DISAS_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

/*
 * Print the instructions in code[0..len), which sit at guest address pc, one
 * per line ("0x%016llx:  bytes  mnemonic operands").  arch is a CPUClass.arch
 * name ("aarch64", "x86_64", "i386", "i8086"); an unknown arch or an
 * undecodable word is printed as raw bytes.
 */
void disas_print(FILE *f, const char *arch, uint64_t pc, const uint8_t *code, size_t len);

#endif
