#include "payback/common/sha256.h"

#include <openssl/evp.h>
#include <sys/random.h>

#include <cerrno>
#include <cstring>
#include <vector>

#include "payback/common/assert.h"

namespace payback {
namespace {

std::string Hex(const unsigned char* bytes, size_t size) {
  static constexpr char kDigits[] = "0123456789abcdef";
  std::string out(size * 2, '0');
  for (size_t idx = 0; idx < size; ++idx) {
    out[2 * idx] = kDigits[bytes[idx] >> 4];
    out[2 * idx + 1] = kDigits[bytes[idx] & 0x0F];
  }
  return out;
}

}  // namespace

std::string Sha256Hex(std::string_view data) {
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int size = 0;
  const int ok = EVP_Digest(data.data(), data.size(), digest, &size, EVP_sha256(), nullptr);
  PAYBACK_ASSERT(ok == 1 && size == 32);
  return Hex(digest, size);
}

Result<std::string> RandomHex(size_t bytes) {
  std::vector<unsigned char> buffer(bytes);
  size_t filled = 0;
  while (filled < bytes) {
    const ssize_t got = getrandom(buffer.data() + filled, bytes - filled, 0);
    if (got < 0) {
      if (errno == EINTR) continue;
      return Status::IoError(std::string("getrandom: ") + std::strerror(errno));
    }
    filled += static_cast<size_t>(got);
  }
  return Hex(buffer.data(), bytes);
}

}  // namespace payback
