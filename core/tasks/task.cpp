#include "core/tasks/task.h"

#include "core/models/modeldiscovery.h"
#include "core/models/modelfamily.h"
#include "core/runs/runrecorder.h"
#include "core/tasks/causallmtask.h"
#include "core/tasks/sequenceclassificationtask.h"

namespace hone {

const char *splitRoleName(SplitRole split)
{
    switch (split) {
    case SplitRole::Train: return "train";
    case SplitRole::Validation: return "validation";
    case SplitRole::Test: return "test";
    }
    return "train";
}

Result<std::optional<SplitManifest>> resumedSplit(const TaskHost &host, RunStart start)
{
    if (start != RunStart::Resume)
        return std::optional<SplitManifest>();
    auto manifest = loadSplitManifest(host.recorder().directory().splitFile());
    if (!manifest)
        return manifest.error();
    return std::optional<SplitManifest>(std::move(manifest).value());
}

Result<std::unique_ptr<Task>> makeTask(const TrainingConfig &config)
{
    if (auto info = taskInfoForOption(config.task); !info)
        return makeError(info.error().code, "task: " + info.error().message);
    const bool languageModel = config.task != "classification";
    // An encoder cannot generate and a decoder has no classification head: say so before reading any data.
    if (auto model = findModel(config.model))
        if (auto family = findModelFamily(model->architecture); family && (*family)->isDecoder() != languageModel)
            return makeError(ErrorCode::InvalidArgument,
                             languageModel ? "task " + config.task + ": " + model->name + " is an encoder (" + model->architecture +
                                                 "); instruction tuning and pre-training need a decoder (" + [] {
                                                     std::string names;
                                                     for (const ModelFamily &f : modelFamilies())
                                                         if (f.isDecoder())
                                                             names += (names.empty() ? "" : ", ") + f.name;
                                                     return names;
                                                 }() + ")"
                                           : "task classification: " + model->name + " is a decoder (" + model->architecture +
                                                 ") that generates text; train it with --task sft (instruction data) or --task pretrain (plain text)");
    if (languageModel)
        return std::unique_ptr<Task>(std::make_unique<CausalLmTask>(config));
    return std::unique_ptr<Task>(std::make_unique<SequenceClassificationTask>(config));
}

} // namespace hone
