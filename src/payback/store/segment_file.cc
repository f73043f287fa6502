#include "payback/store/segment_file.h"

#include <fmt/format.h>
#include <xxhash.h>
#include <zstd.h>

#include <algorithm>
#include <atomic>
#include <memory>
#include <mutex>

#include "payback/common/assert.h"
#include "payback/common/file_util.h"
#include "payback/common/parallel.h"

namespace payback {
namespace {

constexpr std::string_view kMagic = "PBSEG001";
constexpr int kCompressionLevel = 1;

template <typename T>
void Put(std::string& out, T value) {
  out.append(reinterpret_cast<const char*>(&value), sizeof(T));
}

template <typename T>
bool Get(std::string_view& in, T& value) {
  if (in.size() < sizeof(T)) return false;
  std::memcpy(&value, in.data(), sizeof(T));
  in.remove_prefix(sizeof(T));
  return true;
}

/// `raw` as one zstd frame of raw (uncompressed) blocks, which any zstd decoder reads back at
/// the speed of a copy. RFC 8878: the frame's magic number; a header descriptor saying the
/// content size follows in 4 bytes (flag 2) and that the window is the whole content (single
/// segment), without checksum or dictionary; the content size; then blocks of at most 128 KiB,
/// each a 3-byte little-endian header (bit 0: the last block, bits 1-2: type 0 = raw, bits
/// 3-23: the size) and its bytes as they are.
std::string StoredFrame(std::string_view raw) {
  PAYBACK_ASSERT(raw.size() <= UINT32_MAX);
  constexpr uint32_t kFrameMagic = 0xFD2FB528;
  constexpr uint8_t kHeaderDescriptor = (2 << 6) | (1 << 5);
  constexpr size_t kMaxBlock = size_t{128} << 10;
  std::string frame;
  frame.reserve(4 + 1 + 4 + raw.size() + (raw.size() / kMaxBlock + 1) * 3);
  Put(frame, kFrameMagic);
  Put(frame, kHeaderDescriptor);
  Put(frame, static_cast<uint32_t>(raw.size()));
  size_t offset = 0;
  do {
    const size_t size = std::min(kMaxBlock, raw.size() - offset);
    const bool last = offset + size == raw.size();
    const uint32_t header = static_cast<uint32_t>(size << 3) | (last ? 1u : 0u);
    frame.push_back(static_cast<char>(header & 0xFF));
    frame.push_back(static_cast<char>((header >> 8) & 0xFF));
    frame.push_back(static_cast<char>((header >> 16) & 0xFF));
    frame.append(raw.substr(offset, size));
    offset += size;
  } while (offset < raw.size());
  return frame;
}

/// One core's compressor: a zstd context and an output buffer of the worst case, both kept from
/// piece to piece. A fresh worst-case buffer a piece (4 MiB, zero-filled, mapped and unmapped)
/// cost more than the compression at 100M events.
class PieceCompressor {
 public:
  PieceCompressor() : context_(ZSTD_createCCtx(), ZSTD_freeCCtx) {}

  /// `raw` compressed as one zstd frame; empty on failure.
  std::string Compress(std::string_view raw) {
    if (context_ == nullptr) return {};
    const size_t bound = ZSTD_compressBound(raw.size());
    if (buffer_size_ < bound) {
      buffer_ = std::make_unique_for_overwrite<char[]>(bound);
      buffer_size_ = bound;
    }
    const size_t size = ZSTD_compressCCtx(context_.get(), buffer_.get(), buffer_size_, raw.data(),
                                          raw.size(), kCompressionLevel);
    if (ZSTD_isError(size)) return {};
    return std::string(buffer_.get(), size);
  }

 private:
  std::unique_ptr<ZSTD_CCtx, size_t (*)(ZSTD_CCtx*)> context_;
  std::unique_ptr<char[]> buffer_;
  size_t buffer_size_ = 0;
};

}  // namespace

void SegmentWriter::Add(std::string name, std::string_view raw) {
  Pending& blob =
      blobs_.emplace_back(Pending{std::move(name), std::string(raw), {}, 0, {}, Codec::kZstd});
  blob.raw = blob.owned;
}

void SegmentWriter::AddMade(std::string name, size_t size,
                            std::function<void(size_t offset, std::span<char> piece)> make) {
  blobs_.push_back(Pending{std::move(name), {}, {}, size, std::move(make), Codec::kZstd});
}

Status SegmentWriter::WriteDurably(const std::string& path) const {
  // Compress on every core. Large blobs are cut into pieces of kPieceBytes, each its own zstd
  // frame (a blob is then a sequence of frames, which ZSTD_decompress reads in one call), so
  // one large column does not leave the other cores idle.
  constexpr size_t kPieceBytes = 4 << 20;
  struct Piece {
    size_t blob_idx;
    size_t offset;  ///< in the blob
    size_t size;
    std::unique_ptr<char[]> made;  ///< a made blob's bytes, until written
    std::string compressed;        ///< until written
  };
  std::vector<Piece> pieces;
  for (size_t blob_idx = 0; blob_idx < blobs_.size(); ++blob_idx) {
    const size_t size = blobs_[blob_idx].size();
    // An empty blob has no frame at all: the reader skips it.
    for (size_t offset = 0; offset < size; offset += kPieceBytes) {
      pieces.push_back(Piece{blob_idx, offset, std::min(kPieceBytes, size - offset), {}, {}});
    }
  }
  auto raw_of = [&](const Piece& piece) {
    const Pending& blob = blobs_[piece.blob_idx];
    return blob.make ? std::string_view(piece.made.get(), piece.size)
                     : blob.raw.substr(piece.offset, piece.size);
  };
  // The file: the magic, every blob's frames in order, the directory, its size, its checksum
  // and the magic again. The frames are written while the others are compressed: whichever
  // core finishes the piece next in the file writes it and the ready ones after it (and adds
  // its raw bytes to its blob's checksum), then goes back to compressing. Writing into the page
  // cache is work of its own (~1 s for a 440 MB segment), which two cores writing at once only
  // spin on the file's lock for.
  PAYBACK_ASSIGN_OR_RETURN(DurableFileWriter file, DurableFileWriter::Create(path));
  Status written = file.Append(kMagic);
  std::vector<uint64_t> compressed_sizes(blobs_.size(), 0);
  std::vector<uint64_t> checksums(blobs_.size(), XXH3_64bits(nullptr, 0));
  const std::unique_ptr<XXH3_state_t, XXH_errorcode (*)(XXH3_state_t*)> checksum(XXH3_createState(),
                                                                                 XXH3_freeState);
  if (checksum == nullptr) return Status::Internal("xxh3: out of memory");
  std::mutex mutex;
  std::vector<char> compressed(pieces.size(), 0);  // under mutex
  size_t next_to_write = 0;                        // under mutex
  bool writing = false;                            // under mutex: a core is writing
  std::vector<PieceCompressor> compressors(WorkerCount());
  std::atomic<bool> failed{false};  // once a write failed, the pieces left are not made
  ParallelFor(pieces.size(), [&](size_t worker, size_t piece_idx) {
    PAYBACK_ASSERT(worker < compressors.size());
    Piece& piece = pieces[piece_idx];
    const Pending& blob = blobs_[piece.blob_idx];
    if (!failed.load(std::memory_order_relaxed)) {
      if (blob.make) {
        piece.made = std::make_unique_for_overwrite<char[]>(piece.size);
        blob.make(piece.offset, std::span<char>(piece.made.get(), piece.size));
      }
      piece.compressed = blob.codec == Codec::kStored ? StoredFrame(raw_of(piece))
                                                      : compressors[worker].Compress(raw_of(piece));
    }
    std::unique_lock lock(mutex);
    compressed[piece_idx] = 1;
    if (writing) return;  // the writing core takes this piece when its turn comes
    writing = true;
    while (next_to_write < pieces.size() && compressed[next_to_write] != 0) {
      Piece& next = pieces[next_to_write++];
      lock.unlock();
      if (written.ok() && next.compressed.empty()) {
        written = Status::Internal("zstd compression failed for " + blobs_[next.blob_idx].name);
      }
      if (written.ok()) {
        const std::string_view raw = raw_of(next);
        if (next.offset == 0) XXH3_64bits_reset(checksum.get());
        XXH3_64bits_update(checksum.get(), raw.data(), raw.size());
        if (next.offset + next.size == blobs_[next.blob_idx].size()) {
          checksums[next.blob_idx] = XXH3_64bits_digest(checksum.get());
        }
        written = file.Append(next.compressed);
        compressed_sizes[next.blob_idx] += next.compressed.size();
      }
      // The pieces left after a failure are not made or compressed.
      if (!written.ok()) failed.store(true, std::memory_order_relaxed);
      next.compressed = std::string();  // written: its memory goes back
      next.made.reset();
      lock.lock();
    }
    writing = false;
  });
  PAYBACK_RETURN_IF_ERROR(written);
  std::string directory;
  uint64_t offset = kMagic.size();
  for (size_t blob_idx = 0; blob_idx < blobs_.size(); ++blob_idx) {
    const Pending& blob = blobs_[blob_idx];
    Put<uint16_t>(directory, static_cast<uint16_t>(blob.name.size()));
    directory += blob.name;
    Put<uint64_t>(directory, offset);
    Put<uint64_t>(directory, compressed_sizes[blob_idx]);
    Put<uint64_t>(directory, blob.size());
    Put<uint64_t>(directory, checksums[blob_idx]);
    offset += compressed_sizes[blob_idx];
  }
  std::string trailer;
  Put<uint64_t>(trailer, directory.size());
  Put<uint64_t>(trailer, XXH3_64bits(directory.data(), directory.size()));
  trailer += kMagic;
  PAYBACK_RETURN_IF_ERROR(file.Append(directory));
  PAYBACK_RETURN_IF_ERROR(file.Append(trailer));
  return file.Sync();
}

Result<SegmentReader> SegmentReader::Open(const std::string& path) {
  SegmentReader reader;
  reader.path_ = path;
  PAYBACK_ASSIGN_OR_RETURN(MappedFile file, MappedFile::Open(path));
  reader.file_ = std::make_shared<const MappedFile>(std::move(file));
  reader.data_ = reader.file_->data();
  const std::string_view data = reader.data_;
  auto corrupt = [&](std::string_view why) {
    return Status::Corruption(fmt::format("segment {} is damaged: {}", path, why));
  };
  const size_t trailer = 2 * sizeof(uint64_t) + kMagic.size();
  if (data.size() < kMagic.size() + trailer || data.substr(0, kMagic.size()) != kMagic ||
      data.substr(data.size() - kMagic.size()) != kMagic) {
    return corrupt("bad framing");
  }
  std::string_view tail = data.substr(data.size() - trailer, 2 * sizeof(uint64_t));
  uint64_t directory_size = 0;
  uint64_t directory_checksum = 0;
  Get(tail, directory_size);
  Get(tail, directory_checksum);
  if (directory_size > data.size() - kMagic.size() - trailer) return corrupt("bad directory size");
  std::string_view directory = data.substr(data.size() - trailer - directory_size, directory_size);
  if (XXH3_64bits(directory.data(), directory.size()) != directory_checksum) {
    return corrupt("directory checksum mismatch");
  }
  const uint64_t blobs_end = data.size() - trailer - directory_size;
  while (!directory.empty()) {
    Entry entry;
    uint16_t name_size = 0;
    if (!Get(directory, name_size) || directory.size() < name_size) return corrupt("bad entry");
    entry.name = std::string(directory.substr(0, name_size));
    directory.remove_prefix(name_size);
    if (!Get(directory, entry.offset) || !Get(directory, entry.compressed_size) ||
        !Get(directory, entry.raw_size) || !Get(directory, entry.checksum)) {
      return corrupt("bad entry");
    }
    if (entry.offset < kMagic.size() || entry.offset > blobs_end ||
        entry.compressed_size > blobs_end - entry.offset) {
      return corrupt("blob out of range");
    }
    reader.entries_.push_back(std::move(entry));
  }
  return reader;
}

const SegmentReader::Entry* SegmentReader::FindEntry(std::string_view name) const {
  for (const Entry& entry : entries_) {
    if (entry.name == name) return &entry;
  }
  return nullptr;
}

Result<size_t> SegmentReader::RawSize(std::string_view name) const {
  const Entry* entry = FindEntry(name);
  if (entry == nullptr) {
    return Status::NotFound(fmt::format("segment {} has no blob {}", path_, name));
  }
  return static_cast<size_t>(entry->raw_size);
}

bool SegmentReader::Contains(std::string_view name) const { return FindEntry(name) != nullptr; }

std::vector<std::string> SegmentReader::Names() const {
  std::vector<std::string> names;
  for (const Entry& entry : entries_) names.push_back(entry.name);
  return names;
}

Status SegmentReader::ReadIntoMany(std::span<const BlobRead> reads) const {
  // One task a zstd frame: SegmentWriter cuts large blobs into frames of 4 MiB, and each
  // frame's header holds its decompressed size, so every frame has its place in the output.
  struct Frame {
    size_t read_idx;
    const char* source;
    size_t source_size;
    size_t offset;  ///< in the blob's raw bytes
    size_t size;
  };
  std::vector<Frame> frames;
  for (size_t read_idx = 0; read_idx < reads.size(); ++read_idx) {
    const BlobRead& read = reads[read_idx];
    const Entry* entry = FindEntry(read.name);
    if (entry == nullptr) {
      return Status::NotFound(fmt::format("segment {} has no blob {}", path_, read.name));
    }
    if (entry->raw_size != read.size) {
      return Status::Corruption(fmt::format("segment {}: blob {} has {} bytes, expected {}", path_,
                                            read.name, entry->raw_size, read.size));
    }
    const char* source = data_.data() + entry->offset;
    size_t left = entry->compressed_size;
    size_t offset = 0;
    while (left > 0) {
      const size_t frame_size = ZSTD_findFrameCompressedSize(source, left);
      const unsigned long long content = ZSTD_getFrameContentSize(source, left);
      if (ZSTD_isError(frame_size) || content == ZSTD_CONTENTSIZE_UNKNOWN ||
          content == ZSTD_CONTENTSIZE_ERROR || content > read.size - offset) {
        return Status::Corruption(
            fmt::format("segment {}: blob {} does not decompress", path_, read.name));
      }
      frames.push_back(Frame{read_idx, source, frame_size, offset, static_cast<size_t>(content)});
      source += frame_size;
      left -= frame_size;
      offset += static_cast<size_t>(content);
    }
    if (offset != read.size) {
      return Status::Corruption(
          fmt::format("segment {}: blob {} does not decompress", path_, read.name));
    }
  }
  std::vector<uint8_t> failed(reads.size(), 0);
  ParallelFor(frames.size(), [&](size_t /*worker*/, size_t frame_idx) {
    const Frame& frame = frames[frame_idx];
    char* destination = static_cast<char*>(reads[frame.read_idx].destination) + frame.offset;
    const size_t got = ZSTD_decompress(destination, frame.size, frame.source, frame.source_size);
    if (ZSTD_isError(got) || got != frame.size) failed[frame.read_idx] = 1;  // byte writes
    // The compressed bytes are not read again (a blob is read once): give their pages back.
    file_->Release(static_cast<size_t>(frame.source - data_.data()), frame.source_size);
  });
  ParallelFor(reads.size(), [&](size_t /*worker*/, size_t read_idx) {
    const BlobRead& read = reads[read_idx];
    if (XXH3_64bits(read.destination, read.size) != FindEntry(read.name)->checksum) {
      failed[read_idx] = 2;
    }
  });
  for (size_t read_idx = 0; read_idx < reads.size(); ++read_idx) {
    if (failed[read_idx] != 0) {
      return Status::Corruption(
          fmt::format("segment {}: blob {} {}", path_, reads[read_idx].name,
                      failed[read_idx] == 1 ? "does not decompress" : "checksum mismatch"));
    }
  }
  return Status::Ok();
}

Status SegmentReader::ReadInto(std::string_view name, void* destination, size_t size) const {
  const BlobRead read{name, destination, size};
  return ReadIntoMany(std::span<const BlobRead>(&read, 1));
}

Result<std::string> SegmentReader::Read(std::string_view name) const {
  PAYBACK_ASSIGN_OR_RETURN(const size_t size, RawSize(name));
  std::string raw(size, '\0');
  PAYBACK_RETURN_IF_ERROR(ReadInto(name, raw.data(), raw.size()));
  return raw;
}

}  // namespace payback
