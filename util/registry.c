/* Named descriptors looked up by name (util/registry.h). */
#include <stdlib.h>
#include <string.h>

#include "util/error.h"
#include "util/registry.h"

void registry_add(Registry *r, const char *name, const void *item)
{
    if (registry_find(r, name))
        gemu_bug("%s %s registered twice", r->what, name);
    if (r->count == r->capacity) {
        r->capacity = r->capacity ? 2 * r->capacity : 16;
        r->entries = realloc(r->entries, r->capacity * sizeof(*r->entries));
        if (!r->entries)
            fatal("out of memory registering %s %s", r->what, name);
    }
    r->entries[r->count++] = (RegistryEntry){name, item};
}

const void *registry_find(const Registry *r, const char *name)
{
    for (size_t i = 0; i < r->count; i++) {
        if (strcmp(r->entries[i].name, name) == 0)
            return r->entries[i].item;
    }
    return NULL;
}

static int compare_names(const void *a, const void *b)
{
    return strcmp(((const RegistryEntry *)a)->name, ((const RegistryEntry *)b)->name);
}

void registry_foreach_sorted(const Registry *r, void (*fn)(const void *item, void *opaque),
                             void *opaque)
{
    RegistryEntry *sorted = malloc(r->count * sizeof(*sorted) + 1);
    if (!sorted)
        fatal("out of memory listing %ss", r->what);
    memcpy(sorted, r->entries, r->count * sizeof(*sorted));
    qsort(sorted, r->count, sizeof(*sorted), compare_names);
    for (size_t i = 0; i < r->count; i++)
        fn(sorted[i].item, opaque);
    free(sorted);
}
