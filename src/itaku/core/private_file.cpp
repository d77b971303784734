#include "itaku/core/private_file.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <charconv>
#include <cstring>

namespace itaku {

namespace {

constexpr mode_t kPrivateFileMode = 0600;
constexpr mode_t kPrivateDirectoryMode = 0700;
// Any permission for the group or others: a private file must have none.
constexpr mode_t kOpenToOthers = 077;

Error file_error(ErrorKind kind, std::string code, std::string message_ja, std::string message,
                 const std::filesystem::path& file, std::string detail) {
  return make_error(kind, std::move(code), std::move(message_ja), std::move(message))
      .with("file", file.string())
      .with("detail", std::move(detail));
}

Error io_error(const std::filesystem::path& file, int error_number) {
  return file_error(ErrorKind::Io, "core.file_io", "ファイルを読み書きできません", "cannot read or write a file", file,
                    std::strerror(error_number));
}

// Owns a file descriptor, so that every way out of a function closes it.
class Descriptor {
 public:
  explicit Descriptor(int fd) : fd_(fd) {}
  ~Descriptor() {
    if (fd_ >= 0) ::close(fd_);
  }
  Descriptor(const Descriptor&) = delete;
  Descriptor& operator=(const Descriptor&) = delete;
  int get() const { return fd_; }

 private:
  int fd_;
};

// A name next to `file` that no other writer uses at the same time: the process id tells apart
// the server and a command writing in one data directory, the counter this process's threads.
std::filesystem::path temporary_name(const std::filesystem::path& file) {
  static std::atomic<unsigned> counter{0};
  auto temporary = file;
  temporary += ".tmp." + std::to_string(::getpid()) + "." + std::to_string(counter.fetch_add(1));
  return temporary;
}

// A file of that name can only be left over by a process that crashed with the same id, so it
// is removed and the name taken again.
int create_exclusively(const std::filesystem::path& temporary) {
  const int flags = O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC;
  int fd = ::open(temporary.c_str(), flags, kPrivateFileMode);
  if (fd < 0 && errno == EEXIST && ::unlink(temporary.c_str()) == 0)
    fd = ::open(temporary.c_str(), flags, kPrivateFileMode);
  return fd;
}

bool write_all(int fd, std::string_view content) {
  for (std::size_t done = 0; done < content.size();) {
    const auto n = ::write(fd, content.data() + done, content.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) {
      if (n == 0) errno = EIO;
      return false;
    }
    done += static_cast<std::size_t>(n);
  }
  return true;
}

// fsync of a directory makes a link or rename in it durable.
void sync_directory(const std::filesystem::path& dir) {
  const int fd = ::open(dir.empty() ? "." : dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd < 0) return;
  (void)::fsync(fd);
  ::close(fd);
}

std::string octal_mode(mode_t mode) {
  char text[8] = {};
  const auto written = std::to_chars(text, text + sizeof(text) - 1, mode & 07777, 8);
  return "mode 0" + std::string(text, written.ptr);
}

}  // namespace

Result<void> create_private_directory(const std::filesystem::path& dir) {
  std::error_code ec;
  std::filesystem::create_directories(dir, ec);
  if (ec)
    return file_error(ErrorKind::Io, "core.file_io", "ディレクトリを作成できません", "cannot create a directory", dir,
                      ec.message());
  // Only where it can: a directory someone else made stays as it is, and the files in it are
  // private on their own.
  (void)::chmod(dir.c_str(), kPrivateDirectoryMode);
  return ok();
}

Result<void> write_private_file(const std::filesystem::path& file, std::string_view content, Existing existing) {
  const auto temporary = temporary_name(file);
  const Descriptor fd(create_exclusively(temporary));
  if (fd.get() < 0) return io_error(file, errno);
  // A umask can only take permissions away from 0600; setting the mode again keeps the owner's
  // write permission whatever it was.
  if (::fchmod(fd.get(), kPrivateFileMode) != 0 || !write_all(fd.get(), content) || ::fsync(fd.get()) != 0) {
    const int saved = errno;
    ::unlink(temporary.c_str());
    return io_error(file, saved);
  }
  if (existing == Existing::Replace) {
    // rename(2) swaps the name over in one step: a reader opens the old file or the new one.
    if (::rename(temporary.c_str(), file.c_str()) != 0) {
      const int saved = errno;
      ::unlink(temporary.c_str());
      return io_error(file, saved);
    }
  } else {
    // link(2) fails when the name exists, as O_EXCL would, but the file it puts there is complete:
    // a concurrent creator either wins or finds the whole file of the one that did.
    const int linked = ::link(temporary.c_str(), file.c_str());
    const int saved = errno;
    ::unlink(temporary.c_str());
    if (linked != 0 && saved == EEXIST)
      return file_error(ErrorKind::Conflict, "core.file_exists", "ファイルはすでに存在します",
                        "the file exists already", file, std::strerror(saved));
    if (linked != 0) return io_error(file, saved);
  }
  sync_directory(file.parent_path());
  return ok();
}

Result<std::string> read_private_file(const std::filesystem::path& file, std::size_t max_size) {
  const Descriptor fd(::open(file.c_str(), O_RDONLY | O_CLOEXEC));
  if (fd.get() < 0) {
    if (errno == ENOENT)
      return file_error(ErrorKind::NotFound, "core.file_missing", "ファイルがありません", "the file does not exist",
                        file, std::strerror(errno));
    return io_error(file, errno);
  }
  // The file opened is the one checked, whatever its name pointed to a moment before.
  struct stat st {};
  if (::fstat(fd.get(), &st) != 0) return io_error(file, errno);
  if ((st.st_mode & kOpenToOthers) != 0)
    return file_error(ErrorKind::Denied, "core.file_open_to_others",
                      "ファイルが他のユーザーから読めます（0600にしてください）",
                      "the file is readable by others (make it 0600)", file, octal_mode(st.st_mode));
  const auto size = static_cast<std::size_t>(st.st_size);
  if (size > max_size)
    return file_error(ErrorKind::Invalid, "core.file_too_large", "ファイルが大きすぎます", "the file is too large",
                      file, std::to_string(size) + " bytes, at most " + std::to_string(max_size) + " expected");
  // Read straight into the result, so that no other buffer keeps a copy of a secret. One byte
  // more than the size tells a file that grew while it was read.
  std::string content(size + 1, '\0');
  std::size_t done = 0;
  while (done < content.size()) {
    const auto n = ::read(fd.get(), content.data() + done, content.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) return io_error(file, errno);
    if (n == 0) break;
    done += static_cast<std::size_t>(n);
  }
  if (done > size)
    return file_error(ErrorKind::Io, "core.file_io", "ファイルが読み込み中に変更されました",
                      "the file changed while it was read", file, "it grew while it was read");
  content.resize(done);
  return content;
}

std::string private_file_detail(const Error& error) {
  const auto detail = error.context.find("detail");
  return detail == error.context.end() ? std::string() : detail->second;
}

}  // namespace itaku
