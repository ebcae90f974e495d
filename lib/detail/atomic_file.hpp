#pragma once
// Files written so that a reader never sees half of one and a crash never leaves a broken
// one: through `<file>.tmp`, flushed to disk (fsync), renamed into place and the directory
// flushed too. Every failure is an OutputError naming the path, and removes the `.tmp`.

#include <cstdint>
#include <filesystem>
#include <functional>
#include <iosfwd>
#include <string>

namespace blanko::detail {

// A file as written: its size and SHA-256.
struct FileDigest {
  std::uint64_t bytes = 0;
  std::string sha256;  // 64 lowercase hex digits
};

// Writes `target` with `write` through `<target>.tmp`: fsync'ed, renamed over `target`, then
// the directory fsync'ed. Returns what was written. When `write` throws, or a write, the
// fsync or the rename fails, the `.tmp` is removed and `target` is left as it was.
FileDigest write_atomically(const std::filesystem::path& target,
                            const std::function<void(std::ostream&)>& write);

// The size and SHA-256 of a file on disk, or of its first `max_bytes` bytes.
[[nodiscard]] FileDigest digest_of(const std::filesystem::path& file,
                                   std::uint64_t max_bytes = UINT64_MAX);

// Flushes `file`'s data to disk (fsync), for a file written by another stream.
void sync_file(const std::filesystem::path& file);

// Flushes the entries of `dir` (a rename, a new file) to disk.
void sync_directory(const std::filesystem::path& dir);

// Creates `dir` and its parents; OutputError naming the culprit when it cannot (a parent
// that is a regular file, a read-only parent).
void create_output_directory(const std::filesystem::path& dir);

// OutputError unless `file` can be written (its directory exists and takes new files):
// checked before a long run, which would otherwise fail only at its end. Creates and
// removes `<file>.tmp`; `file` itself is not touched.
void check_writable(const std::filesystem::path& file);
// The same for any file in `dir`, naming the directory.
void check_directory_writable(const std::filesystem::path& dir);

}  // namespace blanko::detail
