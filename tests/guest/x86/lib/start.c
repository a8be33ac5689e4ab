/* From crt0.S: set up the console and the IDT, run main, exit with its
 * result. */
#include "runtime.h"

void idt_init(void);
void runtime_start(void);

void runtime_start(void)
{
    idt_init();
    if (mb_magic != MULTIBOOT_BOOTLOADER_MAGIC) {
        printf("not started by a Multiboot loader (eax 0x%x)\n", mb_magic);
        debug_exit(2);
    }
    debug_exit((unsigned)main());
}
