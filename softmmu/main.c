/* Placeholder until softmmu/vl.c lands: keeps the build linking. */
int main(void) { return 1; }
