#pragma once
// Where Hone looks for things on disk, following XDG and Hugging Face conventions.
#include <filesystem>
#include <string>
#include <vector>

namespace hone {

std::filesystem::path executableDirectory();
std::filesystem::path homeDirectory();
// $XDG_DATA_HOME/hone (default ~/.local/share/hone); the GUI's AppDataLocation is the same.
std::filesystem::path dataDirectory();
// $HF_HUB_CACHE, else $HF_HOME/hub, else $XDG_CACHE_HOME/huggingface/hub, else ~/.cache/huggingface/hub.
std::filesystem::path huggingFaceHubCache();
// Default root of run directories: $HONE_RUNS_DIR, else dataDirectory()/runs.
std::filesystem::path defaultRunsRoot();
// Splits a PATH-like variable (':'-separated); empty entries are dropped.
std::vector<std::filesystem::path> splitPathList(const std::string &value);
std::string environment(const char *name);

} // namespace hone
