#pragma once
// Moves a file or folder to the desktop's trash, as file managers do (freedesktop.org Trash
// specification 1.0: $XDG_DATA_HOME/Trash, default ~/.local/share/Trash, with files/ and
// info/<name>.trashinfo holding the original path and the deletion time), so it can be restored.
#include "core/util/result.h"

#include <filesystem>

namespace hone {

// The home trash folder ($XDG_DATA_HOME/Trash or $HOME/.local/share/Trash); empty without either.
std::filesystem::path homeTrashDir();
// Returns where it went (files/<name>). Fails (Unsupported) when the item is on another file
// system than the trash: moving it would mean copying it; the caller may delete it instead.
Result<std::filesystem::path> moveToTrash(const std::filesystem::path &path);

} // namespace hone
