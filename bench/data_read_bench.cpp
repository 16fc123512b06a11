// Reading speed of the data layer (moved out of the tests, which no longer time anything):
// decoding + CSV parsing, and readDataset (columns, labels, checks), on one file.
//   data_read_bench [file] [repeats]      default: ../shared/data/emotion/train.csv, 7 repeats
// Prints the median and the fastest wall time of each phase over the repeats.
#include "core/data/csvreader.h"
#include "core/data/dataset.h"
#include "core/data/textdecoder.h"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <functional>
#include <string>
#include <vector>

namespace {

void report(const char *what, int repeats, const std::function<std::size_t()> &body)
{
    std::vector<double> ms;
    std::size_t rows = 0;
    for (int i = 0; i < repeats; ++i) {
        const auto start = std::chrono::steady_clock::now();
        rows = body();
        ms.push_back(std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count());
    }
    std::sort(ms.begin(), ms.end());
    std::printf("%-28s %8zu rows  median %8.1f ms  fastest %8.1f ms  (%d runs)\n", what, rows, ms[ms.size() / 2], ms.front(),
                repeats);
}

} // namespace

int main(int argc, char **argv)
{
    const std::string file = argc > 1 ? argv[1] : "../shared/data/emotion/train.csv";
    const int repeats = argc > 2 ? std::max(1, std::atoi(argv[2])) : 7;
    std::printf("%s\n", file.c_str());
    bool failed = false;
    report("decode + parseCsv", repeats, [&]() -> std::size_t {
        auto text = hone::readTextFile(file);
        auto table = text ? hone::parseCsv(text->text, {}, file) : hone::Result<hone::CsvTable>(text.error());
        if (!table) {
            std::fprintf(stderr, "%s\n", table.error().message.c_str());
            failed = true;
            return 0;
        }
        return table->records.size();
    });
    report("readDataset", repeats, [&]() -> std::size_t {
        auto d = hone::readDataset(file);
        if (!d) {
            std::fprintf(stderr, "%s\n", d.error().message.c_str());
            failed = true;
            return 0;
        }
        return d->rows.size();
    });
    return failed ? 1 : 0;
}
