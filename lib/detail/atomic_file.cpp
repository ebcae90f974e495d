#include "detail/atomic_file.hpp"

#include <blanko/error.hpp>

#include "detail/sha256.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <cerrno>
#include <cstring>
#include <fstream>
#include <optional>
#include <ostream>
#include <streambuf>
#include <string_view>
#include <system_error>
#include <vector>

#include <fcntl.h>
#include <unistd.h>

namespace blanko::detail {
namespace {

namespace fs = std::filesystem;

std::string error_text(int error) { return std::generic_category().message(error); }

// The directory a file is in ("." for a bare name), for messages and fsync.
fs::path directory_of(const fs::path& file) {
  return file.has_parent_path() ? file.parent_path() : fs::path(".");
}

// An output stream's buffer over a file descriptor that hashes what it writes and keeps the
// first error, so that the writer can say why (a full disk) instead of "cannot write".
class HashingFileBuffer : public std::streambuf {
 public:
  explicit HashingFileBuffer(int fd) : fd_(fd) {
    setp(buffer_.data(), buffer_.data() + buffer_.size());
  }

  // errno of the first write that failed, 0 when none did.
  [[nodiscard]] int error() const { return error_; }
  [[nodiscard]] std::uint64_t bytes() const { return bytes_; }
  [[nodiscard]] std::string sha256() { return hash_.finish(); }

 protected:
  int_type overflow(int_type ch) override {
    if (!drain()) return traits_type::eof();
    if (!traits_type::eq_int_type(ch, traits_type::eof())) {
      *pptr() = traits_type::to_char_type(ch);
      pbump(1);
    }
    return traits_type::not_eof(ch);
  }

  std::streamsize xsputn(const char* data, std::streamsize count) override {
    // Large blocks (the writers hand over megabytes) go straight to the file.
    if (count < static_cast<std::streamsize>(buffer_.size()))
      return std::streambuf::xsputn(data, count);
    if (!drain() || !write_all(data, static_cast<std::size_t>(count))) return 0;
    return count;
  }

  int sync() override { return drain() ? 0 : -1; }

 private:
  bool drain() {
    const bool ok = write_all(pbase(), static_cast<std::size_t>(pptr() - pbase()));
    setp(buffer_.data(), buffer_.data() + buffer_.size());
    return ok;
  }

  bool write_all(const char* data, std::size_t count) {
    if (error_ != 0) return false;
    hash_.update(std::string_view(data, count));
    while (count > 0) {
      const ssize_t written = ::write(fd_, data, count);
      if (written < 0) {
        if (errno == EINTR) continue;
        error_ = errno;
        return false;
      }
      data += written;
      count -= static_cast<std::size_t>(written);
      bytes_ += static_cast<std::uint64_t>(written);
    }
    return true;
  }

  int fd_;
  int error_ = 0;
  std::uint64_t bytes_ = 0;
  Sha256 hash_;
  std::array<char, std::size_t{1} << 16> buffer_{};
};

// Closes a descriptor once, whatever happens.
class Descriptor {
 public:
  explicit Descriptor(int fd) : fd_(fd) {}
  ~Descriptor() {
    if (fd_ >= 0) ::close(fd_);
  }
  Descriptor(const Descriptor&) = delete;
  Descriptor& operator=(const Descriptor&) = delete;
  [[nodiscard]] int get() const { return fd_; }
  // 0, or the errno of a failed close (which may report a delayed write error).
  int close() {
    const int result = ::close(fd_);
    fd_ = -1;
    return result == 0 ? 0 : errno;
  }

 private:
  int fd_;
};

int fsync_path(const fs::path& path, int flags) {
  Descriptor fd(::open(path.c_str(), flags | O_CLOEXEC));
  if (fd.get() < 0) return errno;
  if (::fsync(fd.get()) != 0) return errno;
  return fd.close();
}

// The nearest existing part of `path` (itself included) when it is not a directory: what
// stands in the way of `--out results.csv/run`.
std::optional<fs::path> file_in_the_way(const fs::path& path) {
  for (fs::path part = path; !part.empty(); part = part.parent_path()) {
    std::error_code ec;
    const fs::file_status status = fs::status(part, ec);
    if (fs::exists(status)) {
      if (fs::is_directory(status)) return std::nullopt;
      return part;
    }
    if (part == part.parent_path()) break;
  }
  return std::nullopt;
}

// Why a directory cannot take a file: the file in the way, or the system's reason.
std::string reason(const fs::path& dir, int error) {
  if (error == ENOTDIR || error == EEXIST) {
    if (const std::optional<fs::path> file = file_in_the_way(dir)) {
      return *file == dir ? std::string("it is a file, not a directory")
                          : fmt::format("{} is a file, not a directory", file->string());
    }
  }
  if (error == ENOENT) return "no such directory";
  return error_text(error);
}

[[noreturn]] void cannot_write_into(const fs::path& file, int error) {
  const fs::path dir = directory_of(file);
  throw OutputError(dir.string(), fmt::format("cannot write {} into this directory: {}",
                                              file.filename().string(), reason(dir, error)));
}

// Creates and removes `<file>.tmp`: 0 when that worked, else the errno.
int probe(const fs::path& file) {
  fs::path tmp = file;
  tmp += ".tmp";
  Descriptor fd(::open(tmp.c_str(), O_WRONLY | O_CREAT | O_CLOEXEC, 0666));
  if (fd.get() < 0) return errno;
  (void)fd.close();
  std::error_code ignored;
  fs::remove(tmp, ignored);
  return 0;
}

}  // namespace

FileDigest write_atomically(const fs::path& target,
                            const std::function<void(std::ostream&)>& write) {
  fs::path tmp = target;
  tmp += ".tmp";
  Descriptor fd(::open(tmp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0666));
  if (fd.get() < 0) cannot_write_into(target, errno);
  std::error_code ignored;
  FileDigest digest;
  try {
    HashingFileBuffer buffer(fd.get());
    std::ostream out(&buffer);
    write(out);
    out.flush();
    if (buffer.error() != 0 || !out) {
      throw OutputError(target.string(),
                        fmt::format("cannot write this file: {}",
                                    error_text(buffer.error() != 0 ? buffer.error() : EIO)));
    }
    if (::fsync(fd.get()) != 0) {
      throw OutputError(target.string(),
                        fmt::format("cannot write this file: {}", error_text(errno)));
    }
    if (const int error = fd.close(); error != 0) {
      throw OutputError(target.string(),
                        fmt::format("cannot write this file: {}", error_text(error)));
    }
    digest = {.bytes = buffer.bytes(), .sha256 = buffer.sha256()};
    std::error_code ec;
    fs::rename(tmp, target, ec);
    if (ec) {
      throw OutputError(target.string(), fmt::format("cannot rename {} to this file: {}",
                                                     tmp.string(), ec.message()));
    }
  } catch (...) {
    fs::remove(tmp, ignored);
    throw;
  }
  sync_directory(directory_of(target));
  return digest;
}

FileDigest digest_of(const fs::path& file, std::uint64_t max_bytes) {
  std::ifstream in(file, std::ios::binary);
  if (!in) throw OutputError(file.string(), "cannot read this file back for its checksum");
  Sha256 hash;
  FileDigest digest;
  std::vector<char> block(std::size_t{1} << 16);
  while (in && digest.bytes < max_bytes) {
    in.read(block.data(), static_cast<std::streamsize>(
                              std::min<std::uint64_t>(block.size(), max_bytes - digest.bytes)));
    const auto got = static_cast<std::size_t>(in.gcount());
    hash.update(std::string_view(block.data(), got));
    digest.bytes += got;
  }
  if (in.bad()) throw OutputError(file.string(), "cannot read this file back for its checksum");
  digest.sha256 = hash.finish();
  return digest;
}

void sync_file(const fs::path& file) {
  if (const int error = fsync_path(file, O_RDONLY); error != 0) {
    throw OutputError(file.string(), fmt::format("cannot write this file: {}", error_text(error)));
  }
}

void sync_directory(const fs::path& dir) {
  if (const int error = fsync_path(dir, O_RDONLY | O_DIRECTORY); error != 0) {
    throw OutputError(dir.string(),
                      fmt::format("cannot flush this directory to disk: {}", error_text(error)));
  }
}

void create_output_directory(const fs::path& dir) {
  std::error_code ec;
  const bool created = fs::create_directories(dir, ec);
  if (!ec && fs::is_directory(dir, ec)) {
    if (created) sync_directory(directory_of(fs::absolute(dir, ec)));
    return;
  }
  const int error = ec ? ec.value() : ENOTDIR;
  throw OutputError(dir.string(),
                    fmt::format("cannot create this directory: {}",
                                error == ENOENT ? error_text(error) : reason(dir, error)));
}

void check_writable(const fs::path& file) {
  if (const int error = probe(file); error != 0) cannot_write_into(file, error);
}

void check_directory_writable(const fs::path& dir) {
  if (const int error = probe(dir / ".blanko"); error != 0) {
    throw OutputError(dir.string(),
                      fmt::format("cannot write into this directory: {}", reason(dir, error)));
  }
}

}  // namespace blanko::detail
