#include "payback/store/segment_file.h"

#include <gtest/gtest.h>
#include <sys/resource.h>
#include <xxhash.h>

#include <csignal>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <random>
#include <string>
#include <vector>

#include "payback/common/temp_dir_for_test.h"

namespace payback {
namespace {

constexpr size_t kMagicSize = 8;
constexpr size_t kTrailerSize = 2 * sizeof(uint64_t) + kMagicSize;

std::string ReadAll(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

void WriteAll(const std::string& path, const std::string& data) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out.write(data.data(), static_cast<std::streamsize>(data.size()));
}

std::string RandomBytes(size_t size, uint32_t seed) {
  std::mt19937 random(seed);
  std::string out(size, '\0');
  for (char& c : out) c = static_cast<char>(random() & 0xff);
  return out;
}

uint64_t GetU64(const std::string& data, size_t offset) {
  uint64_t value = 0;
  std::memcpy(&value, data.data() + offset, sizeof(value));
  return value;
}

void PutU64(std::string& data, size_t offset, uint64_t value) {
  std::memcpy(data.data() + offset, &value, sizeof(value));
}

/// Where the directory of a segment file starts, and its size.
std::pair<size_t, size_t> DirectoryOf(const std::string& data) {
  const uint64_t directory_size = GetU64(data, data.size() - kTrailerSize);
  return {data.size() - kTrailerSize - directory_size, directory_size};
}

TEST(SegmentFile, RoundTripsBlobsIncludingEmptyOnesInFileOrder) {
  TempDir dir;
  const std::string path = dir.File("a.seg");
  const std::string random = RandomBytes(100'000, 7);
  const std::string repetitive(3'000'000, 'z');
  const std::vector<int64_t> numbers = {0, -1, INT64_MIN, INT64_MAX, 42};
  const std::vector<uint32_t> no_numbers_written;
  SegmentWriter writer;
  writer.Add("text", "hello segment");
  writer.Add("empty", "");
  writer.Add("random", random);
  writer.Add("repetitive", repetitive);
  writer.AddArray("numbers", numbers);
  writer.AddArray("no_numbers", no_numbers_written);
  ASSERT_TRUE(writer.WriteDurably(path).ok());

  auto reader = SegmentReader::Open(path);
  ASSERT_TRUE(reader.ok()) << reader.status().ToString();
  EXPECT_EQ(reader->Names(), (std::vector<std::string>{"text", "empty", "random", "repetitive",
                                                       "numbers", "no_numbers"}));
  EXPECT_TRUE(reader->Contains("empty"));
  EXPECT_FALSE(reader->Contains("missing"));
  EXPECT_FALSE(reader->Contains("tex"));

  auto text = reader->Read("text");
  ASSERT_TRUE(text.ok());
  EXPECT_EQ(*text, "hello segment");
  auto empty = reader->Read("empty");
  ASSERT_TRUE(empty.ok());
  EXPECT_EQ(*empty, "");
  auto random_read = reader->Read("random");
  ASSERT_TRUE(random_read.ok());
  EXPECT_EQ(*random_read, random);
  auto repetitive_read = reader->Read("repetitive");
  ASSERT_TRUE(repetitive_read.ok());
  EXPECT_EQ(*repetitive_read, repetitive);
  auto numbers_read = reader->ReadArray<int64_t>("numbers", numbers.size());
  ASSERT_TRUE(numbers_read.ok());
  EXPECT_EQ(*numbers_read, numbers);
  auto no_numbers = reader->ReadArray<uint32_t>("no_numbers", 0);
  ASSERT_TRUE(no_numbers.ok());
  EXPECT_TRUE(no_numbers->empty());
  // Compressed: the 3 MB of 'z' must not be stored raw.
  EXPECT_LT(std::filesystem::file_size(path), 500'000u);
}

TEST(SegmentFile, BlobsOfManyPiecesRoundTripWrittenWhileOthersAreCompressed) {
  // Blobs are compressed in pieces of 4 MiB on every core and written in file order as they
  // are done: pieces of uneven cost (random bytes, runs of one byte) finish out of order.
  TempDir dir;
  const std::string path = dir.File("pieces.seg");
  std::vector<std::string> blobs;
  for (uint32_t blob = 0; blob < 7; ++blob) {
    const size_t size = (blob % 3 == 0 ? 9 : 1) * (size_t{1} << 20) + blob * 4'099;
    std::string bytes = blob % 2 == 0 ? RandomBytes(size, blob) : std::string(size, 'a' + blob);
    if (blob % 2 != 0) bytes.replace(size / 2, 16, RandomBytes(16, blob));
    blobs.push_back(std::move(bytes));
  }
  SegmentWriter writer;
  for (size_t blob = 0; blob < blobs.size(); ++blob) {
    writer.Add("b" + std::to_string(blob), blobs[blob]);
  }
  ASSERT_TRUE(writer.WriteDurably(path).ok());
  auto reader = SegmentReader::Open(path);
  ASSERT_TRUE(reader.ok()) << reader.status().ToString();
  for (size_t blob = 0; blob < blobs.size(); ++blob) {
    auto read = reader->Read("b" + std::to_string(blob));
    ASSERT_TRUE(read.ok()) << read.status().ToString();
    EXPECT_TRUE(*read == blobs[blob]) << "blob " << blob;
  }
  // The same blobs made piece by piece while written (AddMade): the same file, byte for byte.
  const std::string made_path = dir.File("made.seg");
  SegmentWriter made;
  for (size_t blob = 0; blob < blobs.size(); ++blob) {
    const std::string& bytes = blobs[blob];
    made.AddMade("b" + std::to_string(blob), bytes.size(),
                 [&bytes](size_t offset, std::span<char> piece) {
                   ASSERT_LE(offset + piece.size(), bytes.size());
                   std::memcpy(piece.data(), bytes.data() + offset, piece.size());
                 });
  }
  ASSERT_TRUE(made.WriteDurably(made_path).ok());
  EXPECT_TRUE(ReadAll(made_path) == ReadAll(path));
}

TEST(SegmentFile, StoredBlobsAreKeptAsTheyAreAndReadBackLikeCompressedOnes) {
  // Stored blobs of sizes around the 128 KiB raw block and the 4 MiB piece, beside compressed
  // ones: each reads back whole (one call, and frames spread over the cores), and takes its raw
  // size plus a few bytes of frame and block headers in the file.
  TempDir dir;
  const std::string path = dir.File("stored.seg");
  const std::vector<size_t> sizes = {1, (size_t{128} << 10) - 1, size_t{128} << 10,
                                     (size_t{128} << 10) + 1,
                                     (size_t{4} << 20) + 3 * (size_t{128} << 10) + 17};
  std::vector<std::vector<uint8_t>> stored;
  for (size_t idx = 0; idx < sizes.size(); ++idx) {
    const std::string bytes = RandomBytes(sizes[idx], static_cast<uint32_t>(idx) + 100);
    stored.emplace_back(bytes.begin(), bytes.end());
  }
  const std::vector<uint8_t> compressible(size_t{5} << 20, 7);
  SegmentWriter writer;
  size_t stored_bytes = 0;
  for (size_t idx = 0; idx < stored.size(); ++idx) {
    writer.AddArray("s" + std::to_string(idx), stored[idx], SegmentWriter::Codec::kStored);
    stored_bytes += stored[idx].size();
  }
  writer.AddArray("z", compressible);
  ASSERT_TRUE(writer.WriteDurably(path).ok());
  const size_t file_size = std::filesystem::file_size(path);
  EXPECT_GE(file_size, stored_bytes);
  EXPECT_LT(file_size, stored_bytes + 16 * 1024);  // headers and a tiny compressed blob
  auto reader = SegmentReader::Open(path);
  ASSERT_TRUE(reader.ok()) << reader.status().ToString();
  for (size_t idx = 0; idx < stored.size(); ++idx) {
    const std::string name = "s" + std::to_string(idx);
    auto read = reader->ReadVector<uint8_t>(name);
    ASSERT_TRUE(read.ok()) << read.status().ToString();
    EXPECT_TRUE(*read == stored[idx]) << name;
    std::vector<uint8_t> many(stored[idx].size());
    const SegmentReader::BlobRead blob_read{name, many.data(), many.size()};
    ASSERT_TRUE(reader->ReadIntoMany(std::span(&blob_read, 1)).ok()) << name;
    EXPECT_TRUE(many == stored[idx]) << name;
  }
  auto read = reader->ReadVector<uint8_t>("z");
  ASSERT_TRUE(read.ok());
  EXPECT_TRUE(*read == compressible);
}

TEST(SegmentFile, AWriteThatFailsMidwayIsAnIoError) {
  // Files may grow to 6 MB here (SIGXFSZ ignored: a write past it fails with EFBIG): the third
  // of four incompressible pieces does not fit.
  TempDir dir;
  std::vector<std::string> blobs;
  for (uint32_t blob = 0; blob < 2; ++blob) blobs.push_back(RandomBytes(size_t{8} << 20, blob));
  SegmentWriter writer;
  for (size_t blob = 0; blob < blobs.size(); ++blob) {
    writer.Add("b" + std::to_string(blob), blobs[blob]);
  }
  rlimit before{};
  ASSERT_EQ(getrlimit(RLIMIT_FSIZE, &before), 0);
  const auto old_handler = std::signal(SIGXFSZ, SIG_IGN);
  rlimit limited = before;
  limited.rlim_cur = 6 << 20;
  ASSERT_EQ(setrlimit(RLIMIT_FSIZE, &limited), 0);
  const Status written = writer.WriteDurably(dir.File("too_big.seg"));
  ASSERT_EQ(setrlimit(RLIMIT_FSIZE, &before), 0);
  std::signal(SIGXFSZ, old_handler);
  EXPECT_EQ(written.code(), StatusCode::kIoError) << written.ToString();
  // And a file that cannot take a byte.
  EXPECT_EQ(writer.WriteDurably("/dev/full").code(), StatusCode::kIoError);
}

TEST(SegmentFile, SegmentWithoutBlobsRoundTrips) {
  TempDir dir;
  const std::string path = dir.File("empty.seg");
  ASSERT_TRUE(SegmentWriter().WriteDurably(path).ok());
  auto reader = SegmentReader::Open(path);
  ASSERT_TRUE(reader.ok()) << reader.status().ToString();
  EXPECT_TRUE(reader->Names().empty());
  EXPECT_EQ(reader->Read("x").status().code(), StatusCode::kNotFound);
}

TEST(SegmentFile, MissingBlobIsNotFoundAndWrongArraySizeIsCorruption) {
  TempDir dir;
  const std::string path = dir.File("a.seg");
  const std::vector<uint32_t> values_written = {1, 2, 3};  // AddArray does not copy
  SegmentWriter writer;
  writer.AddArray("values", values_written);
  ASSERT_TRUE(writer.WriteDurably(path).ok());
  auto reader = SegmentReader::Open(path);
  ASSERT_TRUE(reader.ok());
  EXPECT_EQ(reader->Read("nope").status().code(), StatusCode::kNotFound);
  EXPECT_EQ(reader->ReadArray<uint32_t>("nope", 3).status().code(), StatusCode::kNotFound);
  EXPECT_EQ(reader->ReadArray<uint32_t>("values", 4).status().code(), StatusCode::kCorruption);
  EXPECT_EQ(reader->ReadArray<uint64_t>("values", 3).status().code(), StatusCode::kCorruption);
  auto values = reader->ReadArray<uint32_t>("values", 3);
  ASSERT_TRUE(values.ok());
  EXPECT_EQ(*values, (std::vector<uint32_t>{1, 2, 3}));
}

TEST(SegmentFile, MissingFileIsNotFound) {
  TempDir dir;
  EXPECT_EQ(SegmentReader::Open(dir.File("does-not-exist.seg")).status().code(),
            StatusCode::kNotFound);
}

TEST(SegmentFile, FlippedByteInABlobIsCorruptionOnRead) {
  TempDir dir;
  const std::string path = dir.File("a.seg");
  // Random bytes do not compress, so the blob's bytes sit in the file nearly as they are and a
  // flipped byte changes the decompressed content (or breaks the frame).
  const std::string payload = RandomBytes(4096, 11);
  SegmentWriter writer;
  writer.Add("first", "a small blob that stays intact");
  writer.Add("payload", payload);
  ASSERT_TRUE(writer.WriteDurably(path).ok());
  const std::string original = ReadAll(path);

  // Flip bytes at several places inside the payload blob: the middle and near both ends.
  auto reader = SegmentReader::Open(path);
  ASSERT_TRUE(reader.ok());
  const auto [directory_start, directory_size] = DirectoryOf(original);
  (void)directory_size;
  for (const size_t from_end : {size_t{100}, size_t{2000}, size_t{4000}}) {
    std::string damaged = original;
    const size_t position = directory_start - from_end;
    damaged[position] = static_cast<char>(damaged[position] ^ 0x5a);
    WriteAll(path, damaged);
    auto damaged_reader = SegmentReader::Open(path);
    ASSERT_TRUE(damaged_reader.ok()) << damaged_reader.status().ToString();
    EXPECT_EQ(damaged_reader->Read("payload").status().code(), StatusCode::kCorruption) << from_end;
    // The other blob is unaffected.
    auto first = damaged_reader->Read("first");
    ASSERT_TRUE(first.ok());
    EXPECT_EQ(*first, "a small blob that stays intact");
  }
}

TEST(SegmentFile, TruncatedFileIsCorruptionOnOpen) {
  TempDir dir;
  const std::string path = dir.File("a.seg");
  SegmentWriter writer;
  writer.Add("payload", RandomBytes(1000, 3));
  ASSERT_TRUE(writer.WriteDurably(path).ok());
  const std::string original = ReadAll(path);
  for (const size_t keep : {original.size() - 1, original.size() - 8, original.size() / 2,
                            size_t{20}, size_t{8}, size_t{1}, size_t{0}}) {
    WriteAll(path, original.substr(0, keep));
    EXPECT_EQ(SegmentReader::Open(path).status().code(), StatusCode::kCorruption) << keep;
  }
}

TEST(SegmentFile, BadMagicIsCorruptionOnOpen) {
  TempDir dir;
  const std::string path = dir.File("a.seg");
  SegmentWriter writer;
  writer.Add("x", "y");
  ASSERT_TRUE(writer.WriteDurably(path).ok());
  const std::string original = ReadAll(path);
  std::string bad_head = original;
  bad_head[0] = 'X';
  WriteAll(path, bad_head);
  EXPECT_EQ(SegmentReader::Open(path).status().code(), StatusCode::kCorruption);
  std::string bad_tail = original;
  bad_tail[bad_tail.size() - 1] = 'X';
  WriteAll(path, bad_tail);
  EXPECT_EQ(SegmentReader::Open(path).status().code(), StatusCode::kCorruption);
  WriteAll(path, "not a segment file at all, just some text that is long enough");
  EXPECT_EQ(SegmentReader::Open(path).status().code(), StatusCode::kCorruption);
}

TEST(SegmentFile, DamagedDirectoryIsCorruptionOnOpen) {
  TempDir dir;
  const std::string path = dir.File("a.seg");
  SegmentWriter writer;
  writer.Add("alpha", "first blob");
  writer.Add("beta", "second blob");
  ASSERT_TRUE(writer.WriteDurably(path).ok());
  const std::string original = ReadAll(path);
  const auto [directory_start, directory_size] = DirectoryOf(original);
  const size_t size_field = original.size() - kTrailerSize;
  const size_t checksum_field = size_field + sizeof(uint64_t);

  // A flipped byte in the directory: its checksum no longer matches.
  for (size_t offset = 0; offset < directory_size; offset += 7) {
    std::string damaged = original;
    damaged[directory_start + offset] = static_cast<char>(damaged[directory_start + offset] ^ 1);
    WriteAll(path, damaged);
    EXPECT_EQ(SegmentReader::Open(path).status().code(), StatusCode::kCorruption) << offset;
  }
  // A wrong checksum.
  {
    std::string damaged = original;
    PutU64(damaged, checksum_field, GetU64(damaged, checksum_field) + 1);
    WriteAll(path, damaged);
    EXPECT_EQ(SegmentReader::Open(path).status().code(), StatusCode::kCorruption);
  }
  // A directory size larger than the file, or just wrong.
  for (const uint64_t bad_size : {uint64_t{original.size()}, uint64_t{directory_size + 1},
                                  uint64_t{directory_size - 1}, UINT64_MAX}) {
    std::string damaged = original;
    PutU64(damaged, size_field, bad_size);
    WriteAll(path, damaged);
    EXPECT_EQ(SegmentReader::Open(path).status().code(), StatusCode::kCorruption) << bad_size;
  }
}

TEST(SegmentFile, DirectoryWithValidChecksumButBlobOutOfRangeIsCorruption) {
  TempDir dir;
  const std::string path = dir.File("a.seg");
  SegmentWriter writer;
  writer.Add("alpha", "first blob");
  ASSERT_TRUE(writer.WriteDurably(path).ok());
  const std::string original = ReadAll(path);
  const auto [directory_start, directory_size] = DirectoryOf(original);
  // Entry: name_size u16, name "alpha", offset u64, compressed_size u64, raw_size u64, xxh3 u64.
  const size_t offset_field = directory_start + sizeof(uint16_t) + 5;
  const size_t compressed_field = offset_field + sizeof(uint64_t);
  auto rewrite = [&](size_t field, uint64_t value) {
    std::string damaged = original;
    PutU64(damaged, field, value);
    const uint64_t checksum = XXH3_64bits(damaged.data() + directory_start, directory_size);
    PutU64(damaged, damaged.size() - kTrailerSize + sizeof(uint64_t), checksum);
    WriteAll(path, damaged);
    return SegmentReader::Open(path).status().code();
  };
  EXPECT_EQ(rewrite(compressed_field, uint64_t{1} << 40), StatusCode::kCorruption);
  EXPECT_EQ(rewrite(compressed_field, directory_size + 1'000), StatusCode::kCorruption);
  EXPECT_EQ(rewrite(offset_field, original.size() + 5), StatusCode::kCorruption);
  EXPECT_EQ(rewrite(offset_field, 0), StatusCode::kCorruption);  // inside the magic
  EXPECT_EQ(rewrite(offset_field, UINT64_MAX - 3), StatusCode::kCorruption);
  // A truncated entry (directory one byte shorter than its last entry), checksum valid.
  {
    std::string damaged = original.substr(0, directory_start + directory_size - 1);
    const uint64_t checksum = XXH3_64bits(damaged.data() + directory_start, directory_size - 1);
    std::string tail(kTrailerSize, '\0');
    PutU64(tail, 0, directory_size - 1);
    PutU64(tail, sizeof(uint64_t), checksum);
    std::memcpy(tail.data() + 2 * sizeof(uint64_t), original.data(), kMagicSize);
    WriteAll(path, damaged + tail);
    EXPECT_EQ(SegmentReader::Open(path).status().code(), StatusCode::kCorruption);
  }
}

}  // namespace
}  // namespace payback
