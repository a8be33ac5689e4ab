/* gemu's entry point: everything happens in softmmu/vl.c. */
#include "softmmu/vl.h"

int main(int argc, char **argv) { return vl_main(argc, argv); }
