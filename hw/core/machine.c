/* Machine registry and the machine-wide reset sequence. */
#include <glib.h>
#include <stdlib.h>
#include <string.h>

#include "hw/boards.h"
#include "hw/device.h"
#include "hw/loader.h"
#include "sysemu/cpus.h"
#include "util/error.h"
#include "util/parse.h"
#include "util/registry.h"

static Registry machines = REGISTRY_INIT("machine");

void machine_register(const MachineClass *mc) { registry_add(&machines, mc->name, mc); }

const MachineClass *machine_find(const char *name) { return registry_find(&machines, name); }

static void print_machine(const void *item, void *opaque)
{
    const MachineClass *mc = item;
    fprintf(opaque, "%-20s %s\n", mc->name, mc->desc);
}

void machine_list(FILE *f)
{
    fprintf(f, "Supported machines are:\n");
    registry_foreach_sorted(&machines, print_machine, f);
}

/* ------------------------------------------------------- properties */

static bool set_dumpdtb(MachineState *ms, MachinePropValue v, char **errp)
{
    ms->dumpdtb = g_strdup(v.s);
    return true;
}

/* Properties every machine has, after its own in -M NAME,help. */
static const MachineProperty common_props[] = {
    {"dumpdtb", MACHINE_PROP_STRING, NULL, "write the device tree to a file and exit",
     set_dumpdtb},
    {NULL},
};

MachineState *machine_new(const MachineClass *mc)
{
    MachineState *ms = g_new0(MachineState, 1);
    ms->mc = mc;
    if (mc->board_size)
        ms->board = g_malloc0(mc->board_size);
    return ms;
}

static const MachineProperty *find_in(const MachineProperty *props, const char *name)
{
    for (const MachineProperty *p = props; p && p->name; p++) {
        if (strcmp(p->name, name) == 0)
            return p;
    }
    return NULL;
}

static int enum_index(const MachineProperty *p, const char *text)
{
    for (int i = 0; p->values[i]; i++) {
        if (strcmp(p->values[i], text) == 0)
            return i;
    }
    return -1;
}

/* The accepted values joined: "a, b or c" with (", ", " or "). */
static char *enum_spellings(const MachineProperty *p, const char *sep, const char *last_sep)
{
    GString *out = g_string_new(NULL);
    for (int i = 0; p->values[i]; i++) {
        if (i > 0)
            g_string_append(out, p->values[i + 1] ? sep : last_sep);
        g_string_append(out, p->values[i]);
    }
    return g_string_free(out, FALSE);
}

/* Parse text by p's type; false with *errp set if it is not a value of that type. */
static bool parse_prop_value(const MachineProperty *p, const char *text, MachinePropValue *v,
                             char **errp)
{
    uint64_t number;
    char *valid;

    switch (p->type) {
    case MACHINE_PROP_BOOL:
        if (parse_bool(text, &v->b))
            return true;
        *errp = g_strdup_printf("%s=%s: expected on or off", p->name, text);
        return false;
    case MACHINE_PROP_U32:
        if (parse_u64(text, UINT32_MAX, &number)) {
            v->u32 = (uint32_t)number;
            return true;
        }
        *errp = g_strdup_printf("%s=%s: expected a number", p->name, text);
        return false;
    case MACHINE_PROP_ENUM:
        if (enum_index(p, text) >= 0) {
            v->s = text;
            return true;
        }
        valid = enum_spellings(p, ", ", " or ");
        *errp = g_strdup_printf("%s=%s: valid values are %s", p->name, text, valid);
        g_free(valid);
        return false;
    case MACHINE_PROP_STRING:
        v->s = text;
        return true;
    }
    gemu_bug("machine property %s: type %d", p->name, p->type);
}

bool machine_set_prop(MachineState *ms, const char *name, const char *value, char **errp)
{
    const MachineProperty *p = find_in(ms->mc->props, name);
    MachinePropValue v;

    if (!p)
        p = find_in(common_props, name);
    if (!p) {
        *errp = g_strdup_printf("machine %s has no property '%s'", ms->mc->name, name);
        return false;
    }
    return parse_prop_value(p, value, &v, errp) && p->set(ms, v, errp);
}

static void print_props(const MachineProperty *props, FILE *f)
{
    static const char *const type_names[] = {
        [MACHINE_PROP_BOOL] = "on|off",
        [MACHINE_PROP_STRING] = "string",
        [MACHINE_PROP_U32] = "number",
    };
    for (const MachineProperty *p = props; p && p->name; p++) {
        char *values = p->type == MACHINE_PROP_ENUM ? enum_spellings(p, "|", "|")
                                                    : g_strdup(type_names[p->type]);
        char *form = g_strdup_printf("%s=<%s>", p->name, values);
        fprintf(f, "  %-30s - %s\n", form, p->help);
        g_free(form);
        g_free(values);
    }
}

void machine_print_props(const MachineClass *mc, FILE *f)
{
    fprintf(f, "%s options:\n", mc->name);
    print_props(mc->props, f);
    print_props(common_props, f);
}

/* ------------------------------------------------------- reset */

void machine_reset(MachineState *ms)
{
    device_reset_all();
    CPU_FOREACH(cpu)
    {
        /* Powered on and running; the board's reset hook decides otherwise. */
        cpu->halted = false;
        cpu->stopped = false;
        cpu_reset(cpu);
    }
    loader_reset();
    if (ms->mc->reset)
        ms->mc->reset(ms);
}
