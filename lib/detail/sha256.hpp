#pragma once
// SHA-256 (OpenSSL's libcrypto), for recording which scenario produced an output and the
// checksums of an output directory's manifest.

#include <memory>
#include <streambuf>
#include <string>
#include <string_view>

namespace blanko::detail {

/// The SHA-256 digest of `text` as 64 lowercase hex digits.
[[nodiscard]] std::string sha256_hex(std::string_view text);

/// SHA-256 of bytes that come in pieces (a file as it is written).
class Sha256 {
 public:
  Sha256();
  ~Sha256();
  Sha256(const Sha256&) = delete;
  Sha256& operator=(const Sha256&) = delete;
  void update(std::string_view bytes);
  /// The digest of everything updated so far, as 64 lowercase hex digits; ends the hash.
  [[nodiscard]] std::string finish();

 private:
  struct Context;
  std::unique_ptr<Context> context_;
};

/// An output buffer that passes every byte on to `target` and hashes it: the checksum of
/// what a writer wrote, for a trailer that the reader checks (a checkpoint's).
/// \code
///   Sha256Streambuf hashing(*out.rdbuf());
///   std::ostream hashed(&hashing);
///   statistics.save(hashed);
///   out << hashing.finish();
/// \endcode
class Sha256Streambuf : public std::streambuf {
 public:
  explicit Sha256Streambuf(std::streambuf& target) : target_(target) {}
  /// The digest of everything written so far (64 hex digits); ends the hash.
  [[nodiscard]] std::string finish() { return hash_.finish(); }

 protected:
  int_type overflow(int_type ch) override;
  std::streamsize xsputn(const char* data, std::streamsize count) override;

 private:
  std::streambuf& target_;
  Sha256 hash_;
};

}  // namespace blanko::detail
