#include "itaku/core/private_file.hpp"

#include <gtest/gtest.h>
#include <sys/stat.h>

#include <atomic>
#include <cerrno>
#include <cstring>
#include <fstream>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "support/temp_dir.hpp"

namespace itaku {
namespace {

mode_t mode_of(const std::filesystem::path& path) {
  struct stat st {};
  EXPECT_EQ(::stat(path.c_str(), &st), 0) << path;
  return st.st_mode & 07777;
}

std::string content_of(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream buffer;
  buffer << in.rdbuf();
  return buffer.str();
}

std::vector<std::string> names_in(const std::filesystem::path& dir) {
  std::vector<std::string> names;
  for (const auto& entry : std::filesystem::directory_iterator(dir)) names.push_back(entry.path().filename().string());
  return names;
}

// Sets the process's umask for the life of the object.
class Umask {
 public:
  explicit Umask(mode_t mask) : saved_(::umask(mask)) {}
  ~Umask() { ::umask(saved_); }
  Umask(const Umask&) = delete;
  Umask& operator=(const Umask&) = delete;

 private:
  mode_t saved_;
};

TEST(PrivateFile, IsCreatedWithMode0600WhateverTheUmask) {
  testing::TempDir dir;
  const auto file = dir.path() / "key";
  {
    // 0277 would leave the owner only read permission on a file opened with 0600.
    const Umask umask(0277);
    ASSERT_TRUE(write_private_file(file, "secret\n", Existing::Refuse).ok());
  }
  EXPECT_EQ(mode_of(file), 0600u);
  EXPECT_EQ(content_of(file), "secret\n");
  EXPECT_EQ(names_in(dir.path()), std::vector<std::string>{"key"}) << "a temporary file was left behind";
}

TEST(PrivateFile, AnExistingFileIsRefusedAndLeftAsItWas) {
  testing::TempDir dir;
  const auto file = dir.path() / "key";
  ASSERT_TRUE(write_private_file(file, "first", Existing::Refuse).ok());
  auto second = write_private_file(file, "second", Existing::Refuse);
  ASSERT_FALSE(second.ok());
  EXPECT_EQ(second.error().kind, ErrorKind::Conflict);
  EXPECT_EQ(second.error().code, "core.file_exists");
  EXPECT_EQ(second.error().context.at("file"), file.string());
  EXPECT_EQ(content_of(file), "first");
  EXPECT_EQ(names_in(dir.path()), std::vector<std::string>{"key"}) << "a temporary file was left behind";
}

TEST(PrivateFile, ReplaceCreatesAMissingFileAndReplacesAnExistingOne) {
  testing::TempDir dir;
  const auto file = dir.path() / "checkpoint";
  ASSERT_TRUE(write_private_file(file, "one", Existing::Replace).ok());
  EXPECT_EQ(content_of(file), "one");
  ::chmod(file.c_str(), 0644);
  ASSERT_TRUE(write_private_file(file, "two, longer", Existing::Replace).ok());
  EXPECT_EQ(content_of(file), "two, longer");
  EXPECT_EQ(mode_of(file), 0600u);
  EXPECT_EQ(names_in(dir.path()), std::vector<std::string>{"checkpoint"}) << "a temporary file was left behind";
}

TEST(PrivateFile, AReaderNeverSeesPartOfAReplacement) {
  testing::TempDir dir;
  const auto file = dir.path() / "checkpoint";
  // Two contents of different lengths: a truncated or half-written file is neither of them.
  const std::string short_content(3000, 'a');
  const std::string long_content(70000, 'b');
  ASSERT_TRUE(write_private_file(file, short_content, Existing::Replace).ok());
  std::atomic<bool> done{false};
  std::thread writer([&] {
    for (int i = 0; i < 60; ++i)
      EXPECT_TRUE(write_private_file(file, i % 2 == 0 ? long_content : short_content, Existing::Replace).ok());
    done = true;
  });
  int reads = 0;
  while (!done || reads == 0) {
    auto read = read_private_file(file, long_content.size());
    ASSERT_TRUE(read.ok()) << read.error().describe();
    ASSERT_TRUE(*read == short_content || *read == long_content) << "read " << read->size() << " bytes";
    ++reads;
  }
  writer.join();
}

TEST(PrivateFile, ReadGivesTheWholeContentUpToTheLimit) {
  testing::TempDir dir;
  const auto file = dir.path() / "key";
  const std::string content(100, 'k');
  ASSERT_TRUE(write_private_file(file, content, Existing::Refuse).ok());
  auto read = read_private_file(file, content.size());
  ASSERT_TRUE(read.ok()) << read.error().describe();
  EXPECT_EQ(*read, content);

  auto too_large = read_private_file(file, content.size() - 1);
  ASSERT_FALSE(too_large.ok());
  EXPECT_EQ(too_large.error().kind, ErrorKind::Invalid);
  EXPECT_EQ(too_large.error().code, "core.file_too_large");
}

TEST(PrivateFile, ReadRefusesAFileTheGroupOrOthersMayUse) {
  testing::TempDir dir;
  const auto file = dir.path() / "key";
  ASSERT_TRUE(write_private_file(file, "secret", Existing::Refuse).ok());
  for (const mode_t mode : {0640, 0604, 0610, 0601}) {
    ::chmod(file.c_str(), mode);
    auto read = read_private_file(file, 1024);
    ASSERT_FALSE(read.ok()) << std::oct << mode;
    EXPECT_EQ(read.error().kind, ErrorKind::Denied);
    EXPECT_EQ(read.error().code, "core.file_open_to_others");
    std::ostringstream octal;
    octal << "mode 0" << std::oct << mode;
    EXPECT_EQ(private_file_detail(read.error()), octal.str());
  }
  ::chmod(file.c_str(), 0400);
  EXPECT_TRUE(read_private_file(file, 1024).ok()) << "a file only its owner may read is private";
}

TEST(PrivateFile, ReadOfAMissingFileSaysSo) {
  testing::TempDir dir;
  auto read = read_private_file(dir.path() / "absent", 1024);
  ASSERT_FALSE(read.ok());
  EXPECT_EQ(read.error().kind, ErrorKind::NotFound);
  EXPECT_EQ(read.error().code, "core.file_missing");
  EXPECT_FALSE(private_file_detail(read.error()).empty());
}

TEST(PrivateFile, AFileInAMissingDirectoryIsAnIoErrorNamingTheCause) {
  testing::TempDir dir;
  auto written = write_private_file(dir.path() / "absent" / "key", "secret", Existing::Refuse);
  ASSERT_FALSE(written.ok());
  EXPECT_EQ(written.error().kind, ErrorKind::Io);
  EXPECT_EQ(written.error().code, "core.file_io");
  EXPECT_EQ(private_file_detail(written.error()), std::strerror(ENOENT));
}

TEST(PrivateDirectory, IsCreatedWithItsParentsForItsOwnerOnly) {
  testing::TempDir dir;
  const auto keys = dir.path() / "data" / "keys";
  ASSERT_TRUE(create_private_directory(keys).ok());
  EXPECT_EQ(mode_of(keys), 0700u);
  ::chmod(keys.c_str(), 0755);
  ASSERT_TRUE(create_private_directory(keys).ok()) << "an existing directory is fine";
  EXPECT_EQ(mode_of(keys), 0700u);
}

}  // namespace
}  // namespace itaku
