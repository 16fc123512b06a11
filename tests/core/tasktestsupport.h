#pragma once
// A TaskHost for tests that prepare a task themselves: it records into the given run and drops
// phases and log lines.
#include "core/runs/runrecorder.h"
#include "core/tasks/task.h"

#include <string>
#include <utility>

namespace hone::test {

class QuietTaskHost : public TaskHost {
public:
    explicit QuietTaskHost(RunRecorder run) : m_run(std::move(run)) {}
    void phase(TrainingPhase, const std::string &) override {}
    void log(const std::string &) override {}
    const RunRecorder &recorder() const override { return m_run; }

private:
    RunRecorder m_run;
};

} // namespace hone::test
