#include "itaku/documents/archive.hpp"

#include <gtest/gtest.h>

namespace itaku::documents {
namespace {

const Timestamp kAt = from_unix_micros(1'790'000'000'000'000);

TEST(Archive, MembersComeBackExactlyAndTheSameMembersMakeTheSameBytes) {
  std::string binary(70'000, '\0');
  for (std::size_t i = 0; i < binary.size(); ++i) binary[i] = static_cast<char>(i * 31 % 251);
  const std::vector<ArchiveMember> members{
      {"README.txt", "台帳の抜粋と文書\n"}, {"documents/receipt-41.pdf", binary}, {"empty.txt", ""}};
  const auto zip = write_zip(members, kAt);
  ASSERT_TRUE(zip.ok()) << zip.error().describe();
  EXPECT_TRUE(zip->starts_with("PK\x03\x04"));
  EXPECT_EQ(write_zip(members, kAt).value(), *zip);
  const auto read = read_zip(*zip);
  ASSERT_TRUE(read.ok()) << read.error().describe();
  ASSERT_EQ(read->size(), 3u);
  for (std::size_t i = 0; i < members.size(); ++i) {
    EXPECT_EQ((*read)[i].name, members[i].name);
    EXPECT_EQ((*read)[i].bytes, members[i].bytes);
  }
}

TEST(Archive, NamesThatCouldEscapeAFolderAreRefusedBothWays) {
  for (const char* name : {"", "/etc/passwd", "../up.txt", "a/../../b", "a//b", "a\\b", "./a"}) {
    const auto zip = write_zip({{name, "x"}}, kAt);
    ASSERT_FALSE(zip.ok()) << name;
    EXPECT_EQ(zip.error().code, "archive.name_invalid") << name;
  }
  EXPECT_EQ(write_zip({{"a.txt", "1"}, {"a.txt", "2"}}, kAt).error().code, "archive.name_invalid");
}

TEST(Archive, ReadingIsBoundedAndRefusesWhatIsNotAZipOrIsDamaged) {
  EXPECT_EQ(read_zip("not a zip at all").error().code, "archive.not_zip");
  EXPECT_EQ(read_zip("").error().code, "archive.not_zip");
  // A highly compressible member: small on disk, large once inflated.
  const auto zip = write_zip({{"a.txt", std::string(1 << 20, 'a')}, {"b.txt", "b"}}, kAt).value();
  EXPECT_LT(zip.size(), 10'000u);
  EXPECT_EQ(read_zip(zip, {.max_members = 1}).error().code, "archive.too_many_members");
  EXPECT_EQ(read_zip(zip, {.max_member_bytes = 1 << 19}).error().code, "archive.member_too_large");
  EXPECT_EQ(read_zip(zip, {.max_total_bytes = 1 << 20}).error().code, "archive.too_large");
  // One byte of the compressed data changed: the checksum no longer matches.
  auto damaged = zip;
  const auto data = damaged.find("a.txt") + 5 + 10;
  damaged[data] = static_cast<char>(damaged[data] ^ 0x55);
  const auto read = read_zip(damaged);
  ASSERT_FALSE(read.ok());
  EXPECT_TRUE(read.error().code == "archive.member_corrupt" || read.error().code == "archive.not_zip")
      << read.error().code;
}

}  // namespace
}  // namespace itaku::documents
