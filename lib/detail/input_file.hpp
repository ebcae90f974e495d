#pragma once
// Reading the files a scenario names (the scenario itself, its CSV tables, policy sets):
// only regular files of a bounded size, so that a FIFO cannot block a run forever and
// /dev/zero or a stray log cannot fill the memory.

#include <blanko/error.hpp>

#include <cstdint>
#include <filesystem>
#include <string>
#include <string_view>

namespace blanko::detail {

/// The largest input file blanko reads (64 MiB; the national scenario and its tables are
/// under 200 KiB).
inline constexpr std::uintmax_t kMaxInputFileBytes = std::uintmax_t{64} << 20;

/// The whole text of `file`, a `what` ("scenario", "node table") file. A ScenarioError at
/// `referenced_at` (or at the file itself when that is empty) when it is missing, not a
/// regular file (a directory, a FIFO, a device), larger than kMaxInputFileBytes, or
/// unreadable; the message names the file with its absolute path.
std::string read_input_file(const std::filesystem::path& file, std::string_view what,
                            const SourceLocation& referenced_at = {});

}  // namespace blanko::detail
