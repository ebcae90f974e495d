#include "detail/input_file.hpp"

#include <fmt/format.h>

#include <fstream>
#include <iterator>

namespace blanko::detail {
namespace {

std::string_view type_name(std::filesystem::file_type type) {
  using std::filesystem::file_type;
  switch (type) {
    case file_type::directory: return "a directory";
    case file_type::fifo: return "a FIFO";
    case file_type::character: return "a character device";
    case file_type::block: return "a block device";
    case file_type::socket: return "a socket";
    default: return "of an unknown kind";
  }
}

}  // namespace

std::string read_input_file(const std::filesystem::path& file, std::string_view what,
                            const SourceLocation& referenced_at) {
  std::error_code ec;
  std::filesystem::path shown = std::filesystem::absolute(file, ec);
  shown = ec ? file : shown.lexically_normal();
  const bool has_reference = !referenced_at.file.empty() || !referenced_at.key_path.empty();
  // `cannot read node table '/abs/x.csv': it is a FIFO, ...` at the key that names the file,
  // or `cannot read the scenario file: ...` at the file itself.
  const auto fail = [&](std::string_view reason) {
    const std::string suffix = reason.empty() ? std::string{} : fmt::format(": it {}", reason);
    if (has_reference) {
      throw ScenarioError(referenced_at,
                          fmt::format("cannot read {} '{}'{}", what, shown.string(), suffix));
    }
    throw ScenarioError({.file = file.string(), .line = 0, .column = 0, .key_path = {}},
                        fmt::format("cannot read the {} file{}", what, suffix));
  };
  // stat() before open(): opening a FIFO for reading blocks until a writer comes.
  const std::filesystem::file_status status = std::filesystem::status(file, ec);
  if (status.type() == std::filesystem::file_type::not_found) {
    if (has_reference) fail({});
    throw ScenarioError({.file = file.string(), .line = 0, .column = 0, .key_path = {}},
                        fmt::format("no such {} file", what));
  }
  if (ec) fail("cannot be examined: " + ec.message());
  if (status.type() != std::filesystem::file_type::regular) {
    fail(fmt::format("is {}, not a regular file", type_name(status.type())));
  }
  const std::uintmax_t size = std::filesystem::file_size(file, ec);
  if (!ec && size > kMaxInputFileBytes) {
    fail(fmt::format("has {} MiB, more than the {} MiB an input file may have", size >> 20,
                     kMaxInputFileBytes >> 20));
  }
  std::ifstream in(file, std::ios::binary);
  if (!in) fail("cannot be opened");
  std::string text;
  text.reserve(static_cast<std::size_t>(ec ? 0 : size));
  // Read at most one byte past the limit: a file that grows while it is read stays bounded.
  std::istreambuf_iterator<char> it(in), end;
  for (; it != end && text.size() <= kMaxInputFileBytes; ++it) text.push_back(*it);
  if (text.size() > kMaxInputFileBytes) {
    fail(fmt::format("has more than the {} MiB an input file may have", kMaxInputFileBytes >> 20));
  }
  if (in.bad()) fail("could not be read to the end");
  return text;
}

}  // namespace blanko::detail
