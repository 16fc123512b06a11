// The networks of the model families (modelfamily.h), in the same order. Adding one:
// models/arch/<arch>.{h,cpp}, a family in modelfamilies.cpp, a line here, a row in
// tests/core/tst_architectures.cpp.
#include "core/models/architecture.h"

#include "core/models/arch/albert.h"
#include "core/models/arch/bert.h"
#include "core/models/arch/distilbert.h"
#include "core/models/arch/gpt2.h"
#include "core/models/arch/llama.h"
#include "core/models/arch/qwen2.h"
#include "core/models/arch/roberta.h"

#include <algorithm>

namespace hone {

const std::vector<ArchitectureInfo> &architectures()
{
    static const std::vector<ArchitectureInfo> list = {
        bert::info(),
        roberta::info(),
        roberta::xlmRobertaInfo(),
        distilbert::info(),
        albert::info(),
        llama::info(),
        qwen2::info(),
        gpt2::info(),
    };
    return list;
}

Result<const ArchitectureInfo *> findArchitecture(const std::string &modelType, const std::string &source)
{
    auto family = findModelFamily(modelType, source);
    if (!family)
        return family.error();
    for (const auto &a : architectures())
        if (a.name == (*family)->name)
            return &a;
    return makeError(ErrorCode::Unsupported, "model_type \"" + modelType + "\" has no network in this build");
}

} // namespace hone
