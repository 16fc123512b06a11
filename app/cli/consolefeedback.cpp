#include "app/cli/consolefeedback.h"

#include "core/util/format.h"

#include <atomic>
#include <csignal>
#include <cstdio>
#include <unistd.h>

namespace hone::cli {

namespace {

std::atomic<ConsoleFeedback *> s_active{nullptr};

void onInterrupt(int)
{
    if (ConsoleFeedback *f = s_active.load())
        f->cancel(); // an atomic store: safe in a signal handler
    std::signal(SIGINT, SIG_DFL); // a second Ctrl-C ends the process at once
}

} // namespace

ConsoleFeedback::ConsoleFeedback(bool quiet) : m_quiet(quiet), m_tty(::isatty(STDERR_FILENO) == 1)
{
    s_active.store(this);
    std::signal(SIGINT, onInterrupt);
    std::signal(SIGTERM, onInterrupt);
}

ConsoleFeedback::~ConsoleFeedback()
{
    endBar();
    s_active.store(nullptr);
    std::signal(SIGINT, SIG_DFL);
    std::signal(SIGTERM, SIG_DFL);
}

void ConsoleFeedback::endBar()
{
    if (m_barOpen)
        std::fputc('\n', stderr);
    m_barOpen = false;
}

void ConsoleFeedback::onPhase(TrainingPhase phase, const std::string &detail)
{
    if (m_quiet || phase == TrainingPhase::Training || phase == TrainingPhase::Saving || phase == TrainingPhase::Finished)
        return;
    endBar();
    std::fprintf(stderr, "%s%s%s\n", trainingPhaseName(phase), detail.empty() ? "" : ": ", detail.c_str());
}

void ConsoleFeedback::onStep(const StepMetrics &m)
{
    if (m_quiet)
        return;
    constexpr int width = 24;
    const double fraction = m.totalSteps > 0 ? static_cast<double>(m.step) / static_cast<double>(m.totalSteps) : 0.0;
    const int filled = static_cast<int>(fraction * width + 0.5);
    std::string bar(static_cast<std::size_t>(filled), '#');
    bar.append(static_cast<std::size_t>(width - filled), '.');
    std::string values; // the task's training metrics ("acc" for classification)
    for (const auto &[name, value] : m.values) {
        char buf[64];
        std::snprintf(buf, sizeof buf, "  %s %.3f", name == "accuracy" ? "acc" : name.c_str(), value);
        values += buf;
    }
    std::fprintf(stderr, "%s[%s] %3.0f%%  step %lld/%lld  epoch %.2f  loss %.4f%s  lr %.2e  %.1f samples/s  ETA %s%s",
                 m_tty ? "\r" : "", bar.c_str(), fraction * 100, static_cast<long long>(m.step),
                 static_cast<long long>(m.totalSteps), m.epoch, m.loss, values.c_str(), m.learningRate, m.samplesPerSecond,
                 formatDuration(m.etaSeconds).c_str(), m_tty ? "\033[K" : "\n");
    m_barOpen = m_tty;
    std::fflush(stderr);
}

void ConsoleFeedback::onEval(const EvalMetrics &e)
{
    if (m_quiet)
        return;
    endBar();
    if (e.hasClassification()) {
        std::fprintf(stderr, "%-10s step %lld  loss %.4f  accuracy %.4f  macro-F1 %.4f%s\n", e.split.c_str(),
                     static_cast<long long>(e.step), e.loss, e.metrics.accuracy, e.metrics.macroF1, e.isBest ? "  (best)" : "");
        return;
    }
    std::string values;
    for (const auto &[name, value] : e.values) {
        char buf[96];
        std::snprintf(buf, sizeof buf, "  %s %.4f", name.c_str(), value);
        values += buf;
    }
    std::fprintf(stderr, "%-10s step %lld  loss %.4f%s%s\n", e.split.c_str(), static_cast<long long>(e.step), e.loss,
                 values.c_str(), e.isBest ? "  (best)" : "");
}

void ConsoleFeedback::onLog(LogLevel level, const std::string &message)
{
    if (m_quiet && level == LogLevel::Info)
        return;
    endBar();
    std::fprintf(stderr, "%s%s\n", level == LogLevel::Warning ? "warning: " : level == LogLevel::Error ? "error: " : "", message.c_str());
}

} // namespace hone::cli
