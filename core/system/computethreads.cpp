#include "core/system/computethreads.h"

#include <torch/torch.h>

#include <sched.h>
#include <unistd.h>

#include <cctype>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <iterator>
#include <set>
#include <string>
#include <utility>
#include <vector>

namespace hone {

namespace {

bool readInt(const std::string &path, long &out)
{
    std::ifstream in(path);
    return static_cast<bool>(in >> out);
}

int positiveEnv(const char *name)
{
    const char *value = std::getenv(name);
    if (!value || !*value)
        return 0;
    char *end = nullptr;
    const long n = std::strtol(value, &end, 10);
    return (end && *end == '\0' && n > 0 && n <= 4096) ? static_cast<int>(n) : 0;
}

// cgroup v2: "max 100000" (no limit) or "<quota> <period>".
int cgroupCpuLimit()
{
    std::ifstream in("/sys/fs/cgroup/cpu.max");
    std::string quota;
    long period = 0;
    if (!(in >> quota >> period) || quota == "max" || period <= 0)
        return 0;
    const double cpus = std::stod(quota) / static_cast<double>(period);
    return cpus > 0 ? std::max(1, static_cast<int>(std::ceil(cpus))) : 0;
}

bool openMpWaitsPassively()
{
    const char *policy = std::getenv("OMP_WAIT_POLICY");
    if (!policy)
        return false;
    std::string p(policy);
    for (auto &c : p)
        c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return p == "passive";
}

} // namespace

int availablePhysicalCores()
{
    cpu_set_t set;
    CPU_ZERO(&set);
    int cores = 0;
    if (sched_getaffinity(0, sizeof(set), &set) == 0) {
        std::set<std::pair<long, long>> physical;
        int logical = 0;
        for (int cpu = 0; cpu < CPU_SETSIZE; ++cpu) {
            if (!CPU_ISSET(cpu, &set))
                continue;
            ++logical;
            const std::string topology = "/sys/devices/system/cpu/cpu" + std::to_string(cpu) + "/topology/";
            long package = 0, core = cpu;
            if (!readInt(topology + "physical_package_id", package) || !readInt(topology + "core_id", core)) {
                package = -1;
                core = cpu; // no topology: count logical CPUs
            }
            physical.insert({package, core});
        }
        cores = physical.empty() ? logical : static_cast<int>(physical.size());
    }
    if (cores <= 0)
        cores = static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
    if (const int limit = cgroupCpuLimit(); limit > 0 && limit < cores)
        cores = limit;
    return std::max(1, cores);
}

int defaultComputeThreads()
{
    if (const int n = positiveEnv("HONE_NUM_THREADS"))
        return n;
    if (const int n = positiveEnv("OMP_NUM_THREADS"))
        return n;
    return openMpWaitsPassively() ? availablePhysicalCores() : 1;
}

int configureComputeThreads(int requested)
{
    const int threads = requested > 0 ? requested : defaultComputeThreads();
    if (torch::get_num_threads() != threads)
        torch::set_num_threads(threads);
    return torch::get_num_threads();
}

void startWithPassiveWaiting()
{
    // Each variable and the value that makes its pool's workers sleep as soon as they are idle.
    constexpr std::pair<const char *, const char *> kPassive[] = {{"OMP_WAIT_POLICY", "passive"},
                                                                  {"OPENBLAS_THREAD_TIMEOUT", "4"}};
    std::vector<std::pair<const char *, const char *>> unset;
    for (const auto &variable : kPassive)
        if (!std::getenv(variable.first))
            unset.push_back(variable);
    if (unset.empty())
        return;
    std::ifstream in("/proc/self/cmdline", std::ios::binary);
    const std::string cmdline((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    std::vector<std::string> args;
    for (std::size_t begin = 0; begin < cmdline.size();) { // NUL-terminated arguments
        const std::size_t end = cmdline.find('\0', begin);
        args.push_back(cmdline.substr(begin, end - begin));
        begin = end == std::string::npos ? cmdline.size() : end + 1;
    }
    if (args.empty())
        return;
    std::vector<char *> argv;
    for (auto &arg : args)
        argv.push_back(arg.data());
    argv.push_back(nullptr);
    for (const auto &[name, value] : unset)
        setenv(name, value, 1);
    std::fflush(nullptr);
    execv("/proc/self/exe", argv.data());
    for (const auto &variable : unset) // still this process, whose workers spin
        unsetenv(variable.first);
}

} // namespace hone
