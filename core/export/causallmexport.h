#pragma once
// Exports of causal-LM runs (sft, pretrain), each reloaded with Hone's own loaders and compared
// with the run's model by logits on a few prompts:
// - hf: the folder the run itself saves (saveCausalLmFolder: LoRA merged, tokenizer, chat template);
// - peft: adapter_config.json + adapter_model.safetensors under PEFT's names
//   (base_model.model.<module>.lora_A.weight / lora_B.weight), for peft.PeftModel.from_pretrained;
//   LoRA runs only;
// - gguf: one file for llama.cpp with its tensor names (Llama's q/k rows in its rotary order),
//   the hyperparameters, tokenizer.ggml.* and tokenizer.chat_template; weights F16, BF16 or Q8_0,
//   1-D tensors (norms, biases) F32, and Q8_0 falls back to F16 for rows not a multiple of 32, as
//   llama.cpp's converter does.
#include "core/export/modelexport.h"
#include "core/models/causallm.h"
#include "core/runs/rundirectory.h"
#include "core/train/trainingconfig.h"

#include <filesystem>
#include <functional>
#include <string>

namespace hone {

// Called by exportRun for runs whose task is not classification, with the checkpoint it chose.
Result<ExportReport> exportCausalLmRun(const RunDirectory &run, const TrainingConfig &config, const std::filesystem::path &basePath,
                                       const std::filesystem::path &checkpoint, std::int64_t step, const std::filesystem::path &out,
                                       const ExportOptions &options, const std::function<void(double, const std::string &)> &progress);

// Adds the LoRA adapters of a PEFT folder (adapter_config.json: peft_type LORA, r, lora_alpha,
// lora_dropout, target_modules as a list; adapter_model.safetensors) to model, as peft does on the
// base model. Errors name the file and the field or tensor.
Result<void> loadPeftAdapter(CausalLM &model, const std::filesystem::path &adapterDir);

} // namespace hone
