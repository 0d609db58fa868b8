/*
 * Preloaded into a benchmark fork, these answer "yes" when the oneMKL that libtorch carries asks
 * whether it runs on an Intel CPU. MKL otherwise gives AMD CPUs its AVX2 kernels even when they
 * have AVX-512; with this it dispatches on the instruction sets alone. Only the dispatch changes:
 * the kernels are MKL's own, and they need the instructions the CPU reports.
 */
int mkl_serv_intel_cpu_true(void) { return 1; }
int mkl_serv_intel_cpu(void) { return 1; }
