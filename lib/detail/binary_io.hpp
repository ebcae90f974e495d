#pragma once
// Raw binary reading and writing of plain values and vectors, for checkpoints. The bytes
// are the machine's own: a checkpoint is resumed on the machine (or cluster) that wrote it,
// and its header records the format version and byte order.

#include <blanko/error.hpp>

#include <cstdint>
#include <istream>
#include <ostream>
#include <string>
#include <type_traits>
#include <vector>

namespace blanko::detail {

template <class... T>
void write_binary(std::ostream& out, const T&... values) {
  static_assert((std::is_trivially_copyable_v<T> && ...));
  (out.write(reinterpret_cast<const char*>(&values), sizeof(T)), ...);
}

template <class... T>
void read_binary(std::istream& in, T&... values) {
  static_assert((std::is_trivially_copyable_v<T> && ...));
  (in.read(reinterpret_cast<char*>(&values), sizeof(T)), ...);
  if (!in) throw Error("checkpoint is truncated or unreadable");
}

template <class T>
void write_vector(std::ostream& out, const std::vector<T>& values) {
  static_assert(std::is_trivially_copyable_v<T>);
  write_binary(out, static_cast<std::uint64_t>(values.size()));
  out.write(reinterpret_cast<const char*>(values.data()),
            static_cast<std::streamsize>(values.size() * sizeof(T)));
}

template <class T>
void read_vector(std::istream& in, std::vector<T>& values) {
  static_assert(std::is_trivially_copyable_v<T>);
  std::uint64_t size = 0;
  read_binary(in, size);
  // A corrupt size must not allocate the machine away: nothing blanko saves is this big.
  if (size > (std::uint64_t{1} << 32)) throw Error("checkpoint is corrupt (vector size)");
  values.resize(static_cast<std::size_t>(size));
  in.read(reinterpret_cast<char*>(values.data()),
          static_cast<std::streamsize>(values.size() * sizeof(T)));
  if (!in) throw Error("checkpoint is truncated or unreadable");
}

inline void write_string(std::ostream& out, const std::string& text) {
  write_vector(out, std::vector<char>(text.begin(), text.end()));
}

inline std::string read_string(std::istream& in) {
  std::vector<char> chars;
  read_vector(in, chars);
  return {chars.begin(), chars.end()};
}

}  // namespace blanko::detail
