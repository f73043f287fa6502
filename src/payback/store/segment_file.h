#pragma once

#include <cstdint>
#include <cstring>
#include <deque>
#include <functional>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <type_traits>
#include <vector>

#include "payback/common/file_util.h"
#include "payback/status.h"

namespace payback {

/// A segment file: an immutable file of named blobs, each compressed with zstd and checked
/// with an xxh3 checksum of its raw bytes. Layout:
///   "PBSEG001" | blob bytes ... | directory | directory_size u64 | directory xxh3 u64 | "PBSEG001"
/// directory = per blob: name_size u16, name, offset u64, compressed_size u64, raw_size u64,
/// raw_xxh3 u64 (little endian). A segment is written once, fsynced, then only read.
class SegmentWriter {
 public:
  /// How a blob's bytes are kept in the file. Either way they are zstd frames, which the reader
  /// decompresses alike.
  enum class Codec : uint8_t {
    kZstd,    ///< compressed (level 1)
    kStored,  ///< as they are, in frames of raw blocks: for bytes that are already compact,
              ///< which zstd would spend its time on for little
  };

  /// Adds a blob, copying its bytes; `name` must be unique within the segment.
  void Add(std::string name, std::string_view raw);
  /// Adds a blob without copying: `values` must outlive WriteDurably().
  template <typename T>
  void AddArray(std::string name, const std::vector<T>& values, Codec codec = Codec::kZstd) {
    blobs_.push_back(Pending{
        std::move(name),
        {},
        std::string_view(reinterpret_cast<const char*>(values.data()), values.size() * sizeof(T)),
        0,
        {},
        codec});
  }
  /// Adds a blob holding the bytes of one value of fixed layout (a header, a shape).
  template <typename T>
  void AddValue(std::string name, const T& value) {
    static_assert(std::is_trivially_copyable_v<T>);
    Add(std::move(name), std::string_view(reinterpret_cast<const char*>(&value), sizeof(T)));
  }
  /// Adds a blob of `size` bytes made a piece at a time while the file is written: `make(offset,
  /// piece)` writes bytes [offset, offset + piece.size()) into `piece`, called from several
  /// threads at once for different pieces. A large column derived from others (a user a row,
  /// from the users' runs) need not exist whole. `make` must outlive WriteDurably().
  void AddMade(std::string name, size_t size,
               std::function<void(size_t offset, std::span<char> piece)> make);
  /// Compresses every blob (in parallel) and writes the file durably (fsync). The caller fsyncs
  /// the directory. kIoError when the file cannot be written, kInternal when zstd or xxh3
  /// fails; either way a partial file may remain, which the caller removes. Pieces wait in
  /// memory, compressed (and a made blob's raw), only until the pieces before them are written.
  Status WriteDurably(const std::string& path) const;

 private:
  struct Pending {
    std::string name;
    std::string owned;     ///< the bytes, when Add copied them
    std::string_view raw;  ///< the bytes to write (into `owned` or the caller's memory)
    size_t made_size = 0;  ///< with `make`: the blob's size
    std::function<void(size_t, std::span<char>)> make;  ///< AddMade's
    Codec codec = Codec::kZstd;
    size_t size() const { return make ? made_size : raw.size(); }
  };
  std::deque<Pending> blobs_;  // a deque: `raw` may point into an element's `owned`
};

/// Maps a segment file and verifies its directory. Blobs are decompressed and checksum-verified
/// on demand; ReadIntoMany gives each frame's pages back once decoded. Const methods are
/// thread-safe.
class SegmentReader {
 public:
  /// kNotFound when the file is missing, kCorruption when its framing or directory is bad.
  static Result<SegmentReader> Open(const std::string& path);

  bool Contains(std::string_view name) const;
  /// The names of every blob, in file order.
  std::vector<std::string> Names() const;
  /// The raw bytes of `name`; kCorruption when the checksum or size does not match,
  /// kNotFound when there is no such blob.
  Result<std::string> Read(std::string_view name) const;
  /// Decompresses `name` straight into `destination`, which must hold exactly `size` bytes;
  /// kCorruption when the blob's size or checksum does not match.
  Status ReadInto(std::string_view name, void* destination, size_t size) const;
  /// A blob to decompress into memory the caller owns (ReadIntoMany).
  struct BlobRead {
    std::string_view name;
    void* destination;
    size_t size;  ///< the blob's raw size, which `destination` must hold
  };
  /// ReadInto for several blobs at once, spread over the cores frame by frame (a large blob is
  /// a sequence of zstd frames, SegmentWriter). Errors as ReadInto's, for the first bad blob.
  Status ReadIntoMany(std::span<const BlobRead> reads) const;
  template <typename T>
  Result<std::vector<T>> ReadArray(std::string_view name, size_t expected_count) const {
    std::vector<T> values(expected_count);
    PAYBACK_RETURN_IF_ERROR(ReadInto(name, values.data(), expected_count * sizeof(T)));
    return values;
  }
  /// The raw size of blob `name`; kNotFound when there is no such blob.
  Result<size_t> RawSize(std::string_view name) const;
  /// A blob of `T`s, however many it holds; kCorruption when its size is not a whole number
  /// of them (or its checksum fails).
  template <typename T>
  Result<std::vector<T>> ReadVector(std::string_view name) const {
    PAYBACK_ASSIGN_OR_RETURN(const size_t size, RawSize(name));
    if (size % sizeof(T) != 0) {
      return Status::Corruption(path_ + ": blob " + std::string(name) + " has a partial value");
    }
    return ReadArray<T>(name, size / sizeof(T));
  }
  /// A blob SegmentWriter::AddValue wrote; kCorruption when it does not hold exactly one T.
  template <typename T>
  Result<T> ReadValue(std::string_view name) const {
    PAYBACK_ASSIGN_OR_RETURN(const std::vector<T> values, ReadVector<T>(name));
    if (values.size() != 1) {
      return Status::Corruption(path_ + ": blob " + std::string(name) + " is not one value");
    }
    return values[0];
  }

 private:
  struct Entry {
    std::string name;
    uint64_t offset = 0;
    uint64_t compressed_size = 0;
    uint64_t raw_size = 0;
    uint64_t checksum = 0;
  };
  const Entry* FindEntry(std::string_view name) const;

  std::string path_;
  std::shared_ptr<const MappedFile> file_;  ///< shared: a reader is copied out of Open
  std::string_view data_;                   ///< file_'s bytes
  std::vector<Entry> entries_;
};

}  // namespace payback
