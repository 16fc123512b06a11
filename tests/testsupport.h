#pragma once
// Helpers shared by Hone's tests: fixture paths and the installed default model.
#include <QDir>
#include <QString>
#include <QTest>

#include <filesystem>

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

} // namespace hone::test
