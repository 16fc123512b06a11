#pragma once
// The registry of architectures: each model family (modelfamily.h: config parser, prefixes, class
// names, capabilities; LibTorch-free) paired with its factory. Adding an architecture:
// models/arch/<arch>.{h,cpp}, its parser and row in modelfamilies.cpp, one line in
// architectures.cpp, one row in tests/core/tst_architectures.cpp (encoders) or tst_decoders.cpp
// (decoders). No static self-registration.
#include "core/models/causallm.h"
#include "core/models/encoderclassifier.h"
#include "core/models/modelconfig.h"
#include "core/models/modelfamily.h"
#include "core/util/result.h"

#include <memory>
#include <string>
#include <vector>

namespace hone {

// A model family (modelfamily.h) with the factory that builds its network: encoders build a
// classifier, decoders a causal LM.
struct ArchitectureInfo : ModelFamily {
    ArchitectureInfo() = default;
    ArchitectureInfo(const ModelFamily &family,
                     std::shared_ptr<EncoderClassifier> (*factory)(const ModelConfig &, ModelHead, int))
        : ModelFamily(family), create(factory)
    {
    }
    ArchitectureInfo(const ModelFamily &family, std::shared_ptr<CausalLM> (*factory)(const ModelConfig &))
        : ModelFamily(family), createCausalLM(factory)
    {
    }
    // Builds the model (may throw c10::Error; the loader catches). numLabels > 0 with a head.
    std::shared_ptr<EncoderClassifier> (*create)(const ModelConfig &config, ModelHead head, int numLabels) = nullptr;
    // Decoders: builds the causal LM (may throw c10::Error; the loader catches).
    std::shared_ptr<CausalLM> (*createCausalLM)(const ModelConfig &config) = nullptr;
};

// Every architecture Hone supports, in modelFamilies()' order.
const std::vector<ArchitectureInfo> &architectures();
// By model_type; unknown types fail with the list of supported ones (source names config.json).
Result<const ArchitectureInfo *> findArchitecture(const std::string &modelType, const std::string &source = {});

} // namespace hone
