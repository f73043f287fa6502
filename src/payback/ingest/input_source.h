#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "payback/status.h"

namespace payback {

/// The record format of an input file.
enum class InputFormat : uint8_t { kCsv, kJsonl };

/// Chooses the format of `path` from its name: a trailing `.gz` or `.zst` is stripped, then
/// `.csv` means kCsv and `.jsonl` / `.ndjson` mean kJsonl (extensions match case-insensitively).
/// `override_name` ("csv", "jsonl", "ndjson", case-insensitive; "" = none) wins when given.
/// Returns kUsage when the override is unknown, or when there is no override and the name does
/// not tell (this includes "-", standard input); the message lists the known extensions and
/// mentions --format. Pure function; thread-safe.
Result<InputFormat> DetectInputFormat(std::string_view path, std::string_view override_name);

/// Reads the whole of `path` into memory, decompressed; "-" reads standard input to its end.
/// Decompression is chosen by the extension (`.gz`: gzip, `.zst`: zstd) or, when the extension
/// names neither, by the magic bytes at the start (gzip 1f 8b, zstd 28 b5 2f fd), so a compressed
/// standard input works too. Concatenated gzip members and zstd frames are all decompressed.
/// Errors (ErrorLocation.file is InputDisplayName(path)): kNotFound when the file does not
/// exist; kIoError when it cannot be opened or read (permissions, a directory, a read error);
/// kInvalidInput when compressed data is corrupt, truncated or followed by trailing bytes.
/// Thread-safe for different paths; reading "-" consumes the process's standard input.
Result<std::string> ReadInput(const std::string& path);

/// The bytes of an input, as OpenInput returns them: a read-only memory map of a plain file
/// (no copy: ingest of a large CSV starts at once), or the bytes ReadInput produced for
/// standard input and compressed files. Move-only; the view lives as long as the object.
class InputData {
 public:
  InputData() = default;
  explicit InputData(std::string bytes) : owned_(std::move(bytes)) {}
  InputData(InputData&& other) noexcept;
  InputData& operator=(InputData&& other) noexcept;
  InputData(const InputData&) = delete;
  InputData& operator=(const InputData&) = delete;
  ~InputData();

  std::string_view view() const {
    return map_ != nullptr ? std::string_view(static_cast<const char*>(map_), map_size_)
                           : std::string_view(owned_);
  }
  /// Releases the bytes early (ingest frees the input before it writes the segment).
  void Release();

 private:
  friend Result<InputData> OpenInput(const std::string& path);
  std::string owned_;
  void* map_ = nullptr;
  size_t map_size_ = 0;
};

/// Like ReadInput, but maps a plain (uncompressed) regular file instead of copying it. Same
/// errors as ReadInput.
Result<InputData> OpenInput(const std::string& path);

/// The name messages should use for `path`: its base file name ("events.csv" for
/// "/data/events.csv"), or "<stdin>" for "-". Pure function; thread-safe.
std::string InputDisplayName(const std::string& path);

}  // namespace payback
