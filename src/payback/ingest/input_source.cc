#include "payback/ingest/input_source.h"

#include <fcntl.h>
#include <fmt/format.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zlib.h>
#include <zstd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <memory>
#include <system_error>
#include <utility>

namespace payback {
namespace {

enum class Compression : uint8_t { kNone, kGzip, kZstd };

// zlib counts in 32-bit uInt and a single read(2) is capped near 2 GiB on Linux, so large
// buffers are handed over in chunks of this size.
constexpr size_t kMaxChunk = size_t{1} << 30;
constexpr size_t kMinOutput = size_t{64} << 10;
// The best deflate can do is about 1032:1; a gzip trailer claiming more is not a usable hint.
constexpr size_t kMaxDeflateRatio = 1032;
// zstd frames may declare any content size; trust it only up to this ratio, grow beyond.
constexpr size_t kMaxZstdHintRatio = 64;

std::string ToLower(std::string_view text) {
  std::string out(text);
  for (char& c : out) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return out;
}

bool EndsWith(std::string_view text, std::string_view suffix) {
  return text.size() >= suffix.size() && text.substr(text.size() - suffix.size()) == suffix;
}

std::string_view BaseName(std::string_view path) {
  const size_t slash = path.find_last_of('/');
  return slash == std::string_view::npos ? path : path.substr(slash + 1);
}

bool HasGzipMagic(std::string_view data) {
  return data.size() >= 2 && static_cast<unsigned char>(data[0]) == 0x1f &&
         static_cast<unsigned char>(data[1]) == 0x8b;
}

bool HasZstdMagic(std::string_view data) {
  return data.size() >= 4 && static_cast<unsigned char>(data[0]) == 0x28 &&
         static_cast<unsigned char>(data[1]) == 0xb5 &&
         static_cast<unsigned char>(data[2]) == 0x2f && static_cast<unsigned char>(data[3]) == 0xfd;
}

Compression ChooseCompression(const std::string& path, std::string_view data) {
  const std::string lower = ToLower(BaseName(path));
  if (EndsWith(lower, ".gz")) return Compression::kGzip;
  if (EndsWith(lower, ".zst")) return Compression::kZstd;
  // The extension says nothing (or this is standard input): trust the magic bytes. Neither
  // magic is valid UTF-8 text, so a plain CSV or JSONL file never matches.
  if (HasGzipMagic(data)) return Compression::kGzip;
  if (HasZstdMagic(data)) return Compression::kZstd;
  return Compression::kNone;
}

std::string ErrnoText(int err) { return std::error_code(err, std::generic_category()).message(); }

Status FileError(StatusCode code, std::string message, const std::string& path) {
  return Status(code, std::move(message), ErrorLocation{InputDisplayName(path), 0, "", 0});
}

// Closes a file descriptor on scope exit (not standard input, which the caller does not own).
class FdCloser {
 public:
  explicit FdCloser(int fd) : fd_(fd) {}
  FdCloser(const FdCloser&) = delete;
  FdCloser& operator=(const FdCloser&) = delete;
  ~FdCloser() {
    if (fd_ > STDERR_FILENO) ::close(fd_);
  }

 private:
  int fd_;
};

Result<std::string> ReadAll(int fd, const std::string& path) {
  struct stat st {};
  if (::fstat(fd, &st) != 0) {
    return FileError(StatusCode::kIoError,
                     fmt::format("cannot read {}: {}", path, ErrnoText(errno)), path);
  }
  if (S_ISDIR(st.st_mode)) {
    return FileError(StatusCode::kIoError, fmt::format("cannot read {}: is a directory", path),
                     path);
  }
  // One byte more than a regular file's size lets the final read return 0 without growing the
  // buffer; pipes and terminals report no useful size and grow by doubling.
  size_t capacity = kMinOutput;
  if (S_ISREG(st.st_mode) && st.st_size > 0) capacity = static_cast<size_t>(st.st_size) + 1;
  std::string buffer(capacity, '\0');
  size_t used = 0;
  for (;;) {
    if (used == buffer.size()) buffer.resize(buffer.size() * 2);
    const size_t want = std::min(buffer.size() - used, kMaxChunk);
    const ssize_t got = ::read(fd, buffer.data() + used, want);
    if (got < 0) {
      if (errno == EINTR) continue;
      return FileError(StatusCode::kIoError,
                       fmt::format("cannot read {}: {}", path, ErrnoText(errno)), path);
    }
    if (got == 0) break;
    used += static_cast<size_t>(got);
  }
  buffer.resize(used);
  return buffer;
}

Status CorruptData(const std::string& path, std::string_view what, std::string_view detail) {
  return FileError(StatusCode::kInvalidInput, fmt::format("corrupt {} data: {}", what, detail),
                   path);
}

class InflateStream {
 public:
  InflateStream() = default;
  InflateStream(const InflateStream&) = delete;
  InflateStream& operator=(const InflateStream&) = delete;
  ~InflateStream() {
    if (initialized_) inflateEnd(&stream_);
  }
  // 15 + 16: the largest window, gzip wrapper only.
  bool Init() {
    initialized_ = inflateInit2(&stream_, 15 + 16) == Z_OK;
    return initialized_;
  }
  z_stream& stream() { return stream_; }

 private:
  z_stream stream_{};
  bool initialized_ = false;
};

Result<std::string> Gunzip(std::string_view in, const std::string& path) {
  InflateStream inflater;
  if (!inflater.Init()) return Status::Internal("cannot initialize zlib");
  z_stream& zs = inflater.stream();

  // The gzip trailer holds the uncompressed size modulo 2^32: exact for the usual single-member
  // file below 4 GiB, and a good first guess otherwise.
  size_t guess = std::max(kMinOutput, in.size() * 3);
  if (in.size() >= 18) {
    const auto* tail = reinterpret_cast<const unsigned char*>(in.data() + in.size() - 4);
    const size_t isize =
        size_t{tail[0]} | size_t{tail[1]} << 8 | size_t{tail[2]} << 16 | size_t{tail[3]} << 24;
    if (isize > 0 && isize / kMaxDeflateRatio <= in.size()) guess = isize;
  }
  std::string out(guess, '\0');
  size_t in_pos = 0;
  size_t out_pos = 0;
  for (;;) {
    if (out_pos == out.size()) out.resize(out.size() * 2);
    const size_t in_chunk = std::min(in.size() - in_pos, kMaxChunk);
    const size_t out_chunk = std::min(out.size() - out_pos, kMaxChunk);
    zs.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(in.data() + in_pos));
    zs.avail_in = static_cast<uInt>(in_chunk);
    zs.next_out = reinterpret_cast<Bytef*>(out.data() + out_pos);
    zs.avail_out = static_cast<uInt>(out_chunk);
    const int ret = inflate(&zs, Z_NO_FLUSH);
    in_pos += in_chunk - zs.avail_in;
    out_pos += out_chunk - zs.avail_out;
    if (ret == Z_STREAM_END) {
      if (in_pos == in.size()) break;
      // `cat a.gz b.gz` is a valid gzip file: decompress every member, as gzip(1) does.
      if (!HasGzipMagic(in.substr(in_pos))) {
        return CorruptData(path, "gzip", "unexpected bytes after the end of the gzip stream");
      }
      inflateReset(&zs);
      continue;
    }
    if (ret == Z_OK || ret == Z_BUF_ERROR) {
      // Progress is possible only with more output space or more input.
      if (out_pos < out.size() && in_pos == in.size()) {
        return CorruptData(path, "gzip", "unexpected end of data (truncated file?)");
      }
      continue;
    }
    return CorruptData(path, "gzip", zs.msg != nullptr ? zs.msg : "inflate failed");
  }
  out.resize(out_pos);
  return out;
}

struct ZstdDctxDeleter {
  void operator()(ZSTD_DCtx* dctx) const { ZSTD_freeDCtx(dctx); }
};

Result<std::string> Unzstd(std::string_view in, const std::string& path) {
  const std::unique_ptr<ZSTD_DCtx, ZstdDctxDeleter> dctx(ZSTD_createDCtx());
  if (dctx == nullptr) return Status::Internal("cannot initialize zstd");

  size_t guess = std::max(kMinOutput, in.size() * 3);
  const unsigned long long content_size = ZSTD_getFrameContentSize(in.data(), in.size());
  if (content_size != ZSTD_CONTENTSIZE_UNKNOWN && content_size != ZSTD_CONTENTSIZE_ERROR &&
      content_size > 0 && content_size / kMaxZstdHintRatio <= in.size()) {
    guess = static_cast<size_t>(content_size);
  }
  std::string out(guess, '\0');
  ZSTD_inBuffer input{in.data(), in.size(), 0};
  size_t out_pos = 0;
  size_t last_ret = 1;
  for (;;) {
    if (out_pos == out.size()) out.resize(out.size() * 2);
    const size_t in_before = input.pos;
    ZSTD_outBuffer output{out.data() + out_pos, out.size() - out_pos, 0};
    const size_t ret = ZSTD_decompressStream(dctx.get(), &output, &input);
    out_pos += output.pos;
    if (ZSTD_isError(ret)) return CorruptData(path, "zstd", ZSTD_getErrorName(ret));
    // A call without progress only says how many header bytes a next frame would need.
    if (input.pos == in_before && output.pos == 0) break;
    last_ret = ret;
    // With all input consumed and room left in the output, the decoder has flushed everything.
    if (input.pos == input.size && output.pos < output.size) break;
  }
  // 0 means the last frame ended cleanly; anything else is a frame cut short.
  if (last_ret != 0) return CorruptData(path, "zstd", "unexpected end of data (truncated file?)");
  out.resize(out_pos);
  return out;
}

}  // namespace

Result<InputFormat> DetectInputFormat(std::string_view path, std::string_view override_name) {
  if (!override_name.empty()) {
    const std::string name = ToLower(override_name);
    if (name == "csv") return InputFormat::kCsv;
    if (name == "jsonl" || name == "ndjson") return InputFormat::kJsonl;
    return Status::Usage(
        fmt::format("unknown format \"{}\": --format takes csv, jsonl or ndjson", override_name));
  }
  if (path == "-") {
    return Status::Usage(
        "cannot tell the format of standard input: use --format csv or --format jsonl");
  }
  std::string name = ToLower(BaseName(path));
  if (EndsWith(name, ".gz")) {
    name.resize(name.size() - 3);
  } else if (EndsWith(name, ".zst")) {
    name.resize(name.size() - 4);
  }
  if (EndsWith(name, ".csv")) return InputFormat::kCsv;
  if (EndsWith(name, ".jsonl") || EndsWith(name, ".ndjson")) return InputFormat::kJsonl;
  return Status::Usage(
      fmt::format("cannot tell the format of \"{}\": known extensions are .csv, .jsonl and .ndjson "
                  "(optionally followed by .gz or .zst); use --format csv or --format jsonl",
                  path));
}

Result<std::string> ReadInput(const std::string& path) {
  Result<std::string> raw = std::string();
  if (path == "-") {
    raw = ReadAll(STDIN_FILENO, path);
  } else {
    const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) {
      const int err = errno;
      if (err == ENOENT || err == ENOTDIR) {
        return FileError(StatusCode::kNotFound, fmt::format("no such file: {}", path), path);
      }
      return FileError(StatusCode::kIoError,
                       fmt::format("cannot open {}: {}", path, ErrnoText(err)), path);
    }
    const FdCloser closer(fd);
    raw = ReadAll(fd, path);
  }
  if (!raw.ok()) return raw.status();
  switch (ChooseCompression(path, *raw)) {
    case Compression::kGzip:
      return Gunzip(*raw, path);
    case Compression::kZstd:
      return Unzstd(*raw, path);
    case Compression::kNone:
      break;
  }
  return raw;
}

InputData::InputData(InputData&& other) noexcept
    : owned_(std::move(other.owned_)), map_(other.map_), map_size_(other.map_size_) {
  other.map_ = nullptr;
  other.map_size_ = 0;
}

InputData& InputData::operator=(InputData&& other) noexcept {
  if (this != &other) {
    Release();
    owned_ = std::move(other.owned_);
    map_ = other.map_;
    map_size_ = other.map_size_;
    other.map_ = nullptr;
    other.map_size_ = 0;
  }
  return *this;
}

InputData::~InputData() { Release(); }

void InputData::Release() {
  if (map_ != nullptr) ::munmap(map_, map_size_);
  map_ = nullptr;
  map_size_ = 0;
  owned_.clear();
  owned_.shrink_to_fit();
}

Result<InputData> OpenInput(const std::string& path) {
  if (path != "-") {
    const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd >= 0) {
      const FdCloser closer(fd);
      struct stat st {};
      char magic[4] = {};
      if (::fstat(fd, &st) == 0 && S_ISREG(st.st_mode) && st.st_size >= 4 &&
          ::pread(fd, magic, sizeof(magic), 0) == static_cast<ssize_t>(sizeof(magic)) &&
          ChooseCompression(path, std::string_view(magic, sizeof(magic))) == Compression::kNone) {
        const size_t size = static_cast<size_t>(st.st_size);
        void* map = ::mmap(nullptr, size, PROT_READ, MAP_PRIVATE, fd, 0);
        if (map != MAP_FAILED) {
          // Pages fault in on the parsing threads, in parallel; read ahead generously.
          ::madvise(map, size, MADV_WILLNEED);
          InputData data;
          data.map_ = map;
          data.map_size_ = size;
          return data;
        }
      }
    }
  }
  // Standard input, compressed files, small or special files: read (and decompress) them.
  PAYBACK_ASSIGN_OR_RETURN(std::string bytes, ReadInput(path));
  return InputData(std::move(bytes));
}

std::string InputDisplayName(const std::string& path) {
  if (path == "-") return "<stdin>";
  std::string_view trimmed = path;
  while (trimmed.size() > 1 && trimmed.back() == '/') trimmed.remove_suffix(1);
  const std::string_view base = BaseName(trimmed);
  return std::string(base.empty() ? trimmed : base);
}

}  // namespace payback
