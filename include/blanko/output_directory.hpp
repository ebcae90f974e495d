#pragma once
/// \file output_directory.hpp
/// A directory of outputs that belong together (the CLI's `--out DIR`). Every file goes
/// through `<name>.tmp`, is flushed to disk (fsync) and renamed into place, and the
/// directory is flushed after the rename, so a reader never sees half a file and a crash
/// never leaves a broken one. finish() then writes `manifest.json`, last: every file of the
/// run with its size and SHA-256. A directory with a manifest holds a complete run; one
/// without is being written, or its run failed (docs/outputs.md).
///
/// \code
///   blanko::OutputDirectory out("study");          // OutputError when it cannot be written
///   blanko::write_monte_carlo_outputs(out, mc);    // summary.json, kpis.csv, ...
///   out.write("notes.txt", [](std::ostream& o) { o << "my own file\n"; });
///   out.finish();                                  // manifest.json
/// \endcode

#include <cstdint>
#include <filesystem>
#include <functional>
#include <iosfwd>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace blanko {

/// The file finish() writes, which lists the others.
inline constexpr std::string_view kManifestFile = "manifest.json";

/// OutputError (naming the directory and why) unless `file` can be written: its directory
/// exists and takes new files. For checking an output before a long run rather than at its
/// end; creates and removes `<file>.tmp`, never touches `file`.
void check_writable(const std::filesystem::path& file);

/// The files that `dir`'s manifest.json lists, each checked against the file on disk:
/// InputError (naming the file) when the manifest is missing or unreadable, or a listed
/// file is missing or differs from its size or SHA-256 (changed or cut since the run).
[[nodiscard]] std::vector<std::string> verify_outputs(const std::filesystem::path& dir);

/// An output directory being written.
class OutputDirectory {
 public:
  /// One file of the run, as the manifest lists it.
  struct File {
    std::string name;  ///< the file's name in the directory
    std::uint64_t bytes = 0;
    std::string sha256;  ///< 64 lowercase hex digits, as `sha256sum` prints them
  };

  /// Creates `dir` and its parents, checks that files can be written into it, and removes
  /// the manifest of an earlier run, so that until finish() the directory does not read as
  /// complete. OutputError naming the path when it cannot (a parent is a regular file, the
  /// directory is read-only).
  explicit OutputDirectory(std::filesystem::path dir);

  [[nodiscard]] const std::filesystem::path& path() const { return dir_; }

  /// Writes the file `name` (a plain file name) of the directory with `write`, atomically,
  /// and lists it. OutputError when it cannot be written (the `.tmp` is removed); an
  /// exception from `write` leaves the directory as it was, but for the file's absence.
  void write(const std::string& name, const std::function<void(std::ostream&)>& write);
  /// Lists a file that another writer put into the directory (ReplicationNodesWriter's
  /// replications_nodes.csv): flushes it to disk and reads it for its checksum.
  void add(const std::string& name);
  /// The files written or added so far, in that order (a name written again keeps its place).
  [[nodiscard]] std::span<const File> files() const { return files_; }

  /// Writes manifest.json: blanko's version and every file listed, in order, with its
  /// `bytes` and `sha256`. Nothing may be written after it.
  void finish();
  [[nodiscard]] bool finished() const { return finished_; }

 private:
  void list(File file);
  std::filesystem::path file_path(const std::string& name) const;

  std::filesystem::path dir_;
  std::vector<File> files_;
  bool finished_ = false;
};

}  // namespace blanko
