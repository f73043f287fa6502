#pragma once

#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "payback/status.h"

namespace payback {

/// Reads a whole file. kNotFound when it does not exist, kIoError otherwise.
Result<std::string> ReadFileToString(const std::string& path);

/// Writes `data` to `path` (created or truncated) and fsyncs the file before returning,
/// so the bytes survive a crash once this returns OK. Does not fsync the directory.
Status WriteFileDurably(const std::string& path, std::string_view data);
/// The same with the data in pieces, written in order without joining them first.
Status WriteFileDurably(const std::string& path, std::span<const std::string_view> pieces);

/// An open file descriptor, closed when destroyed (or replaced). Move-only; not thread-safe.
class UniqueFd {
 public:
  UniqueFd() = default;
  /// Takes `fd` (-1: none).
  explicit UniqueFd(int fd) : fd_(fd) {}
  UniqueFd(UniqueFd&& other) noexcept : fd_(std::exchange(other.fd_, -1)) {}
  UniqueFd& operator=(UniqueFd&& other) noexcept {
    if (this != &other) {
      Close();
      fd_ = std::exchange(other.fd_, -1);
    }
    return *this;
  }
  UniqueFd(const UniqueFd&) = delete;
  UniqueFd& operator=(const UniqueFd&) = delete;
  ~UniqueFd() { Close(); }

  int get() const { return fd_; }
  /// Gives the descriptor up (-1 when none): the caller closes it.
  int Release() { return std::exchange(fd_, -1); }

 private:
  void Close();
  int fd_ = -1;
};

/// A new file written from its start, in order, then made durable: Create, Append as often as
/// needed, Sync. Append from one thread at a time (one writer serialises on the file's lock in
/// the kernel anyway; two spin on it). The file stays, whole or not, when Sync is not reached:
/// the caller removes it. Move-only.
class DurableFileWriter {
 public:
  /// Creates (or truncates) `path`. kIoError (kNotFound for a missing directory) on failure.
  /// Destroyed before Sync, the writer closes the file.
  static Result<DurableFileWriter> Create(const std::string& path);

  /// Writes `data` after the bytes written before.
  Status Append(std::string_view data);
  /// fsyncs and closes the file: once OK, its bytes survive a crash (not its directory entry:
  /// see SyncDirectory). Nothing may be appended after.
  Status Sync();

 private:
  DurableFileWriter(UniqueFd fd, std::string path) : fd_(std::move(fd)), path_(std::move(path)) {}
  UniqueFd fd_;
  std::string path_;
};

/// fsyncs a directory, making the creation or removal of its entries durable.
Status SyncDirectory(const std::string& path);

/// Creates a directory and its parents; OK when it already exists.
Status CreateDirectories(const std::string& path);

/// The names (not paths) of the regular files in `dir`, sorted.
Result<std::vector<std::string>> ListFiles(const std::string& dir);

/// Removes a file; OK when it does not exist.
Status RemoveFile(const std::string& path);

bool PathExists(const std::string& path);

/// `name` inside directory `dir` (one slash between them).
std::string JoinPath(const std::string& dir, const std::string& name);

/// A whole file mapped read-only into memory (mmap): its bytes without a copy, paged in as they
/// are read. Release() gives pages back once their bytes are used, so that loading a segment
/// does not hold the whole compressed file beside the columns it decodes into. Move-only;
/// const methods are thread-safe. The file must not shrink while mapped (segments never change).
class MappedFile {
 public:
  /// kNotFound when the file does not exist, kIoError otherwise.
  static Result<MappedFile> Open(const std::string& path);
  MappedFile(MappedFile&& other) noexcept;
  MappedFile& operator=(MappedFile&& other) noexcept;
  MappedFile(const MappedFile&) = delete;
  MappedFile& operator=(const MappedFile&) = delete;
  ~MappedFile();

  std::string_view data() const { return {static_cast<const char*>(address_), size_}; }
  /// Drops the pages wholly inside [offset, offset + size) from memory; reading them again
  /// pages them in from the file.
  void Release(size_t offset, size_t size) const;

 private:
  MappedFile(void* address, size_t size) : address_(address), size_(size) {}
  void* address_ = nullptr;
  size_t size_ = 0;
};

/// An exclusive advisory lock (flock) on a file, held until destruction. Used to serialise
/// writers of one workspace; readers need no lock because segments are immutable and the
/// catalog is transactional. Move-only; not thread-safe.
class FileLock {
 public:
  /// Blocks until the lock is held. kIoError when the file cannot be opened.
  static Result<FileLock> Acquire(const std::string& path);

 private:
  explicit FileLock(UniqueFd fd) : fd_(std::move(fd)) {}
  UniqueFd fd_;  ///< closing it releases the flock
};

}  // namespace payback
