#include "core/models/arch/qwen2.h"

#include "core/models/arch/llama.h"

namespace hone::qwen2 {

ArchitectureInfo info()
{
    return ArchitectureInfo(modelFamily("qwen2"), &llama::createCausalLM);
}

} // namespace hone::qwen2
