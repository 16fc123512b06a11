#include "core/system/allocator.h"

#if defined(__GLIBC__)
#include <malloc.h>
#endif

namespace hone {

void configureAllocator()
{
#if defined(__GLIBC__)
    // Setting either turns off glibc's dynamic threshold, so both are set.
    mallopt(M_MMAP_THRESHOLD, 32 * 1024 * 1024);
    mallopt(M_TRIM_THRESHOLD, 1024 * 1024 * 1024);
#endif
}

void releaseFreeMemory()
{
#if defined(__GLIBC__)
    malloc_trim(0);
#endif
}

} // namespace hone
