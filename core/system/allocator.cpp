#include "core/system/allocator.h"

#include <c10/core/CPUAllocator.h>
#include <torch/version.h>

#include <sys/mman.h>

#include <cstdint>
#include <cstdlib>
#include <map>
#include <mutex>
#include <vector>

#if defined(__GLIBC__)
#include <malloc.h>
#endif

namespace hone {

namespace {

// Each block starts with its header; the tensor's data follows, 64-byte aligned as c10's own
// allocator aligns it. Data pointer and context are the same, so LibTorch's raw interface works.
constexpr std::size_t kHeaderBytes = 64;
constexpr std::size_t kLargeBytes = std::size_t(1) << 20; // from here blocks are mapped and cached

// Sizes a block is mapped with: 1, 1.25, 1.5 or 1.75 times a power of two, so tensors whose
// shapes differ a little (batches of other lengths) share blocks.
std::size_t sizeClass(std::size_t bytes)
{
    const std::size_t step = (std::size_t(1) << (63 - __builtin_clzll(bytes))) / 4;
    return (bytes + step - 1) / step * step;
}

struct BlockHeader {
    std::size_t capacity; // bytes mapped, header included; 0 for a malloc'ed block
};

class TensorCache final : public c10::Allocator {
public:
#if TORCH_VERSION_MAJOR >= 2 // LibTorch 2.x: allocate is not const, and copy_data is the allocator's
    c10::DataPtr allocate(std::size_t bytes) override
#else
    c10::DataPtr allocate(std::size_t bytes) const override
#endif
    {
        void *data = bytes == 0 ? nullptr : take(bytes);
        return {data, data, &release, c10::Device(c10::DeviceType::CPU)};
    }
    c10::DeleterFnPtr raw_deleter() const override { return &release; }
#if TORCH_VERSION_MAJOR >= 2
    void copy_data(void *dest, const void *src, std::size_t count) const override { default_copy_data(dest, src, count); }
#endif

    static TensorCache &instance();

private:
    struct Free {
        std::byte *base;
        std::uint64_t order; // when it was freed: the smallest goes back to the kernel first
    };

    static void release(void *data);

    std::byte *take(std::size_t bytes) const
    {
        if (bytes + kHeaderBytes < kLargeBytes) {
            void *base = nullptr;
            TORCH_CHECK(posix_memalign(&base, kHeaderBytes, bytes + kHeaderBytes) == 0,
                        "out of memory: cannot allocate a tensor of ", bytes, " bytes");
            static_cast<BlockHeader *>(base)->capacity = 0;
            return static_cast<std::byte *>(base) + kHeaderBytes;
        }
        const std::size_t capacity = sizeClass(bytes + kHeaderBytes);
        {
            std::lock_guard lock(m_mutex);
            // The smallest free block that fits, if at most two classes larger.
            if (const auto it = m_free.lower_bound(capacity); it != m_free.end() && it->first <= capacity + capacity / 2) {
                std::byte *base = it->second.base;
                m_freeBytes -= it->first;
                m_free.erase(it);
                return base + kHeaderBytes;
            }
        }
        void *base = mmap(nullptr, capacity, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
        if (base == MAP_FAILED) { // the cache's blocks may be what is missing
            unmap(evict(0));
            base = mmap(nullptr, capacity, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
        }
        TORCH_CHECK(base != MAP_FAILED, "out of memory: cannot allocate a tensor of ", bytes, " bytes");
        static_cast<BlockHeader *>(base)->capacity = capacity;
        return static_cast<std::byte *>(base) + kHeaderBytes;
    }

    void keep(std::byte *base, std::size_t capacity)
    {
        std::vector<std::pair<std::byte *, std::size_t>> evicted;
        {
            std::lock_guard lock(m_mutex);
            m_free.emplace(capacity, Free{base, m_clock++});
            m_freeBytes += capacity;
            evicted = evict(kTensorCacheBytes);
        }
        unmap(evicted); // outside the lock: munmap can take a while
    }

    // Takes the least recently freed blocks out until at most limit bytes stay free; the caller
    // holds m_mutex and unmaps what is returned.
    std::vector<std::pair<std::byte *, std::size_t>> evict(std::size_t limit) const
    {
        std::vector<std::pair<std::byte *, std::size_t>> out;
        while (m_freeBytes > limit) {
            auto oldest = m_free.begin();
            for (auto it = m_free.begin(); it != m_free.end(); ++it)
                if (it->second.order < oldest->second.order)
                    oldest = it;
            out.emplace_back(oldest->second.base, oldest->first);
            m_freeBytes -= oldest->first;
            m_free.erase(oldest);
        }
        return out;
    }

    static void unmap(const std::vector<std::pair<std::byte *, std::size_t>> &blocks)
    {
        for (const auto &[base, capacity] : blocks)
            munmap(base, capacity);
    }

    mutable std::mutex m_mutex;
    mutable std::multimap<std::size_t, Free> m_free; // by capacity
    mutable std::size_t m_freeBytes = 0;
    std::uint64_t m_clock = 0;
};

TensorCache &TensorCache::instance()
{
    static TensorCache *cache = new TensorCache; // never destroyed: tensors outlive static destructors
    return *cache;
}

void TensorCache::release(void *data)
{
    if (!data)
        return;
    std::byte *base = static_cast<std::byte *>(data) - kHeaderBytes;
    const std::size_t capacity = reinterpret_cast<BlockHeader *>(base)->capacity;
    if (capacity == 0)
        std::free(base);
    else
        instance().keep(base, capacity);
}

} // namespace

void installTensorCache()
{
    c10::SetCPUAllocator(&TensorCache::instance(), /*priority*/ 1);
}

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
