#pragma once
// The folder layouts a pretrained model comes in, in one place: a Hugging Face folder
// (config.json), a sentence-transformers folder (modules.json naming the transformer's
// sub-folder), and the hub cache's models--<org>--<name>/snapshots/<revision>/ layout.
// Reads only small JSON/text files; no model code (tokenizers and models both use it).
#include "core/util/result.h"

#include <filesystem>
#include <optional>
#include <string>

namespace hone {

// Non-throwing probes: an unreadable path reads as "no" rather than an exception.
bool isFile(const std::filesystem::path &p);
bool isDirectory(const std::filesystem::path &p);
// A path that names a GGUF file (by extension; the header is checked when it is opened).
bool isGgufFile(const std::filesystem::path &p);

// A folder with config.json or modules.json.
bool isModelFolder(const std::filesystem::path &dir);

// sentence-transformers folders keep the transformer in a sub-folder named by modules.json;
// every other folder is its own transformer folder.
std::filesystem::path transformerDirectory(const std::filesystem::path &modelDir);

// The folder holding config.json (transformerDirectory), or an error naming what is missing.
Result<std::filesystem::path> resolveModelDirectory(const std::filesystem::path &modelDir);

// "org/name" for a hub-cache repo folder "models--org--name" (the folder itself).
std::optional<std::string> hubRepoName(const std::filesystem::path &repoDir);
// "org/name" for any path inside a hub cache snapshot (.../models--org--name/snapshots/<rev>/...).
std::optional<std::string> hubModelName(const std::filesystem::path &path);
// The snapshot of a hub-cache repo folder to use: the revision refs/main names when present,
// else the newest; empty when there is none. *readable is false when snapshots/ cannot be read.
std::filesystem::path hubSnapshot(const std::filesystem::path &repoDir, bool *readable = nullptr);

} // namespace hone
