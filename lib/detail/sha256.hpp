#pragma once
// SHA-256 of a text (OpenSSL's libcrypto), for recording which scenario produced an output.

#include <string>
#include <string_view>

namespace blanko::detail {

/// The SHA-256 digest of `text` as 64 lowercase hex digits.
[[nodiscard]] std::string sha256_hex(std::string_view text);

}  // namespace blanko::detail
