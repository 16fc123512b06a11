#include "core/tasks/task.h"

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

Result<std::unique_ptr<Task>> makeTask(const TrainingConfig &config)
{
    return std::unique_ptr<Task>(std::make_unique<SequenceClassificationTask>(config));
}

} // namespace hone
