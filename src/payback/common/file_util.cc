#include "payback/common/file_util.h"

#include <dirent.h>
#include <fcntl.h>
#include <fmt/format.h>
#include <sys/file.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <utility>

#include "payback/common/assert.h"

namespace payback {
namespace {

Status ErrnoStatus(std::string_view what, const std::string& path) {
  const int err = errno;
  if (err == ENOENT) return Status::NotFound(fmt::format("{}: {}: no such file", what, path));
  return Status::IoError(fmt::format("{}: {}: {}", what, path, std::strerror(err)));
}

}  // namespace

Result<std::string> ReadFileToString(const std::string& path) {
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return ErrnoStatus("cannot open", path);
  struct stat st {};
  std::string data;
  if (::fstat(fd, &st) == 0 && st.st_size > 0) data.reserve(static_cast<size_t>(st.st_size));
  char buffer[1 << 16];
  while (true) {
    const ssize_t got = ::read(fd, buffer, sizeof(buffer));
    if (got < 0) {
      if (errno == EINTR) continue;
      Status status = ErrnoStatus("cannot read", path);
      ::close(fd);
      return status;
    }
    if (got == 0) break;
    data.append(buffer, static_cast<size_t>(got));
  }
  ::close(fd);
  return data;
}

Status WriteFileDurably(const std::string& path, std::string_view data) {
  return WriteFileDurably(path, std::span<const std::string_view>(&data, 1));
}

Status WriteFileDurably(const std::string& path, std::span<const std::string_view> pieces) {
  PAYBACK_ASSIGN_OR_RETURN(DurableFileWriter file, DurableFileWriter::Create(path));
  for (const std::string_view piece : pieces) PAYBACK_RETURN_IF_ERROR(file.Append(piece));
  return file.Sync();
}

void UniqueFd::Close() {
  if (fd_ >= 0) ::close(std::exchange(fd_, -1));
}

Result<DurableFileWriter> DurableFileWriter::Create(const std::string& path) {
  UniqueFd fd(::open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644));
  if (fd.get() < 0) return ErrnoStatus("cannot create", path);
  return DurableFileWriter(std::move(fd), path);
}

Status DurableFileWriter::Append(std::string_view data) {
  PAYBACK_ASSERT(fd_.get() >= 0);
  while (!data.empty()) {
    const ssize_t put = ::write(fd_.get(), data.data(), data.size());
    if (put < 0) {
      if (errno == EINTR) continue;
      return ErrnoStatus("cannot write", path_);
    }
    data.remove_prefix(static_cast<size_t>(put));
  }
  return Status::Ok();
}

Status DurableFileWriter::Sync() {
  PAYBACK_ASSERT(fd_.get() >= 0);
  const int fd = fd_.Release();
  if (::fsync(fd) != 0) {
    Status status = ErrnoStatus("cannot fsync", path_);
    ::close(fd);
    return status;
  }
  if (::close(fd) != 0) return ErrnoStatus("cannot close", path_);
  return Status::Ok();
}

Status SyncDirectory(const std::string& path) {
  const int fd = ::open(path.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd < 0) return ErrnoStatus("cannot open directory", path);
  const int rc = ::fsync(fd);
  ::close(fd);
  if (rc != 0) return ErrnoStatus("cannot fsync directory", path);
  return Status::Ok();
}

Status CreateDirectories(const std::string& path) {
  std::error_code ec;
  std::filesystem::create_directories(path, ec);
  if (ec) return Status::IoError(fmt::format("cannot create directory {}: {}", path, ec.message()));
  return Status::Ok();
}

Result<std::vector<std::string>> ListFiles(const std::string& dir) {
  DIR* handle = ::opendir(dir.c_str());
  if (handle == nullptr) return ErrnoStatus("cannot list", dir);
  std::vector<std::string> names;
  while (const dirent* entry = ::readdir(handle)) {
    if (entry->d_type == DT_REG || entry->d_type == DT_UNKNOWN) {
      std::string name = entry->d_name;
      if (name != "." && name != "..") names.push_back(std::move(name));
    }
  }
  ::closedir(handle);
  std::sort(names.begin(), names.end());
  return names;
}

Status RemoveFile(const std::string& path) {
  if (::unlink(path.c_str()) != 0 && errno != ENOENT) return ErrnoStatus("cannot remove", path);
  return Status::Ok();
}

bool PathExists(const std::string& path) {
  struct stat st {};
  return ::stat(path.c_str(), &st) == 0;
}

Result<FileLock> FileLock::Acquire(const std::string& path) {
  UniqueFd fd(::open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644));
  if (fd.get() < 0) return ErrnoStatus("cannot open lock file", path);
  while (::flock(fd.get(), LOCK_EX) != 0) {
    if (errno == EINTR) continue;
    return ErrnoStatus("cannot lock", path);
  }
  return FileLock(std::move(fd));
}

Result<MappedFile> MappedFile::Open(const std::string& path) {
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return ErrnoStatus("cannot open", path);
  struct stat st {};
  if (::fstat(fd, &st) != 0) {
    Status status = ErrnoStatus("cannot read", path);
    ::close(fd);
    return status;
  }
  const size_t size = static_cast<size_t>(st.st_size);
  void* address = nullptr;
  if (size > 0) {
    address = ::mmap(nullptr, size, PROT_READ, MAP_PRIVATE, fd, 0);
    if (address == MAP_FAILED) {
      Status status = ErrnoStatus("cannot map", path);
      ::close(fd);
      return status;
    }
    ::madvise(address, size, MADV_SEQUENTIAL);
  }
  ::close(fd);  // the mapping keeps the file
  return MappedFile(address, size);
}

MappedFile::MappedFile(MappedFile&& other) noexcept
    : address_(std::exchange(other.address_, nullptr)), size_(std::exchange(other.size_, 0)) {}

MappedFile& MappedFile::operator=(MappedFile&& other) noexcept {
  if (this != &other) {
    if (address_ != nullptr) ::munmap(address_, size_);
    address_ = std::exchange(other.address_, nullptr);
    size_ = std::exchange(other.size_, 0);
  }
  return *this;
}

MappedFile::~MappedFile() {
  if (address_ != nullptr) ::munmap(address_, size_);
}

void MappedFile::Release(size_t offset, size_t size) const {
  const size_t page = static_cast<size_t>(::sysconf(_SC_PAGESIZE));
  const size_t first = (offset + page - 1) / page * page;
  const size_t last = std::min(offset + size, size_) / page * page;
  if (address_ == nullptr || first >= last) return;
  ::madvise(static_cast<char*>(address_) + first, last - first, MADV_DONTNEED);
}

std::string JoinPath(const std::string& dir, const std::string& name) {
  if (!dir.empty() && dir.back() == '/') return dir + name;
  return dir + "/" + name;
}

}  // namespace payback
