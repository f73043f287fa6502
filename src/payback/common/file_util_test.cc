#include "payback/common/file_util.h"

#include <fcntl.h>
#include <gtest/gtest.h>
#include <sys/file.h>
#include <unistd.h>

#include <string>
#include <string_view>
#include <vector>

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
TEST(WriteFileDurably, WritesPiecesInOrderWhateverTheirNumberAndSizes) {
  TempDir temp;
  // More pieces than one writev takes (IOV_MAX = 1024), empty ones among them.
  std::vector<std::string> owned;
  std::string expected;
  for (int idx = 0; idx < 3000; ++idx) {
    owned.push_back(idx % 7 == 0 ? std::string()
                                 : std::string(static_cast<size_t>(idx % 13), 'a' + idx % 26));
    expected += owned.back();
  }
  owned.push_back(std::string(5 << 20, 'z'));  // and a large one
  expected += owned.back();
  std::vector<std::string_view> pieces(owned.begin(), owned.end());
  const std::string path = temp.File("pieces");
  ASSERT_TRUE(WriteFileDurably(path, pieces).ok());
  auto read = ReadFileToString(path);
  ASSERT_TRUE(read.ok());
  EXPECT_EQ(read->size(), expected.size());
  EXPECT_TRUE(*read == expected);
  ASSERT_TRUE(WriteFileDurably(path, std::span<const std::string_view>()).ok());
  EXPECT_EQ(ReadFileToString(path)->size(), 0u) << "no pieces: an empty file";
  EXPECT_FALSE(WriteFileDurably(temp.File("no/such/dir"), pieces).ok());
}

TEST(DurableFileWriter, AppendsInOrderAndSyncsOnce) {
  TempDir temp;
  const std::string path = temp.File("appended");
  auto file = DurableFileWriter::Create(path);
  ASSERT_TRUE(file.ok()) << file.status().ToString();
  ASSERT_TRUE(file->Append("head,").ok());
  ASSERT_TRUE(file->Append("").ok());
  ASSERT_TRUE(file->Append(std::string(3 << 20, 'x')).ok());
  DurableFileWriter moved = std::move(*file);
  ASSERT_TRUE(moved.Append(",tail").ok());
  ASSERT_TRUE(moved.Sync().ok());
  EXPECT_TRUE(*ReadFileToString(path) == "head," + std::string(3 << 20, 'x') + ",tail");
  // Created again, the file starts empty.
  auto again = DurableFileWriter::Create(path);
  ASSERT_TRUE(again.ok());
  ASSERT_TRUE(again->Sync().ok());
  EXPECT_EQ(ReadFileToString(path)->size(), 0u);
  EXPECT_EQ(DurableFileWriter::Create(temp.File("no/such/dir")).status().code(),
            StatusCode::kNotFound);
}

TEST(UniqueFd, ClosesItsDescriptorUnlessReleased) {
  TempDir temp;
  const std::string path = temp.File("fd");
  ASSERT_TRUE(WriteFileDurably(path, "x").ok());
  int fd = -1;
  {
    UniqueFd owned(::open(path.c_str(), O_RDONLY | O_CLOEXEC));
    fd = owned.get();
    ASSERT_GE(fd, 0);
    UniqueFd moved = std::move(owned);
    EXPECT_EQ(owned.get(), -1);
    EXPECT_EQ(moved.get(), fd);
  }
  EXPECT_EQ(::fcntl(fd, F_GETFD), -1) << "closed once, by the owner it was moved to";
  UniqueFd released(::open(path.c_str(), O_RDONLY | O_CLOEXEC));
  const int kept = released.Release();
  EXPECT_EQ(released.get(), -1);
  EXPECT_NE(::fcntl(kept, F_GETFD), -1);
  ::close(kept);
}

TEST(FileLock, HoldsTheLockUntilItsLastOwnerGoes) {
  TempDir temp;
  const std::string path = temp.File("lock");
  auto can_lock = [&] {
    UniqueFd other(::open(path.c_str(), O_RDWR | O_CLOEXEC));
    return ::flock(other.get(), LOCK_EX | LOCK_NB) == 0;
  };
  {
    auto lock = FileLock::Acquire(path);
    ASSERT_TRUE(lock.ok()) << lock.status().ToString();
    FileLock moved = std::move(*lock);
    EXPECT_FALSE(can_lock());
  }
  EXPECT_TRUE(can_lock());
}

}  // namespace payback
