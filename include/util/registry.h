/*
 * Named descriptors registered from constructors and looked up by the name
 * the user typed: machines, device types, CPU models.
 *
 *   static Registry machines = REGISTRY_INIT("machine");
 *   registry_add(&machines, mc->name, mc);
 *   const MachineClass *mc = registry_find(&machines, "virt");
 */
#ifndef UTIL_REGISTRY_H
#define UTIL_REGISTRY_H

#include <stddef.h>

typedef struct RegistryEntry {
    const char *name;
    const void *item;
} RegistryEntry;

typedef struct Registry {
    const char *what; /* for the message when a name is registered twice */
    RegistryEntry *entries;
    size_t count, capacity;
} Registry;

#define REGISTRY_INIT(what)                                                                    \
    {                                                                                          \
        (what), NULL, 0, 0                                                                     \
    }

/* Add item under name; registering a name twice is a bug. */
void registry_add(Registry *r, const char *name, const void *item);
/* The item registered under name, or NULL. */
const void *registry_find(const Registry *r, const char *name);
/* Call fn for each item in name order. */
void registry_foreach_sorted(const Registry *r, void (*fn)(const void *item, void *opaque),
                             void *opaque);

#endif
