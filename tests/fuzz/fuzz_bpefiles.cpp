// vocab.json and merges.txt (one input: vocab.json, a line "=====", merges.txt), then a
// byte-level BPE tokenizer over them.
#include "core/text/bpetokenizer.h"
#include "fuzzsupport.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size)
{
    const auto parts = hone::fuzz::sections({reinterpret_cast<const char *>(data), size}, 2);
    const auto vocabFile = hone::fuzz::writeScratch("vocab.json", parts[0]);
    const auto mergesFile = hone::fuzz::writeScratch("merges.txt", parts[1]);
    auto vocab = hone::BpeTokenizer::readVocabJson(vocabFile);
    auto merges = hone::BpeTokenizer::readMergesFile(mergesFile);
    if (!vocab || !merges)
        return 0;
    hone::BpeOptions options;
    options.addPrefixSpace = size % 2 == 0;
    if (auto tokenizer = hone::BpeTokenizer::create(std::move(*vocab), *merges, options, "fuzz"))
        hone::fuzz::exercise(**tokenizer);
    return 0;
}
