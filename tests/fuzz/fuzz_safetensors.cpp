// safetensors: the input is a whole file (u64 header length, JSON header, tensor bytes).
#include "core/io/safetensors.h"

#include <cstddef>
#include <cstdint>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size)
{
    auto header = hone::parseSafetensorsHeader(reinterpret_cast<const std::byte *>(data), size, "fuzz.safetensors");
    if (header) {
        (void)header->parameterCount();
        for (const auto &t : header->tensors)
            (void)t.numel();
    }
    return 0;
}
