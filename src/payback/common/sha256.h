#pragma once

#include <string>
#include <string_view>

#include "payback/status.h"

namespace payback {

/// The SHA-256 of `data` as 64 lower-case hex digits (OpenSSL's implementation). Thread-safe.
std::string Sha256Hex(std::string_view data);

/// `bytes` bytes from the kernel's cryptographic random source (getrandom), as 2 x bytes
/// lower-case hex digits. kIoError when the source fails. Thread-safe.
Result<std::string> RandomHex(size_t bytes);

}  // namespace payback
