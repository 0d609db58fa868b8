/*
 * Preloaded into a benchmark fork after the jemalloc that LWJGL ships on Maven Central
 * (org.lwjgl:lwjgl-jemalloc, natives-linux). That build exports its functions with a je_ prefix,
 * so on its own it replaces nothing; these forward the C allocation interface to it, which makes
 * it the process's malloc as an unprefixed jemalloc would be. glibc routes its other allocating
 * functions (strdup, reallocarray, ...) through these symbols.
 */
#include <stddef.h>

void *je_malloc(size_t size);
void *je_calloc(size_t count, size_t size);
void *je_realloc(void *ptr, size_t size);
void je_free(void *ptr);
int je_posix_memalign(void **ptr, size_t alignment, size_t size);
void *je_aligned_alloc(size_t alignment, size_t size);
void *je_memalign(size_t alignment, size_t size);
void *je_valloc(size_t size);
void *je_pvalloc(size_t size);
size_t je_malloc_usable_size(void *ptr);

void *malloc(size_t size) { return je_malloc(size); }
void *calloc(size_t count, size_t size) { return je_calloc(count, size); }
void *realloc(void *ptr, size_t size) { return je_realloc(ptr, size); }
void free(void *ptr) { je_free(ptr); }
int posix_memalign(void **ptr, size_t alignment, size_t size) {
    return je_posix_memalign(ptr, alignment, size);
}
void *aligned_alloc(size_t alignment, size_t size) { return je_aligned_alloc(alignment, size); }
void *memalign(size_t alignment, size_t size) { return je_memalign(alignment, size); }
void *valloc(size_t size) { return je_valloc(size); }
void *pvalloc(size_t size) { return je_pvalloc(size); }
size_t malloc_usable_size(void *ptr) { return je_malloc_usable_size(ptr); }
