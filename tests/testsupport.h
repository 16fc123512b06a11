#pragma once
// Helpers shared by Hone's tests: fixture paths and the installed default model.
#include <QDir>
#include <QString>
#include <QTest>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

namespace hone::test {

inline QString dataPath(const QString &relative)
{
    return QDir(qEnvironmentVariable("HONE_TEST_DATA")).filePath(relative);
}

inline std::filesystem::path binaryPath(const char *name)
{
    return std::filesystem::path(qEnvironmentVariable("HONE_BIN_DIR").toStdString()) / name;
}

inline std::filesystem::path sharedDataPath(const char *relative)
{
    return std::filesystem::path(qEnvironmentVariable("HONE_SOURCE_DIR").toStdString()) / ".." / "shared" / "data" / relative;
}

// A whole text file ("" when it cannot be read).
inline std::string fileText(const std::filesystem::path &file)
{
    std::ifstream in(file, std::ios::binary);
    std::ostringstream text;
    text << in.rdbuf();
    return text.str();
}

} // namespace hone::test
