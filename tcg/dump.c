/* The IR as text, for -d op and -d op_opt. */
#include <inttypes.h>

#include "tcg-internal.h"

static const char *const cond_names[] = {
    [TCG_COND_NEVER] = "never", [TCG_COND_ALWAYS] = "always", [TCG_COND_EQ] = "eq",
    [TCG_COND_NE] = "ne",       [TCG_COND_LT] = "lt",         [TCG_COND_GE] = "ge",
    [TCG_COND_LE] = "le",       [TCG_COND_GT] = "gt",         [TCG_COND_LTU] = "ltu",
    [TCG_COND_GEU] = "geu",     [TCG_COND_LEU] = "leu",       [TCG_COND_GTU] = "gtu",
    [TCG_COND_TSTEQ] = "tsteq", [TCG_COND_TSTNE] = "tstne",
};

static void dump_temp(FILE *f, const TCGTemp *temps, TCGArg idx)
{
    const TCGTemp *t = &temps[idx];
    switch (t->kind) {
    case TEMP_GLOBAL:
        fprintf(f, "%s", t->name);
        break;
    case TEMP_CONST:
        fprintf(f, "$0x%" PRIx64, t->val);
        break;
    case TEMP_TB:
        fprintf(f, "tmp%u", (unsigned)idx);
        break;
    }
}

static bool has_cond(TCGOpcode opc)
{
    switch (opc) {
    case INDEX_op_setcond_i32:
    case INDEX_op_setcond_i64:
    case INDEX_op_negsetcond_i32:
    case INDEX_op_negsetcond_i64:
    case INDEX_op_movcond_i32:
    case INDEX_op_movcond_i64:
    case INDEX_op_brcond_i32:
    case INDEX_op_brcond_i64:
        return true;
    default:
        return false;
    }
}

static void dump_cargs(FILE *f, const TCGOp *op, bool comma)
{
    const TCGArg *c = &op->args[op->nb_oargs + op->nb_iargs];
    for (unsigned i = 0; i < op->nb_cargs; i++, comma = true) {
        fputs(comma ? ", " : "", f);
        if (i == 0 && has_cond(op->opc) && c[i] < sizeof(cond_names) / sizeof(cond_names[0]))
            fputs(cond_names[c[i]], f);
        else if ((op->opc == INDEX_op_brcond_i32 || op->opc == INDEX_op_brcond_i64) && i == 1)
            fprintf(f, "$L%u", (unsigned)c[i]);
        else if (op->opc == INDEX_op_br || op->opc == INDEX_op_set_label)
            fprintf(f, "$L%u", (unsigned)c[i]);
        else
            fprintf(f, "$0x%" PRIx64, c[i]);
    }
}

void tcg_dump_op_list(FILE *f, const TCGTemp *temps, const TCGOp *ops, unsigned nb_ops)
{
    for (unsigned i = 0; i < nb_ops; i++) {
        const TCGOp *op = &ops[i];
        if (op->opc == INDEX_op_insn_start) {
            fprintf(f, " ---- %016" PRIx64 " %016" PRIx64 "\n", op->args[0], op->args[1]);
            continue;
        }
        if (op->opc == INDEX_op_set_label) {
            fprintf(f, "$L%u:\n", (unsigned)op->args[0]);
            continue;
        }
        fprintf(f, " %-14s ", op->opc == INDEX_op_call ? "call" : tcg_op_defs[op->opc].name);
        bool comma = false;
        if (op->opc == INDEX_op_call) {
            fprintf(f, "%s", op->info->name);
            comma = true;
        }
        for (unsigned k = 0; k < op->nb_oargs + op->nb_iargs; k++, comma = true) {
            fputs(comma ? ", " : "", f);
            dump_temp(f, temps, op->args[k]);
        }
        dump_cargs(f, op, comma);
        fputc('\n', f);
    }
}
