#pragma once
// Raw binary reading and writing of plain values and vectors, for checkpoints. The bytes
// are the machine's own: a checkpoint is resumed on the machine (or cluster) that wrote it,
// and its header records the format version and byte order.
//
// A checkpoint is input like any other: truncated, corrupt or foreign bytes must fail with
// a message, never crash nor allocate the machine away. So every length read is checked
// against the bytes left in the stream and against the most its reader can expect (the
// model's nodes, days and bands) before anything is allocated for it.

#include <blanko/error.hpp>

#include <fmt/format.h>

#include <cstdint>
#include <istream>
#include <limits>
#include <optional>
#include <ostream>
#include <string_view>
#include <type_traits>
#include <vector>

namespace blanko::detail {

template <class... T>
void write_binary(std::ostream& out, const T&... values) {
  static_assert((std::is_trivially_copyable_v<T> && ...));
  (out.write(reinterpret_cast<const char*>(&values), sizeof(T)), ...);
}

template <class T>
void write_vector(std::ostream& out, const std::vector<T>& values) {
  static_assert(std::is_trivially_copyable_v<T>);
  write_binary(out, static_cast<std::uint64_t>(values.size()));
  out.write(reinterpret_cast<const char*>(values.data()),
            static_cast<std::streamsize>(values.size() * sizeof(T)));
}

// Reads what write_binary and write_vector wrote, knowing how many bytes are left (when
// the stream can tell: files and string streams can). Errors are blanko::Error; the
// checkpoint reader adds the file's name.
class BinaryReader {
 public:
  explicit BinaryReader(std::istream& in) : in_(in) {
    const std::istream::pos_type here = in.tellg();
    if (here == std::istream::pos_type(-1)) return;
    in.seekg(0, std::ios::end);
    const std::istream::pos_type end = in.tellg();
    in.seekg(here);
    if (end != std::istream::pos_type(-1) && end >= here && in) {
      remaining_ = static_cast<std::uint64_t>(end - here);
      known_ = true;
    }
    in.clear();
  }

  // Bytes left, when the stream can tell.
  [[nodiscard]] std::optional<std::uint64_t> remaining() const {
    return known_ ? std::optional<std::uint64_t>(remaining_) : std::nullopt;
  }

  void read_bytes(char* data, std::size_t count) {
    if (count > remaining_) throw truncated();
    in_.read(data, static_cast<std::streamsize>(count));
    if (!in_) throw truncated();
    if (known_) remaining_ -= count;
  }

  template <class... T>
  void read(T&... values) {
    static_assert((std::is_trivially_copyable_v<T> && ...));
    (read_bytes(reinterpret_cast<char*>(&values), sizeof(T)), ...);
  }

  // A length read from the stream, of items of `item_bytes` each: at most `most` (what the
  // model allows, named by `what` in the message) and no more than the bytes left hold.
  std::uint64_t read_length(std::uint64_t most, std::size_t item_bytes, std::string_view what) {
    std::uint64_t length = 0;
    read(length);
    check_length(length, most, item_bytes, what);
    return length;
  }

  // The same check for a length that is not stored before its items (replications).
  void check_length(std::uint64_t length, std::uint64_t most, std::size_t item_bytes,
                    std::string_view what) const {
    if (length > most) {
      throw Error(fmt::format("corrupt: {} {} where at most {} fit", length, what, most));
    }
    if (length > remaining_ / item_bytes) {
      throw Error(fmt::format("truncated: {} {} need {} bytes, {} are left", length, what,
                              length * item_bytes, remaining_));
    }
  }

  // A vector of exactly `size` items, which the reader knows (the model's nodes, days...):
  // another length means the bytes are corrupt or of another model.
  template <class T>
  void read_vector_of_size(std::vector<T>& values, std::uint64_t size, std::string_view what) {
    std::uint64_t length = 0;
    read(length);
    if (length != size) {
      throw Error(fmt::format("corrupt or written for another model: {} {} where this one has {}",
                              length, what, size));
    }
    check_length(length, size, sizeof(T), what);
    values.resize(static_cast<std::size_t>(size));
    read_bytes(reinterpret_cast<char*>(values.data()), values.size() * sizeof(T));
  }

  // A vector of at most `most` items (checked before it is allocated).
  template <class T>
  void read_vector(std::vector<T>& values, std::uint64_t most, std::string_view what) {
    static_assert(std::is_trivially_copyable_v<T>);
    const std::uint64_t size = read_length(most, sizeof(T), what);
    values.resize(static_cast<std::size_t>(size));
    read_bytes(reinterpret_cast<char*>(values.data()), values.size() * sizeof(T));
  }

 private:
  [[nodiscard]] static Error truncated() { return Error("truncated: the file ends too early"); }

  std::istream& in_;
  bool known_ = false;  // else the stream cannot tell, and remaining_ bounds nothing
  std::uint64_t remaining_ = std::numeric_limits<std::uint64_t>::max();
};

}  // namespace blanko::detail
