/* Guest code disassembly through capstone. */
#include <capstone/capstone.h>
#include <string.h>

#include "exec/disas.h"

static const struct {
    const char *arch;
    cs_arch cs_arch;
    cs_mode cs_mode;
    unsigned insn_align; /* bytes to skip over an undecodable word */
} disas_archs[] = {
    {"aarch64", CS_ARCH_ARM64, CS_MODE_ARM, 4},
    {"x86_64", CS_ARCH_X86, CS_MODE_64, 1},
    {"i386", CS_ARCH_X86, CS_MODE_32, 1},
    {"i8086", CS_ARCH_X86, CS_MODE_16, 1},
};

static void print_bytes(FILE *f, uint64_t pc, const uint8_t *code, size_t len)
{
    fprintf(f, "0x%016llx:  ", (unsigned long long)pc);
    for (size_t i = 0; i < len; i++)
        fprintf(f, "%02x", code[i]);
    fputc('\n', f);
}

void disas_print(FILE *f, const char *arch, uint64_t pc, const uint8_t *code, size_t len)
{
    size_t i;
    csh handle;

    for (i = 0; i < sizeof(disas_archs) / sizeof(disas_archs[0]); i++) {
        if (!strcmp(arch, disas_archs[i].arch))
            break;
    }
    if (i == sizeof(disas_archs) / sizeof(disas_archs[0]) ||
        cs_open(disas_archs[i].cs_arch, disas_archs[i].cs_mode, &handle) != CS_ERR_OK) {
        print_bytes(f, pc, code, len);
        return;
    }

    cs_insn *insn = cs_malloc(handle);
    while (len > 0) {
        const uint8_t *p = code;
        size_t left = len;
        uint64_t addr = pc;
        if (cs_disasm_iter(handle, &p, &left, &addr, insn)) {
            fprintf(f, "0x%016llx:  %-10s %s\n", (unsigned long long)pc, insn->mnemonic,
                    insn->op_str);
        } else {
            size_t skip = disas_archs[i].insn_align < len ? disas_archs[i].insn_align : len;
            print_bytes(f, pc, code, skip);
            p = code + skip;
            left = len - skip;
            addr = pc + skip;
        }
        pc = addr;
        code = p;
        len = left;
    }
    cs_free(insn, 1);
    cs_close(&handle);
}
