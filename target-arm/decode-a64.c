/*
 * The table-driven A64 decoder.  Pattern strings (translate-a64.h) are
 * compiled once into mask/value pairs and field extraction lists, then
 * bucketed by instruction bits [28:25] -- the Arm ARM's top-level "op0"
 * split -- so one lookup only tries the few patterns of its group.
 */
#include <glib.h>
#include <stddef.h>
#include <string.h>

#include "target-arm/translate-a64.h"
#include "util/error.h"
#include "util/log.h"

#define BUCKET_SHIFT 25
#define BUCKET_BITS  4
#define NBUCKETS     (1u << BUCKET_BITS)
#define BUCKET_MASK  ((NBUCKETS - 1) << BUCKET_SHIFT)

/* Field name -> A64Args member index, generated from a64-fields.h. */
static const char *const field_names[] = {
#define A64_FIELD(name) #name,
#include "target-arm/a64-fields.h"
#undef A64_FIELD
};

typedef struct DecodeEntry {
    const A64Pattern *pattern;
    A64CompiledPattern compiled;
} DecodeEntry;

struct A64Decoder {
    DecodeEntry *entries;
    unsigned nentries;
    /* Per bucket: indexes into entries[], in table order. */
    unsigned *bucket[NBUCKETS];
    unsigned bucket_len[NBUCKETS];
};

static int field_index(const char *name, size_t len)
{
    for (size_t i = 0; i < G_N_ELEMENTS(field_names); i++) {
        if (strlen(field_names[i]) == len && memcmp(field_names[i], name, len) == 0) {
            return (int)i;
        }
    }
    return -1;
}

/*
 * Parse "NAME:WIDTH" or "NAME:sWIDTH" at *p; on success advance *p and fill
 * *f except its position (the caller knows it once the width is known).
 */
static const char *parse_field(const char **p, A64FieldExtract *f)
{
    const char *start = *p;
    const char *colon = start;
    while (g_ascii_isalnum(*colon) || *colon == '_') {
        colon++;
    }
    if (*colon != ':') {
        return "unexpected character";
    }
    int idx = field_index(start, (size_t)(colon - start));
    if (idx < 0) {
        return "unknown field name";
    }
    const char *q = colon + 1;
    f->is_signed = (*q == 's');
    if (f->is_signed) {
        q++;
    }
    if (!g_ascii_isdigit(*q)) {
        return "field width missing";
    }
    unsigned width = 0;
    while (g_ascii_isdigit(*q)) {
        width = width * 10 + (unsigned)(*q - '0');
        if (width > 32) {
            return "field wider than 32 bits";
        }
        q++;
    }
    if (width == 0) {
        return "field of width 0";
    }
    f->arg = (uint16_t)idx;
    f->len = (uint8_t)width;
    *p = q;
    return NULL;
}

const char *a64_pattern_compile(const char *bits, A64CompiledPattern *out)
{
    int nbits = 0; /* bits consumed so far, from bit 31 down */
    memset(out, 0, sizeof(*out));
    for (const char *p = bits; *p;) {
        char c = *p;
        if (c == ' ') {
            p++;
            continue;
        }
        if (c == '0' || c == '1' || c == 'x') {
            if (nbits >= 32) {
                return "pattern longer than 32 bits";
            }
            uint32_t bit = 1u << (31 - nbits);
            if (c != 'x') {
                out->mask |= bit;
                out->value |= (c == '1') ? bit : 0;
            }
            nbits++;
            p++;
            continue;
        }
        if (out->nfields == A64_MAX_FIELDS) {
            return "too many fields";
        }
        A64FieldExtract *f = &out->fields[out->nfields];
        const char *err = parse_field(&p, f);
        if (err) {
            return err;
        }
        if (nbits + f->len > 32) {
            return "pattern longer than 32 bits";
        }
        nbits += f->len;
        f->pos = (uint8_t)(32 - nbits);
        out->nfields++;
    }
    return nbits == 32 ? NULL : "pattern shorter than 32 bits";
}

void a64_pattern_extract(const A64CompiledPattern *p, uint32_t insn, A64Args *args)
{
    int64_t *slots = (int64_t *)args;
    for (unsigned i = 0; i < p->nfields; i++) {
        const A64FieldExtract *f = &p->fields[i];
        /* Move the field to the top, then shift back down (arithmetic if signed). */
        uint64_t top = (uint64_t)insn << (64 - f->pos - f->len);
        slots[f->arg] =
            f->is_signed ? (int64_t)top >> (64 - f->len) : (int64_t)(top >> (64 - f->len));
    }
}

static unsigned count_entries(const A64Pattern *const *tables, unsigned ntables)
{
    unsigned n = 0;
    for (unsigned t = 0; t < ntables; t++) {
        for (const A64Pattern *p = tables[t]; p->name; p++) {
            n++;
        }
    }
    return n;
}

static bool entry_in_bucket(const DecodeEntry *e, unsigned b)
{
    uint32_t bits = b << BUCKET_SHIFT;
    return ((bits ^ e->compiled.value) & e->compiled.mask & BUCKET_MASK) == 0;
}

A64Decoder *a64_decoder_new(const A64Pattern *const *tables, unsigned ntables)
{
    A64Decoder *d = g_new0(A64Decoder, 1);
    d->nentries = count_entries(tables, ntables);
    d->entries = g_new0(DecodeEntry, d->nentries ? d->nentries : 1);
    unsigned n = 0;
    for (unsigned t = 0; t < ntables; t++) {
        for (const A64Pattern *p = tables[t]; p->name; p++, n++) {
            const char *err = a64_pattern_compile(p->bits, &d->entries[n].compiled);
            if (err) {
                gemu_bug("A64 pattern \"%s\" (%s): %s", p->name, p->bits, err);
            }
            if (!p->trans) {
                gemu_bug("A64 pattern \"%s\" has no trans function", p->name);
            }
            d->entries[n].pattern = p;
        }
    }
    for (unsigned b = 0; b < NBUCKETS; b++) {
        d->bucket[b] = g_new(unsigned, d->nentries ? d->nentries : 1);
        for (unsigned i = 0; i < d->nentries; i++) {
            if (entry_in_bucket(&d->entries[i], b)) {
                d->bucket[b][d->bucket_len[b]++] = i;
            }
        }
    }
    return d;
}

void a64_decoder_free(A64Decoder *d)
{
    for (unsigned b = 0; b < NBUCKETS; b++) {
        g_free(d->bucket[b]);
    }
    g_free(d->entries);
    g_free(d);
}

const A64Pattern *a64_decoder_lookup(const A64Decoder *d, uint32_t insn, A64Args *args)
{
    unsigned b = (insn & BUCKET_MASK) >> BUCKET_SHIFT;
    for (unsigned i = 0; i < d->bucket_len[b]; i++) {
        const DecodeEntry *e = &d->entries[d->bucket[b][i]];
        if ((insn & e->compiled.mask) == e->compiled.value) {
            a64_pattern_extract(&e->compiled, insn, args);
            return e->pattern;
        }
    }
    return NULL;
}

static A64Decoder *a64_decoder;

void a64_decode_init(void)
{
    static const A64Pattern *const tables[] = {
        a64_dp_patterns,     a64_atomic_patterns, a64_ldst_patterns,    a64_sys_patterns,
        a64_crypto_patterns, a64_fp_patterns,     a64_simd_fp_patterns, a64_simd_patterns,
    };
    if (!a64_decoder) {
        a64_decoder = a64_decoder_new(tables, G_N_ELEMENTS(tables));
    }
}

void a64_decode_insn(DisasContext *s, uint32_t insn)
{
    A64Args args;
    const A64Pattern *p = a64_decoder_lookup(a64_decoder, insn, &args);
    if (p && p->trans(s, &args)) {
        return;
    }
    log_mask_printf(LOG_UNIMP, "unimplemented/unallocated A64 encoding 0x%08x at pc 0x%llx\n",
                    insn, (unsigned long long)s->pc_curr);
    unallocated_encoding(s);
}
