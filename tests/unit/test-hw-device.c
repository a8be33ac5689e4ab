/* hw/core: device properties and life cycle, the machine registry, and
 * the file/null chardev backends. */
#include <glib.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "backends/chardev.h"
#include "hw/boards.h"
#include "hw/device.h"
#include "test.h"

typedef struct ToyState {
    DeviceState parent;
    uint32_t width;
    uint64_t base;
    bool fast;
    char *label;
    Chardev *chr;
    int inits, realizes, resets;
    qemu_irq irq;
} ToyState;

static void toy_init(DeviceState *dev)
{
    ToyState *s = (ToyState *)dev;
    s->inits++;
    s->width = 8; /* defaults are set here */
    device_init_irq_out(dev, &s->irq);
}

static bool toy_realize(DeviceState *dev, char **errp)
{
    ToyState *s = (ToyState *)dev;
    s->realizes++;
    if (s->width == 0) {
        *errp = g_strdup("width must not be 0");
        return false;
    }
    return true;
}

static void toy_reset(DeviceState *dev) { ((ToyState *)dev)->resets++; }

static const DeviceProperty toy_props[] = {
    DEVICE_PROP("width", PROP_U32, ToyState, width),
    DEVICE_PROP("base", PROP_U64, ToyState, base),
    DEVICE_PROP("fast", PROP_BOOL, ToyState, fast),
    DEVICE_PROP("label", PROP_STR, ToyState, label),
    DEVICE_PROP("chardev", PROP_CHARDEV, ToyState, chr),
    {NULL},
};

static const DeviceClass toy_class = {
    .name = "toy",
    .desc = "a device for the tests",
    .instance_size = sizeof(ToyState),
    .props = toy_props,
    .init = toy_init,
    .realize = toy_realize,
    .reset = toy_reset,
};

static bool set(DeviceState *dev, const char *name, const char *value)
{
    char *err = NULL;
    bool ok = device_set_prop(dev, name, value, &err);
    CHECK(ok == (err == NULL));
    g_free(err);
    return ok;
}

static void test_properties_from_text(void)
{
    ToyState *s = (ToyState *)device_new("toy");
    CHECK_EQ(s->inits, 1);
    CHECK_EQ(s->width, 8);
    CHECK(set(&s->parent, "width", "0x20"));
    CHECK_EQ(s->width, 0x20);
    CHECK(!set(&s->parent, "width", "0x100000000"));
    CHECK(!set(&s->parent, "width", "-1"));
    CHECK(!set(&s->parent, "width", "12abc"));
    CHECK(set(&s->parent, "base", "0xffffffffffffffff"));
    CHECK_EQ(s->base, UINT64_MAX);
    CHECK(set(&s->parent, "fast", "on"));
    CHECK(s->fast);
    CHECK(set(&s->parent, "fast", "no"));
    CHECK(!s->fast);
    CHECK(!set(&s->parent, "fast", "maybe"));
    CHECK(set(&s->parent, "label", "one"));
    CHECK(set(&s->parent, "label", "two"));
    CHECK(strcmp(s->label, "two") == 0);
    CHECK(!set(&s->parent, "colour", "red"));
}

static void test_typed_setters(void)
{
    ToyState *s = (ToyState *)device_new("toy");
    device_set_prop_u32(&s->parent, "width", 3);
    device_set_prop_u64(&s->parent, "base", 1ull << 40);
    device_set_prop_bool(&s->parent, "fast", true);
    device_set_prop_str(&s->parent, "label", "x");
    CHECK_EQ(s->width, 3);
    CHECK_EQ(s->base, 1ull << 40);
    CHECK(s->fast);
    CHECK(strcmp(s->label, "x") == 0);
}

static void test_realize_and_reset(void)
{
    ToyState *bad = (ToyState *)device_new("toy");
    char *err = NULL;
    device_set_prop_u32(&bad->parent, "width", 0);
    CHECK(!device_realize(&bad->parent, &err));
    CHECK(err && strcmp(err, "width must not be 0") == 0);
    CHECK(!bad->parent.realized);
    g_free(err);
    err = NULL;

    ToyState *good = (ToyState *)device_new("toy");
    CHECK(device_realize(&good->parent, &err));
    CHECK_EQ(good->resets, 1); /* realize resets */
    device_reset_all();
    CHECK_EQ(good->resets, 2);
    CHECK_EQ(bad->resets, 0); /* unrealized devices are left alone */
}

static int irq_seen = -1;
static void irq_handler(void *opaque, int n, int level) { irq_seen = level; }

static void test_irq_wiring(void)
{
    ToyState *s = (ToyState *)device_new("toy");
    CHECK(s->irq == NULL);
    device_connect_irq(&s->parent, 0, qemu_allocate_irq(irq_handler, NULL, 0));
    qemu_irq_raise(s->irq);
    CHECK_EQ(irq_seen, 1);
}

static void test_type_registry(void)
{
    CHECK(device_type_find("toy") == &toy_class);
    CHECK(device_type_find("pl011") != NULL);
    CHECK(device_type_find("nonesuch") == NULL);
    CHECK(device_new("nonesuch") == NULL);
    char *text;
    size_t len;
    FILE *f = open_memstream(&text, &len);
    device_type_list(f);
    fclose(f);
    CHECK(strstr(text, "toy") && strstr(text, "pl011"));
    CHECK(strstr(text, "pl011") < strstr(text, "toy")); /* sorted */
    free(text);
}

static void test_machine_registry(void)
{
    const MachineClass *virt = machine_find("virt");
    CHECK(virt != NULL);
    if (virt) {
        CHECK(strcmp(virt->arch, "aarch64") == 0);
        CHECK(strcmp(virt->default_cpu_model, "cortex-a57") == 0);
        CHECK_EQ(virt->default_ram_size, 128 << 20);
    }
    const MachineClass *pc = machine_find("pc");
    CHECK(pc != NULL);
    if (pc) {
        CHECK(strcmp(pc->arch, "x86_64") == 0);
        CHECK(strcmp(pc->default_cpu_model, "qemu64") == 0);
    }
    CHECK(machine_find("no-such-board") == NULL);
}

/* A machine with one property of each type, storing into its board state. */
typedef struct ToyBoard {
    bool fast;
    uint32_t lanes;
    const char *colour;
    char *label;
} ToyBoard;

static bool toy_set_fast(MachineState *ms, MachinePropValue v, char **errp)
{
    ((ToyBoard *)ms->board)->fast = v.b;
    return true;
}

static bool toy_set_lanes(MachineState *ms, MachinePropValue v, char **errp)
{
    if (v.u32 > 4) {
        *errp = g_strdup("at most 4 lanes");
        return false;
    }
    ((ToyBoard *)ms->board)->lanes = v.u32;
    return true;
}

static const char *const toy_colours[] = {"red", "green", NULL};

static bool toy_set_colour(MachineState *ms, MachinePropValue v, char **errp)
{
    ((ToyBoard *)ms->board)->colour = strcmp(v.s, "red") == 0 ? "red" : "green";
    return true;
}

static bool toy_set_label(MachineState *ms, MachinePropValue v, char **errp)
{
    ToyBoard *tb = ms->board;
    g_free(tb->label);
    tb->label = g_strdup(v.s);
    return true;
}

static const MachineProperty toy_machine_props[] = {
    {"fast", MACHINE_PROP_BOOL, NULL, "go fast", toy_set_fast},
    {"lanes", MACHINE_PROP_U32, NULL, "lanes", toy_set_lanes},
    {"colour", MACHINE_PROP_ENUM, toy_colours, "colour", toy_set_colour},
    {"label", MACHINE_PROP_STRING, NULL, "label", toy_set_label},
    {NULL},
};

static const MachineClass toy_machine = {
    .name = "toy", .board_size = sizeof(ToyBoard), .props = toy_machine_props};

/* set_prop NAME VALUE: true if accepted; the error, if any, is freed. */
static bool set_toy_prop(MachineState *ms, const char *name, const char *value)
{
    char *err = NULL;
    bool ok = machine_set_prop(ms, name, value, &err);
    CHECK(ok == (err == NULL));
    g_free(err);
    return ok;
}

static void test_machine_props(void)
{
    MachineState *ms = machine_new(&toy_machine);
    ToyBoard *tb = ms->board;
    char *err = NULL;

    CHECK(tb != NULL && !tb->fast && tb->lanes == 0);
    CHECK(set_toy_prop(ms, "fast", "on") && tb->fast);
    CHECK(set_toy_prop(ms, "fast", "no") && !tb->fast);
    CHECK(!set_toy_prop(ms, "fast", "maybe"));
    CHECK(set_toy_prop(ms, "lanes", "0x3") && tb->lanes == 3);
    CHECK(!set_toy_prop(ms, "lanes", "5") && tb->lanes == 3); /* the setter refuses */
    CHECK(!set_toy_prop(ms, "lanes", "-1"));
    CHECK(set_toy_prop(ms, "colour", "green") && strcmp(tb->colour, "green") == 0);
    CHECK(!set_toy_prop(ms, "colour", "blue"));
    CHECK(set_toy_prop(ms, "label", "a b") && strcmp(tb->label, "a b") == 0);
    CHECK(set_toy_prop(ms, "dumpdtb", "/tmp/x.dtb") && strcmp(ms->dumpdtb, "/tmp/x.dtb") == 0);
    CHECK(!machine_set_prop(ms, "speed", "1", &err));
    CHECK(err && strcmp(err, "machine toy has no property 'speed'") == 0);
    g_free(err);
    CHECK(!machine_set_prop(ms, "colour", "blue", &err));
    CHECK(err && strcmp(err, "colour=blue: valid values are red or green") == 0);
    g_free(err);
    g_free(tb->label);
    g_free((char *)ms->dumpdtb);
    g_free(ms->board);
    g_free(ms);
}

static void test_chardev_backends(void)
{
    char path[] = "/tmp/gemu-test-chardev-XXXXXX";
    int fd = mkstemp(path);
    close(fd);
    char *spec = g_strdup_printf("file:%s", path), *err = NULL;
    Chardev *chr = chardev_new("tfile", spec, &err);
    CHECK(chr != NULL);
    chardev_write(chr, (const uint8_t *)"abc", 3);
    gchar *contents = NULL;
    gsize len = 0;
    CHECK(g_file_get_contents(path, &contents, &len, NULL));
    CHECK_EQ(len, 3);
    g_free(contents);
    unlink(path);
    g_free(spec);

    CHECK(chardev_find("tfile") == chr);
    CHECK(set(&((ToyState *)device_new("toy"))->parent, "chardev", "tfile"));
    Chardev *null = chardev_new("tnull", "null", &err);
    CHECK(null != NULL);
    chardev_write(null, (const uint8_t *)"x", 1);
    CHECK(chardev_new("tbad", "tcp:1234", &err) == NULL);
    CHECK(err && strstr(err, "not supported"));
    g_free(err);
    err = NULL;
    CHECK(chardev_new("tdir", "file:/nonexistent/dir/x", &err) == NULL);
    CHECK(err && strstr(err, "No such file or directory"));
    g_free(err);
}

int main(void)
{
    device_type_register(&toy_class);
    RUN_TEST(test_properties_from_text);
    RUN_TEST(test_typed_setters);
    RUN_TEST(test_realize_and_reset);
    RUN_TEST(test_irq_wiring);
    RUN_TEST(test_type_registry);
    RUN_TEST(test_machine_registry);
    RUN_TEST(test_machine_props);
    RUN_TEST(test_chardev_backends);
    return test_finish();
}
