#include "core/train/trainingfeedback.h"

namespace hone {

const char *trainingPhaseName(TrainingPhase phase)
{
    switch (phase) {
    case TrainingPhase::Preparing: return "preparing";
    case TrainingPhase::LoadingModel: return "loading-model";
    case TrainingPhase::ReadingData: return "reading-data";
    case TrainingPhase::Tokenizing: return "tokenizing";
    case TrainingPhase::Training: return "training";
    case TrainingPhase::Evaluating: return "evaluating";
    case TrainingPhase::Testing: return "testing";
    case TrainingPhase::Saving: return "saving";
    case TrainingPhase::Finished: return "finished";
    }
    return "preparing";
}

} // namespace hone
