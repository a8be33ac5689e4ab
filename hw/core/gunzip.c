/*
 * gzip (RFC 1952) around deflate (RFC 1951), for compressed kernels: Debian
 * ships arm64 Linux as a gzipped Image and QEMU boots it as is.  Written
 * from the RFCs; every length, distance and code comes from the file and is
 * checked before use.
 */
#include <glib.h>
#include <string.h>

#include "hw/loader.h"

enum {
    MAX_CODE_BITS = 15,
    NUM_LITLEN = 288, /* literal/length alphabet, 286 used */
    NUM_DIST = 32,    /* distance alphabet, 30 used */
    NUM_CODELEN = 19,
    END_OF_BLOCK = 256,
};

typedef struct BitReader {
    const uint8_t *in;
    size_t len, pos;
    uint32_t bits; /* not yet consumed, LSB first */
    int nbits;
    bool overrun;
} BitReader;

typedef struct Output {
    uint8_t *buf;
    size_t len, cap, max;
} Output;

/* A canonical Huffman code: how many codes of each length, and the
 * symbols in code order. */
typedef struct Huffman {
    uint16_t count[MAX_CODE_BITS + 1];
    uint16_t symbol[NUM_LITLEN];
} Huffman;

static uint32_t get_bits(BitReader *br, int n)
{
    while (br->nbits < n) {
        if (br->pos == br->len) {
            br->overrun = true;
            return 0;
        }
        br->bits |= (uint32_t)br->in[br->pos++] << br->nbits;
        br->nbits += 8;
    }
    uint32_t v = br->bits & ((1u << n) - 1);
    br->bits >>= n;
    br->nbits -= n;
    return v;
}

/* Build the code from per-symbol lengths; false if over-subscribed. */
static bool huffman_build(Huffman *h, const uint8_t *lengths, int n)
{
    uint16_t offset[MAX_CODE_BITS + 2];
    memset(h->count, 0, sizeof(h->count));
    for (int s = 0; s < n; s++)
        h->count[lengths[s]]++;
    int left = 1;
    for (int len = 1; len <= MAX_CODE_BITS; len++) {
        left = (left << 1) - h->count[len];
        if (left < 0)
            return false;
    }
    offset[1] = 0;
    for (int len = 1; len <= MAX_CODE_BITS; len++)
        offset[len + 1] = offset[len] + h->count[len];
    for (int s = 0; s < n; s++) {
        if (lengths[s])
            h->symbol[offset[lengths[s]]++] = s;
    }
    h->count[0] = 0;
    return true;
}

/* Read one symbol: codes of each length are consecutive numbers, so walk
 * the lengths keeping the first code of the current one. */
static int huffman_decode(BitReader *br, const Huffman *h)
{
    int code = 0, first = 0, index = 0;
    for (int len = 1; len <= MAX_CODE_BITS; len++) {
        code |= get_bits(br, 1);
        int count = h->count[len];
        if (code - first < count)
            return h->symbol[index + code - first];
        index += count;
        first = (first + count) << 1;
        code <<= 1;
    }
    return -1;
}

static bool output_byte(Output *out, uint8_t byte)
{
    if (out->len == out->cap) {
        if (out->cap >= out->max)
            return false;
        out->cap = MIN(out->max, MAX(out->cap * 2, (size_t)1 << 16));
        out->buf = g_realloc(out->buf, out->cap);
    }
    out->buf[out->len++] = byte;
    return true;
}

static const uint16_t length_base[29] = {3,  4,  5,  6,   7,   8,   9,   10,  11, 13,
                                         15, 17, 19, 23,  27,  31,  35,  43,  51, 59,
                                         67, 83, 99, 115, 131, 163, 195, 227, 258};
static const uint8_t length_extra[29] = {0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2,
                                         2, 3, 3, 3, 3, 4, 4, 4, 4, 5, 5, 5, 5, 0};
static const uint16_t dist_base[30] = {
    1,   2,   3,   4,   5,   7,    9,    13,   17,   25,   33,   49,   65,    97,    129,
    193, 257, 385, 513, 769, 1025, 1537, 2049, 3073, 4097, 6145, 8193, 12289, 16385, 24577};
static const uint8_t dist_extra[30] = {0, 0, 0, 0, 1, 1, 2, 2,  3,  3,  4,  4,  5,  5,  6,
                                       6, 7, 7, 8, 8, 9, 9, 10, 10, 11, 11, 12, 12, 13, 13};

static const char *inflate_codes(BitReader *br, Output *out, const Huffman *litlen,
                                 const Huffman *dist)
{
    while (true) {
        int sym = huffman_decode(br, litlen);
        if (sym < 0 || br->overrun)
            return "corrupt data";
        if (sym < 256) {
            if (!output_byte(out, sym))
                return "decompressed image too large";
            continue;
        }
        if (sym == END_OF_BLOCK)
            return NULL;
        sym -= 257;
        if (sym >= 29)
            return "corrupt data";
        size_t len = length_base[sym] + get_bits(br, length_extra[sym]);
        int dsym = huffman_decode(br, dist);
        if (dsym < 0 || dsym >= 30 || br->overrun)
            return "corrupt data";
        size_t distance = dist_base[dsym] + get_bits(br, dist_extra[dsym]);
        if (distance > out->len)
            return "corrupt data (distance too far back)";
        while (len--) {
            if (!output_byte(out, out->buf[out->len - distance]))
                return "decompressed image too large";
        }
    }
}

static const char *inflate_stored(BitReader *br, Output *out)
{
    br->bits = 0; /* stored blocks start on a byte boundary */
    br->nbits = 0;
    if (br->len - br->pos < 4)
        return "truncated data";
    uint16_t len = br->in[br->pos] | br->in[br->pos + 1] << 8;
    uint16_t nlen = br->in[br->pos + 2] | br->in[br->pos + 3] << 8;
    br->pos += 4;
    if (len + nlen != 0xffff) /* NLEN is the complement of LEN */
        return "corrupt stored block";
    if (br->len - br->pos < len)
        return "truncated data";
    for (int i = 0; i < len; i++) {
        if (!output_byte(out, br->in[br->pos++]))
            return "decompressed image too large";
    }
    return NULL;
}

static const char *inflate_fixed(BitReader *br, Output *out)
{
    uint8_t lengths[NUM_LITLEN];
    Huffman litlen, dist;
    for (int s = 0; s < NUM_LITLEN; s++)
        lengths[s] = s < 144 ? 8 : s < 256 ? 9 : s < 280 ? 7 : 8;
    huffman_build(&litlen, lengths, NUM_LITLEN);
    memset(lengths, 5, NUM_DIST);
    huffman_build(&dist, lengths, NUM_DIST);
    return inflate_codes(br, out, &litlen, &dist);
}

/* The code lengths of a dynamic block, themselves Huffman coded. */
static const char *read_dynamic_lengths(BitReader *br, uint8_t *lengths, int total)
{
    static const uint8_t order[NUM_CODELEN] = {16, 17, 18, 0, 8,  7, 9,  6, 10, 5,
                                               11, 4,  12, 3, 13, 2, 14, 1, 15};
    int nlen = get_bits(br, 4) + 4;
    uint8_t cl_lengths[NUM_CODELEN] = {0};
    Huffman cl;
    for (int i = 0; i < nlen; i++)
        cl_lengths[order[i]] = get_bits(br, 3);
    if (br->overrun || !huffman_build(&cl, cl_lengths, NUM_CODELEN))
        return "corrupt code lengths";
    for (int i = 0; i < total;) {
        int sym = huffman_decode(br, &cl);
        if (sym < 0 || br->overrun)
            return "corrupt code lengths";
        if (sym < 16) {
            lengths[i++] = sym;
            continue;
        }
        uint8_t value = 0;
        int repeat;
        if (sym == 16) {
            if (i == 0)
                return "corrupt code lengths";
            value = lengths[i - 1];
            repeat = 3 + get_bits(br, 2);
        } else {
            repeat = sym == 17 ? 3 + get_bits(br, 3) : 11 + get_bits(br, 7);
        }
        if (i + repeat > total)
            return "corrupt code lengths";
        memset(lengths + i, value, repeat);
        i += repeat;
    }
    return NULL;
}

static const char *inflate_dynamic(BitReader *br, Output *out)
{
    int nlitlen = get_bits(br, 5) + 257;
    int ndist = get_bits(br, 5) + 1;
    uint8_t lengths[NUM_LITLEN + NUM_DIST];
    Huffman litlen, dist;
    if (nlitlen > 286 || ndist > 30)
        return "corrupt block header";
    const char *err = read_dynamic_lengths(br, lengths, nlitlen + ndist);
    if (err)
        return err;
    if (lengths[END_OF_BLOCK] == 0 || !huffman_build(&litlen, lengths, nlitlen) ||
        !huffman_build(&dist, lengths + nlitlen, ndist))
        return "corrupt Huffman code";
    return inflate_codes(br, out, &litlen, &dist);
}

static const char *inflate(BitReader *br, Output *out)
{
    bool last;
    do {
        last = get_bits(br, 1);
        int type = get_bits(br, 2);
        if (br->overrun)
            return "truncated data";
        const char *err = type == 0   ? inflate_stored(br, out)
                          : type == 1 ? inflate_fixed(br, out)
                          : type == 2 ? inflate_dynamic(br, out)
                                      : "corrupt block type";
        if (err)
            return err;
    } while (!last);
    return NULL;
}

/* CRC-32 as gzip's trailer has it (reflected polynomial 0xedb88320). */
static uint32_t crc32_of(const uint8_t *data, size_t len)
{
    static uint32_t table[256];
    if (!table[1]) {
        for (uint32_t i = 0; i < 256; i++) {
            uint32_t c = i;
            for (int k = 0; k < 8; k++)
                c = (c >> 1) ^ (c & 1 ? 0xedb88320u : 0);
            table[i] = c;
        }
    }
    uint32_t crc = 0xffffffffu;
    for (size_t i = 0; i < len; i++)
        crc = table[(crc ^ data[i]) & 0xff] ^ (crc >> 8);
    return ~crc;
}

static uint32_t le32_at(const uint8_t *p)
{
    return p[0] | p[1] << 8 | p[2] << 16 | (uint32_t)p[3] << 24;
}

bool loader_is_gzip(const uint8_t *data, size_t len)
{
    return len >= 18 && data[0] == 0x1f && data[1] == 0x8b;
}

enum { GZ_FHCRC = 2, GZ_FEXTRA = 4, GZ_FNAME = 8, GZ_FCOMMENT = 16 };

/* Offset of the deflate data after the gzip header, 0 if malformed. */
static size_t gzip_header_end(const uint8_t *in, size_t len)
{
    if (in[2] != 8) /* deflate */
        return 0;
    uint8_t flags = in[3];
    size_t pos = 10;
    if (flags & GZ_FEXTRA) {
        if (len - pos < 2)
            return 0;
        pos += 2 + (in[pos] | in[pos + 1] << 8);
    }
    for (uint8_t f = GZ_FNAME; f <= GZ_FCOMMENT; f <<= 1) {
        if (!(flags & f))
            continue;
        while (pos < len && in[pos])
            pos++;
        pos++;
    }
    if (flags & GZ_FHCRC)
        pos += 2;
    return pos < len ? pos : 0;
}

bool loader_gunzip(const uint8_t *in, size_t len, size_t max_out, uint8_t **out_data,
                   size_t *out_len, char **errp)
{
    size_t start = loader_is_gzip(in, len) ? gzip_header_end(in, len) : 0;
    if (!start) {
        *errp = g_strdup("bad gzip header");
        return false;
    }
    BitReader br = {.in = in, .len = len - 8, .pos = start}; /* CRC32, ISIZE */
    Output out = {.max = max_out};
    const char *err = start < len - 8 ? inflate(&br, &out) : "truncated data";
    if (!err && le32_at(in + len - 4) != (uint32_t)out.len)
        err = "length does not match the gzip trailer";
    if (!err && le32_at(in + len - 8) != crc32_of(out.buf, out.len))
        err = "CRC mismatch";
    if (err) {
        *errp = g_strdup_printf("gzip: %s", err);
        g_free(out.buf);
        return false;
    }
    *out_data = out.buf;
    *out_len = out.len;
    return true;
}
