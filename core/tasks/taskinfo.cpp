#include "core/tasks/taskinfo.h"

namespace hone {

const MetricInfo *TaskInfo::metric(const std::string &metricName) const
{
    for (const auto &m : evalMetrics)
        if (m.name == metricName)
            return &m;
    return nullptr;
}

const TaskInfo &sequenceClassificationInfo()
{
    static const TaskInfo info = [] {
        TaskInfo t;
        t.name = kDefaultTask;
        t.evalMetrics = {{"loss", false},           {"accuracy", true},        {"macro_f1", true},
                         {"micro_f1", true},        {"weighted_f1", true},     {"macro_precision", true},
                         {"macro_recall", true},    {"micro_precision", true}, {"micro_recall", true},
                         {"weighted_precision", true}, {"weighted_recall", true}};
        t.trainMetrics = {"accuracy"};
        t.plottedMetrics = {"accuracy"};
        t.hasLabels = true;
        return t;
    }();
    return info;
}

namespace {

TaskInfo causalLmInfo(const char *name)
{
    TaskInfo t;
    t.name = name;
    t.evalMetrics = {{"loss", false}, {"perplexity", false}};
    t.plottedMetrics = {"perplexity"};
    return t;
}

} // namespace

const TaskInfo &supervisedFineTuningInfo()
{
    // Instruction answers have references: the sample answers are scored too (core/eval/textmetrics).
    static const TaskInfo info = [] {
        TaskInfo t = causalLmInfo("sft");
        for (const char *name : {"exact_match", "answer_f1", "rouge1", "rouge2", "rougeL", "bleu"})
            t.evalMetrics.push_back({name, true});
        return t;
    }();
    return info;
}

const TaskInfo &pretrainingInfo()
{
    static const TaskInfo info = causalLmInfo("pretrain");
    return info;
}

const std::vector<const TaskInfo *> &taskInfos()
{
    static const std::vector<const TaskInfo *> all = {&sequenceClassificationInfo(), &supervisedFineTuningInfo(),
                                                      &pretrainingInfo()};
    return all;
}

Result<const TaskInfo *> taskInfoForOption(const std::string &option)
{
    return findTaskInfo(option == "classification" ? kDefaultTask : option);
}

Result<const TaskInfo *> findTaskInfo(const std::string &name)
{
    std::string known;
    for (const TaskInfo *t : taskInfos()) {
        if (t->name == name)
            return t;
        known += (known.empty() ? "" : ", ") + t->name;
    }
    return makeError(ErrorCode::InvalidArgument, "task '" + name + "' is not one Hone trains (known: " + known + ")");
}

} // namespace hone
