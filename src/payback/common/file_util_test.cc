#include "payback/common/file_util.h"

#include <gtest/gtest.h>

#include <string>

#include "payback/common/temp_dir_for_test.h"

namespace payback {
namespace {

TEST(MappedFile, MapsTheFilesBytesAndReadsThemAgainAfterARelease) {
  TempDir dir;
  std::string bytes;
  for (int idx = 0; idx < 300'000; ++idx) bytes += static_cast<char>('a' + idx % 26);
  ASSERT_TRUE(WriteFileDurably(dir.File("f"), bytes).ok());
  auto file = MappedFile::Open(dir.File("f"));
  ASSERT_TRUE(file.ok()) << file.status().ToString();
  EXPECT_EQ(file->data(), bytes);
  // Released pages come back from the file, unchanged; ranges past the end are ignored.
  file->Release(10, 200'000);
  file->Release(0, 10'000'000);
  EXPECT_EQ(file->data(), bytes);
  // A moved-from mapping is empty; the new owner keeps the bytes.
  MappedFile moved = std::move(*file);
  EXPECT_TRUE(file->data().empty());
  EXPECT_EQ(moved.data().substr(299'990), bytes.substr(299'990));
}

TEST(MappedFile, AnEmptyFileMapsToNoBytesAndAMissingOneIsNotFound) {
  TempDir dir;
  ASSERT_TRUE(WriteFileDurably(dir.File("empty"), "").ok());
  auto empty = MappedFile::Open(dir.File("empty"));
  ASSERT_TRUE(empty.ok());
  EXPECT_TRUE(empty->data().empty());
  empty->Release(0, 100);
  EXPECT_EQ(MappedFile::Open(dir.File("missing")).status().code(), StatusCode::kNotFound);
}

}  // namespace
}  // namespace payback
