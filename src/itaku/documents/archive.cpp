#include "itaku/documents/archive.hpp"

#include <chrono>
#include <cstdio>
#include <memory>
#include <set>

#include <zip.h>

namespace itaku::documents {

namespace {

Error invalid(std::string code, std::string ja, std::string en) {
  return make_error(ErrorKind::Invalid, std::move(code), std::move(ja), std::move(en));
}

Error internal(const char* what, zip_error_t* error) {
  return make_error(ErrorKind::Internal, "archive.failed", "ZIPファイルを作成できません", "cannot make the ZIP file")
      .with("step", what)
      .with("reason", zip_error_strerror(error));
}

bool valid_name(std::string_view name) {
  if (name.empty() || name.size() > 255 || name.front() == '/' || name.find('\\') != std::string_view::npos)
    return false;
  std::size_t start = 0;
  while (start <= name.size()) {
    const auto end = std::min(name.find('/', start), name.size());
    const auto part = name.substr(start, end - start);
    if (part.empty() || part == "." || part == "..") return false;
    start = end + 1;
  }
  for (const char c : name)
    if (static_cast<unsigned char>(c) < 0x20) return false;
  return true;
}

Error bad_name(std::string_view name) {
  return invalid("archive.name_invalid", "ZIPファイル内の名前が正しくありません", "a name inside the ZIP is not valid")
      .with("name", std::string(name.substr(0, 255)));
}

struct SourceFree {
  void operator()(zip_source_t* source) const { zip_source_free(source); }
};
struct ArchiveDiscard {
  void operator()(zip_t* archive) const { zip_discard(archive); }
};
struct FileClose {
  void operator()(zip_file_t* file) const { zip_fclose(file); }
};

}  // namespace

Result<std::string> write_zip(const std::vector<ArchiveMember>& members, Timestamp at) {
  std::set<std::string_view> names;
  for (const auto& member : members)
    if (!valid_name(member.name) || !names.insert(member.name).second) return bad_name(member.name);

  zip_error_t error;
  zip_error_init(&error);
  std::unique_ptr<zip_source_t, SourceFree> buffer(zip_source_buffer_create(nullptr, 0, 0, &error));
  if (!buffer) return internal("buffer", &error);
  std::unique_ptr<zip_t, ArchiveDiscard> archive(zip_open_from_source(buffer.get(), ZIP_TRUNCATE, &error));
  if (!archive) return internal("open", &error);
  // The archive now owns one reference; this keeps the buffer alive after zip_close.
  zip_source_keep(buffer.get());
  const auto seconds = std::chrono::duration_cast<std::chrono::seconds>(at.time_since_epoch()).count();
  for (const auto& member : members) {
    zip_source_t* source = zip_source_buffer(archive.get(), member.bytes.data(), member.bytes.size(), 0);
    if (!source) return internal("member", zip_get_error(archive.get()));
    const auto index = zip_file_add(archive.get(), member.name.c_str(), source, ZIP_FL_ENC_UTF_8);
    if (index < 0) {
      zip_source_free(source);
      return internal("add", zip_get_error(archive.get()));
    }
    zip_file_set_mtime(archive.get(), static_cast<zip_uint64_t>(index), static_cast<time_t>(seconds), 0);
  }
  if (zip_close(archive.get()) != 0) return internal("close", zip_get_error(archive.get()));
  archive.release();  // closed: freed by zip_close

  if (zip_source_open(buffer.get()) != 0) return internal("reopen", zip_source_error(buffer.get()));
  zip_source_seek(buffer.get(), 0, SEEK_END);
  const auto size = zip_source_tell(buffer.get());
  zip_source_seek(buffer.get(), 0, SEEK_SET);
  std::string out(static_cast<std::size_t>(size < 0 ? 0 : size), '\0');
  const auto read = zip_source_read(buffer.get(), out.data(), out.size());
  zip_source_close(buffer.get());
  if (size < 0 || read != size) return internal("read", zip_source_error(buffer.get()));
  return out;
}

Result<std::vector<ArchiveMember>> read_zip(std::string_view zip, const ArchiveLimits& limits) {
  const auto not_zip = [] {
    return invalid("archive.not_zip", "ZIPファイルとして読めません", "the file cannot be read as a ZIP archive");
  };
  // libzip opens zero bytes as an empty archive; a file that is not even a ZIP's smallest
  // (an end record, 22 bytes, after "PK") is not one.
  if (zip.size() < 22 || !zip.starts_with("PK")) return not_zip();
  zip_error_t error;
  zip_error_init(&error);
  std::unique_ptr<zip_source_t, SourceFree> source(zip_source_buffer_create(zip.data(), zip.size(), 0, &error));
  if (!source) return not_zip();
  std::unique_ptr<zip_t, ArchiveDiscard> archive(
      zip_open_from_source(source.get(), ZIP_RDONLY | ZIP_CHECKCONS, &error));
  if (!archive) return not_zip();
  zip_source_keep(source.get());  // the archive's reference, released by zip_discard
  const auto count = zip_get_num_entries(archive.get(), 0);
  if (count < 0) return not_zip();
  if (static_cast<std::size_t>(count) > limits.max_members)
    return invalid("archive.too_many_members", "ZIPファイル内のファイルが多すぎます", "the ZIP holds too many files")
        .with("limit", std::to_string(limits.max_members));
  std::vector<ArchiveMember> out;
  std::set<std::string> names;
  std::size_t total = 0;
  for (zip_int64_t i = 0; i < count; ++i) {
    zip_stat_t stat;
    zip_stat_init(&stat);
    if (zip_stat_index(archive.get(), static_cast<zip_uint64_t>(i), 0, &stat) != 0 ||
        (stat.valid & (ZIP_STAT_NAME | ZIP_STAT_SIZE)) != (ZIP_STAT_NAME | ZIP_STAT_SIZE))
      return not_zip();
    const std::string name = stat.name;
    if (!valid_name(name) || !names.insert(name).second) return bad_name(name);
    if (stat.size > limits.max_member_bytes)
      return invalid("archive.member_too_large", "ZIPファイル内のファイルが大きすぎます",
                     "a file inside the ZIP is too large")
          .with("name", name)
          .with("limit", std::to_string(limits.max_member_bytes));
    total += static_cast<std::size_t>(stat.size);
    if (total > limits.max_total_bytes)
      return invalid("archive.too_large", "ZIPファイルの展開後の大きさが上限を超えます",
                     "the ZIP's contents are larger than allowed")
          .with("limit", std::to_string(limits.max_total_bytes));
    std::unique_ptr<zip_file_t, FileClose> file(zip_fopen_index(archive.get(), static_cast<zip_uint64_t>(i), 0));
    const auto corrupt = [&] {
      return invalid("archive.member_corrupt", "ZIPファイル内のファイルが壊れています",
                     "a file inside the ZIP is corrupt")
          .with("name", name);
    };
    if (!file) return corrupt();
    // One byte more than declared: a member that inflates beyond its recorded size is refused
    // before it can take more memory than the limits allow.
    std::string bytes(static_cast<std::size_t>(stat.size) + 1, '\0');
    std::size_t filled = 0;
    for (;;) {
      const auto n = zip_fread(file.get(), bytes.data() + filled, bytes.size() - filled);
      if (n < 0) return corrupt();
      if (n == 0) break;
      filled += static_cast<std::size_t>(n);
      if (filled == bytes.size()) return corrupt();
    }
    if (filled != stat.size) return corrupt();
    bytes.resize(filled);
    out.push_back({name, std::move(bytes)});
  }
  return out;
}

}  // namespace itaku::documents
