#include "payback/ingest/input_source.h"

#include <fcntl.h>
#include <fmt/format.h>
#include <gtest/gtest.h>
#include <unistd.h>
#include <zlib.h>
#include <zstd.h>

#include <filesystem>
#include <fstream>
#include <string>

#include "payback/common/temp_dir_for_test.h"

namespace payback {
namespace {

namespace fs = std::filesystem;

std::string Gzip(const std::string& plain) {
  z_stream zs{};
  // 15 + 16: gzip wrapper.
  EXPECT_EQ(deflateInit2(&zs, Z_BEST_SPEED, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY), Z_OK);
  std::string out(deflateBound(&zs, plain.size()) + 64, '\0');
  zs.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(plain.data()));
  zs.avail_in = static_cast<uInt>(plain.size());
  zs.next_out = reinterpret_cast<Bytef*>(out.data());
  zs.avail_out = static_cast<uInt>(out.size());
  EXPECT_EQ(deflate(&zs, Z_FINISH), Z_STREAM_END);
  out.resize(zs.total_out);
  deflateEnd(&zs);
  return out;
}

std::string Zstd(const std::string& plain) {
  std::string out(ZSTD_compressBound(plain.size()), '\0');
  const size_t size = ZSTD_compress(out.data(), out.size(), plain.data(), plain.size(), 3);
  EXPECT_FALSE(ZSTD_isError(size));
  out.resize(size);
  return out;
}

// Some CSV big enough to need several output buffer growths.
std::string SampleCsv() {
  std::string csv = "user_id,ts,event\n";
  for (int row_idx = 0; row_idx < 50000; ++row_idx) {
    csv += fmt::format("u{},2026-03-01T10:15:00Z,clicked\n", row_idx % 977);
  }
  return csv;
}

TEST(DetectInputFormat, ByExtension) {
  EXPECT_EQ(*DetectInputFormat("events.csv", ""), InputFormat::kCsv);
  EXPECT_EQ(*DetectInputFormat("/a/b/events.CSV", ""), InputFormat::kCsv);
  EXPECT_EQ(*DetectInputFormat("events.jsonl", ""), InputFormat::kJsonl);
  EXPECT_EQ(*DetectInputFormat("events.ndjson", ""), InputFormat::kJsonl);
  EXPECT_EQ(*DetectInputFormat("events.csv.gz", ""), InputFormat::kCsv);
  EXPECT_EQ(*DetectInputFormat("events.jsonl.zst", ""), InputFormat::kJsonl);
  EXPECT_EQ(*DetectInputFormat("dir.csv/events.ndjson.GZ", ""), InputFormat::kJsonl);
}

TEST(DetectInputFormat, OverrideWins) {
  EXPECT_EQ(*DetectInputFormat("events.csv", "jsonl"), InputFormat::kJsonl);
  EXPECT_EQ(*DetectInputFormat("events.txt", "ndjson"), InputFormat::kJsonl);
  EXPECT_EQ(*DetectInputFormat("-", "csv"), InputFormat::kCsv);
  EXPECT_EQ(*DetectInputFormat("-", "CSV"), InputFormat::kCsv);
}

TEST(DetectInputFormat, UnknownIsUsageError) {
  EXPECT_EQ(DetectInputFormat("events.txt", "").status().code(), StatusCode::kUsage);
  EXPECT_EQ(DetectInputFormat("events.gz", "").status().code(), StatusCode::kUsage);
  EXPECT_EQ(DetectInputFormat("events.json", "").status().code(), StatusCode::kUsage);
  EXPECT_EQ(DetectInputFormat("csv", "").status().code(), StatusCode::kUsage);
  EXPECT_EQ(DetectInputFormat("-", "").status().code(), StatusCode::kUsage);
  EXPECT_EQ(DetectInputFormat("events.csv", "xml").status().code(), StatusCode::kUsage);
}

TEST(InputDisplayName, BaseNameOrStdin) {
  EXPECT_EQ(InputDisplayName("-"), "<stdin>");
  EXPECT_EQ(InputDisplayName("/data/in/events.csv"), "events.csv");
  EXPECT_EQ(InputDisplayName("events.csv"), "events.csv");
  EXPECT_EQ(InputDisplayName("data/dir/"), "dir");
}

TEST(ReadInput, PlainFile) {
  const TempDir dir;
  const std::string csv = SampleCsv();
  const Result<std::string> data = ReadInput(dir.Write("events.csv", csv));
  ASSERT_TRUE(data.ok()) << data.status().ToString();
  EXPECT_EQ(*data, csv);
}

TEST(ReadInput, EmptyFile) {
  const TempDir dir;
  const Result<std::string> data = ReadInput(dir.Write("events.csv", ""));
  ASSERT_TRUE(data.ok()) << data.status().ToString();
  EXPECT_EQ(*data, "");
}

TEST(ReadInput, GzipByExtension) {
  const TempDir dir;
  const std::string csv = SampleCsv();
  const Result<std::string> data = ReadInput(dir.Write("events.csv.gz", Gzip(csv)));
  ASSERT_TRUE(data.ok()) << data.status().ToString();
  EXPECT_EQ(*data, csv);
}

TEST(ReadInput, ZstdByExtension) {
  const TempDir dir;
  const std::string csv = SampleCsv();
  const Result<std::string> data = ReadInput(dir.Write("events.csv.zst", Zstd(csv)));
  ASSERT_TRUE(data.ok()) << data.status().ToString();
  EXPECT_EQ(*data, csv);
}

TEST(ReadInput, CompressionByMagicBytes) {
  const TempDir dir;
  const std::string csv = SampleCsv();
  Result<std::string> data = ReadInput(dir.Write("events.csv", Gzip(csv)));
  ASSERT_TRUE(data.ok()) << data.status().ToString();
  EXPECT_EQ(*data, csv);
  data = ReadInput(dir.Write("events.jsonl", Zstd(csv)));
  ASSERT_TRUE(data.ok()) << data.status().ToString();
  EXPECT_EQ(*data, csv);
}

TEST(ReadInput, ConcatenatedGzipMembersAndZstdFrames) {
  const TempDir dir;
  Result<std::string> data = ReadInput(dir.Write("a.csv.gz", Gzip("a,b\n") + Gzip("1,2\n")));
  ASSERT_TRUE(data.ok()) << data.status().ToString();
  EXPECT_EQ(*data, "a,b\n1,2\n");
  data = ReadInput(dir.Write("a.csv.zst", Zstd("a,b\n") + Zstd("1,2\n")));
  ASSERT_TRUE(data.ok()) << data.status().ToString();
  EXPECT_EQ(*data, "a,b\n1,2\n");
}

TEST(ReadInput, HighlyCompressibleGzipGrowsTheBuffer) {
  const TempDir dir;
  const std::string zeros(20 << 20, '0');
  const Result<std::string> data = ReadInput(dir.Write("z.csv.gz", Gzip(zeros)));
  ASSERT_TRUE(data.ok()) << data.status().ToString();
  EXPECT_EQ(*data, zeros);
}

TEST(ReadInput, MissingFileIsNotFound) {
  const TempDir dir;
  const Result<std::string> data = ReadInput(dir.Path("nope.csv"));
  EXPECT_EQ(data.status().code(), StatusCode::kNotFound);
  EXPECT_EQ(data.status().location().file, "nope.csv");
}

TEST(ReadInput, DirectoryIsIoError) {
  const TempDir dir;
  fs::create_directories(dir.Path("sub.csv"));
  EXPECT_EQ(ReadInput(dir.Path("sub.csv")).status().code(), StatusCode::kIoError);
}

TEST(ReadInput, CorruptGzipIsInvalidInput) {
  const TempDir dir;
  std::string gz = Gzip(SampleCsv());
  gz[gz.size() / 2] ^= 0x55;
  gz[gz.size() / 2 + 1] ^= 0x55;
  const Result<std::string> data = ReadInput(dir.Write("events.csv.gz", gz));
  EXPECT_EQ(data.status().code(), StatusCode::kInvalidInput);
  EXPECT_EQ(data.status().location().file, "events.csv.gz");
}

TEST(ReadInput, TruncatedGzipIsInvalidInput) {
  const TempDir dir;
  const std::string gz = Gzip(SampleCsv());
  EXPECT_EQ(ReadInput(dir.Write("events.csv.gz", gz.substr(0, gz.size() / 2))).status().code(),
            StatusCode::kInvalidInput);
  // Only the 8-byte trailer missing.
  EXPECT_EQ(ReadInput(dir.Write("events.csv.gz", gz.substr(0, gz.size() - 8))).status().code(),
            StatusCode::kInvalidInput);
}

TEST(ReadInput, GzipWithTrailingGarbageIsInvalidInput) {
  const TempDir dir;
  EXPECT_EQ(ReadInput(dir.Write("events.csv.gz", Gzip("a\n") + "junk")).status().code(),
            StatusCode::kInvalidInput);
}

TEST(ReadInput, NotGzipWithGzExtensionIsInvalidInput) {
  const TempDir dir;
  EXPECT_EQ(ReadInput(dir.Write("events.csv.gz", "a,b\n1,2\n")).status().code(),
            StatusCode::kInvalidInput);
  EXPECT_EQ(ReadInput(dir.Write("empty.csv.gz", "")).status().code(), StatusCode::kInvalidInput);
}

TEST(ReadInput, TruncatedOrCorruptZstdIsInvalidInput) {
  const TempDir dir;
  const std::string zst = Zstd(SampleCsv());
  EXPECT_EQ(ReadInput(dir.Write("a.csv.zst", zst.substr(0, zst.size() / 2))).status().code(),
            StatusCode::kInvalidInput);
  EXPECT_EQ(ReadInput(dir.Write("b.csv.zst", zst + "junk")).status().code(),
            StatusCode::kInvalidInput);
  EXPECT_EQ(ReadInput(dir.Write("c.csv.zst", "not zstd")).status().code(),
            StatusCode::kInvalidInput);
  EXPECT_EQ(ReadInput(dir.Write("d.csv.zst", "")).status().code(), StatusCode::kInvalidInput);
}

// Runs ReadInput("-") with standard input redirected from `file`.
Result<std::string> ReadStdinFrom(const std::string& file) {
  const int saved = ::dup(STDIN_FILENO);
  const int fd = ::open(file.c_str(), O_RDONLY);
  EXPECT_GE(fd, 0);
  ::dup2(fd, STDIN_FILENO);
  ::close(fd);
  Result<std::string> data = ReadInput("-");
  ::dup2(saved, STDIN_FILENO);
  ::close(saved);
  return data;
}

TEST(ReadInput, StandardInput) {
  const TempDir dir;
  const std::string csv = SampleCsv();
  const Result<std::string> data = ReadStdinFrom(dir.Write("in", csv));
  ASSERT_TRUE(data.ok()) << data.status().ToString();
  EXPECT_EQ(*data, csv);
}

TEST(ReadInput, CompressedStandardInput) {
  const TempDir dir;
  const std::string csv = SampleCsv();
  Result<std::string> data = ReadStdinFrom(dir.Write("in.gz", Gzip(csv)));
  ASSERT_TRUE(data.ok()) << data.status().ToString();
  EXPECT_EQ(*data, csv);
  data = ReadStdinFrom(dir.Write("in.zst", Zstd(csv)));
  ASSERT_TRUE(data.ok()) << data.status().ToString();
  EXPECT_EQ(*data, csv);
}

TEST(ReadInput, CorruptStandardInputNamesStdin) {
  const TempDir dir;
  std::string gz = Gzip(SampleCsv());
  gz.resize(gz.size() / 2);
  const Result<std::string> data = ReadStdinFrom(dir.Write("in.gz", gz));
  EXPECT_EQ(data.status().code(), StatusCode::kInvalidInput);
  EXPECT_EQ(data.status().location().file, "<stdin>");
}

}  // namespace
}  // namespace payback
